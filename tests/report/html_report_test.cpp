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
  log->emit(1'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = 4 << 20}, "heap");
  log->emit(2'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = 8 << 20}, "heap");
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
  BOOST_TEST(html.find("d=\"M320 164v8M640 164v8\"") != std::string::npos);  // the GC tick row
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
  for (int i = 1; i <= 700; ++i) log->emit(i * 1'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = i << 10}, "heap");
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
  log->emit(1'000, 1, rt::ev::TestStart{}, "TestOrders01");
  log->emit(2'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = 1 << 20}, "heap");
  log->emit(4'000'000, 1, rt::ev::TestTimeout{.limit_ns = 3'000'000, .ran_ns = 3'999'000, .per_test = 1}, "TestOrders01");
  log->emit(4'000'000, 1, rt::ev::BinaryAbort{}, "panic: test timed out after 3ms");
  log->emit(4'000'000, 0, rt::ev::TestNotRun{}, "TestOrders02");
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
  log->emit(1'000, 1, rt::ev::TestStart{}, "TestOrders01");
  log->emit(4'000'000, 1, rt::ev::TestTimeout{.limit_ns = 3'000'000, .ran_ns = 3'999'000, .per_test = 1}, "TestOrders01");
  log->emit(4'000'000, 1, rt::ev::BinaryAbort{}, "panic: test timed out after 3ms");
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
  log->emit(1'000, 1, rt::ev::TestStart{}, "TestPanics");
  log->emit(2'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = 1 << 20}, "heap");
  log->emit(3'000'000, 1, rt::ev::BinaryAbort{}, "panic: boom");
  log->emit(3'000'000, 0, rt::ev::TestNotRun{}, "TestNext");
  run.cases.back().obs.events = log;
  const std::string html = render_html(run);
  BOOST_TEST(html.find("test timed out at") == std::string::npos);
  BOOST_TEST(count(html, "binary aborted (panic or deadlock) at 3.0 ms") == 1u);
  BOOST_TEST(html.find("d=\"M640 0v160\"") != std::string::npos);  // at the right edge: the abort is the last event
}

namespace {
// Two top-level tests on goroutine 1, a GC cycle inside each: TestOrders01
// 0–2 ms with 0.5 ms of GC (25 %), TestOrders02 2–4 ms with 1 ms (50 %).
std::shared_ptr<rt::EventLog> two_tests_log() {
  auto log = std::make_shared<rt::EventLog>();
  log->emit(0, 1, rt::ev::TestStart{}, "TestOrders01");
  log->emit(1'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = 4 << 20, .gc_ns = 500'000}, "heap");
  log->emit(2'000'000, 1, rt::ev::TestEnd{.status = 0, .duration_ns = 2'000'000}, "TestOrders01");
  log->emit(2'000'000, 1, rt::ev::TestStart{}, "TestOrders02");
  log->emit(3'000'000, 0, rt::ev::GcEnd{.heap_live_bytes = 8 << 20, .gc_ns = 1'000'000}, "heap");
  log->emit(4'000'000, 1, rt::ev::TestEnd{.status = 0, .duration_ns = 2'000'000}, "TestOrders02");
  return log;
}
}  // namespace

// Issue 15 §7: where each test starts and ends, on the heap plot's time axis,
// with its name; and each test's GC share from the facts (gc_share.cpp).
BOOST_AUTO_TEST_CASE(test_lanes_and_the_gc_share_line) {
  RunResult run = sample::sample_run();
  run.cases[0].obs.events = two_tests_log();
  const std::string html = render_html(run);
  BOOST_TEST(count(html, "class=\"plot heap\"") == 1u);
  BOOST_TEST(count(html, "<rect class=\"test\"") == 2u);
  BOOST_TEST(count(html, "class=\"lane\"") == 1u);  // the other profile ran no test in this workload
  BOOST_TEST(html.find(">tests " + run.cases[0].profile.name + "</text>") != std::string::npos);
  // Boxes at 0–320 and 320–640 (the last test end is the right edge), names inside.
  BOOST_TEST(html.find("<rect class=\"test\" x=\"0\" y=\"184\" width=\"320\"") != std::string::npos);
  BOOST_TEST(html.find("<rect class=\"test\" x=\"320\" y=\"184\" width=\"320\"") != std::string::npos);
  BOOST_TEST(html.find("\">TestOrders01</text>") != std::string::npos);
  BOOST_TEST(html.find(": TestOrders02 passed, 2.0 ms to 4.0 ms (2.0 ms); 1 GC cycles, 50 % of its time in GC") !=
             std::string::npos);
  // The GC share: 25 % then 50 % on a 60-unit-high plot, one line, labelled.
  BOOST_TEST(count(html, "class=\"plot gcshare\"") == 1u);
  BOOST_TEST(html.find("points=\"0,45 320,45 320,30 640,30\"") != std::string::npos);
  BOOST_TEST(html.find(">100 %</text>") != std::string::npos);
  BOOST_TEST(html.find("class=\"serieslabel\"") != std::string::npos);
  BOOST_TEST(html.find("class=\"memlimit\"") == std::string::npos);  // no limit set
  BOOST_TEST(render_html(run) == html);
}

// Boxes too narrow for a name show what follows the common prefix, or nothing.
BOOST_AUTO_TEST_CASE(narrow_test_boxes_show_the_name_s_tail) {
  RunResult run = sample::sample_run();
  auto log = std::make_shared<rt::EventLog>();
  for (int i = 0; i < 40; ++i) {  // 40 tests of 16 units each: "TestOrders07" does not fit, "07" does
    const std::string name = std::string("TestOrders") + (i < 10 ? "0" : "") + std::to_string(i);
    log->emit(i * 1'000'000, 1, rt::ev::TestStart{}, name);
    log->emit(i * 1'000'000 + 500'000, 0, rt::ev::GcEnd{.heap_live_bytes = (i + 1) << 10, .gc_ns = 100'000}, "heap");
    log->emit((i + 1) * 1'000'000, 1, rt::ev::TestEnd{}, name);
  }
  run.cases[0].obs.events = log;
  const std::string html = render_html(run);
  BOOST_TEST(count(html, "<rect class=\"test\"") == 40u);
  BOOST_TEST(html.find("class=\"testname\" x=\"113\" y=\"191\" font-size=\"7\" text-anchor=\"start\">07</text>") !=
             std::string::npos);
  BOOST_TEST(html.find(">TestOrders07</text>") == std::string::npos);
  BOOST_TEST(html.find("TestOrders07 passed") != std::string::npos);  // the full name in the box's title
}

// GOMEMLIMIT: a labelled horizontal line at its value; a limit above the
// largest live heap is a label at the top, not a rescaled plot.
BOOST_AUTO_TEST_CASE(the_memory_limit_is_a_labelled_line) {
  RunResult run = sample::sample_run();
  run.cases[0].obs.events = two_tests_log();  // live heap up to 8 MiB
  run.cases[0].obs.memory_limit_bytes = 6u << 20;
  const std::string html = render_html(run);
  BOOST_TEST(count(html, "<path class=\"memlimit\"") == 1u);
  BOOST_TEST(html.find("d=\"M0 40h640\"") != std::string::npos);  // 6 of 8 MiB: 40 units under the top
  BOOST_TEST(html.find(">GOMEMLIMIT 6.0 MiB (" + run.cases[0].profile.name + ")</text>") != std::string::npos);
  BOOST_TEST(html.find("<title>GOMEMLIMIT 6.0 MiB (6291456 bytes): " + run.cases[0].profile.name + "</title>") !=
             std::string::npos);
  BOOST_TEST(html.find(">8.0 MiB</text>") != std::string::npos);  // the scale is the heap's
  BOOST_TEST(render_html(run) == html);

  run.cases[0].obs.memory_limit_bytes = 1u << 30;
  const std::string above = render_html(run);
  BOOST_TEST(count(above, "<path class=\"memlimit\"") == 1u);
  BOOST_TEST(above.find("GOMEMLIMIT 1.0 GiB (" + run.cases[0].profile.name + "), above this plot's top</text>") !=
             std::string::npos);
  BOOST_TEST(above.find(">8.0 MiB</text>") != std::string::npos);
}
