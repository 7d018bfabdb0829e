// One test per TestingPolicy key: change only that key, assert the
// observable difference in events or results (issue: profiles and gotest).
#define BOOST_TEST_MODULE gotest behaviour keys
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "gotest/package.hpp"

using namespace gcm;
using gotest::T;
using gotest::TestingPolicy;

namespace {

struct Run {
  std::unique_ptr<rt::Runtime> rt;
  gotest::PackageResult result;
  std::vector<std::string> events;  // "kind subject"
  bool has(const std::string& e) const { return std::find(events.begin(), events.end(), e) != events.end(); }
  std::size_t index(const std::string& e) const {
    return static_cast<std::size_t>(std::find(events.begin(), events.end(), e) - events.begin());
  }
  std::size_t count_kind(const std::string& kind) const {
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const std::string& e) {
      return e.rfind(kind, 0) == 0;
    }));
  }
  gotest::TestStatus status(const std::string& name) const { return result.find(name)->status; }
};

Run run(const TestingPolicy& policy, const std::vector<std::pair<std::string, gotest::TestFn>>& tests,
        std::uint64_t seed = 1) {
  rt::Runtime::Options o;
  o.gc.gogc_off = true;
  o.seed = seed;
  o.verify_gc = true;
  Run r;
  r.rt = std::make_unique<rt::Runtime>(o);
  gotest::Package pkg(*r.rt, policy);
  for (const auto& [name, fn] : tests) pkg.add(name, fn);
  r.result = pkg.run();
  for (const rt::Event& e : r.rt->events().events())
    r.events.push_back(std::string(rt::to_string(e.kind)) + " " + e.subject);
  BOOST_TEST(r.rt->verify_problems().empty());
  return r;
}

rt::Object* obj(rt::Runtime& rt) { return rt.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, 64); }

// The article's §1 situation: `m` is a local; a cleanup that does not capture
// it forces a GC and records whether m is still live.
bool m_live_during_cleanup(gotest::FrameRelease fr) {
  TestingPolicy p;
  p.frame_release = fr;
  bool live = false;
  run(p, {{"TestM", [&](T& t) {
             rt::Object* m = obj(t.rt());
             t.frame().set("m", m);
             const rt::ObjectId id = m->id;
             t.cleanup("logOnly", {}, [&t, &live, id] {
               t.rt().gc();
               live = t.rt().heap().is_live(id);
             });
           }}});
  return live;
}

}  // namespace

BOOST_AUTO_TEST_CASE(frame_release_decides_if_locals_live_during_cleanups) {
  BOOST_TEST(m_live_during_cleanup(gotest::FrameRelease::after_cleanups));    // A2
  BOOST_TEST(!m_live_during_cleanup(gotest::FrameRelease::before_cleanups));  // O2
}

BOOST_AUTO_TEST_CASE(capturing_cleanup_keeps_m_alive_under_both_frame_policies) {
  for (auto fr : {gotest::FrameRelease::after_cleanups, gotest::FrameRelease::before_cleanups}) {
    TestingPolicy p;
    p.frame_release = fr;
    bool live = false;
    run(p, {{"TestM", [&](T& t) {
               rt::Object* cell = t.rt().new_cell(obj(t.rt()));
               t.frame().set("m", cell);
               const rt::ObjectId id = cell->slot(0)->id;
               t.cleanup("capturesM", {cell}, [&t, &live, id] {
                 t.rt().gc();
                 live = t.rt().heap().is_live(id);
               });
             }}});
    BOOST_TEST(live);
  }
}

BOOST_AUTO_TEST_CASE(cleanups_run_lifo_after_body_and_after_subtests) {
  for (bool wait : {true, false}) {
    TestingPolicy p;
    p.cleanups_wait_for_subtests = wait;
    Run r = run(p, {{"TestP", [](T& t) {
                       t.cleanup("first", {}, [] {});
                       t.cleanup("second", {}, [] {});
                       t.run("sub", [](T& s) {
                         s.parallel();
                         s.rt().sleep(1000);
                       });
                     }}});
    BOOST_TEST(r.index("test_cleanup_run second") < r.index("test_cleanup_run first"));  // LIFO (A6, O1)
    BOOST_TEST(r.index("test_body_return TestP") < r.index("test_cleanup_run second"));
    const bool sub_before_cleanups = r.index("test_end TestP/sub") < r.index("test_cleanup_run second");
    BOOST_TEST(sub_before_cleanups == wait);
  }
}

