// report/trace_writer: a hand-built EventLog becomes a Chrome trace whose
// slices nest per thread, whose timestamps never go back per thread, and
// whose flows pair up (issue 6).
#define BOOST_TEST_MODULE report trace writer
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/trace_writer.hpp"

using namespace gcm;
using rt::EventKind;
using nlohmann::json;

namespace {
// Two tests on goroutines 2 and 3, GC cycles on the runtime, a finalizer
// with its cause, a cache marker, a timeout and the abort — the cascade in small.
workloads::Observation sample() {
  auto log = std::make_shared<rt::EventLog>();
  log->emit(0, 1, EventKind::goroutine_start, "TestA", {{"goid", 2}, {"parent", 1}, {"system", 0}});
  log->emit(0, 2, EventKind::test_start, "TestA", {{"depth", 0}});
  log->emit(1'000, 2, EventKind::mark, "orderCache grows", {{"bytes", 8 << 20}, {"cleared", 0}});
  const auto gc = log->emit(2'000, 2, EventKind::gc_start, "heap", {{"cycle", 1}, {"heap_live_bytes", 100}});
  log->emit(2'500, 2, EventKind::finalizer_queued, "", {{"object", 7}}, gc);
  log->emit(3'000, 2, EventKind::gc_end, "heap",
            {{"cycle", 1}, {"heap_live_bytes", 60}, {"pause_ns", 10}, {"gc_ns", 1'000}, {"gc_cpu_percent", 25}}, gc);
  log->emit(3'000, 2, EventKind::test_cleanup_register, "TestA.func1", {{"index", 0}, {"foreign", 0}});
  log->emit(4'000, 2, EventKind::test_cleanup_run, "TestA.func1", {{"index", 0}});
  log->emit(5'000, 2, EventKind::test_end, "TestA", {{"status", 0}, {"duration_ns", 5'000}});
  log->emit(5'000, 2, EventKind::goroutine_end, "TestA");
  log->emit(5'000, 1, EventKind::goroutine_start, "TestB", {{"goid", 3}, {"parent", 1}, {"system", 0}});
  log->emit(5'000, 3, EventKind::test_start, "TestB", {{"depth", 0}});
  log->emit(9'000, 3, EventKind::finalizer_run, "fin", {{"object", 7}}, 5);
  log->emit(60'000, 4, EventKind::test_timeout, "TestB", {{"limit_ns", 55'000}, {"ran_ns", 55'000}});
  log->emit(60'000, 4, EventKind::binary_abort, "panic: test timed out after 55µs");
  log->emit(60'000, 0, EventKind::test_not_run, "TestC");
  workloads::Observation o;
  o.workload = "tiny";
  o.profile = "go1.22";
  o.events = log;
  return o;
}

std::int64_t ns(const json& ts) { return static_cast<std::int64_t>(ts.get<double>() * 1000.0 + 0.5); }
}  // namespace

BOOST_AUTO_TEST_CASE(slices_nest_and_time_never_goes_back_per_thread) {
  const json doc = json::parse(report::render_trace(sample()));
  BOOST_TEST(doc.at("displayTimeUnit") == "ms");
  const json& events = doc.at("traceEvents");
  std::map<int, std::int64_t> last_ts;                      // tid -> last ts seen
  std::map<int, std::vector<std::pair<std::int64_t, std::int64_t>>> open;  // tid -> stack of [start, end)
  int slices = 0;
  for (const json& e : events) {
    BOOST_TEST(e.at("pid") == 1);
    if (e.at("ph") == "M") continue;
    const int tid = e.at("tid");
    const std::int64_t ts = ns(e.at("ts"));
    BOOST_TEST(ts >= last_ts[tid], "tid " << tid << " goes back to " << ts);
    last_ts[tid] = ts;
    if (e.at("ph") != "X") continue;
    ++slices;
    const std::int64_t end = ts + ns(e.at("dur"));
    auto& stack = open[tid];
    while (!stack.empty() && stack.back().second <= ts) stack.pop_back();
    if (!stack.empty()) BOOST_TEST(end <= stack.back().second, "slice " << e.at("name") << " overlaps its parent");
    stack.emplace_back(ts, end);
  }
  BOOST_TEST(slices == 3);  // TestA, TestB, GC 1
}

BOOST_AUTO_TEST_CASE(tests_gc_counters_instants_and_flows) {
  const json doc = json::parse(report::render_trace(sample()));
  std::map<std::string, json> by_name;
  std::map<std::string, int> phases;
  std::map<std::pair<std::string, std::uint64_t>, std::string> flows;  // (cat, id) -> phases seen
  for (const json& e : doc.at("traceEvents")) {
    phases[e.at("ph").get<std::string>()]++;
    if (e.at("ph") == "X") by_name[e.at("name")] = e;
    if (e.contains("id")) flows[{e.at("cat"), e.at("id")}] += e.at("ph").get<std::string>();
  }
  BOOST_REQUIRE(by_name.count("TestA"));
  BOOST_TEST(by_name["TestA"].at("tid") == 2);
  BOOST_TEST(by_name["TestA"].at("dur").get<double>() == 5.0);
  // TestB never ended: its slice stops at the timeout.
  BOOST_TEST(by_name["TestB"].at("dur").get<double>() == 55.0);
  BOOST_REQUIRE(by_name.count("GC 1 (heap)"));
  BOOST_TEST(by_name["GC 1 (heap)"].at("tid") == 0);
  BOOST_TEST(by_name["GC 1 (heap)"].at("args").at("pause_ns") == 10);
  BOOST_TEST(phases["C"] == 3);  // heap at start and end, GC CPU share at end
  BOOST_TEST(phases["i"] == 8);
  BOOST_TEST(phases["M"] == 4);  // the process; threads 0 (runtime), 2 and 3 (goroutine_start)
  BOOST_TEST((flows[{"cause", 5}] == "sf"));   // gc_start -> finalizer_queued
  BOOST_TEST((flows[{"cause", 13}] == "sf"));  // finalizer_queued -> finalizer_run
  BOOST_TEST((flows[{"cascade", 1}] == "stf"));
}

BOOST_AUTO_TEST_CASE(output_is_deterministic_and_file_name_is_safe) {
  BOOST_TEST(report::render_trace(sample()) == report::render_trace(sample()));
  workloads::Observation o;
  o.profile = "my profiles/go 1.22.yaml";
  o.workload = "timeout-cascade";
  BOOST_TEST(report::trace_file_name(o) == "my_profiles_go_1.22.yaml__timeout-cascade.json");
}
