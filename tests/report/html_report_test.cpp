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

BOOST_AUTO_TEST_CASE(table_and_one_plot_per_case) {
  RunResult run = sample::sample_run();
  BOOST_REQUIRE(!run.cases.empty());
  // Give the first case two GC cycles; the others have no events.
  auto log = std::make_shared<rt::EventLog>();
  log->emit(1'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", 4 << 20}});
  log->emit(2'000'000, 0, rt::EventKind::gc_end, "heap", {{"heap_live_bytes", 8 << 20}});
  run.cases.front().obs.events = log;
  const std::string html = render_html(run);
  BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0);
  BOOST_TEST(count(html, "<figure>") == run.cases.size());
  BOOST_TEST(count(html, "<svg ") == 1u);
  BOOST_TEST(html.find("points=\"240,60 480,0\"") != std::string::npos);  // integer coordinates
  BOOST_TEST(html.find("live heap max 8.0 MiB") != std::string::npos);
  BOOST_TEST(count(html, "no GC cycle") == run.cases.size() - 1);
  for (const ProfileInfo& p : run.profiles) BOOST_TEST(html.find("<th>" + p.name + "</th>") != std::string::npos);
  // Self-contained: nothing fetched, nothing run.
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("src=") == std::string::npos);
  BOOST_TEST(html.find("href=") == std::string::npos);
  BOOST_TEST(render_html(run) == html);
}
