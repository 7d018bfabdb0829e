// fiber_switch.hpp — tells AddressSanitizer when execution moves to another
// fiber stack. Main entries: start_switch(), finish_switch(), FiberStack.
//
// ASan keeps the bounds of "the" stack of each thread. A goroutine runs on a
// pooled fiber stack (stack_pool.hpp); unannotated, a C++ throw there (a Go
// panic, Goexit, boost's forced_unwind) makes __asan_handle_no_return clean
// the wrong range, stale redzones stay poisoned, and the next frames on that
// stack are reported as wild-pointer accesses. The protocol
// (sanitizer/common_interface_defs.h): start_switch right before the switch,
// naming the stack being entered; finish_switch first thing on arrival,
// which reports the stack that was left. A fiber that ends passes nullptr as
// fake_stack_save.
//
// Why our own calls: Boost.Context's BOOST_USE_ASAN exists only for its
// ucontext back end (fiber_ucontext.hpp, needs the library built with
// context-impl=ucontext); Debian's libboost_context 1.74 is the fcontext one
// (it exports only make/jump/ontop_fcontext), and fiber_fcontext.hpp has no
// annotations. So the scheduler annotates around each resume() itself.
// Without -fsanitize=address every function here is an empty inline.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define GCM_ASAN_FIBERS 1
#else
#define GCM_ASAN_FIBERS 0
#endif

namespace gcm::rt {

// A stack's lowest address and size: what ASan needs to know of the stack
// being switched to.
struct FiberStack {
  const void* bottom = nullptr;
  std::size_t bytes = 0;
};

// Right before switching to `to`. `fake_stack_save` keeps the leaving
// fiber's fake stack (detect_stack_use_after_return) until it is resumed;
// nullptr when the leaving fiber has ended.
inline void start_switch([[maybe_unused]] void** fake_stack_save, [[maybe_unused]] FiberStack to) noexcept {
#if GCM_ASAN_FIBERS
  __sanitizer_start_switch_fiber(fake_stack_save, to.bottom, to.bytes);
#endif
}

// First thing after arriving on a stack. `fake_stack` is what start_switch
// saved when this stack was left (nullptr on a fiber's first entry); `from`,
// when given, receives the stack that was left.
inline void finish_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] FiberStack* from) noexcept {
#if GCM_ASAN_FIBERS
  const void* bottom = nullptr;
  std::size_t bytes = 0;
  __sanitizer_finish_switch_fiber(fake_stack, &bottom, &bytes);
  if (from != nullptr) *from = {bottom, bytes};
#endif
}

// A switch to `to` and, when this object goes out of scope, back: resume()
// returning or throwing (boost's forced_unwind arrives as an exception out
// of resume()). `came_from`, when given, is updated with the stack that
// resumed us.
class SwitchScope {
 public:
  SwitchScope(FiberStack to, FiberStack* came_from) noexcept : came_from_(came_from) { start_switch(&fake_stack_, to); }
  ~SwitchScope() { finish_switch(fake_stack_, came_from_); }
  SwitchScope(const SwitchScope&) = delete;
  SwitchScope& operator=(const SwitchScope&) = delete;

 private:
  void* fake_stack_ = nullptr;
  FiberStack* came_from_;
};

// The whole life of a fiber, declared first in its entry function: arrival on
// the fresh stack (recording in *resumer the stack that started it), and the
// final switch away when the entry function returns or is unwound, to
// whatever stack *resumer names then (the latest one to resume this fiber).
class FiberLife {
 public:
  explicit FiberLife(FiberStack* resumer) noexcept : resumer_(resumer) { finish_switch(nullptr, resumer_); }
  ~FiberLife() { start_switch(nullptr, *resumer_); }
  FiberLife(const FiberLife&) = delete;
  FiberLife& operator=(const FiberLife&) = delete;

 private:
  FiberStack* resumer_;
};

}  // namespace gcm::rt
