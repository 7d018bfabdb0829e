// pacer.cpp — heap goal (O10) and GC CPU limiter (O11).
#include "runtime/pacer.hpp"

#include <algorithm>

namespace gcm::rt {

void Pacer::recompute(std::uint64_t heap_marked_bytes, std::uint64_t roots_bytes) {
  heap_marked_bytes_ = heap_marked_bytes;
  if (config_.gogc_off) {
    gogc_goal_bytes_ = kNoGoal;
  } else {
    const std::uint64_t gogc = static_cast<std::uint64_t>(std::max(config_.gogc_percent, 0));
    // Term by term: marked + (marked + roots) × GOGC/100.
    const std::uint64_t counted = heap_marked_bytes + (config_.roots_in_goal ? roots_bytes : 0);
    const std::uint64_t goal = heap_marked_bytes + counted * gogc / 100;
    const std::uint64_t minimum = config_.min_heap_bytes * gogc / 100;
    gogc_goal_bytes_ = std::max(goal, minimum);
  }
  heap_goal_bytes_ = gogc_goal_bytes_;
  if (config_.memory_limit_bytes != 0) heap_goal_bytes_ = std::min(heap_goal_bytes_, config_.memory_limit_bytes);
}

void Pacer::end_cycle(std::uint64_t heap_marked_bytes, std::uint64_t roots_bytes, std::int64_t now_ns,
                      std::int64_t gc_ns) {
  window_.push_back(CycleCost{now_ns, gc_ns});
  while (!window_.empty() && window_.front().end_ns < now_ns - limiter_window_ns) window_.pop_front();
  std::int64_t gc_in_window_ns = 0;
  for (const CycleCost& c : window_) gc_in_window_ns += c.gc_ns;
  const std::int64_t window_ns = std::min<std::int64_t>(limiter_window_ns, std::max<std::int64_t>(now_ns, 1));
  gc_cpu_percent_ = static_cast<std::uint32_t>(std::min<std::int64_t>(100, gc_in_window_ns * 100 / window_ns));
  if (config_.memory_limit_bytes != 0 && config_.cpu_limiter_percent > 0 && config_.cpu_limiter_percent < 100) {
    const std::int64_t p = config_.cpu_limiter_percent;
    limiter_resume_ns_ = now_ns + gc_ns * (100 - p) / p;
  }
  recompute(heap_marked_bytes, roots_bytes);
  // Engaged: the heap is over the limit, so the next cycle waits for the limiter.
  limiter_engaged_ = config_.memory_limit_bytes != 0 && heap_marked_bytes >= config_.memory_limit_bytes &&
                     limiter_resume_ns_ > now_ns;
}

}  // namespace gcm::rt
