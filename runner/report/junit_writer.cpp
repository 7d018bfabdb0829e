// junit_writer.cpp — JUnit XML from a RunResult; every string escaped and
// sanitised on the way out (xml_text.hpp).
#include "report/junit_writer.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "report/atomic_write.hpp"
#include "report/sweep.hpp"
#include "report/test_status.hpp"
#include "report/units.hpp"
#include "report/xml_text.hpp"
#include "runtime/events.hpp"

namespace gcm::report {
namespace {

using workloads::Check;
using workloads::EmulatedTest;
using Properties = std::vector<std::pair<std::string, std::string>>;

bool is_skipped(EmulatedTest::Status s) {
  return s == EmulatedTest::Status::not_run || s == EmulatedTest::Status::skipped;
}

double host_wall_ns(const workloads::Observation& obs) {
  for (const workloads::HostMetric& m : obs.host)
    if (m.name == kHostWallMetric) return m.value;
  return 0;
}

// Checks with an outcome; CaseResult::check() reports any mismatch, the
// writer only must not read past either vector.
std::size_t judged_checks(const CaseResult& c) {
  return std::min(c.outcomes.size(), c.obs.checks.size());
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string counts_attrs(std::size_t tests, std::size_t failures, std::size_t skipped, double wall_ns, std::size_t errors = 0) {
  return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
         "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" +
         seconds_from_ns(wall_ns) + "\"";
}

void write_properties(std::string& out, std::string_view indent, const Properties& props) {
  if (props.empty()) return;
  out += std::string(indent) + "<properties>\n";
  for (const auto& [name, value] : props)
    out += std::string(indent) + "  <property name=\"" + xml_attr(name) + "\" value=\"" +
           xml_attr(value) + "\"/>\n";
  out += std::string(indent) + "</properties>\n";
}

Properties check_properties(const CaseResult& c, const Check& check, const CheckOutcome& o) {
  const workloads::Observation& obs = c.obs;
  Properties p{{"profile", c.profile.name},
               {"workload", obs.workload},
               {"seed", std::to_string(obs.seed)},
               {"claims", join(check.claims, ",")},
               {"expected", to_string(o.expected)},
               {"passed", o.passed ? "true" : "false"},
               {"message", check.message}};
  if (!o.gated) p.emplace_back("gated", "false");  // report-only: no expectation recorded
  if (const CheckTally* t = c.sweep ? c.sweep->find(check.name) : nullptr) {  // --seeds: over every seed
    p.emplace_back("sweep.seeds", std::to_string(t->runs));
    p.emplace_back("sweep.passed", std::to_string(t->passed));
    p.emplace_back("sweep.unexpected", std::to_string(t->unexpected));
    p.emplace_back("sweep.rate", rate_text(*t));
  }
  for (const auto& [key, value] : obs.params) p.emplace_back("param." + key, value);
  for (const auto& [key, value] : obs.observations) p.emplace_back("observation." + key, value);
  for (const workloads::Metric& m : obs.metrics)
    p.emplace_back("metric." + m.name, std::to_string(m.value));
  for (const workloads::HostMetric& m : obs.host)
    p.emplace_back("host." + m.name, plain_number(m.value));
  return p;
}

// A flaky check's type is "flaky" (sweep.hpp flaky_tally), not the first
// seed's unexpected-pass or unexpected-fail, which read as a check that
// fails in every schedule.
std::string failure_type(const CaseResult& c, const CheckOutcome& o) {
  if (flaky_tally(c, o) != nullptr) return "flaky";
  return std::string(to_string(o.deviation()));
}

// The failure's one-line message states the verdict, then the check's own reason.
std::string failure_message(const CaseResult& c, const Check& check, const CheckOutcome& o) {
  const std::string reason(first_line(check.message));
  const std::string outcome = o.passed ? "passed" : "failed";
  if (const CheckTally* t = flaky_tally(c, o))  // the reason is the first seed's: say which seed and what it did
    return "expected " + std::string(to_string(o.expected)) + " in every schedule; " + rate_sentence(*t) + "; seed " +
           std::to_string(c.obs.seed) + " (the first) " + outcome + ": " + reason;
  switch (o.deviation()) {
    case Deviation::unexpected_pass: return "expected fail, passed: " + reason;
    case Deviation::unexpected_fail: return "expected pass, failed: " + reason;
    case Deviation::no_expectation:
      return "no expectation recorded for " + c.profile.name + "/" + c.obs.workload + "/" +
             check.name + " (" + outcome + ": " + reason + ")";
    case Deviation::none: break;
  }
  return reason;
}

std::string failure_detail(const CaseResult& c, const Check& check, const CheckOutcome& o) {
  const workloads::Observation& obs = c.obs;
  std::string params;
  for (const auto& [key, value] : obs.params) params += (params.empty() ? "" : ", ") + key + "=" + value;
  std::string d = "profile: " + c.profile.name + " (" + c.profile.family + ", Go " + c.profile.go +
                  ")\nworkload: " + obs.workload + "\ncheck: " + check.name +
                  "\nexpected: " + to_string(o.expected) +
                  "\noutcome: " + (o.passed ? "passed" : "failed") + "\nmessage: " + check.message +
                  "\nclaims: " + join(check.claims, ", ") + "\nparams: " + params +
                  "\nseed: " + std::to_string(obs.seed) + "\nsource: " + obs.source_file + ":" +
                  std::to_string(obs.source_line) + "\n";
  if (o.deviation() == Deviation::no_expectation)
    d += "hint: review the outcome, then record it with `gcmatrix --update-expectations`\n";
  return d;
}

// `line` is the check's own line (a scenario check) or 0 for the case's.
std::string testcase_open(std::string_view classname, std::string_view name,
                          const workloads::Observation& obs, double wall_ns, int line = 0) {
  std::string out = "    <testcase classname=\"" + xml_attr(classname) + "\" name=\"" +
                    xml_attr(name) + "\"";
  if (!obs.source_file.empty())
    out += " file=\"" + xml_attr(obs.source_file) + "\" line=\"" +
           std::to_string(line != 0 ? line : obs.source_line) + "\"";
  return out + " time=\"" + seconds_from_ns(wall_ns) + "\">\n";
}

// What the check found, in words a dashboard shows: an expected failure is a
// passing testcase (the gate), but it must not read as a plain pass.
// A report-only check expects nothing: its failure is not "as expected"
// (it read so, with property expected=missing), and a gated check without an
// entry fails the gate, so it is not "not gated" either.
std::string check_outcome_line(const Check& check, const CheckOutcome& o) {
  std::string verdict = o.passed ? "passed" : "FAILED";
  if (!o.gated) verdict += ", not gated (a report-only case: nothing is recorded to expect)";
  else if (!o.passed && o.as_expected) verdict = "FAILED, as expected (the anti-pattern leaks here)";
  else if (o.deviation() == Deviation::no_expectation) verdict += ", with no expectation recorded (which fails the gate)";
  return verdict + ": " + std::string(first_line(check.message)) + "\n";
}

void write_check_case(std::string& out, const CaseResult& c, std::size_t i) {
  const Check& check = c.obs.checks[i];
  const CheckOutcome& o = c.outcomes[i];
  const double share_ns = host_wall_ns(c.obs) / static_cast<double>(c.obs.checks.size());
  const bool expected_failure = !o.passed && o.as_expected && o.gated;
  out += testcase_open(c.profile.name + "." + c.obs.workload, check.name + std::string(expected_failure ? kExpectedFailSuffix : ""), c.obs,
                       share_ns, check.source_line);
  write_properties(out, "      ", check_properties(c, check, o));
  if (!o.as_expected)
    out += "      <failure message=\"" + xml_attr(failure_message(c, check, o)) + "\" type=\"" +
           failure_type(c, o) + "\">" +
           xml_text(failure_detail(c, check, o)) +
           "</failure>\n";
  out += "      <system-out>" + xml_text(check_outcome_line(check, o)) + "</system-out>\n";
  out += "    </testcase>\n";
}

void write_test_case(std::string& out, const CaseResult& c, const EmulatedTest& t) {
  // Its time is the emulated test's virtual duration (what `go test` would
  // have reported), not host time.
  out += testcase_open(c.profile.name + "." + c.obs.workload + ".tests", t.name, c.obs, static_cast<double>(t.duration_ns),
                       t.source_line);
  write_properties(out, "      ",
                   {{"status", status_name(t.status)},
                    {"virtual_duration_ns", std::to_string(t.duration_ns)},
                    {"message", t.message}});
  if (is_skipped(t.status)) {
    const std::string verdict = t.status == EmulatedTest::Status::not_run ? "not run" : "skipped";
    const std::string_view reason = first_line(t.message);
    out += "      <skipped message=\"" +
           xml_attr(reason.empty() ? verdict : verdict + ": " + std::string(reason)) + "\"/>\n";
  }
  // A test that failed, timed out or panicked in the emulation is not a gate
  // failure here (the checks gate); junit-go.xml reports it as `go test` would.
  out += "      <system-out>" + xml_text(std::string("emulated Go test ") + status_name(t.status) +
                                         (t.message.empty() ? "" : ": " + std::string(first_line(t.message))) + "\n") +
         "</system-out>\n";
  out += "    </testcase>\n";
}

// One case's part of its suite's <system-out>.
std::string system_out_text(const CaseResult& c) {
  std::string text = "== " + c.obs.workload + " ==\n" + c.obs.summary;
  if (!c.obs.summary.empty() && c.obs.summary.back() != '\n') text += '\n';
  if (!c.outcomes.empty() && !c.gated())
    text += "not gated: no expectation recorded for " + c.profile.name + "/" + c.obs.workload +
            " (report only; record one with `gcmatrix --update-expectations` or an inline expect:)\n";
  for (const auto& [name, value] : c.obs.observations) text += "observation " + name + " = " + value + "\n";
  text += "events: " + std::to_string(c.obs.event_count) + ", digest " + rt::hex64(c.obs.events_digest) +
          ", virtual duration " + seconds_from_ns(static_cast<double>(c.obs.virtual_duration_ns)) + " s\n";
  return text;
}

JunitCounts counts_of(const CaseResult& c) {
  JunitCounts n;
  n.tests = judged_checks(c) + c.obs.tests.size();
  for (std::size_t i = 0; i < judged_checks(c); ++i) n.failures += c.outcomes[i].as_expected ? 0 : 1;
  for (const EmulatedTest& t : c.obs.tests) n.skipped += is_skipped(t.status) ? 1 : 0;
  n.wall_ns = host_wall_ns(c.obs);
  return n;
}

// Every <testcase> of one case: its checks, then its emulated tests.
void write_case_testcases(std::string& out, const CaseResult& c) {
  for (std::size_t i = 0; i < judged_checks(c); ++i) write_check_case(out, c, i);
  for (const EmulatedTest& t : c.obs.tests) write_test_case(out, c, t);
}

// The root element, its counts the suites' plus those of `problems`.
std::string document_head(const JunitCounts& totals, const std::vector<JunitProblem>& problems = {}) {
  const auto errors = static_cast<std::size_t>(
      std::count_if(problems.begin(), problems.end(), [](const JunitProblem& p) { return p.error; }));
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gcmatrix\"" +
         counts_attrs(totals.tests + problems.size(), totals.failures + problems.size() - errors, totals.skipped, totals.wall_ns,
                      errors) +
         ">\n";
}

// Problems of the run as a whole (the progress file's incomplete run, a
// merge's missing legs and regressions) as one suite, a testcase each.
std::string problem_suite(std::string_view suite, const std::vector<JunitProblem>& problems, const JunitOptions& options) {
  const auto errors = static_cast<std::size_t>(
      std::count_if(problems.begin(), problems.end(), [](const JunitProblem& p) { return p.error; }));
  std::string out = "  <testsuite name=\"" + std::string(suite) + "\"" + counts_attrs(problems.size(), problems.size() - errors, 0, 0, errors) +
                    " timestamp=\"" + xml_attr(options.timestamp) + "\" hostname=\"" + xml_attr(options.hostname) + "\">\n";
  for (const JunitProblem& p : problems)
    out += "    <testcase classname=\"" + std::string(suite) + "\" name=\"" + xml_attr(p.name) + "\" time=\"0.000000\">\n      <" +
           (p.error ? "error" : "failure") + " type=\"" + xml_attr(p.type) + "\" message=\"" + xml_attr(p.message) +
           "\"/>\n    </testcase>\n";
  return out + "  </testsuite>\n";
}

std::string suite_head(const ProfileInfo& profile, const JunitCounts& counts, std::uint64_t seed,
                       const std::string& gcmatrix_version, const JunitOptions& options) {
  std::string head = "  <testsuite name=\"" + xml_attr(profile.name) + "\"" +
                     counts_attrs(counts.tests, counts.failures, counts.skipped, counts.wall_ns) + " timestamp=\"" +
                     xml_attr(options.timestamp) + "\" hostname=\"" + xml_attr(options.hostname) + "\">\n";
  write_properties(head, "    ",
                   {{"family", profile.family},
                    {"go", profile.go},
                    {"seed", std::to_string(seed)},
                    {"description", profile.description},
                    {"gcmatrix_version", gcmatrix_version}});
  return head;
}

std::string suite_tail(std::size_t cases, const std::string& system_out) {
  std::string tail;
  if (cases != 0) tail = "    <system-out>" + xml_text(system_out) + "</system-out>\n";
  return tail + "  </testsuite>\n";
}

constexpr std::size_t kNoSuite = static_cast<std::size_t>(-1);

// The suite (index into `profiles`) of a case: the first profile of its name.
std::size_t suite_of(const std::vector<ProfileInfo>& profiles, const CaseResult& c) {
  for (std::size_t i = 0; i < profiles.size(); ++i)
    if (profiles[i].name == c.profile.name) return i;
  return kNoSuite;
}

}  // namespace

void JunitCounts::add(const JunitCounts& o) {
  tests += o.tests;
  failures += o.failures;
  skipped += o.skipped;
  wall_ns += o.wall_ns;
}

JunitDocument::JunitDocument(const std::vector<ProfileInfo>& profiles, std::uint64_t seed,
                             std::string gcmatrix_version, JunitOptions options,
                             const std::filesystem::path& spill_dir)
    : seed_(seed), gcmatrix_version_(std::move(gcmatrix_version)), options_(std::move(options)), spill_(spill_dir) {
  for (const ProfileInfo& p : profiles) suites_.push_back(Suite{p, {}, 0, {}, {}});
}

void JunitDocument::add(const CaseResult& c) {
  auto suite = std::find_if(suites_.begin(), suites_.end(), [&](const Suite& s) { return s.profile.name == c.profile.name; });
  if (suite == suites_.end()) return;
  std::string rendered;
  write_case_testcases(rendered, c);
  const SpillFile::Extent e = spill_.append(rendered);  // first: a failed append changes nothing
  if (!suite->testcases.empty() && suite->testcases.back().offset + suite->testcases.back().bytes == e.offset)
    suite->testcases.back().bytes += e.bytes;  // cases of one profile in a row: one extent
  else
    suite->testcases.push_back(e);
  suite->counts.add(counts_of(c));
  ++suite->cases;
  suite->system_out_text += system_out_text(c);
}

// Piece by piece into `out`: the suites' rendered testcases are read back
// from the spill file, never concatenated into one more copy of the
// document (at 10^4 tests × 11 profiles the copies were most of --junit's
// peak RSS).
void JunitDocument::render_to(const Sink& out) const { render_parts(out, false); }

void JunitDocument::render_in_progress_to(const Sink& out) const { render_parts(out, true); }

void JunitDocument::render_parts(const Sink& out, bool in_progress) const {
  JunitCounts totals;
  std::size_t cases = 0;
  for (const Suite& s : suites_) totals.add(s.counts), cases += s.cases;
  // What a killed or crashed run leaves must not read as a smaller green run
  // on a dashboard: the progress file carries one error, which the final
  // file (render_junit_to) does not.
  std::vector<JunitProblem> incomplete;
  if (in_progress)
    incomplete.push_back({true, "incomplete-run", "run-complete",
                          "this file was written while the run was in progress, after " + std::to_string(cases) +
                              " case(s): the run was killed or crashed before writing its final JUnit file "
                              "(its exit status and stderr say why)"});
  out(document_head(totals, incomplete));
  for (const Suite& s : suites_) {
    out(suite_head(s.profile, s.counts, seed_, gcmatrix_version_, options_));
    for (const SpillFile::Extent& e : s.testcases) spill_.read(e, out);
    out(suite_tail(s.cases, s.system_out_text));
  }
  if (in_progress) out(problem_suite(kInProgressSuite, incomplete, options_));
  out("</testsuites>\n");
}

std::string JunitDocument::render() const {
  std::string text;
  render_to([&](std::string_view piece) { text += piece; });
  return text;
}

void render_junit_to(const RunResult& run, const JunitOptions& options, const Sink& out,
                     const std::vector<JunitProblem>& problems) {
  std::vector<std::size_t> suite(run.cases.size());
  std::vector<JunitCounts> counts(run.profiles.size());
  std::vector<std::size_t> cases(run.profiles.size(), 0);
  JunitCounts totals;
  for (std::size_t k = 0; k < run.cases.size(); ++k) {
    suite[k] = suite_of(run.profiles, run.cases[k]);
    if (suite[k] == kNoSuite) continue;
    const JunitCounts n = counts_of(run.cases[k]);
    counts[suite[k]].add(n);
    ++cases[suite[k]];
  }
  for (const JunitCounts& n : counts) totals.add(n);
  out(document_head(totals, problems));
  std::string piece;
  for (std::size_t i = 0; i < run.profiles.size(); ++i) {
    out(suite_head(run.profiles[i], counts[i], run.seed, run.gcmatrix_version, options));
    std::string system_out;
    for (std::size_t k = 0; k < run.cases.size(); ++k) {
      if (suite[k] != i) continue;
      piece.clear();
      write_case_testcases(piece, run.cases[k]);
      out(piece);
      system_out += system_out_text(run.cases[k]);
    }
    out(suite_tail(cases[i], system_out));
  }
  if (!problems.empty()) out(problem_suite(kMergeSuite, problems, options));
  out("</testsuites>\n");
}

std::string render_junit(const RunResult& run, const JunitOptions& options) {
  std::string text;
  render_junit_to(run, options, [&](std::string_view piece) { text += piece; });
  return text;
}

void write_junit(const std::filesystem::path& path, const RunResult& run,
                 const JunitOptions& options, const std::vector<JunitProblem>& problems) {
  write_file_atomically(path, [&](const Sink& out) { render_junit_to(run, options, out, problems); });
}

}  // namespace gcm::report
