// t.cpp — the emulated *testing.T: Cleanup, Run, Parallel, Fatal, Context,
// loop-variable capture.
#include "gotest/t.hpp"

#include <algorithm>
#include <cstring>

#include "gotest/package.hpp"

namespace gcm::gotest {

T::T(Package& pkg, T* parent, std::string name, std::size_t result_index)
    : pkg_(pkg), rt_(pkg.rt()), parent_(parent), name_(std::move(name)), result_index_(result_index) {}

bool T::cleanup(rt::Object* fn) {
  const TestingPolicy& p = pkg_.policy();
  const bool foreign = rt_.goid() != goid_;
  if (finished_) {
    // O3: appended to a list nobody runs again. A stricter reading panics.
    rt_.emit(rt::ev::TestCleanupRejected{.late = 1, .foreign = foreign ? 1 : 0}, name_);
    if (p.late_cleanup == LateCleanup::panic) throw rt::GoPanic("testing: Cleanup called after " + name_ + " has completed");
    return false;
  }
  if (foreign && p.foreign_goroutine_cleanup != ForeignCleanup::allow) {
    // A8: t is bound to its goroutine; elsewhere Cleanup panics or is ignored.
    rt_.emit(rt::ev::TestCleanupRejected{.late = 0, .foreign = 1}, name_);
    if (p.foreign_goroutine_cleanup == ForeignCleanup::panic) throw rt::GoPanic("test is not running");
    return false;
  }
  cleanups_->push(fn);  // (*common).Cleanup appends under c.mu (O3)
  cleanup_seqs_.push_back(
      rt_.emit(rt::ev::TestCleanupRegister{.index = static_cast<std::int64_t>(cleanups_->slots().size() - 1),
                                           .foreign = foreign ? 1 : 0},
               rt_.closure_label(fn)));
  if (p.finalizer_eligibility == FinalizerEligibility::window) pkg_.gate().open_window();
  pkg_.fire(hook::after_cleanup_register);
  return true;
}

bool T::cleanup(std::string label, std::initializer_list<rt::Object*> captures, std::function<void()> body) {
  rt::Object* fn = rt_.new_closure(std::move(label), captures, [body = std::move(body)](rt::Object*, rt::Object*) { body(); });
  return cleanup(fn);
}

bool T::run(std::string name, TestFn fn) {
  if (in_cleanup_ && pkg_.policy().run_in_cleanup == RunInCleanup::panic)
    throw rt::GoPanic("testing: t.Run called during t.Cleanup");  // O6, golang/go#48515
  T* child = pkg_.new_test(this, name_ + "/" + name);
  children_.push_back(child);
  subtests_->add(1);
  rt_.go(child->name_, [this, child, fn = std::move(fn)] { pkg_.t_runner(*child, fn); });
  child->signal_->recv();  // completed, or called t.Parallel()
  return !child->failed_;
}

void T::parallel() {
  if (parallel_ || parent_ == nullptr) return;  // top-level tests run one after another here
  parallel_ = true;
  signal_->send(nullptr);
  bool ok = false;
  parent_->release_->recv(&ok);  // wait until the parent's function returned (closed)
}

void T::log(std::string line) {
  rt_.emit(rt::ev::TestLog{}, name_ + ": " + line);
  pkg_.result(*this).logs.push_back(std::move(line));
}

void T::error(std::string message) {
  TestResult& r = pkg_.result(*this);
  if (!failed_) r.message = message;
  failed_ = true;
  log(std::move(message));
}

void T::fatal(std::string message) {
  error(std::move(message));
  throw rt::GoExit{};  // FailNow → runtime.Goexit: deferred calls and cleanups still run
}

void T::skip(std::string message) {
  TestResult& r = pkg_.result(*this);
  r.status = TestStatus::skipped;
  r.message = message;
  log(std::move(message));
  throw rt::GoExit{};
}

rt::Context* T::context() {
  if (ctx_ == nullptr) ctx_ = rt_.with_cancel(rt_.background());
  return ctx_;
}

rt::Goroutine* T::go(std::string label, std::function<void()> body) { return rt_.go(name_ + "." + label, std::move(body)); }

static rt::Object* box_int(rt::Runtime& rt, std::int64_t v) {
  rt::Object* o = rt.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, 8);
  std::memcpy(o->payload(), &v, sizeof v);
  return o;
}

std::int64_t T::int_of(const rt::Object* boxed) {
  std::int64_t v = 0;
  if (boxed != nullptr && boxed->payload() != nullptr) std::memcpy(&v, boxed->payload(), sizeof v);
  return v;
}

void T::go_loop(int n, std::string label, std::function<void(rt::Object* i_cell)> body) {
  go_loop(n, std::move(label), {}, [body = std::move(body)](rt::Object* self) { body(self->slot(0)); });
}

rt::Goroutine* T::go_closure(std::string label, rt::Object* fn) { return rt_.go_func(name_ + "." + label, fn); }

void T::go_loop(int n, std::string label, std::span<rt::Object* const> captures,
                std::function<void(rt::Object* closure)> body) {
  // O5: before Go 1.22 (or go.mod < 1.22) `i` is one variable for the whole
  // loop, so every goroutine reads its final value (A9: m[3] written three
  // times). From 1.22 each iteration has its own `i`.
  const bool shared = pkg_.policy().loopvar == LoopVar::shared;
  rt::Object* shared_cell = shared ? rt_.new_cell(box_int(rt_, 0)) : nullptr;
  // `i` is a local of the function running the loop: the test function's
  // frame when the test goroutine runs it, else a frame of the goroutine
  // that does (a go loop inside a goroutine), released when that goroutine
  // ends. Not the test's frame then: the goroutine may run after the test
  // function returned and its frame was released (a scenario's nested go
  // loops wrote into the freed frame: heap use after free).
  rt::RootSet* const frame = rt_.goid() == goid_ && !frame_released_ ? frame_ : rt_.open_frame(name_ + "." + label + ".loop");
  frame->set("i", shared_cell);
  std::vector<rt::Object*> slots(1 + captures.size());
  std::copy(captures.begin(), captures.end(), slots.begin() + 1);
  for (int i = 0; i < n; ++i) {
    rt::Object* cell = shared ? shared_cell : rt_.new_cell(box_int(rt_, i));
    if (!shared) frame->set("i", cell);
    slots[0] = cell;
    rt::Object* fn = rt_.new_closure(name_ + "." + label, std::span<rt::Object* const>(slots),
                                     [body](rt::Object* self, rt::Object*) { body(self); });
    rt_.go_func(name_ + "." + label, fn);
    rt_.charge(rt_.options().cost.op_ns);
    if (shared) shared_cell->slot(0) = box_int(rt_, i + 1);  // i++ on the one variable
  }
}

}  // namespace gcm::gotest
