// run_result.cpp — judging check outcomes and digesting a run's cases.
#include "report/run_result.hpp"

#include <algorithm>
#include <tuple>

#include "runtime/events.hpp"

namespace gcm::report {

const char* to_string(Expected e) noexcept {
  switch (e) {
    case Expected::pass: return "pass";
    case Expected::fail: return "fail";
    case Expected::missing: return "missing";
  }
  return "missing";
}

std::optional<Expected> parse_expected(std::string_view text) noexcept {
  if (text == "pass") return Expected::pass;
  if (text == "fail") return Expected::fail;
  if (text == "missing") return Expected::missing;
  return std::nullopt;
}

const char* to_string(Deviation d) noexcept {
  switch (d) {
    case Deviation::none: return "";
    case Deviation::unexpected_pass: return "unexpected-pass";
    case Deviation::unexpected_fail: return "unexpected-fail";
    case Deviation::no_expectation: return "no-expectation";
  }
  return "";
}

Deviation CheckOutcome::deviation() const noexcept {
  if (!gated) return Deviation::none;
  if (expected == Expected::missing) return Deviation::no_expectation;
  if (passed && expected == Expected::fail) return Deviation::unexpected_pass;
  if (!passed && expected == Expected::pass) return Deviation::unexpected_fail;
  return Deviation::none;
}

CheckOutcome judge(std::string check, bool passed, Expected expected) noexcept {
  CheckOutcome o{std::move(check), passed, expected, false};
  o.as_expected = o.deviation() == Deviation::none;
  return o;
}

CheckOutcome report_only(std::string check, bool passed) noexcept {
  CheckOutcome o{std::move(check), passed, Expected::missing, true};
  o.gated = false;
  return o;
}

bool CaseResult::gated() const noexcept {
  return std::any_of(outcomes.begin(), outcomes.end(), [](const CheckOutcome& o) { return o.gated; });
}

bool CaseResult::as_expected() const noexcept {
  // An observation with checks but no outcomes was never judged: not as expected.
  if (outcomes.size() != obs.checks.size()) return false;
  return std::all_of(outcomes.begin(), outcomes.end(),
                     [](const CheckOutcome& o) { return o.as_expected; });
}

std::vector<std::string> CaseResult::check() const {
  std::vector<std::string> problems;
  const std::string where = obs.profile + "/" + obs.workload;
  if (outcomes.size() != obs.checks.size()) {
    problems.push_back(where + ": " + std::to_string(outcomes.size()) + " outcomes for " +
                       std::to_string(obs.checks.size()) + " checks");
    return problems;
  }
  if (profile.name != obs.profile)
    problems.push_back(where + ": profile info names '" + profile.name + "'");
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const CheckOutcome& o = outcomes[i];
    const workloads::Check& c = obs.checks[i];
    if (o.check != c.name)
      problems.push_back(where + ": outcome " + std::to_string(i) + " judges '" + o.check +
                         "', check is '" + c.name + "'");
    if (o.passed != c.passed)
      problems.push_back(where + "/" + c.name + ": outcome and check disagree on passed");
    if (o.as_expected != (o.deviation() == Deviation::none))
      problems.push_back(where + "/" + c.name + ": as_expected contradicts expected");
  }
  return problems;
}

const ProfileInfo* RunResult::find_profile(std::string_view name) const noexcept {
  for (const ProfileInfo& p : profiles)
    if (p.name == name) return &p;
  return nullptr;
}

std::size_t RunResult::unexpected_count() const noexcept {
  std::size_t n = 0;
  for (const CaseResult& c : cases)
    for (const CheckOutcome& o : c.outcomes) n += o.as_expected ? 0 : 1;
  return n;
}

std::uint64_t digest_of_cases(const std::vector<CaseResult>& cases) {
  std::vector<const CaseResult*> sorted;
  sorted.reserve(cases.size());
  for (const CaseResult& c : cases) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](const CaseResult* a, const CaseResult* b) {
    // The seed too: several seeds of one profile and workload must not
    // digest in input order (issue 16 item 11). Lines stay without it, so a
    // one-seed run's digest is what it was.
    return std::tie(a->obs.profile, a->obs.workload, a->obs.seed) < std::tie(b->obs.profile, b->obs.workload, b->obs.seed);
  });
  // FNV-1a 64: offset basis 14695981039346656037, prime 1099511628211.
  std::uint64_t h = 14695981039346656037ull;
  auto feed = [&h](std::string_view s) {
    for (unsigned char ch : s) {
      h ^= ch;
      h *= 1099511628211ull;
    }
  };
  for (const CaseResult* c : sorted) {
    feed(c->obs.profile);
    feed("\t");
    feed(c->obs.workload);
    feed("\t");
    feed(rt::hex64(c->obs.events_digest));
    feed("\n");
  }
  return h;
}

}  // namespace gcm::report
