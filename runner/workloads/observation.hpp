// observation.hpp — what one workload run under one profile returns: checks,
// deterministic metrics, host metrics, emulated test results and its events.
// Reports (report/) are built from Observations only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "facts/case_facts.hpp"
#include "gotest/test_result.hpp"
#include "runtime/events.hpp"
#include "runtime/retention.hpp"

namespace gcm::workloads {

// A test-hygiene assertion ("no trie node of this test is live after it completes").
struct Check {
  std::string name;                 // stable identifier, kebab-case: "no-live-nodes-after-test"
  bool passed = false;
  std::string message;              // one line: the real reason, with figures
  std::vector<std::string> claims;  // claim IDs behind it (A…, O…)
  int source_line = 0;              // a scenario check: its line in the scenario file; 0 = the case's line
  // A scenario check's inline expectations: family ("documented",
  // "observed") -> "pass" | "fail"; used when expectations.yaml has none.
  std::map<std::string, std::string> expect = {};
};

// A deterministic figure (a pure function of profile, workload, params, seed).
struct Metric {
  std::string name;   // "live_nodes_during_cleanup", "retained_bytes"; units last
  std::int64_t value = 0;
  std::string unit;   // "bytes", "ns", "count", "percent", "bool"
};

// A host figure (wall time, mimalloc bytes): never deterministic, never gates.
struct HostMetric {
  std::string name;   // "host_wall_ns", "host_live_bytes", …
  double value = 0;
  std::string unit;
};

// One emulated Go test (TestX or TestX/sub) of the workload's package.
struct EmulatedTest {
  using Status = gotest::TestStatus;  // gotest/'s own, not a mirror (issue 12)
  std::string name;
  Status status = Status::passed;
  std::int64_t duration_ns = 0;     // virtual
  std::string message;              // failure/skip reason, one line
  int source_line = 0;              // a scenario test: the line of its top-level test; 0 = the case's line
};

struct Observation {
  std::string workload;                       // registry name, "cleanup-capture"
  std::string profile;                        // profile name, "go1.22"
  std::uint64_t seed = 1;
  std::map<std::string, std::string> params;  // effective parameters (defaults filled)
  std::vector<std::string> claims;            // claim IDs the workload exercises
  std::string source_file;                    // workload source, relative to the repo root
  int source_line = 0;                        // line of its run function

  std::vector<Check> checks;
  std::vector<Metric> metrics;
  std::vector<HostMetric> host;
  std::vector<EmulatedTest> tests;
  // A scenario's observations in canonical form (scenario/value.hpp), in the
  // order first written; empty for a C++ workload.
  std::vector<std::pair<std::string, std::string>> observations;
  std::string summary;                        // a few lines of what happened (JUnit system-out)

  std::uint64_t events_digest = 0;            // EventLog::digest()
  std::uint64_t event_count = 0;
  std::int64_t virtual_duration_ns = 0;       // the emulated binary's run time
  // GOMEMLIMIT the case ran with: the profile's, or the workload's own
  // environment's (timeout-cascade sets one, A22); 0 = no limit. For
  // report.html's limit line; the events do not carry it.
  std::uint64_t memory_limit_bytes = 0;
  std::shared_ptr<const rt::EventLog> events; // for traces and cascade explanations
  // facts::derive(*events), once per case (Harness::facts()); null for an
  // Observation built otherwise (report::case_facts() derives it then).
  std::shared_ptr<const facts::CaseFacts> facts;
  // Who retained the heap at each test end, timeout and runtime.GC, in the
  // order taken (retention.hpp). Empty when snapshots were switched off.
  std::vector<rt::RetentionSnapshot> retention;
  std::uint64_t retention_dropped = 0;        // snapshots past Runtime::kRetentionSnapshotsMax + skipped by gotest::RetentionBudget
};

}  // namespace gcm::workloads
