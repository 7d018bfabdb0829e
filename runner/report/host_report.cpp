// host_report.cpp — the Markdown host report.
#include "report/host_report.hpp"

#include <algorithm>

#include "report/atomic_write.hpp"
#include "report/table_markdown.hpp"
#include "report/units.hpp"

namespace gcm::report {
namespace {

struct MetricColumn {
  std::string name;
  std::string unit;
};

// Every host metric name any case reported, in first-seen order.
std::vector<MetricColumn> metric_columns(const RunResult& run) {
  std::vector<MetricColumn> cols;
  for (const CaseResult& c : run.cases)
    for (const workloads::HostMetric& m : c.obs.host)
      if (std::none_of(cols.begin(), cols.end(), [&](const MetricColumn& k) { return k.name == m.name; }))
        cols.push_back({m.name, m.unit});
  return cols;
}

std::string cell(const CaseResult& c, const MetricColumn& col) {
  for (const workloads::HostMetric& m : c.obs.host)
    if (m.name == col.name) return markdown_escape(human_value(m.value, m.unit));
  return "-";
}

// The largest per-case mimalloc heap, at its peak (Heap::host_stats samples
// before every sweep): comparable with the process's peak RSS, where the
// heap measured after its last GC was not (issue 16).
double largest_heap_committed_bytes(const RunResult& run) {
  double most = 0;
  for (const CaseResult& c : run.cases)
    for (const workloads::HostMetric& m : c.obs.host)
      if (m.name == "host_committed_bytes") most = std::max(most, m.value);
  return most;
}

std::string process_lines(const RunResult& run) {
  const HostProcess& h = run.host;
  return "- machine: " + markdown_escape(h.hostname.empty() ? "?" : h.hostname) +
         "\n- started: " + markdown_escape(h.started_at.empty() ? "?" : h.started_at) +
         "\n- wall: " + human_value(h.wall_ns, "ns") + "; CPU: " + human_value(h.cpu_ns, "ns") +
         "; peak RSS: " + human_value(h.peak_rss_bytes, "bytes") +
         "\n- largest mimalloc heap, committed at its peak (host): " +
         human_value(largest_heap_committed_bytes(run), "bytes") + "\n";
}

}  // namespace

std::string render_host_report(const RunResult& run) {
  std::string out =
      "# host (not deterministic)\n\n"
      "Figures of the machine that ran gcmatrix. They vary between runs and never gate a\n"
      "result; the deterministic figures are in the comparison table and results.json.\n\n" +
      process_lines(run) + "\n";
  const std::vector<MetricColumn> cols = metric_columns(run);
  out += "| profile | workload |";
  std::string rule = "| --- | --- |";
  for (const MetricColumn& col : cols) {
    (out += " ") += markdown_escape(col.name) + " |";
    rule += " ---: |";
  }
  out += "\n" + rule + "\n";
  for (const ProfileInfo& p : run.profiles)
    for (const CaseResult& c : run.cases) {
      if (c.profile.name != p.name) continue;
      out += "| " + markdown_escape(p.name) + " | " + markdown_escape(c.obs.workload) + " |";
      for (const MetricColumn& col : cols) (out += " ") += cell(c, col) + " |";
      out += "\n";
    }
  return out;
}

void write_host_report(const std::filesystem::path& path, const RunResult& run) {
  write_file_atomically(path, render_host_report(run));
}

}  // namespace gcm::report