BOOST_AUTO_TEST_CASE(cleanups_run_on_panic_key) {
  for (bool on_panic : {true, false}) {
    TestingPolicy p;
    p.cleanups_run_on_panic = on_panic;
    Run r = run(p, {{"TestPanics", [](T& t) {
                       t.cleanup("c", {}, [] {});
                       throw rt::GoPanic("boom");
                     }},
                    {"TestLater", [](T&) {}}});
    BOOST_TEST(r.has("test_cleanup_run c") == on_panic);
    BOOST_TEST(r.status("TestPanics") == gotest::TestStatus::panicked);
    BOOST_TEST(r.status("TestLater") == gotest::TestStatus::not_run);  // the binary died
    BOOST_TEST(r.result.aborted);
  }
}

BOOST_AUTO_TEST_CASE(fatal_runs_cleanups_and_fails) {
  Run r = run(TestingPolicy{}, {{"TestFatal", [](T& t) {
                                   t.cleanup("c", {}, [] {});
                                   t.fatal("stop here");
                                 }},
                                {"TestNext", [](T&) {}}});
  BOOST_TEST(r.has("test_cleanup_run c"));
  BOOST_TEST(r.status("TestFatal") == gotest::TestStatus::failed);
  BOOST_TEST(r.status("TestNext") == gotest::TestStatus::passed);
}

BOOST_AUTO_TEST_CASE(foreign_goroutine_cleanup_allow_panic_ignore) {
  using gotest::ForeignCleanup;
  for (ForeignCleanup f : {ForeignCleanup::allow, ForeignCleanup::panic, ForeignCleanup::ignore}) {
    TestingPolicy p;
    p.foreign_goroutine_cleanup = f;
    Run r = run(p, {{"TestForeign", [](T& t) {
                       rt::WaitGroup* wg = t.rt().make_waitgroup();
                       wg->add(1);
                       t.go("registrar", [&t, wg] {
                         struct Done {
                           rt::WaitGroup* wg;
                           ~Done() { wg->done(); }
                         } d{wg};
                         t.cleanup("fromGoroutine", {}, [] {});
                       });
                       wg->wait();
                     }}});
    BOOST_TEST(r.has("test_cleanup_run fromGoroutine") == (f == ForeignCleanup::allow));  // O3 vs A8
    BOOST_TEST(r.result.aborted == (f == ForeignCleanup::panic));  // a goroutine's panic kills the binary (O8)
  }
}

BOOST_AUTO_TEST_CASE(late_cleanup_drop_or_panic) {
  using gotest::LateCleanup;
  for (LateCleanup l : {LateCleanup::drop, LateCleanup::panic}) {
    TestingPolicy p;
    p.late_cleanup = l;
    Run r = run(p, {{"TestLate", [](T& t) {
                       t.go("late", [&t] {
                         t.rt().sleep(1'000'000);
                         t.cleanup("tooLate", {}, [] {});
                       });
                     }},
                    {"TestWaits", [](T& t) { t.rt().sleep(5'000'000); }}});
    BOOST_TEST(!r.has("test_cleanup_run tooLate"));
    BOOST_TEST(r.has("test_cleanup_rejected TestLate"));
    BOOST_TEST(r.result.aborted == (l == LateCleanup::panic));
  }
}

