// t.hpp — the emulated *testing.T. Main entries: T::cleanup(), T::run(),
// T::fatal(), T::context(), T::frame().
//
// Every behaviour that differs between Go versions or between the article and
// real Go is decided by the TestingPolicy (testing_policy.hpp), never here.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "gotest/test_result.hpp"
#include "runtime/runtime.hpp"

namespace gcm::gotest {

class Package;
class T;
using TestFn = std::function<void(T&)>;

class T {
 public:
  const std::string& name() const noexcept { return name_; }
  rt::Runtime& rt() noexcept { return rt_; }
  // The test function's local variables (a goroutine stack frame). When it is
  // released relative to the cleanups is the policy's FrameRelease (A2 vs O2).
  rt::RootSet& frame() noexcept { return *frame_; }

  // t.Cleanup(f). `fn` is a closure object (its captures are roots while it
  // is registered). From another goroutine or after the test completed, the
  // policy decides (A8 vs O3). Returns false if the registration was ignored.
  bool cleanup(rt::Object* fn);
  // Convenience: a closure capturing `captures` whose code is `body`.
  bool cleanup(std::string label, std::initializer_list<rt::Object*> captures, std::function<void()> body);

  // t.Run(name, f): runs a subtest on its own goroutine and waits until it
  // completes or calls parallel(). Inside a cleanup: RunInCleanup (O6).
  bool run(std::string name, TestFn fn);
  void parallel();  // t.Parallel(): pause until the parent's function returns

  void log(std::string line);
  void error(std::string message);                 // t.Error: mark failed, go on
  [[noreturn]] void fatal(std::string message);    // t.Fatal: Error + FailNow (runtime.Goexit)
  [[noreturn]] void skip(std::string message);     // t.Skip
  bool failed() const noexcept { return failed_; }

  // t.Context(): cancelled just before cleanups (Go 1.24+, O9) or, where the
  // profile says otherwise, only when the test completes.
  rt::Context* context();

  // go func() { … }() from the test.
  rt::Goroutine* go(std::string label, std::function<void()> body);
  // for i := 0; i < n; i++ { go func() { body(i) }() } — the goroutines
  // capture the loop variable: one shared variable (A9, O5 ≤1.21) or one per
  // iteration (O5 ≥1.22). `body` receives the cell holding i (an 8-byte int object).
  void go_loop(int n, std::string label, std::function<void(rt::Object* i_cell)> body);
  // The same, where each closure also captures `captures` (cells of other
  // variables): `body` receives the closure, i's cell in slot 0, then the
  // captures in order. Allocates exactly as the form above when `captures` is empty.
  void go_loop(int n, std::string label, std::span<rt::Object* const> captures,
               std::function<void(rt::Object* closure)> body);
  // go fn() from the test, where fn is a closure object: its captures are
  // rooted in the new goroutine's first frame (Runtime::go_func).
  rt::Goroutine* go_closure(std::string label, rt::Object* fn);
  static std::int64_t int_of(const rt::Object* boxed);

  std::uint32_t goid() const noexcept { return goid_; }
  bool finished() const noexcept { return finished_; }
  bool in_cleanup() const noexcept { return in_cleanup_; }

 private:
  friend class Package;
  T(Package& pkg, T* parent, std::string name, std::size_t result_index);

  Package& pkg_;
  rt::Runtime& rt_;
  T* parent_;
  std::string name_;
  std::size_t result_index_;        // into Package's results
  std::uint32_t goid_ = 0;          // the test goroutine
  rt::RootSet* frame_ = nullptr;
  rt::RootSet* cleanups_ = nullptr; // RootKind::cleanup_list, registration order
  std::vector<std::uint64_t> cleanup_seqs_;  // seq of each registration event, parallel to cleanups_ slots (the run's cause)
  rt::ObjectId first_object_id_ = 0;
  rt::Context* ctx_ = nullptr;
  rt::WaitGroup* subtests_ = nullptr;
  rt::Chan* signal_ = nullptr;      // child → parent: "parallel" or "done"
  rt::Chan* release_ = nullptr;     // closed when this test's function returned (parallel children wait)
  rt::Chan* done_ = nullptr;        // closed when the test completed (per-test alarm)
  bool panicked_ = false;
  std::string panic_message_;
  bool finished_ = false, in_cleanup_ = false, failed_ = false, parallel_ = false, frame_released_ = false;
  std::vector<T*> children_;
};

}  // namespace gcm::gotest
