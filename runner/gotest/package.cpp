// package.cpp — tRunner and the test binary: lifecycle, cleanups, timeouts.
#include "gotest/package.hpp"

#include <algorithm>
#include <cstdio>

#include "runtime/resource_exhausted.hpp"

namespace gcm::gotest {

const char* to_string(TestStatus s) noexcept {
  switch (s) {
    case TestStatus::passed: return "passed";
    case TestStatus::failed: return "failed";
    case TestStatus::skipped: return "skipped";
    case TestStatus::timed_out: return "timed_out";
    case TestStatus::not_run: return "not_run";
    case TestStatus::panicked: return "panicked";
  }
  return "unknown";
}

const TestResult* PackageResult::find(const std::string& name) const {
  for (const TestResult& r : tests)
    if (r.name == name) return &r;
  return nullptr;
}

// Go's time.Duration String for whole milliseconds and up: "1m0s", "10m0s", "60ms".
static std::string go_duration(std::int64_t ns) {
  char buf[64];
  if (ns % 1'000'000'000 == 0 && ns >= 60'000'000'000)
    std::snprintf(buf, sizeof buf, "%lldm%llds", static_cast<long long>(ns / 60'000'000'000),
                  static_cast<long long>((ns / 1'000'000'000) % 60));
  else if (ns % 1'000'000'000 == 0)
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(ns / 1'000'000'000));
  else
    std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(ns) / 1e9);
  return buf;
}

Package::Package(rt::Runtime& rt, const TestingPolicy& policy, std::string name)
    : rt_(rt), policy_(policy), name_(std::move(name)),
      gate_(policy.finalizer_eligibility, policy.finalizer_window_ppm, rt.prng()) {
  rt_.finalizer_gate = [this] { return gate_.allow(); };
  // runtime.GC's snapshots share the test-end snapshots' budget (never a leaf subtest's half).
  rt_.gc_snapshot_gate = {[this] { return retention_budget_.admit(rt_, /*leaf_subtest=*/false); },
                          [this](std::uint64_t reached) { retention_budget_.charge(rt_, reached); }};
  const GcHookPoints& h = policy_.gc_hooks;
  const std::pair<bool, const std::string*> armed[] = {
      {h.after_cleanup_register, &hook::after_cleanup_register}, {h.before_body_return, &hook::before_body_return},
      {h.after_body_return, &hook::after_body_return},           {h.before_each_cleanup, &hook::before_each_cleanup},
      {h.after_each_cleanup, &hook::after_each_cleanup},         {h.at_test_complete, &hook::at_test_complete}};
  for (const auto& [on, hook_name] : armed)
    if (on) rt_.arm_hook(*hook_name);
  if (h.every_n_allocations != 0) rt_.set_gc_every_n_allocations(h.every_n_allocations);
}

Package::~Package() {
  rt_.finalizer_gate = nullptr;
  rt_.gc_snapshot_gate = {};
}

void Package::add(std::string name, TestFn fn) {
  if (tests_.size() >= kTestsMax) throw std::length_error("package: too many tests");
  tests_.emplace_back(std::move(name), std::move(fn));
}

T* Package::new_test(T* parent, std::string name) {
  results_.push_back(TestResult{name, TestStatus::passed, rt_.now_ns(), 0, {}, {}});
  ts_.push_back(std::unique_ptr<T>(new T(*this, parent, std::move(name), results_.size() - 1)));
  T* t = ts_.back().get();
  t->signal_ = rt_.make_chan(1, t->name_ + ".signal");
  t->release_ = rt_.make_chan(0, t->name_ + ".release");
  t->done_ = rt_.make_chan(0, t->name_ + ".done");
  t->subtests_ = rt_.make_waitgroup();
  return t;
}

void Package::fire(const std::string& hook_name) { rt_.fire_hook(hook_name); }

// Through the RetentionBudget: a leaf subtest's end is the one a large run
// may skip first (retention_budget.hpp).
void Package::snapshot_retention(rt::RetentionPoint at, const T& t) {
  const bool leaf_subtest = at == rt::RetentionPoint::test_end && t.parent_ != nullptr && t.children_.empty();
  if (!retention_budget_.admit(rt_, leaf_subtest)) return;
  const std::size_t before = rt_.retention().size();
  rt_.snapshot_retention(at, t.name_);
  retention_budget_.charge(rt_, rt_.retention().size() > before ? rt_.retention().back().reachable_objects : 0);
}

PackageResult Package::run() {
  PackageResult out;
  std::size_t started = 0;
  out.run = rt_.run(name_ + ".main", [this, &started] {
    rt::Chan* all_done = rt_.make_chan(0, "main.done");
    if (policy_.timeout_mode == TimeoutMode::binary) start_watchdog(nullptr, policy_.timeout_ns, all_done);
    for (auto& [name, fn] : tests_) {
      T* t = new_test(nullptr, name);
      ++started;
      const TestFn* f = &fn;
      rt_.go(name, [this, t, f] { t_runner(*t, *f); });
      t->signal_->recv();
    }
    all_done->close();
  });
  if (out.run.outcome == rt::RunOutcome::panicked && !aborted_) {  // O8: a goroutine's panic
    aborted_ = true;
    abort_reason_ = "panic: " + out.run.panic_message;
    abort_seq_ = rt_.emit(rt::ev::BinaryAbort{}, abort_reason_);
  } else if (out.run.outcome == rt::RunOutcome::deadlock) {
    aborted_ = true;
    abort_reason_ = "fatal error: all goroutines are asleep - deadlock!";
    abort_seq_ = rt_.emit(rt::ev::BinaryAbort{}, abort_reason_);
  }
  for (T* t : running_) {  // died with the binary
    TestResult& r = result(*t);
    if (r.status != TestStatus::timed_out) {
      r.status = TestStatus::failed;
      if (r.message.empty()) r.message = abort_reason_;
    }
    r.end_ns = rt_.now_ns();
  }
  for (std::size_t i = started; i < tests_.size(); ++i) {
    rt_.emit(rt::ev::TestNotRun{}, tests_[i].first, abort_seq_);
    results_.push_back(TestResult{tests_[i].first, TestStatus::not_run, rt_.now_ns(), rt_.now_ns(), abort_reason_, {}});
  }
  out.tests.assign(results_.begin(), results_.end());
  out.aborted = aborted_;
  out.abort_reason = abort_reason_;
  return out;
}

void Package::start(T& t) {
  t.goid_ = rt_.goid();
  TestResult& r = result(t);
  r.start_ns = rt_.now_ns();
  rt_.flush_alloc_burst();
  rt_.emit(rt::ev::TestStart{.depth = t.parent_ ? 1 : 0}, t.name_);
  t.frame_ = rt_.open_frame(t.name_);
  t.cleanups_ = rt_.new_root_set(rt::RootKind::cleanup_list, t.name_ + ".cleanups");
  t.first_object_id_ = rt_.heap().last_id() + 1;
  gate_.test_started();
  running_.push_back(&t);
  if (policy_.timeout_mode == TimeoutMode::per_test && t.parent_ == nullptr)
    start_watchdog(&t, rt_.now_ns() + policy_.timeout_ns, t.done_);
}

void Package::t_runner(T& t, const TestFn& fn) {
  start(t);
  try {
    fn(t);
  } catch (const rt::GoExit&) {
    // t.FailNow / t.SkipNow: runtime.Goexit; tRunner's deferred code goes on.
  } catch (const rt::GoPanic& p) {
    t.panicked_ = true;
    t.panic_message_ = p.what();
  } catch (const std::exception& e) {
    if (rt::is_resource_exhaustion(e)) throw;  // the host's failure, not the test's panic
    t.panicked_ = true;
    t.panic_message_ = std::string("runtime error: ") + e.what();
  }
  finish_body(t);
  complete(t);
}

void Package::release_frame(T& t) {
  if (t.frame_released_) return;
  t.frame_released_ = true;
  rt_.release_frame(t.frame_);
}

// From the function's return to the last cleanup (testing.go tRunner's defer).
void Package::finish_body(T& t) {
  fire(hook::before_body_return);
  rt_.flush_alloc_burst();
  rt_.emit(rt::ev::TestBodyReturn{.panicked = t.panicked_ ? 1 : 0}, t.name_);
  fire(hook::after_body_return);
  t.release_->close();  // parallel subtests start now
  if (policy_.cleanups_wait_for_subtests) t.subtests_->wait();  // O1
  if (policy_.finalizer_eligibility == FinalizerEligibility::window) gate_.open_window();
  if (policy_.context_cancel_before_cleanup && t.ctx_ != nullptr) {  // O9 (Go 1.24+)
    rt_.emit(rt::ev::TestContextCancel{.before_cleanups = 1}, t.name_);
    rt_.cancel(t.ctx_);
  }
  if (policy_.frame_release == FrameRelease::before_cleanups) release_frame(t);  // O2
  if (!t.panicked_ || policy_.cleanups_run_on_panic) run_cleanups(t);  // A6, O1
  if (!policy_.cleanups_wait_for_subtests) t.subtests_->wait();
  if (policy_.frame_release == FrameRelease::after_cleanups) release_frame(t);  // A2
  gate_.close_window();
  if (t.ctx_ != nullptr && !t.ctx_->cancelled) {
    rt_.emit(rt::ev::TestContextCancel{.before_cleanups = 0}, t.name_);
    rt_.cancel(t.ctx_);
  }
}

// testing.go runCleanup: pop the last registered function and call it, until
// none is left; a panicking cleanup does not skip the others.
void Package::run_cleanups(T& t) {
  t.in_cleanup_ = true;
  rt::RootSet* holder = rt_.open_frame(t.name_ + ".runCleanup");
  std::int64_t index = static_cast<std::int64_t>(t.cleanups_->slots().size());
  while (!t.cleanups_->slots().empty()) {
    rt::Object* fn = t.cleanups_->slots().back().object;
    holder->set("fn", fn);
    t.cleanups_->slots().pop_back();
    const std::uint64_t registered_seq = t.cleanup_seqs_.back();
    t.cleanup_seqs_.pop_back();
    --index;
    fire(hook::before_each_cleanup);
    rt_.emit(rt::ev::TestCleanupRun{.index = index}, rt_.closure_label(fn), registered_seq);
    try {
      rt_.call(fn);
    } catch (const rt::GoExit&) {
    } catch (const rt::GoPanic& p) {
      if (!t.panicked_) {
        t.panicked_ = true;
        t.panic_message_ = p.what();
      }
    }
    holder->set("fn", nullptr);
    fire(hook::after_each_cleanup);
  }
  rt_.release_frame(holder);
  t.in_cleanup_ = false;
}

void Package::complete(T& t) {
  t.finished_ = true;
  TestResult& r = result(t);
  r.end_ns = rt_.now_ns();
  if (t.panicked_) {
    r.status = TestStatus::panicked;
    r.message = "panic: " + t.panic_message_;
  } else if (r.status != TestStatus::skipped) {
    r.status = t.failed_ ? TestStatus::failed : TestStatus::passed;
  }
  rt_.flush_alloc_burst();
  rt_.emit(rt::ev::TestEnd{.status = static_cast<std::int64_t>(r.status), .duration_ns = r.duration_ns()}, t.name_);
  rt_.check_phase_end("test end");
  rt_.drop_root_set(t.cleanups_);  // the test's cleanup slice is garbage now
  t.cleanups_ = nullptr;
  gate_.test_finished();
  std::erase(running_, &t);
  t.done_->close();
  fire(hook::at_test_complete);
  // A15: "mark test context completed → GC discards the finalizer entries";
  // A13: with a testCleanupLock they never run either.
  if (policy_.discard_pending_finalizers_at_test_end || policy_.finalizer_eligibility == FinalizerEligibility::never)
    rt_.discard_finalizers_from(t.first_object_id_);
  // Who retains the heap once the test is over: its cleanup list is gone,
  // its frame may not be (A2 vs O2), a static cache never is (A22).
  snapshot_retention(rt::RetentionPoint::test_end, t);
  if (t.panicked_) abort_binary("panic: " + t.panic_message_);  // tRunner re-panics: the binary dies
  if (t.parent_ != nullptr) {
    if (t.failed_) t.parent_->failed_ = true;
    t.parent_->subtests_->done();
  }
  if (!t.parallel_) t.signal_->send(nullptr);
}

void Package::start_watchdog(T* t, std::int64_t deadline_ns, rt::Chan* done) {
  const std::int64_t limit_ns = policy_.timeout_ns;
  rt_.go(t ? t->name_ + ".alarm" : std::string("testing.alarm"), [this, deadline_ns, done, limit_ns] {
    rt::Chan* cases[] = {done};
    rt::Object* v = nullptr;
    if (rt::select_recv(rt_, cases, std::max<std::int64_t>(deadline_ns - rt_.now_ns(), 1), &v) == 0) return;
    for (T* running : running_) {
      TestResult& r = result(*running);
      r.status = TestStatus::timed_out;
      r.end_ns = rt_.now_ns();
      r.message = "test timed out after " + go_duration(limit_ns);
      // per_test tells the cascade explanation which alarm it was: A22's
      // per-test limit, or O7's one alarm for the whole binary.
      rt_.emit(rt::ev::TestTimeout{.limit_ns = limit_ns,
                                   .ran_ns = r.duration_ns(),
                                   .per_test = policy_.timeout_mode == TimeoutMode::per_test ? 1 : 0},
               running->name_);
      snapshot_retention(rt::RetentionPoint::test_timeout, *running);  // what the deadline met
    }
    abort_binary("panic: test timed out after " + go_duration(limit_ns));  // O7: cleanups do not run
  }, /*system=*/true);
}

void Package::abort_binary(const std::string& reason) {
  aborted_ = true;
  abort_reason_ = reason;
  abort_seq_ = rt_.emit(rt::ev::BinaryAbort{}, reason);
  throw rt::GoPanic(reason);
}

}  // namespace gcm::gotest
