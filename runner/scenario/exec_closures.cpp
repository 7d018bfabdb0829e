// exec_closures.cpp — steps with a body: t.Cleanup, go statements, t.Run.
// Each body runs later or elsewhere (runCleanup, a new goroutine, the
// subtest's goroutine), never inside its parent's loop.
#include <memory>

#include "scenario/check_eval.hpp"

namespace gcm::scenario {

namespace {

std::vector<rt::Object*> capture_cells(const Step& st, const std::function<rt::Object*(const std::string&)>& cell) {
  std::vector<rt::Object*> cells;
  for (const std::string& var : st.captures)
    if (var != st.loop_var) cells.push_back(cell(var));
  return cells;
}

// Marks a WaitGroup done when the goroutine's body ends, also by a panic
// (a deferred wg.Done()).
struct DeferDone {
  rt::WaitGroup* wg;
  ~DeferDone() {
    if (wg != nullptr) wg->done();
  }
};

}  // namespace

// The variables a closure body sees: its captures, read from the closure's
// slots (the loop variable's cell in slot 0 for a go loop).
Interpreter::Env Interpreter::closure_env(const Step& st, gotest::T* t, const std::string& test, rt::Object* self,
                                          bool loop) const {
  Env env{t, test, {}, nullptr, false};
  std::uint32_t slot = loop ? 1 : 0;
  for (const std::string& var : st.captures)
    env.vars.push_back(Binding{var, loop && var == st.loop_var ? self->slot(0) : self->slot(slot++)});
  return env;
}

void Interpreter::exec_closure_step(const Step& st, Env& env) {
  // t.Cleanup(func() { … }): the closure captures exactly st.captures.
  const std::vector<rt::Object*> cells = capture_cells(st, [&env](const std::string& v) { return env.cell(v); });
  gotest::T* t = env.t;
  const std::string test = env.test;
  rt::Object* fn = rt_.new_closure(st.text, std::span<rt::Object* const>(cells), [this, &st, t, test](rt::Object* self, rt::Object*) {
    Env body = closure_env(st, t, test, self, false);
    exec_block(st.body, body);
  });
  t->cleanup(fn);
}

void Interpreter::exec_go(const Step& st, Env& env) {
  const std::vector<rt::Object*> cells = capture_cells(st, [&env](const std::string& v) { return env.cell(v); });
  gotest::T* t = env.t;
  const std::string test = env.test;
  rt::WaitGroup* wg = st.wait ? rt_.make_waitgroup() : nullptr;
  if (wg != nullptr) wg->add(static_cast<int>(st.count));
  if (!st.loop_var.empty()) {
    // for i := 0; i < N; i++ { go func() { … }() }: i shared or per
    // iteration as the profile (and the scenario's go.mod) decide (O5).
    t->go_loop(static_cast<int>(st.count), st.text, std::span<rt::Object* const>(cells), [this, &st, t, test, wg](rt::Object* self) {
      DeferDone done{wg};
      Env body = closure_env(st, t, test, self, true);
      exec_block(st.body, body);
    });
  } else {
    rt::Object* fn = rt_.new_closure(t->name() + "." + st.text, std::span<rt::Object* const>(cells),
                                     [this, &st, t, test, wg](rt::Object* self, rt::Object*) {
                                       DeferDone done{wg};
                                       Env body = closure_env(st, t, test, self, false);
                                       exec_block(st.body, body);
                                     });
    t->go_closure(st.text, fn);
  }
  if (wg != nullptr) wg->wait();  // wg.Wait()
}

void Interpreter::exec_run(const Step& st, Env& env) {
  std::vector<Binding> captured;
  for (const std::string& var : st.captures) captured.push_back(Binding{var, env.cell(var)});
  const std::int64_t n = st.count == 0 ? 1 : st.count;
  for (std::int64_t i = 1; i <= n; ++i) {
    std::string name = st.text;
    if (st.count != 0) name.replace(name.find("%d"), 2, std::to_string(i));  // fmt.Sprintf("Test%d", i)
    // t.Run(name, func(t *testing.T) { t.Parallel(); … }): the subtest's
    // frame holds the variables its function literal refers to.
    env.t->run(name, [this, &st, captured](gotest::T& sub) {
      if (st.parallel) sub.parallel();
      Env body{&sub, sub.name(), captured, &sub.frame(), false};
      for (const Binding& b : captured) sub.frame().set(b.name, b.cell);
      run_body(sub, st.body, std::move(body));
    });
  }
}

void Interpreter::register_cleanup_checks(gotest::T& t) {
  for (std::size_t i = 0; i < s_.checks.size(); ++i) {
    const Check& c = s_.checks[i];
    if (c.at_cleanup_of != t.name()) continue;
    const Observe* o = nullptr;
    for (const Observe& candidate : s_.observe)
      if (candidate.name == c.observe) o = &candidate;
    gotest::T* tp = &t;
    t.cleanup("check:" + c.name, {}, [this, i, o, tp] {
      // The observation is read inside the test's own cleanup; a failing
      // check fails the test there, as the generated Go wrapper's t.Errorf would.
      Value v = o != nullptr ? read(*o, nullptr) : Value::of(std::string("(not observed)"));
      at_cleanup_[i] = v;
      const CheckResult r = judge_check(s_.checks[i], &v);
      if (!r.passed) tp->error(r.message);
    });
  }
}

}  // namespace gcm::scenario
