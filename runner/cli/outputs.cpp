// outputs.cpp — output paths and the --out folder, the reporters chosen by the options; the terminal.
#include "cli/outputs.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/output_paths.hpp"
#include "report/atomic_write.hpp"
#include "report/cascade_groups.hpp"
#include "report/text_wrap.hpp"
#include "report/comparison_table.hpp"
#include "report/expectations.hpp"
#include "report/reporter_files.hpp"
#include "report/reporter_junit.hpp"
#include "report/reporter_out_dir.hpp"
#include "report/reporter_traces.hpp"
#include "report/retention_summary.hpp"
#include "report/table_format.hpp"
#include "report/table_text.hpp"
#include "report/trace_writer.hpp"
#include "report/units.hpp"
#include "runtime/events.hpp"
#include "runtime/heap.hpp"

namespace gcm::cli {

namespace fs = std::filesystem;

report::HostProcess host_process_start() {
  report::HostProcess h;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) h.hostname = name;
  h.started_at = report::utc_now_iso();
  return h;
}

void host_process_finish(report::HostProcess& host, std::int64_t start_steady_ns) {
  host.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count() - start_steady_ns;
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  host.cpu_ns = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1'000'000'000ll + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ll;
  host.peak_rss_bytes = static_cast<std::int64_t>(ru.ru_maxrss) * 1024;
}

report::RunResult build_run_result(const Plan& plan, std::vector<report::CaseResult> cases, const report::HostProcess& host) {
  report::RunResult run;
  run.gcmatrix_version = GCMATRIX_VERSION;
  run.seed = plan.seeds.empty() ? 1 : plan.seeds.front();
  run.sweep_seed_range = plan.sweep_seed_range;
  for (const policy::Profile& p : plan.profiles) run.profiles.push_back(profile_info(p));
  for (const workloads::Workload* w : plan.workloads) run.workloads.push_back(w->name);
  run.cases = std::move(cases);
  run.digest_of_all_events = report::digest_of_cases(run.cases);
  run.host = host;
  return run;
}

namespace {
struct Targets {
  std::string junit, json, table, host, trace_dir, cascade, html, junit_go;
};
// Paths only: nothing is created or probed here (check_outputs does that,
// for runs only), so a listing with --out leaves the file system alone.
Targets targets(const CliOptions& o) {
  Targets t{o.junit_path, o.json_path, o.table_path, o.host_path, o.trace_dir, {}, o.html_path, o.junit_go_path};
  if (!o.out_dir.empty()) {
    if (t.junit.empty()) t.junit = (fs::path(o.out_dir) / "junit.xml").string();
    if (t.json.empty()) t.json = (fs::path(o.out_dir) / "results.json").string();
    if (t.table.empty()) t.table = (fs::path(o.out_dir) / "table.md").string();
    if (t.host.empty()) t.host = (fs::path(o.out_dir) / "host.md").string();
    if (t.trace_dir.empty()) t.trace_dir = (fs::path(o.out_dir) / "traces").string();
    t.cascade = (fs::path(o.out_dir) / "cascade.md").string();
    if (t.html.empty()) t.html = (fs::path(o.out_dir) / "report.html").string();
    if (t.junit_go.empty()) t.junit_go = (fs::path(o.out_dir) / "junit-go.xml").string();
  }
  return t;
}
}  // namespace

namespace {
std::string shell_word(const std::string& w);

// The files of `t` that lie inside the --out folder, relative to it: what
// the manifest lists before the run writes them (traces come later, by name).
std::vector<std::string> planned_in(const report::OutDir& dir, const Targets& t) {
  return files_inside(dir, {t.junit, t.junit_go, t.json, t.table, t.host, t.html, t.cascade});
}
}  // namespace

std::string command_line(int argc, char** argv) {
  std::string cmd;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) cmd += ' ';
    cmd += shell_word(argv[i]);
  }
  return cmd;
}