BOOST_AUTO_TEST_CASE(run_in_cleanup_allow_or_panic) {
  using gotest::RunInCleanup;
  for (RunInCleanup k : {RunInCleanup::allow, RunInCleanup::panic}) {
    TestingPolicy p;
    p.run_in_cleanup = k;
    Run r = run(p, {{"TestRunInCleanup", [](T& t) {
                       t.cleanup("runs", {}, [&t] { t.run("inner", [](T&) {}); });
                     }}});
    BOOST_TEST(r.has("test_start TestRunInCleanup/inner") == (k == RunInCleanup::allow));
    BOOST_TEST((r.status("TestRunInCleanup") == gotest::TestStatus::panicked) == (k == RunInCleanup::panic));  // O6
  }
}

BOOST_AUTO_TEST_CASE(context_cancel_before_cleanup_key) {
  for (bool before : {true, false}) {
    TestingPolicy p;
    p.context_cancel_before_cleanup = before;
    bool cancelled_in_cleanup = false;
    run(p, {{"TestCtx", [&](T& t) {
               rt::Context* ctx = t.context();
               t.cleanup("check", {}, [&cancelled_in_cleanup, ctx] { cancelled_in_cleanup = ctx->cancelled; });
             }}});
    BOOST_TEST(cancelled_in_cleanup == before);  // O9
  }
}

namespace {
// The article's §2.5 experiment, reduced: obj dead after SetFinalizer, a
// cleanup registered, forced GCs, then the cleanup reads `finalized`.
struct Experiment {
  int finalized_at_cleanup = -1;
  int finalized_after_test = -1;
  Run r;
};
Experiment experiment(const TestingPolicy& base, std::uint64_t seed = 1) {
  TestingPolicy p = base;
  p.gc_hooks.after_cleanup_register = true;
  p.gc_hooks.after_body_return = true;
  auto finalized = std::make_shared<int>(0);
  Experiment ex;
  ex.r = run(p, {{"TestCleanupVsFinalizer", [&ex, finalized](T& t) {
                    rt::Runtime& rt = t.rt();
                    rt::Object* fin = rt.new_closure("finalizer", {}, [finalized](rt::Object*, rt::Object*) { ++*finalized; });
                    t.frame().set("fin", fin);
                    rt.set_finalizer(obj(rt), fin);  // obj is dead after this line (liveness)
                    t.cleanup("cleanup", {}, [&ex, finalized] { ex.finalized_at_cleanup = *finalized; });
                    rt.gc();
                    rt.sleep(1'000'000);
                  }},
                 {"TestAfter", [finalized, &ex](T& t) {
                    t.rt().gc();
                    t.rt().sleep(1'000'000);
                    ex.finalized_after_test = *finalized;
                  }}},
             seed);
  return ex;
}
}  // namespace

BOOST_AUTO_TEST_CASE(finalizer_eligibility_free_suppressed_never) {
  using gotest::FinalizerEligibility;
  TestingPolicy p;
  p.finalizer_eligibility = FinalizerEligibility::free;
  BOOST_TEST(experiment(p).finalized_at_cleanup == 1);  // O4: runs during the test body
  p.finalizer_eligibility = FinalizerEligibility::suppressed;
  Experiment s = experiment(p);
  BOOST_TEST(s.finalized_at_cleanup == 0);  // A11
  BOOST_TEST(s.finalized_after_test == 1);  // not discarded: runs once the test is over
  p.finalizer_eligibility = FinalizerEligibility::never;
  Experiment n = experiment(p);
  BOOST_TEST(n.finalized_at_cleanup == 0);  // A13
  BOOST_TEST(n.finalized_after_test == 0);  // and never afterwards
}

BOOST_AUTO_TEST_CASE(discard_pending_finalizers_key) {
  TestingPolicy p;
  p.finalizer_eligibility = gotest::FinalizerEligibility::suppressed;
  p.discard_pending_finalizers_at_test_end = true;
  Experiment d = experiment(p);
  BOOST_TEST(d.finalized_after_test == 0);  // A15
  BOOST_TEST(d.r.count_kind("finalizer_discarded") == 1u);
  p.discard_pending_finalizers_at_test_end = false;
  BOOST_TEST(experiment(p).finalized_after_test == 1);  // O4
}

