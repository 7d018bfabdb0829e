// report/html_report: report.html is one self-contained, deterministic page
// with the comparison table and a live-heap SVG per case (issue 6, part 3).
#define BOOST_TEST_MODULE report html report
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "report/html_report.hpp"
#include "sample_run.hpp"

using namespace gcm;
using namespace gcm::report;

namespace {
std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}
}  // namespace

BOOST_AUTO_TEST_CASE(table_and_one_plot_per_workload_with_a_line_per_profile) {
  RunResult run = sample::sample_run();
  BOOST_REQUIRE(run.cases.size() == 4u);  // 2 profiles × 2 workloads
  // Give the first case two GC cycles; the others have no events.
  auto log = std::make_shared<rt::EventLog>();
  log->emit(1'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", 4 << 20}});
  log->emit(2'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", 8 << 20}});
  run.cases.front().obs.events = log;
  const std::string html = render_html(run);
  BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0);
  BOOST_TEST(count(html, "<section id=") == run.workloads.size());
  // A plot for the workload with GC cycles; a sentence, not an empty plot, for the other.
  BOOST_TEST(count(html, "<svg xmlns=") == 1u);
  BOOST_TEST(count(html, "class=\"none noplot\"") == 1u);
  BOOST_TEST(count(html, "<polyline ") == 2u);  // one line per distinct series: the two profiles differ
  BOOST_TEST(html.find("points=\"0,160 320,80 640,0\"") != std::string::npos);  // integer coordinates
  BOOST_TEST(html.find("live heap after each GC (bytes)") != std::string::npos);
  BOOST_TEST(html.find(">8.0 MiB</text>") != std::string::npos);  // the y axis' top tick
  BOOST_TEST(html.find(">4.0 MiB</text>") != std::string::npos);  // and its middle one
  BOOST_TEST(html.find(">2.0 ms</text>") != std::string::npos);   // the x axis' last tick
  BOOST_TEST(html.find("2 GC cycles in all") != std::string::npos);
  BOOST_TEST(html.find("d=\"M320 164v4M640 164v4\"") != std::string::npos);  // the GC tick row
  BOOST_TEST(count(html, "stroke-dasharray") == 2u);  // the observed profile: its line + its legend swatch
  for (const ProfileInfo& p : run.profiles) BOOST_TEST(html.find("<th>" + p.name + "</th>") != std::string::npos);
  // Self-contained: nothing fetched, nothing run.
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("src=") == std::string::npos);
  BOOST_TEST(count(html, "href=") == count(html, "href=\"#"));  // links within the page only
  // Every link of the glance table lands on a section.
  for (const std::string& w : run.workloads) {
    const std::string id = "w-" + w + "-" + std::to_string(run.cases.front().obs.seed);
    BOOST_TEST(count(html, "href=\"#" + id + "\"") == 1u, w);
    BOOST_TEST(count(html, "<section id=\"" + id + "\"") == 1u, w);
  }
  // The overview comes before the sections, the full table after them.
  BOOST_TEST(html.find("At a glance") < html.find("<section id="));
  BOOST_TEST(html.find("<h2>Comparison table") > html.rfind("</section>"));
  BOOST_TEST(render_html(run) == html);
}

