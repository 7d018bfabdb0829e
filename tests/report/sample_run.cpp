// sample_run.cpp — the sample run described in sample_run.hpp.
#include "sample_run.hpp"

namespace gcm::report::sample {
namespace {

using workloads::EmulatedTest;
using workloads::Observation;
using Status = EmulatedTest::Status;

Observation base(const std::string& profile, const std::string& workload) {
  Observation obs;
  obs.workload = workload;
  obs.profile = profile;
  obs.seed = 7;
  obs.params = {{"nodes", "1000"}, {"gc_points", "after_register"}};
  obs.source_file = "runner/workloads/" + workload + ".cpp";
  obs.source_line = 42;
  obs.host = {{"host_wall_ns", 79000, "ns"}, {"host_live_bytes", 3.5 * 1024 * 1024, "bytes"}};
  obs.event_count = 128;
  obs.virtual_duration_ns = 1'500'000;
  obs.summary = "registered 1 cleanup; 2 GC cycles\nfinalizers queued: 1";
  return obs;
}

Observation cleanup_capture(bool documented_family) {
  Observation obs = base(documented_family ? "go1.20" : "go1.20-observed", "cleanup-capture");
  obs.claims = documented_family ? std::vector<std::string>{"A2", "A3", "A11"}
                                 : std::vector<std::string>{"O2", "O4"};
  const bool leaks = documented_family;  // A2: the frame outlives the cleanups
  obs.checks = {
      {"no-live-nodes-after-test", !leaks,
       leaks ? "1200 trie nodes live after TestCapture completed" : "0 trie nodes live",
       documented_family ? std::vector<std::string>{"A2", "A3"} : std::vector<std::string>{"O2"}},
      {"finalizer-not-during-test", documented_family,
       documented_family ? "finalized == 0"
                         : "finalizer ran during the test: <obj#12> & \"x\"\nsecond line\x01\xff",
       documented_family ? std::vector<std::string>{"A11"} : std::vector<std::string>{"O4"}},
  };
  obs.metrics = {{"live_nodes_during_cleanup", leaks ? 1200 : 0, "count"},
                 {"retained_bytes", leaks ? 8 * 1024 * 1024 + 200 * 1024 : 0, "bytes"},
                 {"gc_pause_ns", 82'000, "ns"}};
  obs.tests = {{"TestCapture", Status::passed, 1'200'000, ""}};
  obs.events_digest = documented_family ? 0x0123456789abcdefull : 0xfedcba9876543210ull;
  return obs;
}

Observation timeout_cascade(bool documented_family) {
  Observation obs = base(documented_family ? "go1.20" : "go1.20-observed", "timeout-cascade");
  obs.claims = {"A22", "O7"};
  obs.checks = {{"no-timeout", !documented_family,
                 documented_family ? "TestB passed its 60 s limit" : "all tests within 60 s",
                 {"A22", "O7"}}};
  obs.metrics = {{"gc_cycles", documented_family ? 310 : 12, "count"}};
  if (documented_family) {
    obs.tests = {{"TestA", Status::passed, 2'000'000'000, ""},
                 {"TestB", Status::timed_out, 60'000'000'000, "panic: test timed out after 1m0s"},
                 {"TestC", Status::not_run, 0, "binary aborted by TestB's timeout"},
                 {"TestD", Status::skipped, 0, "needs -short=false"}};
  } else {
    obs.tests = {{"TestA", Status::passed, 2'000'000'000, ""},
                 {"TestB", Status::passed, 3'000'000'000, ""},
                 {"TestC", Status::passed, 1'000'000'000, ""}};
  }
  obs.events_digest = documented_family ? 0x1111111111111111ull : 0x2222222222222222ull;
  if (documented_family) {  // who held the heap when TestB hit its deadline
    rt::RetentionSnapshot s;
    s.at = rt::RetentionPoint::test_timeout;
    s.subject = "TestB";
    s.vtime_ns = 62'000'000'000;
    s.reachable_bytes = 10'000;
    s.reachable_objects = 12;
    s.shared_bytes = 200;
    s.shared_objects = 1;
    s.retainers = {{rt::RootKind::global, "orderCache", 0, 8'700, 10}, {rt::RootKind::frame, "TestB", 7, 1'100, 1}};
    s.shared_by = {{rt::RootKind::global, "orderCache", 0, 0, 0}, {rt::RootKind::frame, "TestB", 7, 0, 0}};
    obs.retention.push_back(s);
  }
  return obs;
}

}  // namespace

ProfileInfo documented(const std::string& go) {
  return {"go" + go, std::string(kFamilyDocumented), go, "the article's Go " + go};
}

ProfileInfo observed(const std::string& go) {
  return {"go" + go + "-observed", std::string(kFamilyObserved), go, "real Go " + go};
}

RunResult sample_run() {
  const Expectations exp = parse_expectations(kExpectationsYaml, "sample");
  RunResult run;
  run.gcmatrix_version = "0.1.0";
  run.seed = 7;
  run.profiles = {documented("1.20"), observed("1.20")};
  run.workloads = {"cleanup-capture", "timeout-cascade"};
  for (bool doc : {true, false}) {
    const ProfileInfo& p = run.profiles[doc ? 0 : 1];
    run.cases.push_back(apply(exp, cleanup_capture(doc), p));
    run.cases.push_back(apply(exp, timeout_cascade(doc), p));
  }
  run.digest_of_all_events = digest_of_cases(run.cases);
  run.host = {kHostname, kTimestamp, 2'500'000'000, 2'000'000'000, 48 * 1024 * 1024};
  return run;
}

}  // namespace gcm::report::sample