std::optional<report::OutDir> check_outputs(const CliOptions& o, const Plan& plan, const std::string& command) {
  // Boost.Test's listings run no case and write nothing: no output is
  // checked or created, the --out folder and the previous run's files stay
  // as they are (a --out that does not exist, or is a file, is not made one).
  const bool listing_only = std::any_of(o.boost_args.begin() + (o.boost_args.empty() ? 0 : 1), o.boost_args.end(),
                                        [](const std::string& a) {
                                          return a.rfind("--list_content", 0) == 0 || a.rfind("--list_labels", 0) == 0 ||
                                                 a.rfind("--help", 0) == 0 || a.rfind("--usage", 0) == 0;
                                        });
  if (listing_only) return std::nullopt;
  std::optional<report::OutDir> out_dir;
  // The one place --out is created (targets() only names paths in it);
  // locked first: a concurrent run is named before any probe.
  if (!o.out_dir.empty()) out_dir.emplace(lock_out_folder(o.out_dir));
  const Targets t = targets(o);
  const char* const trace_what = o.trace_dir.empty() ? "--out" : "--trace-dir";
  std::vector<std::string> trace_paths;  // each trace the plan will write, once
  if (!t.trace_dir.empty()) {
    std::set<std::string> names;
    for (const PlannedCase& c : plan.cases) names.insert(report::trace_file_name(c.profile->name, c.workload->name));
    for (const std::string& name : names) trace_paths.push_back((fs::path(t.trace_dir) / name).string());
    // --out's own traces/ is the run's, not a place elsewhere: a symbolic
    // link there (a --trace-dir named by the user may be one) is refused.
    std::error_code ec;
    if (o.trace_dir.empty() && fs::is_symlink(t.trace_dir, ec))
      throw report::OutputError("--out: cannot write " + t.trace_dir +
                                ": it is a symbolic link (the run's own folder: expected a directory or a new path; never followed)");
    ensure_folder(t.trace_dir, trace_what);
    report::check_output_path(fs::path(t.trace_dir) / "probe.json", trace_what);  // a file can be created there
    // Each trace the plan will write: a directory or a link in its place
    // fails now, not after every case has run.
    for (const std::string& path : trace_paths) report::check_output_kind(path, trace_what);
  }
  // Named by the option that chose the path: its own, else --out.
  const auto flag = [&](const std::string& own, const char* name) { return own.empty() ? "--out" : name; };
  const std::pair<const std::string&, const char*> files[] = {
      {t.junit, flag(o.junit_path, "--junit")}, {t.json, flag(o.json_path, "--json")},
      {t.table, flag(o.table_path, "--table")}, {t.host, flag(o.host_path, "--host")},
      {t.html, flag(o.html_path, "--html")},    {t.cascade, "--out"},
      {t.junit_go, flag(o.junit_go_path, "--junit-go")}};
  {
    std::vector<std::pair<std::string, std::string>> outputs;
    for (const auto& [path, what] : files) outputs.emplace_back(path, what);
    // The traces too: a scenario or a profile file, or another output, named
    // like one (<profile>__<workload>.json in the trace folder) is not replaced.
    for (const std::string& path : trace_paths) outputs.emplace_back(path, trace_what);
    check_outputs_distinct(outputs, plan.inputs);
  }
  for (const auto& [path, what] : files)
    if (!path.empty()) check_output_file(path, what, out_dir ? &*out_dir : nullptr);
  if (!t.table.empty()) check_table_extension(t.table, "--table");
  if (o.update_expectations) report::check_output_path(plan.expectations_path, "--update-expectations");
  if (out_dir) {
    std::vector<std::string> folders;
    if (!t.trace_dir.empty())
      if (auto r = out_dir->inside(t.trace_dir)) folders.push_back(*r);
    out_dir->claim({GCMATRIX_VERSION, command}, planned_in(*out_dir, t), folders);
  }
  return out_dir;
}

