// prng.hpp — the seeded random generator of the emulation. Main entry: Prng::below().
//
// Determinism across standard libraries: std::uniform_int_distribution's
// output differs between libstdc++ and libc++, so the mapping from seed to
// choice is our own: SplitMix64 for the stream, Lemire's multiply-shift with
// rejection for bounded integers. No floating point anywhere.
#pragma once

#include <cassert>
#include <cstdint>

namespace gcm::rt {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) noexcept : state_(seed) {}

  // SplitMix64 (Steele, Lea, Flood 2014), the seeding generator of xoshiro.
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, bound), bound > 0. Lemire, "Fast random integer generation
  // in an interval" (2019), with the exact rejection step.
  std::uint64_t below(std::uint64_t bound) noexcept {
    assert(bound > 0);
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * bound;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // True with probability ppm / 1,000,000.
  bool chance_ppm(std::uint32_t ppm) noexcept { return below(1'000'000) < ppm; }

  std::uint64_t state() const noexcept { return state_; }

  // Independent streams, one per consumer, so that a new consumer moves no
  // other consumer's draws. Stream 0 (base) is Prng(seed) itself: the
  // yield_only scheduler's pick, select's ready case and the documented
  // finalizer window draw from it, in program order, as before issue 14.
  enum class Stream : std::uint64_t {
    base = 0,
    pct_priorities = 1,     // a new goroutine's PCT priority (Scheduler::spawn)
    pct_change_points = 2,  // the d-1 change points, drawn once at construction
    random_sched = 3,       // the random scheduler's choice at each scheduling point
    steal_wake = 4,         // an idle P's wake latency jitter (WorkStealing::wakep)
  };
  static Prng stream(std::uint64_t seed, Stream s) noexcept {
    if (s == Stream::base) return Prng(seed);
    Prng mix(seed ^ (static_cast<std::uint64_t>(s) * 0xD1B54A32D192ED03ull));
    return Prng(mix.next());
  }

 private:
  std::uint64_t state_;
};

}  // namespace gcm::rt
