// html_report.cpp — see html_report.hpp.
#include "report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "report/cascade.hpp"
#include "report/comparison_table.hpp"
#include "report/facts_of.hpp"
#include "report/html_svg.hpp"
#include "report/html_tests.hpp"
#include "report/retention_summary.hpp"
#include "report/units.hpp"
#include "report/xml_text.hpp"

namespace gcm::report {

namespace {

using svg::kWidth;
using svg::text_at;
constexpr int kHeight = 160;                // plot area height in SVG user units
constexpr int kTickRow = 9;                 // height of one line's GC-cycle tick row: room for its 9-unit label
constexpr int kTopRetainers = 5;            // retainers per case in the retention list

// One colour per profile, in run order (12, then repeated): distinguishable
// on white; observed profiles are drawn dashed on top of that.
constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};

struct Series {
  const CaseResult* c = nullptr;
  const char* colour = "#000";
  bool dashed = false;
  std::vector<std::pair<std::int64_t, std::int64_t>> live;  // (vtime, heap_live_bytes) after each GC
  std::vector<std::int64_t> timeouts;                       // vtime of each test_timeout
  std::vector<std::int64_t> aborts;                         // vtime of a binary_abort no timeout caused (panic, deadlock)
  const Cascade* cascade = nullptr;                         // explain_cascade(c->obs), if any
  html::ProfileTests tests;                                 // its top-level tests (test lane, GC share)
  std::uint64_t memory_limit_bytes = 0;                     // GOMEMLIMIT of the case; 0 = none
};

// explain_cascade() of every case, once: cascades[i] explains run.cases[i].
using Cascades = std::vector<std::optional<Cascade>>;
const Cascade* cascade_of(const RunResult& run, const Cascades& cascades, const CaseResult& c) {
  const auto& k = cascades[static_cast<std::size_t>(&c - run.cases.data())];
  return k ? &*k : nullptr;
}

Series series_of(const CaseResult& c, std::size_t profile_index, const Cascade* cascade) {
  Series s;
  s.c = &c;
  s.cascade = cascade;
  s.colour = kPalette[profile_index % std::size(kPalette)];
  s.dashed = c.profile.family == kFamilyObserved;
  s.live.emplace_back(0, 0);  // an origin, so a line starts at the left edge
  s.tests.profile = c.profile.name;
  s.tests.colour = s.colour;
  s.memory_limit_bytes = c.obs.memory_limit_bytes;
  const std::shared_ptr<const facts::CaseFacts> f = facts_of(c.obs);
  if (!f) return s;
  s.tests.tests = html::tests_of(*f);
  for (const facts::GcCycle& g : f->gc_cycles)
    if (g.end_seq != 0) s.live.emplace_back(g.end_ns, g.heap_live_bytes);
  for (const facts::Timeout& t : f->timeouts) s.timeouts.push_back(t.at_ns);
  for (const facts::Abort& a : f->aborts)  // only one no earlier timeout explains
    if (f->timeouts.empty() || f->timeouts.front().seq > a.seq) s.aborts.push_back(a.at_ns);
  return s;
}

// Integer coordinates (identical text on every platform), consecutive
// duplicates dropped: thousands of cycles collapse to at most a few per pixel.
std::string polyline_points(const Series& s, std::int64_t t_max, std::int64_t b_max) {
  std::string points;
  std::int64_t last_x = -1, last_y = -1;
  for (const auto& [t, b] : s.live) {
    const std::int64_t x = t * kWidth / t_max, y = kHeight - b * kHeight / b_max;
    if (x == last_x && y == last_y) continue;
    last_x = x, last_y = y;
    if (!points.empty()) points += ' ';
    points += std::to_string(x) + "," + std::to_string(y);
  }
  return points;
}

// Profiles whose live-heap series are identical (same points, same timeouts
// and aborts) are one line: eleven overdrawn lines show two colours.
struct Line {
  std::vector<const Series*> members;  // in run order; members.front() gives the colour
  bool dashed() const {
    return std::all_of(members.begin(), members.end(), [](const Series* s) { return s->dashed; });
  }
  std::string names() const {
    std::string out;
    for (const Series* s : members) out += (out.empty() ? "" : ", ") + s->c->profile.name;
    return out;
  }
};

std::vector<Line> lines_of(const std::vector<Series>& all) {
  std::vector<Line> lines;
  for (const Series& s : all) {
    auto same = [&](const Line& l) {
      const Series& f = *l.members.front();
      return f.live == s.live && f.timeouts == s.timeouts && f.aborts == s.aborts;
    };
    auto it = std::find_if(lines.begin(), lines.end(), same);
    if (it == lines.end()) lines.push_back(Line{{&s}});
    else it->members.push_back(&s);
  }
  return lines;
}

// A row of ticks, one per GC cycle (one per pixel at most), under the plot,
// labelled at the left. Where the cycles cover most pixels a tick per pixel
// is a solid bar that says nothing: a band says "dense" and the count instead.
std::string gc_ticks(const Line& line, std::int64_t t_max, int row) {
  const Series& s = *line.members.front();
  std::set<std::int64_t> xs;
  for (std::size_t i = 1; i < s.live.size(); ++i) xs.insert(s.live[i].first * kWidth / t_max);
  const int y = kHeight + 4 + row * kTickRow;
  const std::string cycles = std::to_string(s.live.size() - 1) + " GC";
  std::string label = line.members.front()->c->profile.name;
  if (line.members.size() > 1) label += " +" + std::to_string(line.members.size() - 1);
  std::string out = text_at(-4, y + kTickRow - 1, "end", label);
  if (xs.empty()) return out;
  const std::string title = "<title>" + xml_text(line.names() + ": " + cycles + " cycles") + "</title>";
  if (xs.size() * 2 > static_cast<std::size_t>(kWidth)) {
    const std::int64_t x0 = *xs.begin(), x1 = *xs.rbegin();
    return out + "<rect class=\"gcband\" x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(std::max<std::int64_t>(x1 - x0, 1)) + "\" height=\"" + std::to_string(kTickRow - 1) +
           "\" fill=\"" + s.colour + "\" fill-opacity=\"0.35\">" + title + "</rect>" +
           text_at(static_cast<int>(x0) + 2, y + kTickRow - 1, "start", "dense: " + cycles + " cycles");
  }
  std::string d;
  for (std::int64_t x : xs) {  // appends, not operator+ chains: GCC 12 -Wrestrict misfires on those
    d += 'M';
    d += std::to_string(x);
    d += ' ';
    d += std::to_string(y);
    d += 'v';
    d += std::to_string(kTickRow - 1);
  }
  return out + "<path stroke=\"" + std::string(s.colour) + "\" d=\"" + d + "\">" + title + "</path>";
}

// Axes: three labelled ticks on each, with units (human_value).
std::string axes(std::int64_t t_max, std::int64_t b_max, int label_y) {
  std::vector<std::string> bytes;
  for (int i = 0; i <= 2; ++i) bytes.push_back(human_value(b_max * i / 2, "bytes"));
  return svg::y_axis(bytes, kHeight) + svg::x_axis(t_max, kHeight, label_y);
}

// GOMEMLIMIT, a horizontal line at its value labelled with it, once per
// distinct limit (the profile's, or the workload's own environment's: A22's
// timeout-cascade runs under 64 MiB). A limit above every live heap would
// flatten the plot if it set the scale: it is a label with an arrow at the top.
std::string memory_limits(const std::vector<Series>& all, std::int64_t b_max) {
  std::vector<std::pair<std::uint64_t, std::vector<const Series*>>> limits;  // in first-seen order
  for (const Series& s : all) {
    if (s.memory_limit_bytes == 0) continue;
    auto it = std::find_if(limits.begin(), limits.end(), [&](const auto& l) { return l.first == s.memory_limit_bytes; });
    if (it == limits.end()) it = limits.insert(limits.end(), {s.memory_limit_bytes, {}});
    it->second.push_back(&s);
  }
  std::string out;
  int above = 0;  // limits drawn at the top, stacked
  for (const auto& [limit, members] : limits) {
    const std::int64_t bytes = static_cast<std::int64_t>(std::min<std::uint64_t>(limit, INT64_MAX));
    std::string label = "GOMEMLIMIT " + human_value(bytes, "bytes");
    std::string names;
    for (const Series* s : members) names += (names.empty() ? "" : ", ") + s->c->profile.name;
    if (members.size() != all.size())
      label += " (" + members.front()->c->profile.name +
               (members.size() > 1 ? " +" + std::to_string(members.size() - 1) : std::string()) + ")";
    const std::string title = "<title>" + xml_text("GOMEMLIMIT " + human_value(bytes, "bytes") + " (" +
                                                   std::to_string(limit) + " bytes): " + names) + "</title>";
    if (bytes <= b_max) {
      const std::int64_t y = kHeight - bytes * kHeight / b_max;
      out += "<path class=\"memlimit\" stroke=\"#b00\" stroke-width=\"1\" stroke-dasharray=\"6 2 1 2\" d=\"M0 " +
             std::to_string(y) + "h" + std::to_string(kWidth) + "\">" + title + "</path>" +
             text_at(kWidth - 2, static_cast<int>(std::max<std::int64_t>(y - 2, 9)), "end", label, 9, "#b00", "memlimit-label");
    } else {
      const int y = 10 + above * 11;
      out += "<path class=\"memlimit\" stroke=\"#b00\" stroke-width=\"1\" d=\"M" + std::to_string(kWidth - 6) + " " +
             std::to_string(y) + "v-8m-3 3l3 -3l3 3\">" + title + "</path>" +
             text_at(kWidth - 10, y, "end", label + ", above this plot's top", 9, "#b00", "memlimit-label");
      ++above;
    }
  }
  return out;
}

// The right edge of a workload's plots: its last GC, timeout, abort or test end.
std::int64_t time_max(const std::vector<Series>& all) {
  std::int64_t t_max = 1;
  for (const Series& s : all) {
    for (const auto& [t, b] : s.live) t_max = std::max(t_max, t);
    for (std::int64_t t : s.timeouts) t_max = std::max(t_max, t);
    for (std::int64_t t : s.aborts) t_max = std::max(t_max, t);
    for (const html::TestBox& b : s.tests.tests) t_max = std::max(t_max, b.end_ns);
  }
  return t_max;
}

// The tests of every series, in run order (html_tests.hpp groups them).
std::vector<html::ProfileTests> profile_tests(const std::vector<Series>& all) {
  std::vector<html::ProfileTests> out;
  for (const Series& s : all) out.push_back(s.tests);
  return out;
}

// One workload: a line per distinct series of the live heap after each GC
// over virtual time, the GOMEMLIMIT line, a GC tick row per line, a cross
// where a test timed out, a lane of test boundaries per group of profiles
// whose tests ran alike; then the tests' GC share (html_tests.hpp).
std::string workload_plot(const std::vector<Series>& all) {
  const std::int64_t t_max = time_max(all);
  std::int64_t b_max = 1;
  std::size_t cycles = 0;
  for (const Series& s : all) {
    for (const auto& [t, b] : s.live) b_max = std::max(b_max, b);
    cycles += s.live.size() - 1;
  }
  if (cycles == 0)  // the live heap is sampled after each GC: without one there is nothing to draw
    return "<p class=\"none noplot\">No GC cycle ran in this workload under any profile: no live-heap plot "
           "(it is sampled after each GC); the retained bytes are in the tables.</p>\n";
  const std::vector<Line> lines = lines_of(all);
  const std::vector<html::ProfileTests> tests = profile_tests(all);  // test_groups_of points into it
  const std::vector<html::TestGroup> groups = html::test_groups_of(tests);
  const int rows = static_cast<int>(lines.size());
  const int lanes_y = kHeight + 6 + rows * kTickRow;
  const int label_y = lanes_y + static_cast<int>(groups.size()) * html::kLaneHeight + 11;
  const int height = label_y + 28;
  constexpr int kLeft = svg::kLeft;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot heap\" viewBox=\"" + std::to_string(-kLeft) + " -14 " +
                    std::to_string(kWidth + kLeft + 4) + " " + std::to_string(height + 14) + "\" width=\"" +
                    std::to_string(kWidth + kLeft + 4) + "\" height=\"" + std::to_string(height + 14) + "\">";
  out += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(kWidth) + "\" height=\"" + std::to_string(kHeight) +
         "\" fill=\"#fafafa\" stroke=\"#ccc\"/>";
  for (const Line& line : lines) {
    const Series& s = *line.members.front();
    out += "<polyline fill=\"none\" stroke=\"" + std::string(s.colour) + "\" stroke-width=\"1.5\"" +
           (line.dashed() ? " stroke-dasharray=\"5 3\"" : "") + " points=\"" + polyline_points(s, t_max, b_max) + "\"><title>" +
           xml_text(line.names()) + "</title></polyline>";
    for (std::int64_t t : s.timeouts) {
      const std::int64_t x = t * kWidth / t_max;
      out += "<path stroke=\"" + std::string(s.colour) + "\" stroke-width=\"2\" d=\"M" + std::to_string(x - 4) + " 2l8 8m0 -8l-8 8\"><title>" +
             xml_text(line.names() + ": test timed out at " + human_value(t, "ns")) + "</title></path>";
    }
    for (std::int64_t t : s.aborts) {  // a dashed stroke down the plot: the binary died without a timeout
      const std::int64_t x = t * kWidth / t_max;
      out += "<path stroke=\"" + std::string(s.colour) + "\" stroke-width=\"2\" stroke-dasharray=\"2 2\" d=\"M" +
             std::to_string(x) + " 0v" + std::to_string(kHeight) + "\"><title>" +
             xml_text(line.names() + ": binary aborted (panic or deadlock) at " + human_value(t, "ns")) +
             "</title></path>";
    }
  }
  out += memory_limits(all, b_max);
  for (int r = 0; r < rows; ++r) out += gc_ticks(lines[static_cast<std::size_t>(r)], t_max, r);
  out += html::test_lanes(groups, t_max, lanes_y);
  out += axes(t_max, b_max, label_y);
  out += "<text x=\"2\" y=\"-3\" font-size=\"10\">live heap after each GC (bytes)</text>";
  out += "<text x=\"2\" y=\"" + std::to_string(label_y + 13) + "\" font-size=\"10\">virtual time; " + std::to_string(cycles) +
         " GC cycles in all, one tick row per line; × test timed out; dotted line: binary aborted without a timeout</text>";
  out += "<text x=\"2\" y=\"" + std::to_string(label_y + 25) +
         "\" font-size=\"10\">test lanes: a box per top-level test (grey passed, red timed out or died, pink failed); "
         "dashed red line: GOMEMLIMIT</text>";
  out += "</svg>\n";
  return out + html::gc_share_plot(groups, t_max);
}

std::string legend(const std::vector<Series>& all) {
  std::string out = "<ul class=\"legend\">";
  for (const Line& line : lines_of(all)) {
    const Series& s = *line.members.front();
    out += "<li><svg width=\"24\" height=\"8\"><line x1=\"0\" y1=\"4\" x2=\"24\" y2=\"4\" stroke=\"" + std::string(s.colour) +
           "\" stroke-width=\"2\"" + (line.dashed() ? " stroke-dasharray=\"5 3\"" : "") + "/></svg> " +
           xml_text(line.names()) + "</li>";
  }
  return out + "</ul>\n";
}

// One profile's peak retention, the cells after the profile's own.
std::string retention_cells(const rt::RetentionSnapshot& peak) {
  std::string row = "<td class=\"name\">" + xml_text(peak.subject) + " (" + rt::to_string(peak.at) + ")</td><td>" +
                    xml_text(human_value(static_cast<std::int64_t>(peak.reachable_bytes), "bytes")) + "</td><td class=\"name\">";
  const std::size_t n = std::min<std::size_t>(peak.retainers.size(), kTopRetainers);
  for (std::size_t i = 0; i < n; ++i) {
    const rt::Retainer& r = peak.retainers[i];
    const std::uint32_t pm = peak.share_permille(r);
    row += "<div class=\"ret\"><span class=\"bar\" style=\"width:" + std::to_string(pm / 10) + "px\"></span>" +
           xml_text(permille_text(pm) + " " + retainer_label(r) + ", " +
                    human_value(static_cast<std::int64_t>(r.retained_bytes), "bytes")) +
           "</div>";
  }
  if (peak.retainers.size() > n) row += "<div>" + std::to_string(peak.retainers.size() - n) + " more</div>";
  if (peak.shared_bytes != 0 && peak.reachable_bytes != 0) row += "<div>" + xml_text(shared_text(peak)) + "</div>";
  return row + "</td>";
}

// Who retains the heap at each profile's peak (retention_summary.hpp);
// profiles with the identical row share it.
std::string retention_table(const std::vector<Series>& all) {
  std::vector<std::pair<std::string, std::vector<const CaseResult*>>> rows;  // cells → profiles
  for (const Series& s : all) {
    const rt::RetentionSnapshot* peak = peak_retention(s.c->obs);
    if (peak == nullptr) continue;
    std::string cells = retention_cells(*peak);
    auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == cells; });
    if (it == rows.end()) it = rows.insert(rows.end(), {std::move(cells), {}});
    it->second.push_back(s.c);
  }
  if (rows.empty()) return "";
  std::string out = "<table class=\"retention\"><tr><th class=\"name\">profiles</th><th class=\"name\">peak at</th>"
                    "<th>reachable</th><th class=\"name\">largest retainers (dominator tree)</th></tr>\n";
  for (const auto& [cells, cases] : rows) {
    std::string names;
    for (const CaseResult* c : cases) names += (names.empty() ? "" : ", ") + c->profile.name;
    out += "<tr><td class=\"name\">" + xml_text(names) + "</td>" + cells + "</tr>\n";
  }
  return out + "</table>\n";
}

