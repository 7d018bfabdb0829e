// junit_go_writer.cpp — see junit_go_writer.hpp.
#include "report/junit_go_writer.hpp"

#include <set>

#include "report/test_status.hpp"
#include "report/units.hpp"
#include "report/xml_text.hpp"

namespace gcm::report {
namespace {

using workloads::EmulatedTest;
using Status = EmulatedTest::Status;

struct Counts {
  std::size_t tests = 0, failures = 0, skipped = 0;
  std::int64_t virtual_ns = 0;
};

bool is_failure(Status s) { return s == Status::failed || s == Status::timed_out || s == Status::panicked; }
bool is_skip(Status s) { return s == Status::skipped || s == Status::not_run; }

// gotestsum's failure message is "Failed"; the kind of failure is kept in it.
const char* failure_kind(Status s) {
  switch (s) {
    case Status::timed_out: return "Failed: timed out";
    case Status::panicked: return "Failed: panic";
    default: return "Failed";
  }
}

std::string counts_attrs(const Counts& n) {
  return " tests=\"" + std::to_string(n.tests) + "\" failures=\"" + std::to_string(n.failures) +
         "\" errors=\"0\" skipped=\"" + std::to_string(n.skipped) + "\" time=\"" +
         seconds_from_ns(static_cast<double>(n.virtual_ns)) + "\"";
}

std::string testcase(const std::string& classname, const EmulatedTest& t) {
  std::string out = "    <testcase classname=\"" + xml_attr(classname) + "\" name=\"" + xml_attr(t.name) +
                    "\" time=\"" + seconds_from_ns(static_cast<double>(t.duration_ns)) + "\"";
  const std::string reason(first_line(t.message));
  if (is_failure(t.status)) {
    out += ">\n      <failure message=\"" + xml_attr(failure_kind(t.status)) + "\" type=\"\">" +
           xml_text("--- FAIL: " + t.name + " (" + status_name(t.status) + ")" + (reason.empty() ? "" : "\n" + reason) +
                    "\n") +
           "</failure>\n    </testcase>\n";
  } else if (is_skip(t.status)) {
    const std::string verdict = t.status == Status::not_run ? "not run" : "skipped";
    out += ">\n      <skipped message=\"" + xml_attr(reason.empty() ? verdict : verdict + ": " + reason) +
           "\"></skipped>\n    </testcase>\n";
  } else {
    out += "></testcase>\n";
  }
  return out;
}

}  // namespace

std::string render_junit_go(const RunResult& run, const JunitOptions& options) {
  Counts total;
  std::string suites;
  // Several seeds of one case are several packages: the seed names them apart.
  std::set<std::uint64_t> seeds;
  for (const CaseResult& c : run.cases) seeds.insert(c.obs.seed);
  for (const CaseResult& c : run.cases) {
    const std::string package = c.profile.name + "/" + c.obs.workload +
                                (seeds.size() > 1 ? "/seed" + std::to_string(c.obs.seed) : std::string());
    Counts n;
    std::string cases;
    for (const EmulatedTest& t : c.obs.tests) {
      ++n.tests;
      n.failures += is_failure(t.status) ? 1 : 0;
      n.skipped += is_skip(t.status) ? 1 : 0;
      cases += testcase(package, t);
    }
    n.virtual_ns = c.obs.virtual_duration_ns;
    total.tests += n.tests, total.failures += n.failures, total.skipped += n.skipped, total.virtual_ns += n.virtual_ns;
    suites += "  <testsuite name=\"" + xml_attr(package) + "\"" + counts_attrs(n) + " timestamp=\"" +
              xml_attr(options.timestamp) + "\" hostname=\"" + xml_attr(options.hostname) + "\">\n" +
              "    <properties>\n      <property name=\"go.version\" value=\"go" + xml_attr(c.profile.go) +
              "\"></property>\n      <property name=\"gcmatrix.family\" value=\"" + xml_attr(c.profile.family) +
              "\"></property>\n      <property name=\"gcmatrix.seed\" value=\"" + std::to_string(c.obs.seed) +
              "\"></property>\n    </properties>\n" + cases + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + counts_attrs(total) + ">\n" + suites +
         "</testsuites>\n";
}

}  // namespace gcm::report
