// export_go_checks.cpp — observations as Go reads, the package's observations
// after its tests, and checks as t.Errorf assertions (scenarios/README.md,
// "Observations" and "Checks").
#include "scenario/export_go.hpp"

namespace gcm::scenario::go {

// `at_end`: inside gcmPackageObservations, where `aborted` is known.
std::string observation_read(const Observe& o, bool at_end) {
  const std::string subject = quote(o.subject);
  switch (o.kind) {
    case ObserveKind::live: return "gcmLive(" + subject + ", " + quote(o.test) + ")";
    case ObserveKind::finalized: return "gcmFinalized(" + subject + ")";
    case ObserveKind::heap_alloc: return "gcmHeapAlloc()";
    case ObserveKind::goroutines: return "gcmGoroutines()";
    case ObserveKind::map_keys: return "gcmMapKeys(" + subject + ")";
    case ObserveKind::map_size: return "gcmMapSize(" + subject + ")";
    case ObserveKind::map_count: return "gcmMapCount(" + subject + ", " + std::to_string(o.key) + ")";
    case ObserveKind::records: return "gcmRecords(" + subject + ")";
    case ObserveKind::len: return "gcmLen(len(" + ident(o.subject) + "))";
    case ObserveKind::status: return "gcmStatus(" + subject + ")";
    case ObserveKind::rejected_cleanups: return "gcmRejectedCleanups()";
    case ObserveKind::aborted: return at_end ? "gcmAborted(aborted)" : "gcmAborted(false)";
  }
  return "gcmNumber(0)";
}

// Read once, when the package has finished: from TestScenarioChecks (the last
// test), or from the test or goroutine whose panic is about to end the binary.
std::string package_observations(const Scenario& s) {
  static const char* const keep[] = {"gcmKeepLast", "gcmKeepMax", "gcmKeepSum"};
  std::string out = "\n// gcmPackageObservations reads the scenario's top-level observations (`observe:`).\n";
  out += "func gcmPackageObservations(aborted bool) {\n";
  for (const Observe& o : s.observe)
    out += "\tgcmStore(" + quote(o.name) + ", " + keep[static_cast<int>(o.keep)] + ", " + observation_read(o, true) + ")\n";
  out += "\t_ = aborted\n}\n";
  return out;
}

std::string check_call(const Check& c, const std::string& reading) {
  const std::string head = "(t, " + quote(c.name) + ", " + reading + ", ";
  switch (c.op) {
    case CheckOp::equals: return "gcmEquals" + head + quote(c.text) + ")";
    case CheckOp::at_most: return "gcmAtMost" + head + std::to_string(c.bound) + ")";
    case CheckOp::at_least: return "gcmAtLeast" + head + std::to_string(c.bound) + ")";
    case CheckOp::one_of: {
      std::string choices;
      for (const std::string& choice : c.choices) choices += (choices.empty() ? "" : ", ") + quote(choice);
      return "gcmOneOf" + head + choices + ")";
    }
  }
  return "";
}

namespace {

// What matrix/expectations.yaml-style inline expectations say, as a comment.
std::string expectation_comment(const Check& c) {
  std::string out;
  for (const auto& [family, outcome] : c.expect) out += (out.empty() ? "" : ", ") + family + " profiles " + outcome;
  std::string claims;
  for (const std::string& claim : c.claims) claims += (claims.empty() ? "" : " ") + claim;
  if (out.empty() && claims.empty()) return "";
  return "\t// " + c.name + (claims.empty() ? "" : " (" + claims + ")") + (out.empty() ? "" : ": gcmatrix expects " + out) + "\n";
}

}  // namespace

std::string checks_test(const Scenario& s) {
  std::string out =
      "\n// TestScenarioChecks runs last: it reads the package's observations, prints every observation\n"
      "// once, and asserts the checks that are not bound to a test's cleanup.\n"
      "func TestScenarioChecks(t *testing.T) {\n\tgcmFinish(false)\n";
  for (const Check& c : s.checks) {
    if (!c.at_cleanup_of.empty()) continue;
    out += expectation_comment(c);
    out.append("\t").append(check_call(c, "gcmObserved(" + quote(c.observe) + ")")).append("\n");
  }
  return out + "}\n";
}

}  // namespace gcm::scenario::go
