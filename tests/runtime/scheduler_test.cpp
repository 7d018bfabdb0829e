// Deterministic scheduler: digests, interleavings, deadlock, leak census,
// channels, select, WaitGroup, Mutex, context.
#define BOOST_TEST_MODULE runtime scheduler
#include <boost/test/unit_test.hpp>

#include <set>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace {
// Two goroutines append to a shared cell-held list with yields in between: a race.
std::string racy_program(std::uint64_t seed, std::uint64_t* digest = nullptr) {
  Runtime::Options o;
  o.seed = seed;
  Runtime rt(o);
  std::string trace;
  rt.run("main", [&] {
    WaitGroup* wg = rt.make_waitgroup();
    for (char who : {'a', 'b'}) {
      wg->add(1);
      rt.go(std::string("writer-") + who, [&, who] {
        for (int i = 0; i < 4; ++i) {
          trace += who;
          rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, 16);
          rt.gosched();
        }
        wg->done();
      });
    }
    wg->wait();
  });
  if (digest != nullptr) *digest = rt.events().digest();
  return trace;
}
}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_gives_identical_digest_100_times) {
  std::uint64_t first = 0;
  racy_program(42, &first);
  for (int i = 0; i < 100; ++i) {
    std::uint64_t d = 0;
    racy_program(42, &d);
    BOOST_TEST_REQUIRE(d == first);
  }
}

BOOST_AUTO_TEST_CASE(racy_program_shows_several_interleavings_across_seeds) {
  std::set<std::string> seen;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) seen.insert(racy_program(seed));
  BOOST_TEST(seen.size() >= 2u);
  BOOST_TEST_MESSAGE("distinct interleavings over 100 seeds: " << seen.size());
}

BOOST_AUTO_TEST_CASE(deadlock_is_reported_not_hung) {
  Runtime rt(Runtime::Options{});
  const RunReport r = rt.run("main", [&] {
    Chan* c = rt.make_chan(0, "never");
    c->recv();
  });
  BOOST_TEST(r.outcome == RunOutcome::deadlock);
  const auto& ev = rt.events().events();
  BOOST_TEST(std::any_of(ev.begin(), ev.end(), [](const Event& e) { return e.kind == EventKind::deadlock; }));
}

BOOST_AUTO_TEST_CASE(leak_census_finds_goroutine_parked_forever_and_its_bytes) {
  Runtime rt(Runtime::Options{});
  const RunReport r = rt.run("main", [&] {
    Chan* c = rt.make_chan(0, "orders");
    rt.go("TestLeak.worker", [&rt, c] {
      RootSet* f = rt.open_frame("worker");
      f->set("buf", rt.alloc_buffer(kMiB));
      c->recv();
    });
    rt.sleep(1000);
  });
  BOOST_TEST(r.outcome == RunOutcome::main_returned);
  BOOST_REQUIRE(r.leaks.size() == 1u);
  BOOST_TEST(r.leaks[0].label == "TestLeak.worker");
  BOOST_TEST(r.leaks[0].wait_reason == "chan receive");
  BOOST_TEST(r.leaks[0].retained_bytes >= kMiB);
}

BOOST_AUTO_TEST_CASE(sleep_advances_virtual_clock_to_next_timer) {
  Runtime rt(Runtime::Options{});
  std::int64_t woke_ns = 0;
  rt.run("main", [&] {
    rt.sleep(3'600'000'000'000);  // an hour, virtually
    woke_ns = rt.now_ns();
  });
  BOOST_TEST(woke_ns >= 3'600'000'000'000);
  BOOST_TEST(woke_ns < 3'600'001'000'000);
}

BOOST_AUTO_TEST_CASE(buffered_channel_fifo_and_close) {
  Runtime rt(Runtime::Options{});
  std::vector<std::int64_t> got;
  bool ok_after_close = true;
  rt.run("main", [&] {
    Chan* c = rt.make_chan(2, "c");
    RootSet* f = rt.open_frame("main");
    rt.go("producer", [&] {
      for (int i = 0; i < 5; ++i) {
        Object* v = rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, 8);
        *reinterpret_cast<std::int64_t*>(v->payload()) = i;
        c->send(v);
      }
      c->close();
    });
    for (;;) {
      bool ok = false;
      Object* v = c->recv(&ok);
      if (!ok) {
        ok_after_close = ok;
        break;
      }
      f->set("v", v);
      rt.gc();  // values in flight and in buffers are roots
      got.push_back(*reinterpret_cast<std::int64_t*>(v->payload()));
    }
  });
  BOOST_TEST(got == (std::vector<std::int64_t>{0, 1, 2, 3, 4}), boost::test_tools::per_element());
  BOOST_TEST(!ok_after_close);
}

