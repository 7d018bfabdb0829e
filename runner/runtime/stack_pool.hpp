// stack_pool.hpp — goroutine stacks for Boost.Context fibers, recycled.
// Main entry: StackPool (a Boost.Context StackAllocator).
//
// A workload may start thousands of goroutines (A10: 1,000 sleepers), and
// mmap + mprotect + munmap per goroutine dominated its host time. Stacks are
// mmap'ed once with a guard page below (an overflow faults instead of
// corrupting memory, like protected_fixedsize_stack) and kept on a
// per-thread free list for the next goroutine, in this or a later runtime.
#pragma once

#include <boost/context/stack_context.hpp>

#include <cstddef>

namespace gcm::rt {

class StackPool {
 public:
  static constexpr std::size_t kStackBytes = 256 * 1024;  // usable bytes per goroutine stack
  static constexpr std::size_t kCachedMax = 4096;         // stacks kept for reuse (per thread)

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;
  static std::size_t cached() noexcept;
};

}  // namespace gcm::rt
