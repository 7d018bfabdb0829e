// Every shipped profile runs the article's experiments with the outcome its
// family documents (issue: profiles and gotest; BEHAVIOUR.md tables).
#define BOOST_TEST_MODULE workloads under shipped profiles
#include <boost/test/unit_test.hpp>

#include "policy/loader.hpp"
#include "workloads/workload.hpp"

using namespace gcm;

namespace {
const policy::ProfileCatalog& catalog() {
  static const policy::ProfileCatalog c(GCMATRIX_POLICIES_DIR);
  return c;
}
workloads::Observation run(const std::string& workload, const policy::Profile& p, std::uint64_t seed = 1,
                           std::map<std::string, std::string> raw = {}) {
  const workloads::Workload* w = workloads::find_workload(workload);
  BOOST_REQUIRE(w != nullptr);
  const workloads::Params params = workloads::resolve_params(w->name, w->params, raw);
  return w->run(workloads::RunInput{p, params, seed});
}
const workloads::Check& check(const workloads::Observation& o, const std::string& name) {
  for (const auto& c : o.checks)
    if (c.name == name) return c;
  BOOST_FAIL("no check " + name);
  throw std::logic_error("unreachable");
}
std::int64_t metric(const workloads::Observation& o, const std::string& name) {
  for (const auto& m : o.metrics)
    if (m.name == name) return m.value;
  BOOST_FAIL("no metric " + name);
  return 0;
}
int minor(const policy::Profile& p) { return policy::go_minor(p.go).value_or(0); }
bool documented(const policy::Profile& p) { return p.family == policy::Family::documented; }
}  // namespace

