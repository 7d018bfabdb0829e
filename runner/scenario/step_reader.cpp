// step_reader.cpp — steps, their bodies and their scopes, read without recursion.
#include "scenario/step_reader.hpp"

#include <algorithm>

#include "policy/quote.hpp"
#include "scenario/limits.hpp"

namespace gcm::scenario {

namespace {

using policy::quote;

const std::vector<std::string>& step_keys() {
  static const std::vector<std::string> keys{"let", "assign", "append", "remove", "finalizer", "add_cleanup",
                                             "cleanup", "gc", "sleep", "go", "block", "cancel", "write",
                                             "record", "run", "panic", "fatal", "skip", "observe"};
  return keys;
}

constexpr std::string_view kStepExpected = "a step: a map with one key, e.g. {record: label} (see scenarios/README.md)";

const char* type_name(VarType t) {
  switch (t) {
    case VarType::trie: return "a trie";
    case VarType::bytes: return "a byte slice";
    case VarType::tiny: return "tiny objects";
    case VarType::object: return "an object";
    case VarType::map: return "a map";
    case VarType::integer: return "the loop variable, an int";
  }
  return "a value";
}

Field item_field(const YAML::Node& seq, std::size_t i, const std::string& key_path, Location fallback) {
  const YAML::Node item = seq[i];
  const Location where = policy::location_of(item, fallback);
  return Field{item, {}, key_path + "[" + std::to_string(i) + "]", where, where};
}

}  // namespace

std::string StepReader::text(const Field& f, std::string_view expected, std::size_t max_chars) const {
  std::string t = reader_.text(f, expected);
  if (t.size() > max_chars)
    reader_.fail_expected(f, std::to_string(t.size()) + " characters", "at most " + std::to_string(max_chars) +
                                                                            " characters: " + std::string(expected));
  return t;
}

std::string StepReader::name(const Field& f, NameKind kind) const {
  const std::string n = reader_.text(f, "a name");
  if (const std::string problem = name_problem(n, kind); !problem.empty()) reader_.fail(f, problem);
  return n;
}

VarType StepReader::use(const Field& f, const Frame& frame, std::initializer_list<VarType> allowed) {
  const std::string var = name(f, NameKind::variable);
  const auto found = frame.scope.find(var);
  if (found == frame.scope.end()) {
    if (frame.outer.contains(var))
      reader_.fail(f, "uses " + quote(var) + ", which this " + frame.closure +
                          " closure does not capture (expected it in the closure's captures)");
    reader_.fail(f, "uses " + quote(var) + " before its let (expected a variable declared earlier in this scope)");
  }
  if (allowed.size() != 0 && std::find(allowed.begin(), allowed.end(), found->second) == allowed.end()) {
    std::string listed;
    for (VarType t : allowed) listed += (listed.empty() ? "" : " or ") + std::string(type_name(t));
    reader_.fail(f, quote(var) + " holds " + type_name(found->second) + " (expected " + listed + ")");
  }
  return found->second;
}

std::size_t StepReader::read_body(const Field& steps, const std::string& test) {
  if (!steps.value.IsSequence()) reader_.fail_expected(steps, "got " + policy::describe_node(steps.value), "a list of steps");
  s_.blocks.emplace_back();
  const std::size_t block = s_.blocks.size() - 1;
  stack_.push_back(Frame{steps.value, steps.key_path, steps.where, block, 0, 0, {}, {}, {}, 1, test});
  while (!stack_.empty()) {
    Frame& top = stack_.back();
    if (top.next == top.seq.size()) {
      stack_.pop_back();
      continue;
    }
    read_item(stack_.size() - 1);
  }
  return block;
}

void StepReader::read_item(std::size_t frame_index) {
  Frame& frame = stack_[frame_index];
  const Field item = item_field(frame.seq, frame.next++, frame.key_path, frame.where);
  if (++steps_read_ > kStepsMax)
    reader_.fail(item, "more than " + std::to_string(kStepsMax) + " steps in the file (expected at most " +
                           std::to_string(kStepsMax) + ")");
  const std::vector<Field> keys = reader_.map_fields(item, kStepExpected);
  if (keys.size() != 1)
    reader_.fail_expected(item, std::to_string(keys.size()) + " keys in one step", "exactly one key per step");
  const Field& f = keys.front();
  if (std::find(step_keys().begin(), step_keys().end(), f.key) == step_keys().end())
    reader_.fail_unknown_key(f, step_keys());
  // read_step may push a body frame: `frame` is not used after it.
  const std::size_t block = frame.block;
  charge(f, frame, 1);
  Step st = read_step(f, frame);
  s_.blocks[block].steps.push_back(std::move(st));
}

void StepReader::charge(const Field& f, const Frame& frame, std::int64_t units) {
  // Saturating: repeats and units are each at most kWorkMax here.
  const std::int64_t cost = units > kWorkMax / std::max<std::int64_t>(frame.repeats, 1) ? kWorkMax + 1 : units * frame.repeats;
  work_ = std::min(work_ + cost, kWorkMax + 1);
  if (work_ > kWorkMax)
    reader_.fail(f, "the scenario's work exceeds " + std::to_string(kWorkMax) +
                        " operations (expected less: a trie key or tiny object is 1, a gc 10000, multiplied by the go loops and run counts around it)");
}

void StepReader::count_goroutines(const Field& f, const Frame& frame, std::int64_t started) {
  // Saturating, as charge(): started and repeats are each at most kWorkMax here.
  const std::int64_t n = started > kGoroutinesMax / std::max<std::int64_t>(frame.repeats, 1) ? kGoroutinesMax + 1
                                                                                           : started * frame.repeats;
  goroutines_ = std::min(goroutines_ + n, kGoroutinesMax + 1);
  if (goroutines_ > kGoroutinesMax)
    reader_.fail(f, "the scenario starts more than " + std::to_string(kGoroutinesMax) +
                        " goroutines (expected fewer: each go loop iteration and each subtest is one, multiplied by the go "
                        "loops and run counts around it)");
  charge(f, frame, started);  // starting one is work too: an empty body is not free
}

void StepReader::push_body(const Field& steps, Frame& parent, const Step& step, std::map<std::string, VarType> scope) {
  if (!steps.value.IsSequence()) reader_.fail_expected(steps, "got " + policy::describe_node(steps.value), "a list of steps");
  const int depth = parent.depth + 1;
  if (depth > kBodyDepthMax)
    reader_.fail(steps, "bodies nested deeper than " + std::to_string(kBodyDepthMax) + " (expected at most " +
                            std::to_string(kBodyDepthMax) + " cleanup/go/run bodies inside one another)");
  std::set<std::string> outer = parent.outer;
  for (const auto& [var, type] : parent.scope)
    if (!scope.contains(var)) outer.insert(var);
  if (!step.loop_var.empty() && !scope.contains(step.loop_var)) outer.insert(step.loop_var);  // declared by the loop
  const std::int64_t times = (step.kind == StepKind::go || step.kind == StepKind::run) ? std::max<std::int64_t>(step.count, 1) : 1;
  const std::int64_t repeats = parent.repeats > kWorkMax / times ? kWorkMax + 1 : parent.repeats * times;
  Frame body{steps.value, steps.key_path, steps.where, step.body, depth, 0, std::move(scope), std::move(outer),
             to_string(step.kind), repeats, parent.test};
  stack_.push_back(std::move(body));  // invalidates `parent`
}

}  // namespace gcm::scenario
