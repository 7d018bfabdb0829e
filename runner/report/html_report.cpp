// html_report.cpp — see html_report.hpp.
#include "report/html_report.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "report/comparison_table.hpp"
#include "report/units.hpp"
#include "report/xml_text.hpp"

namespace gcm::report {

namespace {

constexpr int kWidth = 480, kHeight = 120;  // plot area in SVG user units

// Live heap after each GC cycle, (vtime, bytes); starts at 0 so the line has an origin.
std::vector<std::pair<std::int64_t, std::int64_t>> heap_series(const workloads::Observation& obs) {
  std::vector<std::pair<std::int64_t, std::int64_t>> s;
  if (!obs.events) return s;
  for (const rt::Event& e : obs.events->events())
    if (e.kind == rt::EventKind::gc_end) s.emplace_back(e.vtime_ns, e.field("heap_live_bytes"));
  return s;
}

std::string svg_plot(const workloads::Observation& obs) {
  const auto s = heap_series(obs);
  if (s.empty()) return "<p class=\"none\">no GC cycle</p>\n";
  std::int64_t t_max = 1, b_max = 1;
  for (const auto& [t, b] : s) t_max = std::max(t_max, t), b_max = std::max(b_max, b);
  std::string points;
  for (const auto& [t, b] : s) {
    // Integer coordinates: identical text on every platform.
    const std::int64_t x = t * kWidth / t_max;
    const std::int64_t y = kHeight - b * kHeight / b_max;
    if (!points.empty()) points += ' ';
    points += std::to_string(x);
    points += ',';
    points += std::to_string(y);
  }
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-2 -14 ";
  out += std::to_string(kWidth + 4) + " " + std::to_string(kHeight + 30) + "\" width=\"" + std::to_string(kWidth + 4) +
         "\" height=\"" + std::to_string(kHeight + 30) + "\">";
  out += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(kWidth) + "\" height=\"" + std::to_string(kHeight) +
         "\" fill=\"none\" stroke=\"#ccc\"/>";
  out += "<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"1.5\" points=\"" + points + "\"/>";
  out += "<text x=\"2\" y=\"-3\" font-size=\"10\">live heap max " + xml_text(human_value(b_max, "bytes")) + "</text>";
  out += "<text x=\"2\" y=\"" + std::to_string(kHeight + 12) + "\" font-size=\"10\">virtual time 0 … " +
         xml_text(human_value(t_max, "ns")) + ", " + std::to_string(s.size()) + " GC cycles</text>";
  out += "</svg>\n";
  return out;
}

}  // namespace

std::string render_html(const RunResult& run) {
  const Table table = build_comparison_table(run);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + xml_text(table.title) +
      "</title>\n<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;font-size:12px}"
      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td.name,th.name{text-align:left}"
      ".fail{color:#b00}.differs{background:#fff3c4}.plots{display:flex;flex-wrap:wrap;gap:1em}"
      ".plots figure{margin:0}.none{color:#888}</style></head><body>\n";
  h += "<h1>" + xml_text(table.title) + "</h1>\n<table>\n<tr><th class=\"name\">workload</th><th class=\"name\">row</th>";
  for (const TableColumn& c : table.columns) h += "<th>" + xml_text(c.profile.name) + "</th>";
  h += "</tr>\n";
  for (const TableRow& r : table.rows) {
    h += "<tr><td class=\"name\">" + xml_text(r.workload) + "</td><td class=\"name\">" + xml_text(r.name);
    if (r.footnote != 0) h += " <sup>[" + std::to_string(r.footnote) + "]</sup>";
    h += "</td>";
    for (const TableCell& cell : r.cells) {
      std::string cls = cell.differs ? "differs" : "";
      if (cell.passed.has_value() && !*cell.passed) cls += cls.empty() ? "fail" : " fail";
      h += cls.empty() ? "<td>" : "<td class=\"" + cls + "\">";
      h += xml_text(cell.present ? cell.text : "-") + (cell.differs ? " *" : "") + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</table>\n<ol>\n";
  for (const Footnote& f : table.footnotes) {
    std::string versions, claims;
    for (const auto& v : f.go_versions) versions += (versions.empty() ? "" : ", ") + v;
    for (const auto& c : f.claims) claims += (claims.empty() ? "" : ", ") + c;
    h += "<li>" + xml_text(f.workload + " / " + f.row + ": the families differ at Go " + versions + "; claims " + claims) +
         "</li>\n";
  }
  h += "</ol>\n<h2>Live heap after each GC (virtual time)</h2>\n<div class=\"plots\">\n";
  for (const CaseResult& c : run.cases)
    h += "<figure><figcaption>" + xml_text(c.obs.profile + " / " + c.obs.workload) + "</figcaption>\n" +
         svg_plot(c.obs) + "</figure>\n";
  h += "</div>\n</body></html>\n";
  return h;
}

}  // namespace gcm::report