BOOST_AUTO_TEST_CASE(select_takes_timeout_or_done) {
  Runtime rt(Runtime::Options{});
  int timeout_case = -2, done_case = -2;
  rt.run("main", [&] {
    Context* ctx = rt.with_cancel(rt.background());
    Chan* never = rt.make_chan(0, "never");
    Chan* cases[] = {ctx->done, never};
    Object* v = nullptr;
    timeout_case = select_recv(rt, cases, 1'000'000, &v);
    rt.go("canceller", [&] {
      rt.sleep(500);
      rt.cancel(ctx);
    });
    done_case = select_recv(rt, cases, 3'600'000'000'000, &v);
  });
  BOOST_TEST(timeout_case == -1);
  BOOST_TEST(done_case == 0);
}

BOOST_AUTO_TEST_CASE(mutex_serialises_and_unlock_of_unlocked_panics) {
  Runtime rt(Runtime::Options{});
  int inside = 0, max_inside = 0;
  const RunReport r = rt.run("main", [&] {
    Mutex* mu = rt.make_mutex();
    WaitGroup* wg = rt.make_waitgroup();
    for (int i = 0; i < 4; ++i) {
      wg->add(1);
      rt.go("w", [&] {
        mu->lock();
        max_inside = std::max(max_inside, ++inside);
        rt.gosched();
        --inside;
        mu->unlock();
        wg->done();
      });
    }
    wg->wait();
    mu->unlock();  // not locked: fatal
  });
  BOOST_TEST(max_inside == 1);
  BOOST_TEST(r.outcome == RunOutcome::panicked);
  BOOST_TEST(r.panic_message.find("unlock of unlocked mutex") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(panic_in_goroutine_kills_the_binary) {
  Runtime rt(Runtime::Options{});
  bool main_finished = false;
  const RunReport r = rt.run("main", [&] {
    rt.go("bad", [] { throw GoPanic("boom"); });
    rt.sleep(1'000'000);
    main_finished = true;
  });
  BOOST_TEST(r.outcome == RunOutcome::panicked);
  BOOST_TEST(r.panic_message == "boom");
  BOOST_TEST(!main_finished);
}

BOOST_AUTO_TEST_CASE(scheduler_invariants_hold_during_a_run) {
  Runtime rt(Runtime::Options{});
  std::size_t problems = 0;
  rt.run("main", [&] {
    for (int i = 0; i < 10; ++i) rt.go("g", [&] {
        for (int k = 0; k < 3; ++k) {
          problems += rt.check_invariants().size() > 0 ? 1 : 0;
          rt.sleep(10);
        }
      });
    rt.sleep(1000);
    problems += rt.check_invariants().size();
  });
  BOOST_TEST(problems == 0u);
}

// Go ≥ 1.14 preempts a goroutine after 10 ms (forcePreemptNS): a timer due
// while another goroutine spins between safepoints fires within one slice,
// not at the spinner's next voluntary yield. Without safepoints nothing
// preempts (the emulated goroutine never reaches a point where Go could).
BOOST_AUTO_TEST_CASE(a_spinning_goroutine_is_preempted_at_a_safepoint_after_10ms) {
  for (const bool safepoints : {true, false}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      Runtime::Options o;
      o.seed = seed;
      Runtime rt(o);
      std::int64_t due_ns = -1, woke_ns = -1, spin_end_ns = -1;
      rt.run("main", [&] {
        WaitGroup* wg = rt.make_waitgroup();
        wg->add(2);
        rt.go("alarm", [&] {
          due_ns = rt.now_ns() + 100'000'000;
          rt.sleep(100'000'000);
          woke_ns = rt.now_ns();
          wg->done();
        });
        rt.go("spinner", [&] {
          for (int i = 0; i < 1000; ++i) {  // 1 s of work in 1 ms steps, no yield
            rt.charge(1'000'000);
            if (safepoints) rt.safepoint();
          }
          spin_end_ns = rt.now_ns();
          wg->done();
        });
        wg->wait();
      });
      BOOST_TEST_CONTEXT("seed " << seed << ", safepoints " << safepoints) {
        BOOST_TEST_REQUIRE(woke_ns >= due_ns);
        if (safepoints) {
          // Preempted at most every 10 ms, each time a seeded pick between
          // the two: the alarm runs within a few slices of its due time.
          BOOST_TEST(woke_ns - due_ns < 10 * Scheduler::kForcePreemptNs);
          BOOST_TEST(woke_ns < spin_end_ns);
        } else {
          BOOST_TEST(woke_ns >= spin_end_ns);  // the spinner ran to the end first
        }
      }
    }
  }
}

namespace {
// Appends its name to a log when destroyed: which frames a teardown unwound, in what order.
struct Frame {
  std::vector<std::string>* log;
  std::string name;
  ~Frame() { log->push_back(name); }
};
void park_under(Runtime& rt, Chan* c, std::vector<std::string>* log, int depth) {
  Frame f{log, "depth-" + std::to_string(depth)};
  if (depth == 0) {
    c->recv();  // parked forever: a leak
    log->push_back("recv returned");  // never: the teardown unwinds, it does not resume the body
    return;
  }
  park_under(rt, c, log, depth - 1);
}
}  // namespace

// Goroutines still parked when their runtime ends are unwound (teardown_unwind.hpp):
// every frame's destructor runs once, innermost first, no typed catch runs, and the
// body does not go on; a goroutine that never ran is ended without running its body.
// Then the stacks are back in the pool: a second runtime of as many goroutines runs.
BOOST_AUTO_TEST_CASE(leaked_goroutines_are_unwound_at_teardown_frame_by_frame) {
  std::vector<std::string> log;
  bool never_ran_body = false, typed_catch_ran = false;
  {
    Runtime rt(Runtime::Options{});
    const RunReport r = rt.run("main", [&] {
      Chan* c = rt.make_chan(0, "never");
      for (int i = 0; i < 3; ++i)
        rt.go("TestLeak.worker", [&, c] {
          try {
            park_under(rt, c, &log, 2);
          } catch (const std::exception&) {
            typed_catch_ran = true;
          }
        });
      rt.sleep(1000);
      rt.go("TestLeak.late", [&] { never_ran_body = true; });  // main returns before it runs
    });
    BOOST_TEST(r.leaks.size() >= 3u);
    BOOST_TEST(log.empty());  // nothing unwound while the runtime lives
  }
  const std::vector<std::string> one = {"depth-0", "depth-1", "depth-2"};
  std::vector<std::string> expected;
  for (int i = 0; i < 3; ++i) expected.insert(expected.end(), one.begin(), one.end());
  BOOST_TEST(log == expected, boost::test_tools::per_element());
  BOOST_TEST(!never_ran_body);
  BOOST_TEST(!typed_catch_ran);
}

// A goroutine's frames (its root sets) die with it however its body ends:
// returned, runtime.Goexit, panicked, or unwound at teardown while parked.
// The scheduler releases them from the goroutine's entry frame
// (Scheduler::at_body_end), after every destructor of the body has run.
BOOST_AUTO_TEST_CASE(a_goroutines_frames_are_released_however_its_body_ends) {
  Runtime rt(Runtime::Options{});
  struct Probe {  // destroyed by the teardown unwind of the parked goroutine
    Runtime* rt;
    std::size_t* seen;
    ~Probe() { *seen = rt->roots().size(); }
  };
  std::size_t base = 0, after_three = 0, while_parked = 0, in_probe = 0;
  rt.run("main", [&] {
    Chan* never = rt.make_chan(0, "never");
    base = rt.roots().size();
    rt.go("returns", [&] { rt.open_frame("f"); });
    rt.go("goexits", [&] {
      rt.open_frame("f");
      throw GoExit{};
    });
    rt.sleep(1000);
    after_three = rt.roots().size();
    rt.go("parks", [&, never] {
      rt.open_frame("f");
      rt.open_frame("g");
      Probe probe{&rt, &in_probe};
      never->recv();
    });
    rt.sleep(1000);
    while_parked = rt.roots().size();
  });
  BOOST_TEST(after_three == base);        // returned and Goexit: released
  BOOST_TEST(while_parked == base + 2);   // the parked goroutine's two frames
  const std::size_t before_unwind = rt.roots().size();
  rt.scheduler().unwind_all();
  BOOST_TEST(in_probe == before_unwind);            // the body's destructors ran first
  BOOST_TEST(rt.roots().size() == before_unwind - 2);  // then its frames were released
}

BOOST_AUTO_TEST_CASE(a_panicking_goroutines_frames_are_released) {
  Runtime rt(Runtime::Options{});
  std::size_t base = 0;
  const RunReport r = rt.run("main", [&] {
    base = rt.roots().size();
    rt.go("panics", [&] {
      rt.open_frame("f");
      throw GoPanic("boom");
    });
    rt.sleep(1000);
  });
  BOOST_TEST(rt.scheduler().panicked_goroutine() != nullptr);
  BOOST_TEST(rt.roots().size() <= base);  // its frame released (main's may be too, as the run ended)
  (void)r;
}

BOOST_AUTO_TEST_CASE(many_leaked_goroutines_are_unwound_and_their_stacks_reused) {
  for (int round = 0; round < 3; ++round) {
    std::size_t destroyed = 0, parked = 0;
    {
      Runtime rt(Runtime::Options{});
      rt.run("main", [&] {
        Chan* c = rt.make_chan(0, "never");
        for (int i = 0; i < 2000; ++i)
          rt.go("TestLeak.worker", [&, c] {
            struct Counted {
              std::size_t* n;
              ~Counted() { ++*n; }
            } counted{&destroyed};
            ++parked;
            c->recv();
          });
        while (parked < 2000) rt.sleep(1000);  // every one parked before main returns
      });
      BOOST_TEST(destroyed == 0u);
    }
    BOOST_TEST(destroyed == 2000u);
  }
}
