// report/trace_writer: a hand-built EventLog becomes a Chrome trace whose
// slices nest per thread, whose timestamps never go back per thread, and
// whose flows pair up (issue 6).
#define BOOST_TEST_MODULE report trace writer
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "report/trace_writer.hpp"

using namespace gcm;
using rt::EventKind;
namespace ev = rt::ev;
using nlohmann::json;

namespace {
// Two tests on goroutines 2 and 3, GC cycles on the runtime, a finalizer
// with its cause, a cache marker, a timeout and the abort — the cascade in small.
workloads::Observation sample() {
  auto log = std::make_shared<rt::EventLog>();
  log->emit(0, 1, ev::GoroutineStart{.goid = 2, .parent = 1, .system = 0}, "TestA");
  log->emit(0, 2, ev::TestStart{.depth = 0}, "TestA");
  log->emit(1'000, 2, ev::Mark{.bytes = 8 << 20, .cleared = 0}, "orderCache grows");
  const auto gc = log->emit(2'000, 2, ev::GcStart{.cycle = 1, .heap_live_bytes = 100, .heap_goal_bytes = 200}, "heap");
  log->emit(2'500, 2, ev::FinalizerQueued{.object = 7}, "", gc);
  log->emit(3'000, 2, ev::GcEnd{.cycle = 1, .heap_live_bytes = 60, .heap_goal_bytes = 200, .pause_ns = 10, .gc_ns = 1'000,
                                       .gc_cpu_percent = 25},
            "heap", gc);
  log->emit(3'000, 2, ev::TestCleanupRegister{.index = 0, .foreign = 0}, "TestA.func1");
  log->emit(4'000, 2, ev::TestCleanupRun{.index = 0}, "TestA.func1");
  log->emit(5'000, 2, ev::TestEnd{.status = 0, .duration_ns = 5'000}, "TestA");
  log->emit(5'000, 2, ev::GoroutineEnd{}, "TestA");
  log->emit(5'000, 1, ev::GoroutineStart{.goid = 3, .parent = 1, .system = 0}, "TestB");
  log->emit(5'000, 3, ev::TestStart{.depth = 0}, "TestB");
  log->emit(9'000, 3, ev::FinalizerRun{.object = 7}, "fin", 5);
  log->emit(60'000, 4, ev::TestTimeout{.limit_ns = 55'000, .ran_ns = 55'000, .per_test = 1}, "TestB");
  log->emit(60'000, 4, ev::BinaryAbort{}, "panic: test timed out after 55µs");
  log->emit(60'000, 0, ev::TestNotRun{}, "TestC");
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
  BOOST_TEST(by_name["GC 1 (heap)"].at("args").at("gc_cpu_percent") == 25);
  BOOST_TEST(by_name["TestA"].at("args") == json::parse(R"({"depth":0,"seq":2})"));  // the name is the subject
  BOOST_TEST(phases["C"] == 4);  // heap at start and end, the goal once (unchanged at end), GC CPU share at end
  BOOST_TEST(phases["i"] == 8);
  BOOST_TEST(phases["M"] == 4);  // the process; threads 0 (runtime), 2 and 3 (goroutine_start)
  BOOST_TEST((flows[{"cause", 5}] == "sf"));   // gc_start -> finalizer_queued
  BOOST_TEST((flows[{"cause", 13}] == "sf"));  // finalizer_queued -> finalizer_run
  // mark -> the last GC before the deadline -> timeout -> abort -> TestC not run.
  BOOST_TEST((flows[{"cascade", 1}] == "stttf"));
}

BOOST_AUTO_TEST_CASE(output_is_deterministic_and_file_name_is_safe) {
  BOOST_TEST(report::render_trace(sample()) == report::render_trace(sample()));
  workloads::Observation o;
  o.profile = "my profiles/go 1.22.yaml";
  o.workload = "timeout-cascade";
  BOOST_TEST(report::trace_file_name(o) == "my_profiles_go_1.22.yaml__timeout-cascade.json");
}

namespace {
// A log of GC cycles only, on the runtime, with the fields the runtime writes.
struct Gc {
  std::int64_t live_before, live_after, goal, cpu, limiter = 0, finalizers = 0;
};
workloads::Observation gc_only(const std::vector<Gc>& cycles) {
  auto log = std::make_shared<rt::EventLog>();
  std::int64_t t = 1'000;
  std::int64_t n = 0;
  for (const Gc& c : cycles) {
    ++n;
    const auto start = log->emit(t, 0, ev::GcStart{.cycle = n, .heap_live_bytes = c.live_before, .heap_goal_bytes = c.goal, .trigger_alloc_id = 0}, "pacer");
    t += 500;
    log->emit(t, 0, ev::GcEnd{.cycle = n, .marked_objects = 3, .marked_bytes = c.live_after, .freed_objects = 2, .freed_bytes = c.live_before - c.live_after, .heap_live_bytes = c.live_after, .heap_live_objects = 3, .heap_goal_bytes = c.goal, .pause_ns = 30, .mark_ns = 400, .gc_ns = 500, .gc_cpu_percent = c.cpu, .limiter = c.limiter, .finalizers_queued = c.finalizers, .cleanups_queued = 0}, "pacer", start);
    t += 10'000;
  }
  workloads::Observation o;
  o.workload = "gc";
  o.profile = "go1.22";
  o.events = log;
  return o;
}

// name -> the values of its counter samples, in file order.
std::map<std::string, std::vector<std::int64_t>> counters(const json& doc) {
  std::map<std::string, std::vector<std::int64_t>> out;
  for (const json& e : doc.at("traceEvents"))
    if (e.at("ph") == "C") {
      BOOST_TEST(e.at("args").size() == 1u);
      out[e.at("name")].push_back(e.at("args").at(e.at("name").get<std::string>()).get<std::int64_t>());
    }
  return out;
}
}  // namespace

// A counter track is a step function: a sample equal to the previous one of
// the same counter adds nothing, so it is not written.
BOOST_AUTO_TEST_CASE(counter_samples_are_written_only_when_the_value_changes) {
  const json doc = json::parse(report::render_trace(gc_only({
      {100, 60, 200, 10},
      {60, 60, 200, 10},   // nothing allocated since: heap 60 -> 60, CPU share and goal unchanged
      {90, 50, 200, 12},
      {90, 50, 180, 12},   // heap 50 -> 90 -> 50 again, goal moves
  })));
  auto c = counters(doc);
  BOOST_TEST((c["heap_live_bytes"] == std::vector<std::int64_t>{100, 60, 90, 50, 90, 50}));
  BOOST_TEST((c["gc_cpu_percent"] == std::vector<std::int64_t>{10, 12}));
  BOOST_TEST((c["heap_goal_bytes"] == std::vector<std::int64_t>{200, 180}));
  // The samples that stay are at the right times: the goal moved at the 4th gc_start.
  for (const json& e : doc.at("traceEvents"))
    if (e.at("ph") == "C" && e.at("name") == "heap_goal_bytes" && e.at("args").at("heap_goal_bytes") == 180)
      BOOST_TEST(ns(e.at("ts")) == 1'000 + 3 * 10'500);
}

// GC slices keep the figures that explain the cycle and drop those the name,
// the duration or a counter track already show; the rare ones only when set.
BOOST_AUTO_TEST_CASE(gc_slice_args_are_the_cost_figures) {
  const json doc = json::parse(report::render_trace(gc_only({{100, 60, 200, 10}, {90, 50, 200, 48, 1, 2}})));
  std::vector<json> gcs;
  for (const json& e : doc.at("traceEvents"))
    if (e.at("ph") == "X") gcs.push_back(e);
  BOOST_REQUIRE(gcs.size() == 2u);
  BOOST_TEST(gcs[0].at("name") == "GC 1 (pacer)");
  BOOST_TEST(gcs[0].at("cat") == "gc");
  BOOST_TEST(gcs[0].at("dur").get<double>() == 0.5);  // gc_ns
  BOOST_TEST(gcs[0].at("args") ==
             json::parse(R"({"marked_bytes":60,"freed_bytes":40,"mark_ns":400,"gc_cpu_percent":10})"));
  BOOST_TEST(gcs[1].at("name") == "GC 2 (pacer)");
  BOOST_TEST(gcs[1].at("args") == json::parse(R"({"marked_bytes":50,"freed_bytes":40,"mark_ns":400,
                                                  "gc_cpu_percent":48,"limiter":1,"finalizers_queued":2})"));
  // Key order is the log's, fixed: the text itself is pinned.
  const std::string text = report::render_trace(gc_only({{100, 60, 200, 10}}));
  BOOST_TEST(text.find("\n{\"name\":\"GC 1 (pacer)\",\"cat\":\"gc\",\"ph\":\"X\",\"pid\":1,\"tid\":0,\"ts\":1.000,"
                       "\"dur\":0.500,\"args\":{\"marked_bytes\":60,\"freed_bytes\":40,\"mark_ns\":400,"
                       "\"gc_cpu_percent\":10}},\n") != std::string::npos);
  BOOST_TEST(text.find("\n{\"name\":\"heap_live_bytes\",\"ph\":\"C\",\"pid\":1,\"tid\":0,\"ts\":1.500,"
                       "\"args\":{\"heap_live_bytes\":60}},\n") != std::string::npos);
  BOOST_TEST(text.rfind("{\"traceEvents\":[\n", 0) == 0);
  const std::string tail = "}\n],\"displayTimeUnit\":\"ms\"}\n";
  BOOST_TEST(text.substr(text.size() - tail.size()) == tail);
}

// Names come from tests, hooks and profiles (a YAML path): quotes,
// backslashes, control characters and any UTF-8 must stay valid JSON, and
// a byte that is not UTF-8 becomes U+FFFD instead of failing the run.
BOOST_AUTO_TEST_CASE(any_name_stays_valid_json) {
  const std::string weird = "Test\"quoted\" back\\slash\ttab\nnewline\x01\x1f del\x7f é 日本 😀";
  const std::string broken = std::string("bad \xff byte, cut \xe6\x97 and overlong \xc0\xaf end");
  auto log = std::make_shared<rt::EventLog>();
  log->emit(0, 1, ev::GoroutineStart{.goid = 2, .parent = 1, .system = 0}, weird);
  log->emit(0, 2, ev::TestStart{.depth = 0}, weird);
  log->emit(10, 2, ev::Mark{}, broken);
  const auto gc = log->emit(20, 2, ev::GcStart{.cycle = 1, .heap_live_bytes = 1}, "hook:\"x\"");
  log->emit(30, 2, ev::GcEnd{.cycle = 1, .heap_live_bytes = 1, .gc_ns = 10}, "hook:\"x\"", gc);
  log->emit(40, 2, ev::TestEnd{.status = 0}, weird);
  workloads::Observation o;
  o.workload = "w\"l";
  o.profile = "p\\r";
  o.events = log;
  const std::string text = report::render_trace(o);
  json doc;
  BOOST_REQUIRE_NO_THROW(doc = json::parse(text));
  // One event per line: no raw control character inside the text.
  BOOST_TEST(std::none_of(text.begin(), text.end(), [](char c) { return c != '\n' && static_cast<unsigned char>(c) < 0x20; }));
  std::map<std::string, std::string> names;  // ph + name -> args.subject or thread name
  for (const json& e : doc.at("traceEvents")) {
    const std::string ph = e.at("ph");
    if (ph == "M") names[e.at("name").get<std::string>() + "@" + std::to_string(e.at("tid").get<int>())] = e.at("args").at("name");
    if (ph == "X") names[ph + std::string(e.at("cat"))] = e.at("name");
    if (ph == "i") names[ph] = e.at("args").at("subject");
  }
  BOOST_TEST(names["process_name@0"] == "p\\r / w\"l (seed 1)");
  BOOST_TEST(names["thread_name@2"] == "g2 " + weird);
  BOOST_TEST(names["Xtest"] == weird);
  BOOST_TEST(names["Xgc"] == "GC 1 (hook:\"x\")");
  BOOST_TEST(names["i"] == "bad \xef\xbf\xbd byte, cut \xef\xbf\xbd\xef\xbf\xbd and overlong \xef\xbf\xbd\xef\xbf\xbd end");
}

// Only goroutines with something on their track are named: goroutine-leak
// parks thousands that emit no traced event.
BOOST_AUTO_TEST_CASE(only_goroutines_with_events_are_named) {
  auto log = std::make_shared<rt::EventLog>();
  log->emit(0, 1, ev::GoroutineStart{.goid = 2, .parent = 1, .system = 0}, "TestA");
  for (int g = 3; g < 100; ++g)
    log->emit(0, 2, ev::GoroutineStart{.goid = g, .parent = 2, .system = 0}, "TestA.sleeper");
  log->emit(0, 2, ev::TestStart{.depth = 0}, "TestA");
  const auto reg = log->emit(1, 2, ev::TestCleanupRegister{.index = 0, .foreign = 0}, "TestA.func1");
  log->emit(2, 50, ev::TestCleanupRun{.index = 0}, "TestA.func1", reg);  // 50: a flow end
  log->emit(3, 2, ev::TestEnd{.status = 0}, "TestA");
  workloads::Observation o;
  o.workload = "leak";
  o.profile = "go1.22";
  o.events = log;
  std::map<int, std::string> threads;
  const json doc = json::parse(report::render_trace(o));
  for (const json& e : doc.at("traceEvents"))
    if (e.at("name") == "thread_name") threads[e.at("tid")] = e.at("args").at("name");
  BOOST_TEST((threads == std::map<int, std::string>{{0, "runtime (GC, scheduler)"}, {2, "g2 TestA"}, {50, "g50 TestA.sleeper"}}));
}

// write_trace streams the text in chunks: the file is render_trace's text,
// byte for byte, also when it is far larger than a chunk.
BOOST_AUTO_TEST_CASE(written_file_equals_the_rendered_text) {
  std::vector<Gc> cycles;
  for (int i = 0; i < 3'000; ++i) cycles.push_back({1'000 + i, 500 + i, 2'000 + i / 500, i % 3});
  const workloads::Observation o = gc_only(cycles);
  const std::string text = report::render_trace(o);
  BOOST_TEST(text.size() > 300'000u);
  const auto dir = std::filesystem::temp_directory_path() / ("trace_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  report::write_trace(dir / "t.json", o);
  std::ifstream in(dir / "t.json", std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  std::filesystem::remove_all(dir);
  BOOST_TEST((file.str() == text));
  BOOST_TEST(json::parse(text).at("traceEvents").size() > 6'000u);
}