std::unique_ptr<report::FanOutReporter> make_reporters(const CliOptions& o, const Plan& plan, report::OutDir* out_dir) {
  const Targets t = targets(o);
  auto fan_out = std::make_unique<report::FanOutReporter>();
  if (!t.junit.empty()) fan_out->add(report::make_junit_reporter(t.junit));
  if (!t.junit_go.empty()) fan_out->add(report::make_junit_go_reporter(t.junit_go));
  if (!t.json.empty()) fan_out->add(report::make_results_json_reporter(t.json));
  if (!t.table.empty()) fan_out->add(report::make_table_reporter(t.table));
  if (!t.host.empty()) fan_out->add(report::make_host_reporter(t.host));
  if (!t.trace_dir.empty()) {
    // The manifest lists the traces only when their folder lies in --out.
    report::OutDir* owner = out_dir != nullptr && out_dir->inside(t.trace_dir) ? out_dir : nullptr;
    std::vector<std::string> planned;
    if (owner != nullptr)
      for (const PlannedCase& c : plan.cases) planned.push_back(report::trace_file_name(c.profile->name, c.workload->name));
    fan_out->add(report::make_traces_reporter(t.trace_dir, owner, std::move(planned)));
  }
  if (!t.html.empty()) fan_out->add(report::make_html_reporter(t.html));
  if (!t.cascade.empty()) fan_out->add(report::make_cascade_reporter(t.cascade));
  if (out_dir != nullptr) fan_out->add(report::make_out_dir_reporter(*out_dir));  // last: "complete"
  return fan_out;
}

report::RunStarted run_started_of(const Plan& plan, const report::HostProcess& host) {
  report::RunStarted s;
  for (const policy::Profile& p : plan.profiles) s.profiles.push_back(profile_info(p));
  s.seed = plan.seeds.empty() ? 1 : plan.seeds.front();
  s.gcmatrix_version = GCMATRIX_VERSION;
  s.host = host;
  return s;
}

static std::string mib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

void print_summary(const CliOptions& o, const Plan& plan, const report::RunResult& run) {
  std::ostream& out = std::cout;
  // Fitted to the terminal ($COLUMNS, else its width, else 120 columns).
  const std::size_t width = report::terminal_width();
  if (!o.quiet) {
    out << "\n" << report::render_table_text(report::build_comparison_table(run), {false, width, !o.table_rows_all});
    // Why tests timed out or never ran, read from the events (cascade.hpp).
    out << report::render_cascade_groups_text(run, width);
    // Who retains the heap, for the cases where a check failed (a leak the
    // workload detected): the snapshot at the peak; profiles with the same
    // line share it.
    if (o.retention_top > 0) {
      struct Line {
        std::string workload;  // with ".seed<N>" when the run has several seeds
        std::string text;      // retention_line of the peak
        std::vector<std::string> profiles;
      };
      std::vector<Line> lines;
      for (const report::CaseResult& c : run.cases) {
        const bool failed = std::any_of(c.obs.checks.begin(), c.obs.checks.end(), [](const auto& k) { return !k.passed; });
        const rt::RetentionSnapshot* peak = report::peak_retention(c.obs);
        if (!failed || peak == nullptr || peak->reachable_bytes == 0) continue;
        Line l{c.obs.workload + (plan.seeds.size() > 1 ? ".seed" + std::to_string(c.obs.seed) : std::string()),
               report::retention_line(*peak, o.retention_top), {}};
        auto it = std::find_if(lines.begin(), lines.end(),
                               [&](const Line& k) { return k.workload == l.workload && k.text == l.text; });
        if (it == lines.end()) it = lines.insert(lines.end(), std::move(l));
        if (std::find(it->profiles.begin(), it->profiles.end(), c.obs.profile) == it->profiles.end())
          it->profiles.push_back(c.obs.profile);
      }
      if (!lines.empty())
        out << "\n" << report::wrap("retention at the peak reachable heap, cases with a failed check (dominator tree; "
                                   "every snapshot in results.json):", width, 4);
      std::vector<std::pair<std::string, std::string>> all;
      for (const report::ProfileInfo& p : run.profiles) all.emplace_back(p.name, p.family);
      for (const Line& l : lines)
        out << report::wrap("  " + l.workload + " [" + report::profiles_phrase(l.profiles, all) + "] " + l.text, width, 4);
    }
    // Host figures: measured on this machine, never deterministic, kept apart.
    std::int64_t wall_ns = 0;
    double host_bytes_max = 0;
    for (const report::CaseResult& c : run.cases)
      for (const workloads::HostMetric& m : c.obs.host) {
        if (m.name == "host_wall_ns") wall_ns += static_cast<std::int64_t>(m.value);
        if (m.name == "host_committed_bytes") host_bytes_max = std::max(host_bytes_max, m.value);
      }
    const rt::ProcessHostStats ps = rt::process_host_stats();
    out << "\n" << report::wrap("host (not deterministic): emulation " + std::to_string(wall_ns / 1'000'000) + " ms over " +
                                   std::to_string(run.cases.size()) + " cases; largest mimalloc heap committed " +
                                   mib(host_bytes_max) + "; process peak RSS " +
                                   mib(static_cast<double>(ps.host_peak_rss_bytes)),
                                   width, 4);
  }
  std::string names;
  for (const auto& p : run.profiles) names += (names.empty() ? "" : ", ") + p.name;
  // The digest first: at any width the summary is wrapped to, it stays on
  // the first line, whole ("events digest <16 hex>" is what scripts grep).
  std::string summary = "gcmatrix " + run.gcmatrix_version + ": events digest " + rt::hex64(run.digest_of_all_events) +
                        ", seed " + std::to_string(run.seed) + ", " + std::to_string(run.cases.size()) + " cases";
  if (plan.cases.size() != plan.cases_before_shard) summary += " (shard of " + std::to_string(plan.cases_before_shard) + ")";
  out << report::wrap(summary + ", " + std::to_string(run.unexpected_count()) + " unexpected outcome(s)", width, 4);
  out << report::wrap("profiles: " + names, width, 4);
  out << "replay: " << replay_command(o, plan, run) << "\n";
}