// Identical series are one labelled line, not eleven overdrawn ones; a tick
// row with more cycles than half the pixels is a labelled band.
BOOST_AUTO_TEST_CASE(identical_series_are_one_line_and_dense_ticks_a_band) {
  RunResult run = sample::sample_run();
  auto log = std::make_shared<rt::EventLog>();
  for (int i = 1; i <= 700; ++i) log->emit(i * 1'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", i << 10}});
  run.cases[0].obs.events = log;  // go1.20 and go1.20-observed of the first workload: the same series
  run.cases[2].obs.events = log;
  BOOST_REQUIRE(run.cases[0].obs.workload == run.cases[2].obs.workload);
  const std::string html = render_html(run);
  BOOST_TEST(count(html, "<polyline ") == 1u);
  BOOST_TEST(html.find("<title>go1.20, go1.20-observed</title></polyline>") != std::string::npos);
  BOOST_TEST(html.find("go1.20, go1.20-observed</li>") != std::string::npos);  // the legend names both
  BOOST_TEST(count(html, "class=\"gcband\"") == 1u);
  BOOST_TEST(html.find("dense: 700 GC cycles") != std::string::npos);
  BOOST_TEST(html.find(">go1.20 +1</text>") != std::string::npos);  // the tick row's label
}

BOOST_AUTO_TEST_CASE(timeouts_are_marked_and_their_cascade_shown) {
  RunResult run = sample::sample_run();
  auto log = std::make_shared<rt::EventLog>();
  log->emit(1'000, 1, rt::EventKind::test_start, "TestOrders01", {});
  log->emit(2'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", 1 << 20}});
  log->emit(4'000'000, 1, rt::EventKind::test_timeout, "TestOrders01", {{"limit_ns", 3'000'000}, {"ran_ns", 3'999'000}});
  log->emit(4'000'000, 1, rt::EventKind::binary_abort, "panic: test timed out after 3ms", {});
  log->emit(4'000'000, 0, rt::EventKind::test_not_run, "TestOrders02", {});
  run.cases.back().obs.events = log;
  const std::string html = render_html(run);
  BOOST_TEST(count(html, "test timed out at") == 1u);  // one cross: the abort that followed is the timeout's
  BOOST_TEST(html.find("binary aborted (panic or deadlock)") == std::string::npos);
  BOOST_TEST(html.find("TestOrders01 ran") != std::string::npos);  // the cascade's deadline step
  BOOST_TEST(html.find("TestOrders02 not run") != std::string::npos);
  BOOST_TEST(html.find("No test timed out") == std::string::npos);
  BOOST_TEST(html.find("1 case(s) with a timeout cascade") != std::string::npos);
  // The cascade sits in its workload's section, and the glance row names the profile.
  const std::string& w = run.cases.back().obs.workload;
  const std::size_t section = html.find("<section id=\"w-" + w + "-");
  BOOST_REQUIRE(section != std::string::npos);
  const std::size_t chain = html.find("<b>timeout cascade</b> under " + run.cases.back().profile.name);
  BOOST_TEST(chain > section);
  BOOST_TEST(chain < html.find("</section>", section));
  BOOST_TEST(html.find(": " + run.cases.back().profile.name + "</td>") < section);
}

BOOST_AUTO_TEST_CASE(profiles_with_the_same_chain_share_one_block) {
  RunResult run = sample::sample_run();
  auto log = std::make_shared<rt::EventLog>();
  log->emit(1'000, 1, rt::EventKind::test_start, "TestOrders01", {});
  log->emit(4'000'000, 1, rt::EventKind::test_timeout, "TestOrders01", {{"limit_ns", 3'000'000}, {"ran_ns", 3'999'000}});
  log->emit(4'000'000, 1, rt::EventKind::binary_abort, "panic: test timed out after 3ms", {});
  const std::string w = run.cases.back().obs.workload;
  std::size_t same = 0;
  for (CaseResult& c : run.cases)
    if (c.obs.workload == w) c.obs.events = log, c.obs.retention.clear(), ++same;  // same events, same chain
  BOOST_REQUIRE(same == 2u);
  const std::string html = render_html(run);
  BOOST_TEST(count(html, "<b>timeout cascade</b>") == 1u);
  BOOST_TEST(html.find("<b>timeout cascade</b> under " + run.profiles[0].name + ", " + run.profiles[1].name) !=
             std::string::npos);
  BOOST_TEST(html.find("all 2 profiles</td>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_retention_list_names_the_largest_retainers_at_the_peak) {
  RunResult run = sample::sample_run();
  rt::RetentionSnapshot small, peak;
  small.subject = "TestOrders01";
  small.reachable_bytes = small.shared_bytes = 1000;
  small.reachable_objects = small.shared_objects = 1;
  peak.subject = "TestOrders02";
  peak.reachable_bytes = 10'000;
  peak.reachable_objects = 3;
  peak.retainers = {{rt::RootKind::global, "orderCache", 0, 8'700, 2}, {rt::RootKind::frame, "TestOrders02", 9, 1'300, 1}};
  BOOST_REQUIRE(peak.check().empty());
  run.cases.back().obs.retention = {small, peak};
  const std::string html = render_html(run);
  BOOST_TEST(html.find("TestOrders02 (test_end)") != std::string::npos);
  BOOST_TEST(html.find("87.0% `orderCache` (global)") != std::string::npos);
  BOOST_TEST(html.find("13.0% frame `TestOrders02` (g9)") != std::string::npos);
  BOOST_TEST(html.find("width:87px") != std::string::npos);
  BOOST_TEST(html.find("TestOrders01 (test_end)") == std::string::npos);  // not the peak
}

BOOST_AUTO_TEST_CASE(an_abort_without_a_timeout_is_a_dotted_line_not_a_cross) {
  RunResult run = sample::sample_run();
  auto log = std::make_shared<rt::EventLog>();
  log->emit(1'000, 1, rt::EventKind::test_start, "TestPanics", {});
  log->emit(2'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", 1 << 20}});
  log->emit(3'000'000, 1, rt::EventKind::binary_abort, "panic: boom", {});
  log->emit(3'000'000, 0, rt::EventKind::test_not_run, "TestNext", {});
  run.cases.back().obs.events = log;
  const std::string html = render_html(run);
  BOOST_TEST(html.find("test timed out at") == std::string::npos);
  BOOST_TEST(count(html, "binary aborted (panic or deadlock) at 3.0 ms") == 1u);
  BOOST_TEST(html.find("d=\"M640 0v160\"") != std::string::npos);  // at the right edge: the abort is the last event
}
