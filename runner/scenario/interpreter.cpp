// interpreter.cpp — tests onto the package, statement lists as loops, records.
#include "scenario/interpreter.hpp"

#include <algorithm>
#include <stdexcept>

namespace gcm::scenario {

Interpreter::Interpreter(const Scenario& scenario, gotest::Package& pkg)
    : s_(scenario), pkg_(pkg), rt_(pkg.rt()) {}

Interpreter::~Interpreter() = default;

rt::Object* Interpreter::Env::cell(const std::string& var) const {
  for (auto it = vars.rbegin(); it != vars.rend(); ++it)
    if (it->name == var) return it->cell;
  // The loader proved every use is in scope; reaching here is a loader bug.
  throw std::logic_error("scenario: variable " + var + " not in scope at run time");
}

void Interpreter::install() {
  for (const Global& g : s_.globals) globals_[g.name] = rt_.new_root_set(rt::RootKind::global, "main." + g.name);
  for (const Test& test : s_.tests) {
    const std::size_t body = test.body;
    pkg_.add(test.name, [this, body](gotest::T& t) { run_body(t, body, Env{&t, t.name(), {}, &t.frame(), false}); });
  }
}

// The body of a test or subtest: its `at: cleanup` checks are registered
// first, so they run last (runCleanup is LIFO, A6/O1), after every cleanup the
// body registers — the article's §4.4 assertion wrappers (A23).
void Interpreter::run_body(gotest::T& t, std::size_t block, Env env) {
  register_cleanup_checks(t);
  exec_block(block, env);
}

void Interpreter::exec_block(std::size_t block, Env& env) {
  // Closes the frame a closure body opened for its lets, also when the body
  // panics or calls t.FailNow (runtime.Goexit).
  struct Locals {
    rt::Runtime& rt;
    Env& env;
    ~Locals() {
      if (env.own_locals && env.locals != nullptr) rt.release_frame(env.locals);
      env.locals = nullptr;
      env.own_locals = false;
    }
  } locals{rt_, env};
  for (const Step& st : s_.blocks[block].steps) exec_step(st, env);
}

void Interpreter::exec_step(const Step& st, Env& env) {
  switch (st.kind) {
    case StepKind::let: exec_let(st, env); return;
    case StepKind::assign_nil:
    case StepKind::append:
    case StepKind::remove:
    case StepKind::finalizer:
    case StepKind::add_cleanup:
    case StepKind::write: exec_object_step(st, env); return;
    case StepKind::cleanup: exec_closure_step(st, env); return;
    case StepKind::go: exec_go(st, env); return;
    case StepKind::run: exec_run(st, env); return;
    case StepKind::gc:
      for (std::int64_t i = 0; i < st.count; ++i) rt_.gc();  // runtime.GC()
      return;
    case StepKind::sleep: rt_.sleep(st.sleep_ns); return;  // time.Sleep: virtual time
    case StepKind::block:
    case StepKind::cancel: exec_wait_step(st, env); return;
    case StepKind::record: record(env.test, st.text); return;
    case StepKind::panic: throw rt::GoPanic(st.text);
    case StepKind::fatal: env.t->fatal(st.text);
    case StepKind::skip: env.t->skip(st.text);
    case StepKind::observe: store(st.observe, read(st.observe, nullptr)); return;
  }
}

void Interpreter::exec_wait_step(const Step& st, Env& env) {
  if (st.kind == StepKind::cancel) {
    rt_.cancel(scenario_context());  // cancel() of the scenario's context
    return;
  }
  switch (st.until) {
    case BlockUntil::context: scenario_context()->done->recv(); return;      // <-ctx.Done()
    case BlockUntil::test_context: env.t->context()->done->recv(); return;   // <-t.Context().Done()
    case BlockUntil::forever: rt_.make_chan(0, "select{}")->recv(); return;  // select {}
  }
}

rt::Context* Interpreter::scenario_context() {
  if (ctx_ == nullptr) ctx_ = rt_.with_cancel(rt_.background());
  return ctx_;
}

// A record belongs to the test that made it and to each of its ancestors:
// "TestA/Sub" records into "TestA/Sub" and "TestA".
void Interpreter::record(const std::string& test, const std::string& label) {
  std::string name = test;
  for (;;) {
    records_[name].push_back(label);
    const std::size_t slash = name.rfind('/');
    if (slash == std::string::npos) return;
    name.resize(slash);
  }
}

void Interpreter::store(const Observe& o, Value v) {
  for (auto& [name, value] : observations_) {
    if (name != o.name) continue;
    if (o.keep == Keep::max && value.numeric && v.numeric) v.number = std::max(v.number, value.number);
    if (o.keep == Keep::sum && value.numeric && v.numeric) v.number += value.number;
    value = std::move(v);
    return;
  }
  observations_.emplace_back(o.name, std::move(v));
}

}  // namespace gcm::scenario