// "a, b, c" of the profile names of `cases`, in run order.
std::string profile_list(const std::vector<const CaseResult*>& cases) {
  std::string out;
  for (const CaseResult* c : cases) out += (out.empty() ? "" : ", ") + c->profile.name;
  return out;
}

// A fragment id from a workload name and seed: [a-z0-9-] only.
std::string anchor(const std::string& workload, std::uint64_t seed) {
  std::string id = "w-";
  for (char ch : workload) id += (std::isalnum(static_cast<unsigned char>(ch)) != 0) ? ch : '-';
  return id + "-" + std::to_string(seed);
}

bool any_failed(const CaseResult& c) {
  return std::any_of(c.obs.checks.begin(), c.obs.checks.end(), [](const workloads::Check& k) { return !k.passed; });
}

// The workload's cascades, profiles with the same chain (same figures) as one
// block: under the observed profiles the chain is often identical, and seven
// copies of it hide the one that differs.
std::string cascades_of(const std::vector<Series>& all) {
  std::vector<std::pair<std::string, std::vector<const CaseResult*>>> chains;  // steps text -> profiles
  for (const Series& s : all) {
    if (s.cascade == nullptr) continue;
    Cascade steps_only = *s.cascade;
    steps_only.title.clear();
    std::string text = render_cascade_text(steps_only);
    text.erase(0, 1);  // the empty title's newline
    auto it = std::find_if(chains.begin(), chains.end(), [&](const auto& c) { return c.first == text; });
    if (it == chains.end()) it = chains.insert(chains.end(), {std::move(text), {}});
    it->second.push_back(s.c);
  }
  std::string out;
  for (const auto& [text, cases] : chains)
    out += "<div class=\"cascade\"><p><b>timeout cascade</b> under " + xml_text(profile_list(cases)) +
           " (from events):</p><pre>" + xml_text(text) + "</pre></div>\n";
  return out;
}

