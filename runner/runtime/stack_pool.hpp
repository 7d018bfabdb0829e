// stack_pool.hpp — goroutine stacks for Boost.Context fibers, recycled.
// Main entry: StackPool (a Boost.Context StackAllocator).
//
// A workload may start thousands of goroutines (A10: 1,000 sleepers), and
// mmap + mprotect + munmap per goroutine dominated its host time. Stacks are
// mmap'ed once with a guard page below (an overflow faults instead of
// corrupting memory, like protected_fixedsize_stack) and kept on a
// per-thread free list for the next goroutine, in this or a later runtime
// (never unmapped before the thread ends).
//
// A guarded stack is two mappings, and the host allows vm.max_map_count
// (65,530 by default) per process: about 32,000 goroutines. Past a quarter of
// that many guarded stacks, stacks come from slabs of kSlabStacks stacks in
// one mapping with one guard page below. Each stack's highest kFenceBytes
// are a zero fence that no fiber uses: a slab stack that overflows runs into
// the fence of the stack below it, which is checked when the overflowing
// stack is released (an overflow aborts the run as an internal error). So
// 10^5 goroutines cost about 3,000 mappings more, not 200,000, and the usual
// counts keep a guard page per stack.
//
// Why the fence is at the top of the stack below and not at the overflowing
// stack's own bottom (where it was): a stack's top page is resident as soon
// as its fiber starts (the fiber's record is written just below the fence),
// while its bottom page never is. Reading a bottom canary at each release
// took a page fault (the kernel mapped its zero page): 182,000 of the
// 457,000 faults of goroutine-leak at 10^5 goroutines under one profile.
//
// Under AddressSanitizer a stack in the free list is poisoned (a fiber still
// using it is reported), and unpoisoned when handed out again: frames of its
// last fiber may have left redzones poisoned, which the next fiber would hit.
#pragma once

#include <boost/context/stack_context.hpp>

#include <cstddef>

#include "runtime/fiber_switch.hpp"

namespace gcm::rt {

class StackPool {
 public:
  static constexpr std::size_t kStackBytes = 256 * 1024;  // bytes per goroutine stack, its fence included
  static constexpr std::size_t kFenceBytes = 64;          // the highest bytes of each stack: zero, never used
  static constexpr std::size_t kUsableBytes = kStackBytes - kFenceBytes;  // a fiber's: sctx.size
  static constexpr std::size_t kSlabStacks = 64;          // stacks per slab mapping (16 MiB)

  // `allocated`, when given, receives the bounds of the stack allocate()
  // hands out (the scheduler names it to ASan when switching to the fiber).
  explicit StackPool(FiberStack* allocated = nullptr) noexcept : allocated_(allocated) {}

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;
  // Guarded stacks handed out before slabs take over: a quarter of the host's
  // vm.max_map_count (65,530 when it cannot be read).
  static std::size_t guarded_max() noexcept;

 private:
  FiberStack* allocated_;
};

}  // namespace gcm::rt