BOOST_AUTO_TEST_CASE(window_ppm_sets_how_often_the_finalizer_slips_in) {
  TestingPolicy p;
  p.finalizer_eligibility = gotest::FinalizerEligibility::window;
  int ran_zero = 0, ran_all = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    p.finalizer_window_ppm = 0;
    ran_zero += experiment(p, seed).finalized_at_cleanup;
    p.finalizer_window_ppm = 1'000'000;
    ran_all += experiment(p, seed).finalized_at_cleanup;
  }
  BOOST_TEST(ran_zero == 0);
  BOOST_TEST(ran_all == 200);
}

BOOST_AUTO_TEST_CASE(loopvar_shared_or_per_iteration) {
  for (auto lv : {gotest::LoopVar::shared, gotest::LoopVar::per_iteration}) {
    TestingPolicy p;
    p.loopvar = lv;
    std::map<std::int64_t, int> writes;
    run(p, {{"TestLoop", [&](T& t) {
               rt::WaitGroup* wg = t.rt().make_waitgroup();
               wg->add(3);
               t.go_loop(3, "writer", [&writes, wg](rt::Object* i_cell) {
                 ++writes[T::int_of(i_cell->slot(0))];
                 wg->done();
               });
               wg->wait();
             }}});
    if (lv == gotest::LoopVar::shared)
      BOOST_TEST((writes == std::map<std::int64_t, int>{{3, 3}}));  // A9: m[3] three times
    else
      BOOST_TEST((writes == std::map<std::int64_t, int>{{0, 1}, {1, 1}, {2, 1}}));  // O5
  }
}

