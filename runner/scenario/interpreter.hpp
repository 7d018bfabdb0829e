// interpreter.hpp — the model backend of a scenario: its tests built onto a
// gotest::Package (never around it), run by the caller, then its observations
// read and its checks judged. Main entries: Interpreter::install(),
// Interpreter::finish().
//
// No recursion on the user's nesting: a statement list runs as a loop
// (exec_block), and a body is never run from inside its parent's loop — a
// cleanup runs from the testing package's runCleanup, a go body on its own
// goroutine (fiber), a run body on the subtest's goroutine — so each C++ stack
// holds one block's frame at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gotest/package.hpp"
#include "scenario/spec.hpp"
#include "scenario/value.hpp"
#include "trie/trie.hpp"

namespace gcm::scenario {

struct CheckResult {
  std::string name;
  bool passed = false;
  std::string message;   // one line, with the value observed
  std::vector<std::string> claims;
  int line = 0;          // of the check in the scenario file
};

struct ScenarioResult {
  std::vector<std::pair<std::string, Value>> observations;  // in the order first written
  std::vector<CheckResult> checks;                           // in file order
};

class Interpreter {
 public:
  Interpreter(const Scenario& scenario, gotest::Package& pkg);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  void install();  // every test of the scenario, in file order, added to the package
  // After Package::run(): the top-level observations, then every check.
  ScenarioResult finish(const gotest::PackageResult& result);
  // Drops what must not outlive the runtime (the trie engine's node pool is
  // a root set of it). Call after finish(), before the runtime is destroyed;
  // the interpreter itself must outlive the runtime, whose destructor unwinds
  // goroutines left blocked through the interpreter's code.
  void release_runtime_state() { tries_.reset(); }

 private:
  struct Binding {
    std::string name;
    rt::Object* cell;  // the variable (Go closures capture variables, not values)
  };
  struct Env {  // one running statement list
    gotest::T* t;
    std::string test;               // full test name, for records
    std::vector<Binding> vars;
    rt::RootSet* locals = nullptr;  // where a let puts its cell
    bool own_locals = false;        // opened for this body, released at its end
    rt::Object* cell(const std::string& var) const;
  };

  void run_body(gotest::T& t, std::size_t block, Env env);
  void exec_block(std::size_t block, Env& env);
  void exec_step(const Step& st, Env& env);
  void exec_let(const Step& st, Env& env);
  void exec_object_step(const Step& st, Env& env);
  void exec_closure_step(const Step& st, Env& env);
  void exec_go(const Step& st, Env& env);
  void exec_run(const Step& st, Env& env);
  void exec_wait_step(const Step& st, Env& env);
  Env closure_env(const Step& st, gotest::T* t, const std::string& test, rt::Object* self, bool loop) const;
  rt::Object* finalizer_fn(const std::string& label, const std::string& test);
  void register_cleanup_checks(gotest::T& t);

  void record(const std::string& test, const std::string& label);
  Value read(const Observe& o, const gotest::PackageResult* result) const;
  void store(const Observe& o, Value v);
  rt::Context* scenario_context();
  std::vector<rt::ObjectId> tracked(const Observe& o) const;

  const Scenario& s_;
  gotest::Package& pkg_;
  rt::Runtime& rt_;
  std::optional<trie::StringMap> tries_;
  rt::Context* ctx_ = nullptr;
  std::map<std::string, rt::RootSet*> globals_;
  std::map<std::string, std::vector<std::string>> records_;     // test (and each ancestor) -> labels
  std::map<std::string, std::int64_t> finalized_;               // label -> finalizer runs
  std::map<std::string, std::vector<rt::ObjectId>> tracked_;    // "TestX/var" -> objects its let made
  std::map<std::string, std::string> latest_let_;               // var -> "TestX/var" of its latest let
  std::map<std::string, rt::ObjectId> map_of_let_;              // "TestX/var" -> the map object
  std::unordered_map<rt::ObjectId, std::map<std::int64_t, std::int64_t>> maps_;  // map object -> key -> count
  std::unordered_map<rt::ObjectId, ValueKind> kinds_;           // value object -> what its let made
  std::vector<std::pair<std::string, Value>> observations_;
  std::map<std::size_t, Value> at_cleanup_;                     // check index -> value read in its cleanup
};

}  // namespace gcm::scenario
