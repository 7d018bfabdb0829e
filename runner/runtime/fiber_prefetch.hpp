// fiber_prefetch.hpp — asks the memory system for a parked fiber's saved
// context before the switch that loads it. Main entry: prefetch_fiber().
//
// Why: with 10^5 goroutines parked, each on its own pooled stack
// (stack_pool.hpp), the context a switch restores lies on a stack last
// touched 10^5 switches earlier. perf of goroutine-leak at 10^5 goroutines,
// 11 profiles: jump_fcontext was 21 % of samples, 85 % of them on its first
// load from the new stack (`ldmxcsr (%rsp)`), a cache and TLB miss. The
// scheduler knows, most of the time, which goroutine it will resume next
// while the current one still runs (scheduler.cpp likely_next), and the
// teardown knows its whole order; a prefetch issued then overlaps that miss
// with useful work. A wrong guess costs four prefetches, never a result:
// nothing here reads or writes emulated state.
#pragma once

#include <boost/context/fiber.hpp>

#include <cstring>

#include "runtime/goroutine.hpp"

namespace gcm::rt {

// Where a suspended fiber's context was saved: the stack pointer of its
// switch (Boost.Context's fcontext_t). boost::context::fiber (fcontext
// back end, Boost 1.74: fiber_fcontext.hpp) holds exactly that pointer and
// nothing else, and does not expose it; its object representation is read.
inline const void* saved_context(const boost::context::fiber& f) noexcept {
  static_assert(sizeof(boost::context::fiber) == sizeof(void*), "fiber is not a single fcontext_t");
  const void* sp = nullptr;
  std::memcpy(&sp, static_cast<const void*>(&f), sizeof sp);
  return sp;
}

// The context's registers (0x40 bytes, which may straddle two lines) and the
// frames the resumed code returns into right after, for writing.
inline void prefetch_fiber(const Goroutine* g) noexcept {
  constexpr int kLines = 4;
  if (g == nullptr) return;
  const char* sp = static_cast<const char*>(saved_context(g->fiber));
  if (sp == nullptr) return;  // running or ended: no saved context
  for (int i = 0; i < kLines; ++i) __builtin_prefetch(sp + 64 * i, 1, 3);
}

}  // namespace gcm::rt
