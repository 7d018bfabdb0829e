// finalizer_gate.hpp — whether the finalizer goroutine may run right now,
// per FinalizerEligibility. Main entry: FinalizerGate::allow().
//
//   free        O4: always (an ordinary goroutine).
//   suppressed  A11: never while a test runs; afterwards as usual.
//   never       A13: never while a test runs, and the test's finalizers are
//               always discarded when it completes (testCleanupLock).
//   window      A12: while a test runs, only inside a "window" opened at two
//               points (right after a t.Cleanup registration, and between the
//               body's return and the first cleanup — A14's GC "right after
//               registration"), and then with probability window_ppm, drawn
//               once per window from the seeded Prng. The figure is a
//               modelling choice: the article only says "extremely low".
#pragma once

#include <cstdint>

#include "gotest/testing_policy.hpp"
#include "runtime/prng.hpp"

namespace gcm::gotest {

class FinalizerGate {
 public:
  FinalizerGate(FinalizerEligibility eligibility, std::uint32_t window_ppm, rt::Prng& prng)
      : eligibility_(eligibility), window_ppm_(window_ppm), prng_(prng) {}

  void test_started() noexcept { ++tests_running_; }
  void test_finished() noexcept { --tests_running_; }
  void open_window() noexcept { window_ = Window::open; }
  void close_window() noexcept { window_ = Window::closed; }

  bool allow() {
    if (tests_running_ == 0) return true;
    switch (eligibility_) {
      case FinalizerEligibility::free: return true;
      case FinalizerEligibility::suppressed:
      case FinalizerEligibility::never: return false;
      case FinalizerEligibility::window: return draw();
    }
    return true;
  }
  std::uint64_t windows_drawn() const noexcept { return windows_drawn_; }
  std::uint64_t windows_won() const noexcept { return windows_won_; }

 private:
  enum class Window : std::uint8_t { closed, open, won };
  bool draw() {
    if (window_ == Window::won) return true;
    if (window_ == Window::closed) return false;
    ++windows_drawn_;
    const bool won = prng_.chance_ppm(window_ppm_);
    windows_won_ += won;
    window_ = won ? Window::won : Window::closed;  // one draw per window
    return won;
  }

  FinalizerEligibility eligibility_;
  std::uint32_t window_ppm_;
  rt::Prng& prng_;
  int tests_running_ = 0;
  Window window_ = Window::closed;
  std::uint64_t windows_drawn_ = 0, windows_won_ = 0;
};

}  // namespace gcm::gotest
