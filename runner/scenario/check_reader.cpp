// check_reader.cpp — reading and cross-checking `checks:`.
#include "scenario/check_reader.hpp"

#include "policy/quote.hpp"
#include "scenario/limits.hpp"
#include "yamlio/did_you_mean.hpp"

namespace gcm::scenario {

using policy::quote;

bool is_numeric(ObserveKind kind) noexcept {
  return kind != ObserveKind::records && kind != ObserveKind::map_keys && kind != ObserveKind::status;
}

namespace {

// The observation a check names: a top-level one, else one written by steps.
const Observe* find_observation(const Scenario& s, const StepReader& steps, const std::string& name) {
  for (const Observe& o : s.observe)
    if (o.name == name) return &o;
  const auto found = steps.step_observations().find(name);
  return found == steps.step_observations().end() ? nullptr : &found->second;
}

// Text compared with an observation: may be empty ("" = no records).
std::string expected_text(const NodeReader& r, const Field& f) {
  if (!f.value.IsScalar()) r.fail_expected(f, "got " + policy::describe_node(f.value), "a value in canonical form, e.g. \"third second first\"");
  if (f.value.Scalar().size() > kTextCharsMax) r.fail_expected(f, "too long", "at most 200 characters");
  return f.value.Scalar();
}

void read_expect(const NodeReader& r, const Field& f, Check& c) {
  const KeyedMap m(r, f, {"documented", "observed"}, "a map {documented: pass|fail, observed: pass|fail}");
  for (const char* family : {"documented", "observed"}) {
    const Field* v = m.get(family);
    if (v == nullptr) continue;
    const std::string e = r.text(*v, "pass or fail");
    if (e != "pass" && e != "fail") r.fail_expected(*v, "unknown value " + quote(e), "one of: pass, fail");
    c.expect[family] = e;
  }
}

void read_comparison(const NodeReader& r, const KeyedMap& m, const Observe& obs, Check& c) {
  const Field& op = m.one_of({"equals", "at_most", "at_least", "one_of"}, "comparison");
  const bool bound = op.key == "at_most" || op.key == "at_least";
  if (bound && !is_numeric(obs.kind))
    r.fail(op.key_where, op.key_path, quote(obs.name) + " is not a number (expected equals or one_of for a text observation)");
  if (op.key == "equals") {
    c.op = CheckOp::equals, c.text = expected_text(r, op);
  } else if (bound) {
    c.op = op.key == "at_most" ? CheckOp::at_most : CheckOp::at_least;
    c.bound = r.integer(op, -(std::int64_t{1} << 62), std::int64_t{1} << 62, "an integer");
  } else {
    c.op = CheckOp::one_of;
    if (!op.value.IsSequence() || op.value.size() == 0) r.fail_expected(op, "got " + policy::describe_node(op.value), "a non-empty list of values");
    if (op.value.size() > 64) r.fail_expected(op, std::to_string(op.value.size()) + " values", "at most 64 values");
    for (std::size_t i = 0; i < op.value.size(); ++i) {
      const Location at = policy::location_of(op.value[i], op.where);
      c.choices.push_back(expected_text(r, Field{op.value[i], {}, op.key_path + "[" + std::to_string(i) + "]", at, at}));
    }
  }
}

Check read_check(const NodeReader& r, const Field& f, const StepReader& steps, const Scenario& s) {
  const KeyedMap m(r, f, {"name", "observe", "equals", "at_most", "at_least", "one_of", "at", "test", "claims", "expect"},
                   "a map {name, observe, equals | at_most | at_least | one_of}");
  Check c;
  c.where = Where{f.key_path, f.where};
  const Field& name = m.need("name", "the check's name");
  c.name = r.text(name, "a name");
  if (const std::string problem = name_problem(c.name, NameKind::check); !problem.empty()) r.fail(name, problem);
  const Field& observe = m.need("observe", "the name of an observation");
  c.observe = r.text(observe, "an observation name");
  const Observe* obs = find_observation(s, steps, c.observe);
  if (obs == nullptr) {
    std::vector<std::string> known;
    for (const Observe& o : s.observe) known.push_back(o.name);
    for (const auto& [n, o] : steps.step_observations()) known.push_back(n);
    const auto guess = yamlio::did_you_mean(c.observe, known);
    std::string listed;
    for (const std::string& k : known) listed += (listed.empty() ? "" : ", ") + k;
    if (listed.empty()) listed = "none is declared: add an observe: list or an observe step";
    r.fail(observe, "unknown observation " + quote(c.observe) +
                        (guess ? " (did you mean " + quote(*guess) + "?)" : " (expected one of: " + listed + ")"));
  }
  read_comparison(r, m, *obs, c);
  if (const Field* at = m.get("at")) {
    const std::string where = r.text(*at, "cleanup");
    if (where != "cleanup") r.fail_expected(*at, "unknown value " + quote(where), "cleanup");
    bool top_level = false;
    for (const Observe& o : s.observe) top_level |= o.name == c.observe;
    if (!top_level)
      r.fail(observe, quote(c.observe) + " is written by a step (expected a top-level observation: at: cleanup reads it inside the cleanup)");
    const Field& test = m.need("test", "the test whose t.Cleanup evaluates the check");
    c.at_cleanup_of = r.text(test, "a test name");
    bool known = false;
    for (const Test& t : s.tests) known |= t.name == c.at_cleanup_of.substr(0, c.at_cleanup_of.find('/'));
    if (!known) r.fail(test, quote(c.at_cleanup_of) + " is not a test of this scenario (expected a name from tests:)");
  } else if (const Field* test = m.get("test")) {
    r.fail(test->key_where, test->key_path, "test: needs at: cleanup (expected at: cleanup, or no test:)");
  }
  if (const Field* claims = m.get("claims")) c.claims = r.string_list(*claims, "a list of claim IDs");
  if (const Field* expect = m.get("expect")) read_expect(r, *expect, c);
  return c;
}

}  // namespace

void read_checks(const NodeReader& r, const Field& checks, const StepReader& steps, Scenario& s) {
  for (std::size_t i = 0; i < checks.value.size(); ++i) {
    const YAML::Node node = checks.value[i];
    const Location at = policy::location_of(node, checks.where);
    Check c = read_check(r, Field{node, {}, checks.key_path + "[" + std::to_string(i) + "]", at, at}, steps, s);
    for (const Check& other : s.checks)
      if (other.name == c.name) r.fail(c.where.at, c.where.key_path + ".name", quote(c.name) + " is checked twice (expected each check name once)");
    s.checks.push_back(std::move(c));
  }
}

}  // namespace gcm::scenario