// One row per workload: where a check failed, where a test timed out, with a
// link to its section — the page's answer to "which profiles part, where?".
std::string glance_table(const RunResult& run, const Cascades& cascades,
                         const std::vector<std::pair<std::string, std::uint64_t>>& groups) {
  std::string rows;
  for (const auto& [workload, seed] : groups) {
    std::vector<const CaseResult*> failed, timed_out, unexpected;
    std::size_t n = 0;
    std::vector<std::string> claims;
    for (const CaseResult& c : run.cases) {
      if (c.obs.workload != workload || c.obs.seed != seed) continue;
      ++n;
      if (claims.empty()) claims = c.obs.claims;
      if (any_failed(c)) failed.push_back(&c);
      if (cascade_of(run, cascades, c) != nullptr) timed_out.push_back(&c);
      if (!c.as_expected()) unexpected.push_back(&c);
    }
    const auto cell = [n](const std::vector<const CaseResult*>& v) {
      if (v.empty()) return std::string("<td class=\"name none\">none</td>");
      if (v.size() == n && n > 1) return "<td class=\"name\">all " + std::to_string(n) + " profiles</td>";
      return "<td class=\"name\">" + std::to_string(v.size()) + " of " + std::to_string(n) + ": " +
             xml_text(profile_list(v)) + "</td>";
    };
    std::string claim_text;
    for (const std::string& c : claims) claim_text += (claim_text.empty() ? "" : ", ") + c;
    rows += "<tr><td class=\"name\"><a href=\"#" + anchor(workload, seed) + "\">" + xml_text(workload) + "</a></td>" +
            "<td class=\"name\">" + xml_text(claim_text) + "</td>" + cell(failed) + cell(timed_out) +
            (unexpected.empty() ? std::string("<td class=\"name none\">none</td>")
                                : "<td class=\"name fail\">" + xml_text(profile_list(unexpected)) + "</td>") +
            "</tr>\n";
  }
  return "<table class=\"glance\"><tr><th class=\"name\">workload</th><th class=\"name\">claims</th>"
         "<th class=\"name\">a check failed under</th><th class=\"name\">a test timed out or was lost under</th>"
         "<th class=\"name\">not as expected</th></tr>\n" +
         rows + "</table>\n";
}

