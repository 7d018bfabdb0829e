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
// CPU over a window; when engaged, the memory-limit goal is ignored and the
// heap may exceed the limit (O11: the binary slows instead of thrashing).
// Emulation: the GC time of the cycles that ended in the last
// limiter_window_ns of virtual time, divided by that window.
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
  bool limiter_engaged() const noexcept { return limiter_engaged_; }
  // The goal in force: the memory-limit goal unless the limiter is engaged.
  bool should_start(std::uint64_t heap_live_bytes) const noexcept { return heap_live_bytes >= heap_goal_bytes_; }
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
  std::uint32_t gc_cpu_percent_ = 0;
  struct CycleCost {
    std::int64_t end_ns;
    std::int64_t gc_ns;
  };
  std::deque<CycleCost> window_;  // cycles that ended in the last limiter window
};

}  // namespace gcm::rt
