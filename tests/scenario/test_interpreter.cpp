// test_interpreter.cpp — the interpreter on small scenarios: each step's Go
// meaning as an observation, under one documented and one observed profile.
#define BOOST_TEST_MODULE scenario_interpreter
#include <boost/test/unit_test.hpp>

#include <memory>

#include "policy/loader.hpp"
#include "policy/profile_error.hpp"
#include "scenario/loader.hpp"
#include "workloads/scenario_workload.hpp"

using namespace gcm;

namespace {

const policy::Profile& profile(const std::string& name) {
  static const policy::ProfileCatalog c(GCM_POLICIES_DIR);
  const policy::Profile* p = c.find(name);
  BOOST_REQUIRE(p != nullptr);
  return *p;
}

workloads::Observation run(const std::string& yaml, const std::string& profile_name, std::uint64_t seed = 1) {
  auto s = std::make_shared<const scenario::Scenario>(scenario::parse_scenario(yaml, "t.yaml"));
  const workloads::Workload w = workloads::scenario_workload(s);
  const workloads::Params params;
  return w.run(workloads::RunInput{profile(profile_name), params, seed});
}

std::string observed(const workloads::Observation& o, const std::string& name) {
  for (const auto& [n, v] : o.observations)
    if (n == name) return v;
  BOOST_FAIL("no observation " + name);
  return {};
}

const std::string kHead = "scenario: t\ndescription: d\n";

}  // namespace

BOOST_AUTO_TEST_CASE(cleanups_run_lifo_after_the_body_and_a_panic_does_not_skip_the_rest) {
  const std::string y = kHead + R"(tests:
  - name: TestA
    steps:
      - cleanup: {name: a, steps: [{record: a}]}
      - cleanup: {name: b, steps: [{record: b}, {panic: boom}, {record: never}]}
      - cleanup: {name: c, steps: [{record: c}]}
      - record: body
observe: [{name: r, records: TestA}, {name: s, status: TestA}]
)";
  for (const char* p : {"go1.22", "go1.22-observed"}) {
    const auto o = run(y, p);
    BOOST_TEST(observed(o, "r") == "body c b a");  // A6, O1
    BOOST_TEST(observed(o, "s") != "passed");
  }
}

BOOST_AUTO_TEST_CASE(fatal_and_skip_end_the_body_but_cleanups_run) {
  const std::string y = kHead + R"(tests:
  - name: TestF
    steps: [{cleanup: {name: c, steps: [{record: c}]}}, {fatal: stop}, {record: never}]
  - name: TestS
    steps: [{cleanup: {name: c, steps: [{record: c}]}}, {skip: later}, {record: never}]
observe: [{name: f, records: TestF}, {name: fs, status: TestF}, {name: s, records: TestS}, {name: ss, status: TestS}]
)";
  const auto o = run(y, "go1.23-observed");
  BOOST_TEST(observed(o, "f") == "c");
  BOOST_TEST(observed(o, "fs") == "failed");
  BOOST_TEST(observed(o, "s") == "c");
  BOOST_TEST(observed(o, "ss") == "skipped");
}

BOOST_AUTO_TEST_CASE(a_global_keeps_what_is_appended_alive_and_nil_releases_it) {
  const std::string y = kHead + R"(globals: [{var: cache, slice: {}}]
tests:
  - name: TestA
    steps:
      - let: {var: m, trie: {keys: 100}}
      - append: {global: cache, var: m}
      - assign: {var: m, nil: true}
      - gc: {}
      - observe: {name: kept, live: m}
      - observe: {name: n, len: cache}
      - assign: {global: cache, nil: true}
      - gc: {}
      - observe: {name: freed, live: m}
)";
  const auto o = run(y, "go1.22-observed");
  BOOST_TEST(std::stoll(observed(o, "kept")) > 0);
  BOOST_TEST(observed(o, "n") == "1");
  BOOST_TEST(observed(o, "freed") == "0");
}