std::string comparison_table_html(const Table& table) {
  std::string h = "<table>\n<tr><th class=\"name\">workload</th><th class=\"name\">row</th>";
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
  return h + "</ol>\n";
}

}  // namespace

// Order: what a red run needs first. A summary line and one row per workload
// (where checks failed, where tests timed out, links); then per workload the
// live-heap plot, its timeout cascades and who retains the heap; the full
// comparison table last (it is also table.md).
std::string render_html(const RunResult& run) {
  const Table table = build_comparison_table(run);
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + xml_text(table.title) +
      "</title>\n<style>body{font-family:sans-serif;margin:1em;color:#222}table{border-collapse:collapse;font-size:12px}"
      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;vertical-align:top}td.name,th.name{text-align:left}"
      ".fail{color:#b00}.differs{background:#fff3c4}.none{color:#888}"
      ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2em 1em;font-size:12px;margin:.3em 0}"
      ".ret{white-space:nowrap}.bar{display:inline-block;height:8px;background:#c33;margin-right:4px}"
      ".cascade p{margin:.6em 0 .2em;font-size:13px}"
      "pre{background:#f6f6f6;padding:.5em;font-size:12px;overflow-x:auto;margin:0}section{margin-bottom:2em}</style></head><body>\n";
  h += "<h1>" + xml_text(table.title) + "</h1>\n";

  std::vector<std::pair<std::string, std::uint64_t>> groups;  // (workload, seed) in run order
  Cascades cascades;
  std::size_t timed_out = 0;
  for (const CaseResult& c : run.cases) {
    if (std::find(groups.begin(), groups.end(), std::pair{c.obs.workload, c.obs.seed}) == groups.end())
      groups.emplace_back(c.obs.workload, c.obs.seed);
    cascades.push_back(explain_cascade(c.obs));
    timed_out += cascades.back().has_value();
  }
  h += "<p>" + std::to_string(run.cases.size()) + " cases: " + std::to_string(run.profiles.size()) + " profiles × " +
       std::to_string(groups.size()) + " workload runs; " + std::to_string(run.unexpected_count()) +
       " outcome(s) not as expected; " + std::to_string(timed_out) + " case(s) with a timeout cascade; events digest " +
       rt::hex64(run.digest_of_all_events) + ". Virtual time throughout; no host figure on this page.</p>\n";
  if (timed_out == 0) h += "<p class=\"none\">No test timed out or was left unrun.</p>\n";
  h += "<h2>At a glance</h2>\n" + glance_table(run, cascades, groups);

  // Per workload (and seed): the profiles side by side.
  h += "<h2>Per workload: live heap, cascades, who retains it</h2>\n";
  for (const auto& [workload, seed] : groups) {
    std::vector<Series> all;
    for (std::size_t p = 0; p < run.profiles.size(); ++p)
      for (const CaseResult& c : run.cases)
        if (c.obs.workload == workload && c.obs.seed == seed && c.profile.name == run.profiles[p].name)
          all.push_back(series_of(c, p, cascade_of(run, cascades, c)));
    h += "<section id=\"" + anchor(workload, seed) + "\"><h3>" + xml_text(workload) + " <small>seed " +
         std::to_string(seed) + "</small></h3>\n";
    const std::string plot = workload_plot(all);
    const bool drawn = plot.rfind("<svg", 0) == 0;  // a legend only for a drawn plot
    h += (drawn ? legend(all) : std::string()) + plot + cascades_of(all) + retention_table(all) + "</section>\n";
  }
  h += "<h2>Comparison table</h2>\n" + comparison_table_html(table);
  h += "</body></html>\n";
  return h;
}

}  // namespace gcm::report
