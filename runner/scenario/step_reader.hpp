// step_reader.hpp — the statement lists of a scenario: every step read, typed
// and scope-checked in document order with an explicit stack (no recursion on
// the depth a user writes). Main entry: StepReader::read_body().
//
// Scope follows Go: a `let` declares a variable in its block; a closure
// (cleanup, go, run) sees exactly the variables it lists in `captures`
// (plus nothing implicit), and a go loop's variable is declared by the loop.
// `observe` reads instrumentation, not variables: it may name any variable let
// earlier in the file.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "scenario/keyed_map.hpp"
#include "scenario/names.hpp"
#include "scenario/spec.hpp"

namespace gcm::scenario {

// What a variable holds, for the loader's type checks.
enum class VarType : std::uint8_t { trie, bytes, tiny, object, map, integer };

class StepReader {
 public:
  StepReader(const NodeReader& reader, Scenario& scenario) : reader_(reader), s_(scenario) {}

  // Reads `steps` (a sequence) of test `test` into a new block; returns its index.
  std::size_t read_body(const Field& steps, const std::string& test);

  // The file's work so far, counted as kWorkMax counts it.
  std::int64_t work() const noexcept { return work_; }
  // Variables let anywhere so far (document order), for observations.
  const std::map<std::string, VarType>& declared() const noexcept { return declared_; }
  // Observation names written by observe steps.
  const std::map<std::string, Observe>& step_observations() const noexcept { return step_observations_; }

 private:
  struct Frame {  // one statement list being read
    YAML::Node seq;
    std::string key_path;
    Location where;
    std::size_t block;
    int depth;
    std::size_t next = 0;
    std::map<std::string, VarType> scope;  // visible here
    std::set<std::string> outer;           // visible around the closure but not captured (messages)
    std::string closure;                   // "cleanup", "go", "run"; empty for a test body
    std::int64_t repeats = 1;              // how many times the body runs: the loops and run counts around it
    std::string test;                      // the top-level test the list belongs to
  };

  // Adds `units` × the frame's repeats to the file's work (kWorkMax).
  void charge(const Field& f, const Frame& frame, std::int64_t units);

  void read_item(std::size_t frame_index);
  Step read_step(const Field& f, Frame& frame);
  void push_body(const Field& steps, Frame& parent, const Step& step, std::map<std::string, VarType> scope);

  // The variable named by `f` (a use): declared in scope, of an allowed type.
  VarType use(const Field& f, const Frame& frame, std::initializer_list<VarType> allowed = {});
  std::string text(const Field& f, std::string_view expected, std::size_t max_chars = 200) const;
  std::string name(const Field& f, NameKind kind) const;

  void read_let(const KeyedMap& m, Step& st, Frame& frame);
  void read_closure(const KeyedMap& m, Step& st, Frame& frame, std::map<std::string, VarType>& scope);
  void read_go(const KeyedMap& m, Step& st, Frame& frame, std::map<std::string, VarType>& scope);
  void read_run(const KeyedMap& m, Step& st);
  void read_global_step(const KeyedMap& m, Step& st, Frame& frame);
  void read_simple(const Field& f, Step& st, Frame& frame);

 public:
  // Reads an observation (a step's value or a top-level entry).
  Observe read_observe(const Field& f, bool top_level);

 private:
  const NodeReader& reader_;
  Scenario& s_;
  std::vector<Frame> stack_;
  std::size_t steps_read_ = 0;
  std::int64_t work_ = 0;
  std::int64_t goroutines_ = 0;  // statically: go iterations and subtests, times their repeats
  void count_goroutines(const Field& f, const Frame& frame, std::int64_t started);
  std::map<std::string, VarType> declared_;
  std::map<std::string, std::set<std::string>> declared_in_;  // top-level test -> variables let in it
  std::map<std::string, Observe> step_observations_;
};

}  // namespace gcm::scenario