// Events name their cause (cause_seq, drawn as trace arrows): each cleanup
// run its registration, each test never run the abort that cost it.
BOOST_AUTO_TEST_CASE(cleanup_runs_and_lost_tests_name_their_cause) {
  TestingPolicy p;
  p.timeout_mode = gotest::TimeoutMode::binary;
  p.timeout_ns = 10'000'000'000;
  Run r = run(p, {{"TestA", [](T& t) {
                     t.cleanup("first", {}, [] {});
                     t.cleanup("second", {}, [] {});
                   }},
                  {"TestB", [](T& t) { t.rt().sleep(20'000'000'000); }},
                  {"TestC", [](T&) {}}});
  const rt::EventSeq& events = r.rt->events().events();
  const auto by_seq = [&](std::uint64_t seq) -> const rt::Event& { return events.at(seq - 1); };
  std::size_t runs = 0, lost = 0;
  for (const rt::Event& e : events) {
    if (e.kind == rt::EventKind::test_cleanup_run) {
      ++runs;
      BOOST_REQUIRE(e.cause_seq != 0);
      BOOST_TEST(std::string(rt::to_string(by_seq(e.cause_seq).kind)) == "test_cleanup_register");
      BOOST_TEST(by_seq(e.cause_seq).subject == e.subject);  // LIFO pops the matching registration
      BOOST_TEST(rt::read<rt::ev::TestCleanupRegister>(by_seq(e.cause_seq)).index == rt::read<rt::ev::TestCleanupRun>(e).index);
    }
    if (e.kind == rt::EventKind::test_not_run) {
      ++lost;
      BOOST_REQUIRE(e.cause_seq != 0);
      BOOST_TEST(std::string(rt::to_string(by_seq(e.cause_seq).kind)) == "binary_abort");
    }
  }
  BOOST_TEST(runs == 2u);
  BOOST_TEST(lost == 1u);  // TestC
}

BOOST_AUTO_TEST_CASE(timeout_binary_vs_per_test) {
  auto tests = std::vector<std::pair<std::string, gotest::TestFn>>{};
  for (int i = 1; i <= 4; ++i)
    tests.emplace_back("Test0" + std::to_string(i), [](T& t) {
      t.cleanup("c", {}, [] {});
      for (int k = 0; k < 40; ++k) t.rt().sleep(1'000'000'000);  // 40 s each
    });
  TestingPolicy binary;
  binary.timeout_mode = gotest::TimeoutMode::binary;
  binary.timeout_ns = 100'000'000'000;  // 100 s for the whole binary
  Run b = run(binary, tests);
  BOOST_TEST(b.status("Test01") == gotest::TestStatus::passed);
  BOOST_TEST(b.status("Test02") == gotest::TestStatus::passed);
  BOOST_TEST(b.status("Test03") == gotest::TestStatus::timed_out);
  BOOST_TEST(b.status("Test04") == gotest::TestStatus::not_run);  // O7
  BOOST_TEST(b.count_kind("test_cleanup_run") == 2u);             // cleanups of Test03 skipped
  TestingPolicy per_test = binary;
  per_test.timeout_mode = gotest::TimeoutMode::per_test;
  per_test.timeout_ns = 60'000'000'000;  // A22: 60 s per test
  Run pt = run(per_test, tests);
  for (const char* n : {"Test01", "Test02", "Test03", "Test04"})
    BOOST_TEST(pt.status(n) == gotest::TestStatus::passed);
  per_test.timeout_ns = 30'000'000'000;
  Run pt2 = run(per_test, tests);
  BOOST_TEST(pt2.status("Test01") == gotest::TestStatus::timed_out);
  BOOST_TEST(pt2.status("Test02") == gotest::TestStatus::not_run);
  BOOST_TEST(pt2.result.abort_reason == "panic: test timed out after 30s");
}

BOOST_AUTO_TEST_CASE(gc_hook_points_fire_forced_cycles) {
  TestingPolicy p;
  auto cycles_with = [&](const TestingPolicy& pol) {
    Run r = run(pol, {{"TestH", [](T& t) {
                         t.cleanup("a", {}, [] {});
                         t.cleanup("b", {}, [] {});
                       }}});
    return r.count_kind("gc_start");
  };
  const std::size_t none = cycles_with(p);
  p.gc_hooks.before_each_cleanup = true;
  BOOST_TEST(cycles_with(p) == none + 2);
  p.gc_hooks.after_cleanup_register = true;
  BOOST_TEST(cycles_with(p) == none + 4);
  p.gc_hooks.at_test_complete = true;
  p.gc_hooks.before_body_return = true;
  p.gc_hooks.after_body_return = true;
  p.gc_hooks.after_each_cleanup = true;
  BOOST_TEST(cycles_with(p) == none + 9);
  TestingPolicy n;
  n.gc_hooks.every_n_allocations = 10;
  Run r = run(n, {{"TestAlloc", [](T& t) {
                     for (int i = 0; i < 100; ++i) {
                       obj(t.rt());
                       t.rt().safepoint();
                     }
                   }}});
  BOOST_TEST(r.count_kind("gc_start") >= 10u);
}

// O1, testing.go runCleanup: "a cleanup that panics does not skip the rest".
// Cleanups run last-in-first-out: "third" first, then "second" panics, and
// "first" must still run (and so must its side effect), before the panic
// ends the test. Kills the mutant that stops the loop at the panic.
BOOST_AUTO_TEST_CASE(a_panicking_cleanup_does_not_skip_the_remaining_cleanups) {
  bool first_ran = false, third_ran = false;
  Run r = run(TestingPolicy{}, {{"TestCleanups", [&](T& t) {
                                   t.cleanup("first", {}, [&] { first_ran = true; });
                                   t.cleanup("second", {}, [] { throw rt::GoPanic("cleanup boom"); });
                                   t.cleanup("third", {}, [&] { third_ran = true; });
                                 }}});
  BOOST_TEST(third_ran);
  BOOST_TEST(first_ran);
  BOOST_TEST(r.count_kind("test_cleanup_run") == 3u);
  BOOST_TEST(r.index("test_cleanup_run third") < r.index("test_cleanup_run second"));
  BOOST_TEST(r.index("test_cleanup_run second") < r.index("test_cleanup_run first"));
  BOOST_TEST(r.index("test_cleanup_run first") < r.index("test_end TestCleanups"));
  BOOST_TEST(r.status("TestCleanups") == gotest::TestStatus::panicked);
}
