// check_eval.cpp — equals, at_most, at_least, one_of on canonical values.
#include "scenario/check_eval.hpp"

#include <algorithm>

#include "policy/quote.hpp"

namespace gcm::scenario {

namespace {

std::string shown(const Value& v) { return v.numeric ? v.canonical() : policy::quote(v.text); }

std::string expectation(const Check& c) {
  switch (c.op) {
    case CheckOp::equals: return "equals " + policy::quote(c.text);
    case CheckOp::at_most: return "at most " + std::to_string(c.bound);
    case CheckOp::at_least: return "at least " + std::to_string(c.bound);
    case CheckOp::one_of: {
      std::string list;
      for (const std::string& choice : c.choices) list += (list.empty() ? "" : ", ") + policy::quote(choice);
      return "one of " + list;
    }
  }
  return "";
}

}  // namespace

CheckResult judge_check(const Check& c, const Value* value) {
  CheckResult r{c.name, false, {}, c.claims, c.where.at.line};
  if (value == nullptr) {
    r.message = c.observe + " was never observed (the step that reads it did not run); expected " + expectation(c);
    return r;
  }
  const std::string got = value->canonical();
  switch (c.op) {
    case CheckOp::equals: r.passed = got == c.text; break;
    case CheckOp::at_most: r.passed = value->numeric && value->number <= c.bound; break;
    case CheckOp::at_least: r.passed = value->numeric && value->number >= c.bound; break;
    case CheckOp::one_of: r.passed = std::find(c.choices.begin(), c.choices.end(), got) != c.choices.end(); break;
  }
  r.message = c.observe + " = " + shown(*value) + " (expected " + expectation(c) + ")";
  if (!c.at_cleanup_of.empty()) r.message += ", read in a t.Cleanup of " + c.at_cleanup_of;
  return r;
}

}  // namespace gcm::scenario