BOOST_AUTO_TEST_CASE(loop_variable_follows_the_scenario_go_mod_version) {
  const auto y = [](const std::string& go) {
    return kHead + "go: \"" + go + R"("
tests:
  - name: TestL
    steps:
      - let: {var: seen, map: {}}
      - go: {name: w, loop: {var: i, count: 3}, captures: [i, seen], wait: true, steps: [{write: {map: seen, key: i}}]}
observe: [{name: k, map_keys: seen}]
)";
  };
  BOOST_TEST(observed(run(y("1.22"), "go1.22-observed"), "k") == "0:1 1:1 2:1");  // O5: per iteration
  BOOST_TEST(observed(run(y("1.21"), "go1.22-observed"), "k") == "3:3");          // go.mod < 1.22: shared
  BOOST_TEST(observed(run(y("1.22"), "go1.21-observed"), "k") == "3:3");          // toolchain 1.21: shared
  BOOST_TEST(observed(run(y("1.22"), "go1.22"), "k") == "3:3");                   // A9: the article's reading
}

BOOST_AUTO_TEST_CASE(finalizers_record_into_the_test_that_set_them) {
  const std::string y = kHead + R"(tests:
  - name: TestF
    steps:
      - let: {var: o, object: {}}
      - finalizer: {var: o, record: fin}
      - assign: {var: o, nil: true}
      - gc: {times: 2}
      - sleep: 1ms
      - observe: {name: during, finalized: fin}
observe: [{name: r, records: TestF}, {name: after, finalized: fin}]
)";
  const auto obs = run(y, "go1.22-observed");
  BOOST_TEST(observed(obs, "during") == "1");  // O4: a finalizer may run during the test
  BOOST_TEST(observed(obs, "r") == "fin");
  const auto doc = run(y, "go1.23");
  BOOST_TEST(observed(doc, "during") == "0");  // A13: never during the test
}

BOOST_AUTO_TEST_CASE(keep_max_and_sum_accumulate_over_subtests) {
  const std::string y = kHead + R"(globals: [{var: open, slice: {}}]
tests:
  - name: TestS
    steps:
      - run:
          name: Sub%d
          count: 4
          steps:
            - observe: {name: total, len: open, keep: sum}
            - append: {global: open, bytes: 1KiB}
            - observe: {name: peak, len: open, keep: max}
observe: [{name: r, goroutines: true}]
)";
  const auto o = run(y, "go1.22-observed");
  BOOST_TEST(observed(o, "total") == "6");  // 0 + 1 + 2 + 3
  BOOST_TEST(observed(o, "peak") == "4");
}

BOOST_AUTO_TEST_CASE(checks_compare_and_at_cleanup_fails_the_test_inside_its_cleanup) {
  const std::string y = kHead + R"(tests:
  - name: TestC
    steps:
      - let: {var: m, trie: {keys: 50}}
      - cleanup: {name: keep, captures: [m], steps: [{gc: {}}]}
observe: [{name: live, live: m}, {name: s, status: TestC}]
checks:
  - {name: free-in-cleanup, observe: live, equals: "0", at: cleanup, test: TestC}
  - {name: bounded, observe: live, at_most: 1000}
  - {name: low, observe: live, at_least: 100000}
  - {name: status-listed, observe: s, one_of: [passed, failed]}
)";
  // Documented: the frame keeps m alive during cleanups (A2), so the check
  // in the cleanup sees live nodes and fails the test there (A23).
  const auto o = run(y, "go1.22");
  BOOST_TEST_REQUIRE(o.checks.size() == 4u);
  BOOST_TEST(!o.checks[0].passed);
  BOOST_TEST(o.checks[0].source_line == 10);
  BOOST_TEST(o.checks[1].passed);
  BOOST_TEST(!o.checks[2].passed);
  BOOST_TEST(o.checks[3].passed);
  BOOST_TEST(observed(o, "s") == "failed");
}

BOOST_AUTO_TEST_CASE(add_cleanup_is_refused_before_go_1_24_with_a_located_error) {
  const std::string y = kHead + R"(tests:
  - name: TestA
    steps:
      - let: {var: o, object: {}}
      - add_cleanup: {var: o, record: c}
)";
  const scenario::Scenario s = scenario::parse_scenario(y, "t.yaml");
  BOOST_TEST(workloads::unsupported_step(s, profile("go1.22-observed")) ==
             "t.yaml:7:9: tests[0].steps[1].add_cleanup: runtime.AddCleanup is new in Go 1.24; profile go1.22-observed "
             "models Go 1.22 (expected a profile of Go 1.24 or later, O9)");
  BOOST_TEST(workloads::unsupported_step(s, profile("go1.24-observed")).empty());
}