namespace {
// POSIX shell single quotes where a word needs them.
std::string shell_word(const std::string& w) {
  const bool plain = !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || std::strchr("._:/=,+-@%", c) != nullptr;
  });
  if (plain) return w;
  // A control character (a newline in a path) would break the replay line
  // in two: bash's $'…' quoting spells it \xHH, and the line stays one line
  // that bash runs as given.
  if (std::any_of(w.begin(), w.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string q = "$'";
    for (unsigned char c : w) {
      if (c == '\\' || c == '\'') {
        q += '\\';
        q += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7f) {
        q += "\\x";
        q += kHex[c >> 4];
        q += kHex[c & 15];
      } else {
        q += static_cast<char>(c);
      }
    }
    return q + "'";
  }
  std::string q = "'";
  for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

std::string replay_command(const CliOptions& o, const Plan& plan, const report::RunResult& run) {
  std::string cmd = "gcmatrix";
  const auto add = [&](const char* flag, const std::string& value) { (cmd += ' ') += flag, (cmd += ' ') += shell_word(value); };
  // What selected the cases, as the user gave it: a profile may be a YAML
  // file, and without -p the matrix file selects them again. The seed is
  // pinned when there is one (a matrix file's single seed too); several
  // seeds come from the matrix file as they did.
  if (!o.matrix_path.empty()) add("--matrix", o.matrix_path);
  if (!o.policy_dir.empty()) add("--policy-dir", o.policy_dir);
  if (!o.expectations_path.empty()) add("--expectations", o.expectations_path);
  for (const std::string& p : o.profiles) add("-p", p);
  for (const std::string& w : o.workloads) add("-w", w);
  for (const std::string& s : o.scenarios) add("--scenario", s);
  for (const std::string& p : o.params) add("--param", p);
  if (!o.shard.empty()) add("--shard", o.shard);
  // A matrix file's `seeds: A..B` sweep comes from the file again: pinning
  // --seed would replay one schedule instead of the sweep (or, with
  // --shard, none).
  const bool matrix_sweep = o.seeds.empty() && !plan.cases.empty() && plan.cases.front().sweep;
  if (!o.seeds.empty()) add("--seeds", o.seeds);
  else if (!matrix_sweep && (o.seed.has_value() || plan.seeds.size() <= 1)) add("--seed", std::to_string(run.seed));
  if (!o.retention) cmd += " --no-retention";
  if (o.allow_large_run) cmd += " --allow-large-run";
  // Boost.Test's own selection (--run_test=…) changes the cases too.
  std::string boost;
  for (std::size_t i = 1; i < o.boost_args.size(); ++i) (boost += ' ') += shell_word(o.boost_args[i]);
  if (!boost.empty()) cmd += " --" + boost;
  return cmd;
}

}  // namespace gcm::cli
