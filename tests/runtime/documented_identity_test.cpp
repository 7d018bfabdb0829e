// The documented family keeps the article's semantics (issue 14 §3): the
// scheduler keys (sched:) and gc.tiny_block_root are never named by
// policies/documented/, so every documented case is byte-identical to the
// run recorded before they existed (events digests of `gcmatrix -p go1.20
// -p go1.21 -p go1.22 -p go1.23`, seed 1, default parameters, commit 9631b1e).
#define BOOST_TEST_MODULE documented profiles byte-identical
#include <boost/test/unit_test.hpp>

#include "policy/loader.hpp"
#include "workloads/workload.hpp"

using namespace gcm;

namespace {
struct Recorded {
  const char* profile;
  const char* workload;
  std::uint64_t digest;
};
constexpr Recorded kRecorded[] = {
    {"go1.20", "cleanup-capture", 0x18005c64cc2d9f5bull},
    {"go1.20", "foreign-goroutine-cleanup", 0x0728ff13c41fa105ull},
    {"go1.20", "loopvar-capture", 0xdb657b3c40e89f93ull},
    {"go1.20", "goroutine-leak", 0x5445b69fd0256547ull},
    {"go1.20", "cleanup-vs-finalizer", 0x4f40a3674d18344cull},
    {"go1.20", "explicit-recycle", 0x1f249f59462664d0ull},
    {"go1.20", "context-cleanup", 0x2eed08cd27059745ull},
    {"go1.20", "subtest-sandbox", 0xddcbd755bd31cafeull},
    {"go1.20", "bench-reuse", 0x06ff308db8e1ebbfull},
    {"go1.20", "suite-cleanup", 0xe1b9b6376feef518ull},
    {"go1.20", "timeout-cascade", 0x3f3e595c5876b952ull},
    {"go1.21", "cleanup-capture", 0x18005c64cc2d9f5bull},
    {"go1.21", "foreign-goroutine-cleanup", 0x0728ff13c41fa105ull},
    {"go1.21", "loopvar-capture", 0xdb657b3c40e89f93ull},
    {"go1.21", "goroutine-leak", 0x5445b69fd0256547ull},
    {"go1.21", "cleanup-vs-finalizer", 0x4f40a3674d18344cull},
    {"go1.21", "explicit-recycle", 0x1f249f59462664d0ull},
    {"go1.21", "context-cleanup", 0x2eed08cd27059745ull},
    {"go1.21", "subtest-sandbox", 0xddcbd755bd31cafeull},
    {"go1.21", "bench-reuse", 0x06ff308db8e1ebbfull},
    {"go1.21", "suite-cleanup", 0xe1b9b6376feef518ull},
    {"go1.21", "timeout-cascade", 0x3f3e595c5876b952ull},
    {"go1.22", "cleanup-capture", 0x18005c64cc2d9f5bull},
    {"go1.22", "foreign-goroutine-cleanup", 0x0728ff13c41fa105ull},
    {"go1.22", "loopvar-capture", 0xdb657b3c40e89f93ull},
    {"go1.22", "goroutine-leak", 0x5445b69fd0256547ull},
    {"go1.22", "cleanup-vs-finalizer", 0x0aceff17b4162176ull},
    {"go1.22", "explicit-recycle", 0x1f249f59462664d0ull},
    {"go1.22", "context-cleanup", 0x2eed08cd27059745ull},
    {"go1.22", "subtest-sandbox", 0xddcbd755bd31cafeull},
    {"go1.22", "bench-reuse", 0x06ff308db8e1ebbfull},
    {"go1.22", "suite-cleanup", 0xe1b9b6376feef518ull},
    {"go1.22", "timeout-cascade", 0x3f3e595c5876b952ull},
    {"go1.23", "cleanup-capture", 0x18005c64cc2d9f5bull},
    {"go1.23", "foreign-goroutine-cleanup", 0x0728ff13c41fa105ull},
    {"go1.23", "loopvar-capture", 0xdb657b3c40e89f93ull},
    {"go1.23", "goroutine-leak", 0x5445b69fd0256547ull},
    {"go1.23", "cleanup-vs-finalizer", 0x4f40a3674d18344cull},
    {"go1.23", "explicit-recycle", 0x1f249f59462664d0ull},
    {"go1.23", "context-cleanup", 0x2eed08cd27059745ull},
    {"go1.23", "subtest-sandbox", 0xddcbd755bd31cafeull},
    {"go1.23", "bench-reuse", 0x06ff308db8e1ebbfull},
    {"go1.23", "suite-cleanup", 0xe1b9b6376feef518ull},
    {"go1.23", "timeout-cascade", 0x3f3e595c5876b952ull},
};
}  // namespace

BOOST_AUTO_TEST_CASE(documented_profiles_switch_the_new_mechanisms_off) {
  const policy::ProfileCatalog catalog(GCMATRIX_POLICIES_DIR);
  for (const char* name : {"go1.20", "go1.21", "go1.22", "go1.23"}) {
    const policy::Profile& p = *catalog.find(name);
    BOOST_TEST(p.sched.gomaxprocs == 1u, name);
    BOOST_TEST((p.sched.kind == rt::SchedKind::yield_only), name);
    BOOST_TEST(!p.gc.tiny_block_root, name);
  }
}

BOOST_AUTO_TEST_CASE(documented_cases_have_the_recorded_event_digests) {
  const policy::ProfileCatalog catalog(GCMATRIX_POLICIES_DIR);
  for (const Recorded& r : kRecorded) {
    const workloads::Workload* w = workloads::find_workload(r.workload);
    BOOST_REQUIRE(w != nullptr);
    const workloads::Params params = workloads::resolve_params(w->name, w->params, {});
    const workloads::Observation o = w->run(workloads::RunInput{*catalog.find(r.profile), params, 1});
    BOOST_TEST(o.events_digest == r.digest, r.profile << " / " << r.workload);
  }
}
