// html_tests.cpp — see html_tests.hpp.
#include "report/html_tests.hpp"

#include <algorithm>
#include <cctype>

#include "report/html_svg.hpp"
#include "report/units.hpp"
#include "report/xml_text.hpp"

namespace gcm::report::html {

namespace {

using svg::kWidth;
using svg::text_at;
using svg::x_of;

constexpr int kShareHeight = 60;  // the GC-share plot area
constexpr int kBoxFont = 7;       // font-size of a test's name in its box

// Sans-serif at font-size 7 averages under 4.2 user units per character
// (digits 3.9); a name is written into a box only when it surely fits.
bool fits(const std::string& text, std::int64_t width) {
  return static_cast<std::int64_t>(text.size()) * 42 / 10 + 2 <= width;
}

// What every test name of the workload starts with, without a trailing
// number ("TestOrders" for TestOrders01 … TestOrders20): boxes too narrow for
// the whole name show what follows it.
std::string common_prefix(const std::vector<TestGroup>& groups) {
  std::string prefix;
  bool first = true;
  for (const TestGroup& g : groups)
    for (const TestBox& t : g.members.front()->tests) {
      if (first) prefix = t.name, first = false;
      const auto mismatch = std::mismatch(prefix.begin(), prefix.end(), t.name.begin(), t.name.end());
      prefix.erase(mismatch.first, prefix.end());
    }
  while (!prefix.empty() && std::isdigit(static_cast<unsigned char>(prefix.back())) != 0) prefix.pop_back();
  return prefix;
}

// Passed tests in two greys (neighbours stay apart), the others by outcome.
const char* box_fill(const TestBox& t, std::size_t i) {
  using gotest::TestStatus;
  if (!t.ended || t.status == TestStatus::timed_out || t.status == TestStatus::panicked) return "#f2a0a0";
  if (t.status == TestStatus::failed) return "#f6c6c6";
  if (t.status == TestStatus::skipped) return "#f4f4f4";
  return i % 2 == 0 ? "#dcdcdc" : "#c4c4c4";
}

std::string box_title(const TestGroup& g, const TestBox& t) {
  std::string s = g.names() + ": " + t.name + " " + (t.ended ? to_string(t.status) : "still running when the binary died");
  s += ", " + human_value(t.start_ns, "ns") + " to " + human_value(t.end_ns, "ns") + " (" +
       human_value(t.end_ns - t.start_ns, "ns") + "); " + std::to_string(t.gc_cycles) + " GC cycles, " +
       std::to_string(t.gc_share_percent) + " % of its time in GC";
  return s;
}

}  // namespace

std::vector<TestBox> tests_of(const facts::CaseFacts& f) {
  std::vector<TestBox> out;
  for (const facts::TestSpan& s : f.tests) {
    if (s.depth != 0) continue;
    TestBox b;
    b.name = s.name;
    b.start_ns = s.start_ns;
    b.ended = s.end == facts::SpanEnd::completed || s.end == facts::SpanEnd::timed_out;
    b.end_ns = s.end_ns >= s.start_ns ? s.end_ns : std::max(f.last_ns, s.start_ns);
    b.status = s.status;
    b.gc_cycles = s.gc_cycles;
    b.gc_share_percent = s.gc_share_percent();
    out.push_back(std::move(b));
  }
  return out;
}

std::string TestGroup::names() const {
  std::string out;
  for (const ProfileTests* p : members) {
    if (!out.empty()) out += ", ";
    out += p->profile;
  }
  return out;
}

std::string TestGroup::label() const {
  std::string out = members.front()->profile;
  if (members.size() > 1) out += " +" + std::to_string(members.size() - 1);
  return out;
}

std::vector<TestGroup> test_groups_of(const std::vector<ProfileTests>& all) {
  std::vector<TestGroup> groups;
  for (const ProfileTests& p : all) {
    if (p.tests.empty()) continue;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const TestGroup& g) { return g.members.front()->tests == p.tests; });
    if (it == groups.end()) groups.push_back(TestGroup{{&p}});
    else it->members.push_back(&p);
  }
  return groups;
}

std::int64_t last_test_end_ns(const std::vector<ProfileTests>& all) {
  std::int64_t t = 0;
  for (const ProfileTests& p : all)
    for (const TestBox& b : p.tests) t = std::max(t, b.end_ns);
  return t;
}

