// pacer.hpp — when the next GC cycle starts. Main entry: Pacer::end_cycle().
//
// O10, Go 1.18+ runtime/mgcpacer.go (gcControllerState.heapGoal):
//
//   heap_goal_bytes = heap_marked_bytes + (heap_marked_bytes + roots_bytes) × GOGC / 100
//   heap_goal_bytes ≥ min_heap_bytes × GOGC / 100          (heapMinimum scales with GOGC)
//   with a memory limit: heap_goal_bytes ≤ memory_limit_bytes (mgcpacer.go memoryLimitHeapGoal,
//     simplified: no non-heap overhead is modelled)
//   GOGC=off and no limit: no goal (only forced cycles).
//
// The GC CPU limiter (runtime/mgclimit.go) caps GC at cpu_limiter_percent of
// CPU when the memory limit drives collections; the heap may then exceed the
// limit (O11: the binary slows down instead of thrashing). Emulation: after
// a cycle, memory-limit cycles are held back until the mutator has run for
//   gc_ns × (100 − cpu_limiter_percent) / cpu_limiter_percent,
// which bounds the GC share at cpu_limiter_percent; 100 disables the limiter
// (a cycle at every allocation over the limit: the death spiral).
//
// Simplification: Go starts a concurrent cycle before the goal (the trigger)
// and finishes it near the goal; a stop-the-world emulation collects at the
// goal itself.
#pragma once

#include <cstdint>
#include <deque>

#include "runtime/gc_config.hpp"

namespace gcm::rt {

class Pacer {
 public:
  static constexpr std::int64_t limiter_window_ns = 1'000'000'000;  // 1 s of virtual time
  static constexpr std::uint64_t kNoGoal = ~std::uint64_t{0};

  explicit Pacer(const GcConfig& config) : config_(config) { recompute(0, 0); }

  std::uint64_t heap_goal_bytes() const noexcept { return heap_goal_bytes_; }
  std::uint64_t gogc_goal_bytes() const noexcept { return gogc_goal_bytes_; }
  std::uint64_t heap_marked_bytes() const noexcept { return heap_marked_bytes_; }
  // True when the last cycle left the heap over the limit with memory-limit cycles held back.
  bool limiter_engaged() const noexcept { return limiter_engaged_; }
  // Whether an allocation that brought the heap to heap_live_bytes starts a cycle.
  bool should_start(std::uint64_t heap_live_bytes, std::int64_t now_ns) const noexcept {
    if (heap_live_bytes >= gogc_goal_bytes_) return true;
    return config_.memory_limit_bytes != 0 && heap_live_bytes >= config_.memory_limit_bytes &&
           now_ns >= limiter_resume_ns_;
  }
  // True when the memory limit (not GOGC) would start the next cycle.
  bool limit_driven(std::uint64_t heap_live_bytes) const noexcept { return heap_live_bytes < gogc_goal_bytes_; }
  // GC CPU share over the limiter window, in percent (0–100).
  std::uint32_t gc_cpu_percent() const noexcept { return gc_cpu_percent_; }

  // After a cycle: live bytes marked, root bytes, when it ended, GC time spent.
  void end_cycle(std::uint64_t heap_marked_bytes, std::uint64_t roots_bytes, std::int64_t now_ns, std::int64_t gc_ns);

 private:
  void recompute(std::uint64_t heap_marked_bytes, std::uint64_t roots_bytes);

  GcConfig config_;
  std::uint64_t heap_marked_bytes_ = 0;  // live after the last mark (Go: heapMarked)
  std::uint64_t gogc_goal_bytes_ = 0;    // GOGC-only goal, kNoGoal when off
  std::uint64_t heap_goal_bytes_ = 0;    // goal in force
  bool limiter_engaged_ = false;
  std::int64_t limiter_resume_ns_ = 0;  // memory-limit cycles wait until then
  std::uint32_t gc_cpu_percent_ = 0;
  struct CycleCost {
    std::int64_t end_ns;
    std::int64_t gc_ns;
  };
  std::deque<CycleCost> window_;  // cycles that ended in the last limiter window
};

}  // namespace gcm::rt
