// scenario_workload.cpp — a scenario run through the Harness like any workload.
#include "workloads/scenario_workload.hpp"

#include <algorithm>
#include <memory>

#include "policy/profile_error.hpp"
#include "scenario/interpreter.hpp"
#include "workloads/harness.hpp"

namespace gcm::workloads {

policy::Profile profile_for(const scenario::Scenario& s, const policy::Profile& profile) {
  policy::Profile p = profile;
  if (!s.go_minor || p.family != policy::Family::observed) return p;
  // go.mod's go line sets the loop-variable semantics, but a toolchain older
  // than 1.22 has only the shared variable (go1.22 release notes, O5).
  const int toolchain = policy::go_minor(p.go).value_or(0);
  const bool per_iteration = *s.go_minor >= 22 && toolchain >= 22;
  p.testing.loopvar = per_iteration ? gotest::LoopVar::per_iteration : gotest::LoopVar::shared;
  return p;
}

std::string unsupported_step(const scenario::Scenario& s, const policy::Profile& profile) {
  if (s.go1_24_steps.empty() || policy::go_minor(profile.go).value_or(0) >= 24) return {};
  const auto& step = s.go1_24_steps.front();
  return policy::format_profile_error(s.path, step.where.at, step.where.key_path,
                                      step.feature + " is new in Go 1.24; profile " + profile.name + " models Go " +
                                          profile.go + " (expected a profile of Go 1.24 or later, O9)");
}

double scenario_work_units(const scenario::Scenario& s) {
  return std::max(1.0, static_cast<double>(s.work) / static_cast<double>(kScenarioWorkPerCase));
}

namespace {

// The first sentence of the description, for one --list-workloads line.
std::string summary_of(const std::string& description) {
  constexpr std::size_t kSummaryCharsMax = 110;
  std::string first = description.substr(0, std::min(description.find(". "), description.find('\n')));
  if (first.size() > kSummaryCharsMax) first = first.substr(0, kSummaryCharsMax - 3) + "...";
  return first;
}

Observation run_scenario(const Workload& self, const scenario::Scenario& s, const RunInput& in) {
  const policy::Profile profile = profile_for(s, in.profile);
  const RunInput input{profile, in.params, in.seed, in.retention};
  auto h = std::make_unique<Harness>(self, input);
  scenario::Interpreter interp(s, h->pkg());
  interp.install();
  h->run();
  const scenario::ScenarioResult r = interp.finish(h->result());
  for (const scenario::CheckResult& c : r.checks) h->check(c.name, c.passed, c.message, c.claims);
  for (const auto& [name, value] : r.observations) {
    if (!value.numeric) continue;
    const bool bytes = name.find("bytes") != std::string::npos || name.find("heap_alloc") != std::string::npos;
    h->metric(name, value.number, bytes ? "bytes" : "count");
  }
  Observation obs = h->finish();
  // The runtime goes first: unwinding a goroutine left blocked may still run
  // interpreter code (a deferred wg.Done, a body's frame release).
  interp.release_runtime_state();
  h.reset();
  for (std::size_t i = 0; i < obs.checks.size(); ++i) {
    obs.checks[i].source_line = r.checks[i].line;
    obs.checks[i].expect = s.checks[i].expect;
  }
  for (const auto& [name, value] : r.observations) obs.observations.emplace_back(name, value.canonical());
  for (EmulatedTest& t : obs.tests)  // TestX and TestX/Sub point at TestX in the file
    for (const scenario::Test& st : s.tests)
      if (t.name.substr(0, t.name.find('/')) == st.name) t.source_line = st.where.at.line;
  return obs;
}

}  // namespace

Workload scenario_workload(std::shared_ptr<const scenario::Scenario> scenario) {
  auto self = std::make_shared<Workload>();
  self->name = scenario->name;
  self->section = "scenario";
  self->claims = scenario->claims;
  self->summary = summary_of(scenario->description);
  self->where = SourceRef(scenario->path, scenario->document_where.line);
  Workload w = *self;
  w.unsupported = [scenario](const policy::Profile& p) { return unsupported_step(*scenario, p); };
  w.work_units = scenario_work_units(*scenario);
  w.run = [self, scenario](const RunInput& in) { return run_scenario(*self, *scenario, in); };
  return w;
}

}  // namespace gcm::workloads