BOOST_AUTO_TEST_CASE(section_2_5_experiment_per_profile) {
  for (const policy::Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(p.name) {
      const auto o = run("cleanup-vs-finalizer", p);
      if (documented(p)) {
        // A11 (go1.20/1.21: suppressed), A12 (go1.22: rare, not with seed 1 necessarily), A13 (go1.23: never).
        if (p.name != "go1.22") BOOST_TEST(metric(o, "finalized_at_cleanup") == 0);
        if (p.name == "go1.23") BOOST_TEST(metric(o, "finalized_after_test") == 0);  // A13/A15: discarded
        BOOST_TEST(metric(o, "finalizers_discarded") + metric(o, "finalized_at_cleanup") >= 1);
      } else {
        BOOST_TEST(metric(o, "finalized_at_cleanup") == 1);  // O4: runs during the body after a forced GC
        BOOST_TEST(metric(o, "finalized_after_test") == 1);
        BOOST_TEST(metric(o, "finalizers_discarded") == 0);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(go1_22_window_runs_rarely_over_10000_seeds) {
  const policy::Profile* p = catalog().find("go1.22");
  BOOST_REQUIRE(p != nullptr);
  int ran = 0;
  for (std::uint64_t seed = 1; seed <= 10'000; ++seed) ran += run("cleanup-vs-finalizer", *p, seed).checks[0].passed ? 0 : 1;
  BOOST_TEST_MESSAGE("go1.22: finalizer ran before the cleanup in " << ran << " of 10000 seeds");
  BOOST_TEST(ran > 0);      // never zero
  BOOST_TEST(ran < 1000);   // a small fraction, never most
}

BOOST_AUTO_TEST_CASE(go1_20_and_go1_23_never_over_1000_seeds) {
  for (const char* name : {"go1.20", "go1.21", "go1.23"}) {
    const policy::Profile* p = catalog().find(name);
    BOOST_REQUIRE(p != nullptr);
    int ran = 0;
    for (std::uint64_t seed = 1; seed <= 1000; ++seed) ran += metric(run("cleanup-vs-finalizer", *p, seed), "finalized_at_cleanup");
    BOOST_TEST(ran == 0, name);
  }
}

BOOST_AUTO_TEST_CASE(section_2_3_loop_experiment_per_profile) {
  for (const policy::Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(p.name) {
      const auto o = run("loopvar-capture", p);
      const bool per_iteration = !documented(p) && minor(p) >= 22;  // O5
      BOOST_TEST(check(o, "each-goroutine-sees-own-i").passed == per_iteration);
      BOOST_TEST(metric(o, "writes_to_final_i") == (per_iteration ? 0 : 3));  // A9: m[3] three times
    }
  }
}

BOOST_AUTO_TEST_CASE(foreign_cleanup_differs_by_family) {
  for (const policy::Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(p.name) {
      const auto o = run("foreign-goroutine-cleanup", p);
      BOOST_TEST(check(o, "cleanup-from-goroutine-runs").passed == !documented(p));  // O3 vs A8
      BOOST_TEST(!check(o, "late-cleanup-runs").passed);                            // never runs (O3) or binary died (A8)
    }
  }
}

BOOST_AUTO_TEST_CASE(context_cleanup_needs_go_1_24_for_t_context) {
  for (const policy::Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(p.name) {
      const auto o = run("context-cleanup", p);
      BOOST_TEST(check(o, "manual-cancel:released").passed);
      BOOST_TEST(check(o, "t-context:released").passed == (!documented(p) && minor(p) >= 24));  // O9
    }
  }
}

BOOST_AUTO_TEST_CASE(goroutine_leak_and_remedy) {
  const auto o = run("goroutine-leak", *catalog().find("go1.22-observed"));
  BOOST_TEST(!check(o, "leak:no-goroutine-outlives-test").passed);
  BOOST_TEST(check(o, "remedy:no-goroutine-outlives-test").passed);
  BOOST_TEST(metric(o, "leaked_goroutines") == 1000);
  BOOST_TEST(metric(o, "leak_alloc_bytes_at_test_end") >= 1000ll << 20);  // A10: ≈ 1000 MiB
}

BOOST_AUTO_TEST_CASE(suite_cleanup_piles_up_resources) {
  const auto o = run("suite-cleanup", *catalog().find("go1.20"));
  BOOST_TEST(!check(o, "suite-level:released-after-each-test").passed);
  BOOST_TEST(check(o, "per-test:released-after-each-test").passed);
  BOOST_TEST(metric(o, "suite_level_peak_open") == 10);
  BOOST_TEST(metric(o, "per_test_peak_open") == 1);
}

BOOST_AUTO_TEST_CASE(timeout_cascade_and_remedy) {
  for (const char* name : {"go1.22", "go1.22-observed"}) {
    BOOST_TEST_CONTEXT(name) {
      const policy::Profile& p = *catalog().find(name);
      const auto leak = run("timeout-cascade", p);
      BOOST_TEST_MESSAGE(name << " leak: first timed out " << metric(leak, "first_timed_out_test") << ", not run "
                              << metric(leak, "tests_not_run") << ", max GC " << metric(leak, "gc_cpu_percent_max")
                              << "%, cache share " << metric(leak, "cache_share_of_live_heap") << "%\n" << leak.summary);
      BOOST_TEST(!check(leak, "every-test-within-timeout").passed);
      BOOST_TEST(metric(leak, "first_timed_out_test") > 0);
      const auto fixed = run("timeout-cascade", p, 1, {{"clear_cache", "1"}});
      BOOST_TEST(check(fixed, "every-test-within-timeout").passed);
    }
  }
}

BOOST_AUTO_TEST_CASE(same_seed_same_digest) {
  const policy::Profile& p = *catalog().find("go1.22");
  for (const auto& w : workloads::registry()) {
    const auto a = run(w.name, p, 7), b = run(w.name, p, 7);
    BOOST_TEST(a.events_digest == b.events_digest, w.name);
  }
}

// Retention snapshots read the heap only: switched off, every workload's
// events are byte-identical; switched on, they are taken at every test end,
// every timeout and every runtime.GC, and each one is consistent.
BOOST_AUTO_TEST_CASE(retention_snapshots_never_change_events) {
  const policy::Profile& p = *catalog().find("go1.22-observed");
  for (const auto& w : workloads::registry()) {
    BOOST_TEST_CONTEXT(w.name) {
      const workloads::Params params = workloads::resolve_params(w.name, w.params, {});
      const auto on = w.run(workloads::RunInput{p, params, 3, true});
      const auto off = w.run(workloads::RunInput{p, params, 3, false});
      BOOST_TEST(on.events_digest == off.events_digest);
      BOOST_TEST(off.retention.empty());
      std::size_t ends = 0, timeouts = 0, forced = 0;
      for (const rt::Event& e : on.events->events()) {
        ends += e.kind == rt::EventKind::test_end;
        timeouts += e.kind == rt::EventKind::test_timeout;
        forced += e.kind == rt::EventKind::gc_start && (e.subject == "forced" || e.subject.rfind("hook:", 0) == 0);
      }
      BOOST_TEST(on.retention.size() == ends + timeouts + forced);
      for (const rt::RetentionSnapshot& s : on.retention) BOOST_TEST(s.check().empty(), s.subject);
    }
  }
}

// A10: the 1,000 leaked goroutines' stacks retain the heap between them.
BOOST_AUTO_TEST_CASE(goroutine_leak_is_retained_by_worker_frames) {
  const auto o = run("goroutine-leak", *catalog().find("go1.22-observed"));
  const rt::RetentionSnapshot* peak = nullptr;
  for (const auto& s : o.retention)
    if (peak == nullptr || s.reachable_bytes > peak->reachable_bytes) peak = &s;
  BOOST_REQUIRE(peak != nullptr);
  std::uint64_t frames = 0;
  for (const rt::Retainer& r : peak->retainers) frames += r.kind == rt::RootKind::frame ? r.retained_bytes : 0;
  BOOST_TEST(frames * 10 >= peak->reachable_bytes * 9);  // ≥ 90 %
}