// t.Context is Go 1.24 too (O9): it ran under go1.20 while add_cleanup was refused, and
// export-go refused both below 1.24.
BOOST_AUTO_TEST_CASE(test_context_is_refused_before_go_1_24_like_add_cleanup) {
  const std::string y = kHead + R"(tests:
  - name: TestA
    steps:
      - go: {name: h, steps: [{block: {until: test_context}}]}
)";
  const scenario::Scenario s = scenario::parse_scenario(y, "t.yaml");
  BOOST_TEST(workloads::unsupported_step(s, profile("go1.20")) ==
             "t.yaml:6:32: tests[0].steps[0].go.steps[0].block: t.Context is new in Go 1.24; profile go1.20 "
             "models Go 1.20 (expected a profile of Go 1.24 or later, O9)");
  BOOST_TEST(workloads::unsupported_step(s, profile("go1.24-observed")).empty());
}

BOOST_AUTO_TEST_CASE(goroutines_blocked_on_the_context_hold_memory_until_cancel) {
  const std::string y = kHead + R"(tests:
  - name: TestG
    steps:
      - go: {name: h, loop: {var: i, count: 10}, steps: [{let: {var: b, bytes: 1MiB}}, {block: {until: context}}]}
      - sleep: 1ms
      - observe: {name: during, heap_alloc: true}
      - observe: {name: g, goroutines: true}
      - cancel: {}
      - sleep: 1ms
      - gc: {}
      - observe: {name: after, heap_alloc: true}
)";
  const auto o = run(y, "go1.22-observed");
  BOOST_TEST(std::stoll(observed(o, "during")) >= 10ll * 1024 * 1024);
  BOOST_TEST(std::stoll(observed(o, "g")) >= 10);
  BOOST_TEST(std::stoll(observed(o, "after")) < 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(same_seed_same_events) {
  const std::string y = kHead + R"(tests:
  - name: TestA
    steps: [{let: {var: m, trie: {keys: 30}}}, {go: {name: g, loop: {var: i, count: 5}, wait: true, steps: [{record: x}]}}]
)";
  BOOST_TEST(run(y, "go1.25-observed", 7).events_digest == run(y, "go1.25-observed", 7).events_digest);
}

BOOST_AUTO_TEST_CASE(a_goroutine_left_blocked_forever_is_a_leak_not_a_crash) {
  const std::string y = kHead + R"(tests:
  - name: TestLeak
    steps:
      - go: {name: stuck, steps: [{let: {var: b, bytes: 1KiB}}, {record: started}, {block: {until: forever}}, {record: never}]}
      - sleep: 1ms
  - name: TestNext
    steps: [{record: next}]
observe: [{name: g, goroutines: true}, {name: r, records: TestLeak}, {name: n, status: TestNext}]
)";
  for (const char* p : {"go1.20", "go1.25-observed"}) {
    const auto o = run(y, p);
    BOOST_TEST(observed(o, "g") == "1");  // the stuck goroutine, still counted at exit
    BOOST_TEST(observed(o, "r") == "started");
    BOOST_TEST(observed(o, "n") == "passed");
  }
}

BOOST_AUTO_TEST_CASE(add_cleanup_runs_once_the_object_is_unreachable_under_go_1_24) {
  const std::string y = kHead + R"(tests:
  - name: TestA
    steps:
      - let: {var: o, object: {}}
      - add_cleanup: {var: o, record: c}
      - gc: {}
      - sleep: 1ms
      - observe: {name: while_reachable, finalized: c}
      - assign: {var: o, nil: true}
      - gc: {times: 2}
      - sleep: 1ms
      - observe: {name: after_drop, finalized: c}
)";
  const auto o = run(y, "go1.24-observed");
  BOOST_TEST(observed(o, "while_reachable") == "0");
  BOOST_TEST(observed(o, "after_drop") == "1");  // O9: runtime.AddCleanup
}
