// vclock.hpp — the virtual clock. Main entry: VClock::advance().
// Never the wall clock inside the emulation (TigerBeetle src/testing/time.zig):
// every operation charges its cost from CostModel; sleeping jumps to the next timer.
#pragma once

#include <cassert>
#include <cstdint>

namespace gcm::rt {

class VClock {
 public:
  std::int64_t now_ns() const noexcept { return now_ns_; }
  void advance(std::int64_t delta_ns) noexcept {
    assert(delta_ns >= 0);
    now_ns_ += delta_ns;
  }
  void jump_to(std::int64_t when_ns) noexcept {
    assert(when_ns >= now_ns_);  // time never goes backwards
    now_ns_ = when_ns;
  }

 private:
  std::int64_t now_ns_ = 0;  // virtual nanoseconds since the binary started
};

}  // namespace gcm::rt