std::string test_lanes(const std::vector<TestGroup>& groups, std::int64_t t_max, int y0) {
  if (groups.empty()) return "";
  const std::string prefix = common_prefix(groups);
  std::string out = "<g class=\"tests\">";
  int y = y0;
  for (const TestGroup& g : groups) {
    out += "<g class=\"lane\">" + text_at(-4, y + kLaneHeight - 2, "end", "tests " + g.label(), 9,
                                            g.members.front()->colour, "lanelabel");
    const std::vector<TestBox>& tests = g.members.front()->tests;
    for (std::size_t i = 0; i < tests.size(); ++i) {
      const TestBox& t = tests[i];
      const std::int64_t x0 = x_of(t.start_ns, t_max);
      const std::int64_t w = std::max<std::int64_t>(x_of(t.end_ns, t_max) - x0, 1);
      out += "<rect class=\"test\" x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
             std::to_string(w) + "\" height=\"" + std::to_string(kLaneHeight - 1) + "\" fill=\"" + box_fill(t, i) +
             "\" stroke=\"#fff\" stroke-width=\"0.5\"><title>" + xml_text(box_title(g, t)) + "</title></rect>";
      std::string name = t.name;
      if (!fits(name, w) && t.name.size() > prefix.size()) name = t.name.substr(prefix.size());
      if (fits(name, w))
        out += text_at(static_cast<int>(x0) + 1, y + kLaneHeight - 3, "start", name, kBoxFont, nullptr, "testname");
    }
    out += "</g>";
    y += kLaneHeight;
  }
  return out + "</g>";
}

std::string gc_share_plot(const std::vector<TestGroup>& groups, std::int64_t t_max) {
  if (groups.empty()) return "";
  // Line labels under the axis labels, wrapped at the plot's width.
  std::string labels;
  int lx = 0, ly = kShareHeight + 26;
  for (const TestGroup& g : groups) {
    const std::string text = "— " + g.label();
    const int w = static_cast<int>(text.size()) * 5 + 12;
    if (lx > 0 && lx + w > kWidth) lx = 0, ly += 11;
    labels += text_at(lx, ly, "start", text, 9, g.members.front()->colour, "serieslabel");
    lx += w;
  }
  const int height = ly + 14;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot gcshare\" viewBox=\"" +
                    std::to_string(-svg::kLeft) + " -14 " + std::to_string(kWidth + svg::kLeft + 4) + " " +
                    std::to_string(height + 14) + "\" width=\"" + std::to_string(kWidth + svg::kLeft + 4) +
                    "\" height=\"" + std::to_string(height + 14) + "\">";
  out += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(kWidth) + "\" height=\"" + std::to_string(kShareHeight) +
         "\" fill=\"#fafafa\" stroke=\"#ccc\"/>";
  for (const TestGroup& g : groups) {
    std::string points;
    std::int64_t last_x = -1, last_y = -1;
    auto point = [&](std::int64_t x, std::int64_t y) {
      if (x == last_x && y == last_y) return;
      last_x = x, last_y = y;
      if (!points.empty()) points += ' ';
      points += std::to_string(x);
      points += ',';
      points += std::to_string(y);
    };
    for (const TestBox& t : g.members.front()->tests) {
      const std::int64_t share = std::clamp<std::int64_t>(t.gc_share_percent, 0, 100);
      const std::int64_t y = kShareHeight - share * kShareHeight / 100;
      const std::int64_t x0 = x_of(t.start_ns, t_max);
      point(x0, y);
      point(std::max(x_of(t.end_ns, t_max), x0 + 1), y);  // at least a pixel: a line, not a dot
    }
    out += "<polyline fill=\"none\" stroke=\"" + std::string(g.members.front()->colour) +
           "\" stroke-width=\"1.5\" points=\"" + points + "\"><title>" +
           xml_text(g.names() + ": GC share of each test's time") + "</title></polyline>";
  }
  out += svg::y_axis({"0 %", "50 %", "100 %"}, kShareHeight);
  out += svg::x_axis(t_max, kShareHeight, kShareHeight + 12);
  out += text_at(2, -3, "start", "GC share of each top-level test's time (%, only the part of a cycle inside the test)", 10);
  out += labels;
  return out + "</svg>\n";
}

}  // namespace gcm::report::html
