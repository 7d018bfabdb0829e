// work_stealing.hpp — per-P local run queues and the idle Ps that steal
// from them (runtime/proc.go). Main entries: WorkStealing::queued(),
// WorkStealing::steal(), WorkStealing::batch_done().
//
// What it emulates (Go 1.19-1.23 proc.go, unchanged in these versions):
//   - newproc → runqput(pp, newg, next=true): a new goroutine goes into its
//     creator P's runnext slot; the goroutine that was there moves to the
//     tail of the P's local queue. The creator keeps running.
//   - newproc → wakep: if a P is idle and no M is spinning, an M is woken
//     (futex) to run it; it becomes a spinning thief after a wake latency.
//   - findRunnable → stealWork → runqsteal → runqgrab: the thief takes
//     n - n/2 of the victim's local queue (the older half, from the head);
//     it takes runnext only when the queue is empty, after usleep(3) while
//     the victim runs ("3us gives ~50x overshoot" of a chan hand-off).
//   - The thief runs what it stole one by one; when done it steals again at
//     once (still spinning); finding nothing, it parks, and the next
//     newproc has to wake it again.
// The Scheduler shows a stolen batch as a switch at the victim's preempt
// point (one-at-a-time emulation) and tells batch_done() how much virtual
// time the batch took; the thief is then busy that long while the victim's
// goroutine goes on — the parallel overlap real Go has.
//
// Everything is a pure function of the seed: the wake latency's jitter is
// drawn from its own Prng stream (Prng::Stream::steal_wake), one draw per wake.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "runtime/gc_config.hpp"
#include "runtime/goroutine.hpp"
#include "runtime/prng.hpp"

namespace gcm::rt {

class WorkStealing {
 public:
  WorkStealing(const SchedConfig& config, const CostModel& cost, std::uint64_t seed);

  // On when the profile asks for it and there is a second P.
  bool enabled() const noexcept { return enabled_; }

  // newproc: g, just created on P `p`, takes p's runnext; wakep at `now_ns`.
  void queued(Goroutine* g, std::uint32_t p, std::int64_t now_ns);
  // g left the run queue by the scheduler's own pick (its P ran it): no longer stealable.
  void taken(const Goroutine* g) noexcept;
  // g waits in a P's local queue or runnext (not a candidate for another P's preempt point).
  bool is_local(const Goroutine* g) const noexcept { return p_of(g) != kNotLocal; }

  // At a preempt point of a goroutine on P `victim`: what a thief that is
  // awake and free by `now_ns` takes from victim's queue, oldest first
  // (empty: nothing stolen now). *thief_p is the stealing P.
  std::vector<Goroutine*> steal(std::uint32_t victim, std::int64_t now_ns, std::uint32_t* thief_p);
  // The batch stolen by `thief_p` ran from start_ns to end_ns of the one virtual clock.
  void batch_done(std::uint32_t thief_p, std::int64_t start_ns, std::int64_t end_ns);

  std::uint64_t steals() const noexcept { return steals_; }
  std::uint64_t wakes() const noexcept { return wakes_; }

  // runqgrab's usleep(3) before it takes the victim's runnext.
  static constexpr std::int64_t kRunnextGraceNs = 3'000;

 private:
  // running: a P whose goroutines create work (the victim); the others are
  // parked, waking (its M on the way) or busy with a stolen batch.
  enum class PState : std::uint8_t { parked, running, waking, busy };
  struct P {
    PState state = PState::parked;
    std::int64_t free_ns = 0;  // waking: when its M runs; busy: when its batch is done
    std::deque<Goroutine*> local;  // runqput tail; entries no longer in where_ are stale
    Goroutine* runnext = nullptr;
    std::size_t local_count = 0;   // live entries in `local`
  };

  void wakep(std::int64_t now_ns);
  std::int64_t wake_latency_ns();
  Goroutine* pop_local(P& p);

  bool enabled_ = false;
  std::int64_t wake_ns_ = 0;
  std::uint32_t jitter_percent_ = 0;
  Prng jitter_;
  std::vector<P> ps_;
  // Queued goroutine → its P, by goroutine id (ids are dense from 1 in a
  // scheduler): a vector index where a hash map of pointers allocated a
  // node per go statement and missed the cache on every lookup (3 % of
  // goroutine-leak's samples at 10^5 goroutines × 11 profiles).
  static constexpr std::uint32_t kNotLocal = UINT32_MAX;
  std::uint32_t p_of(const Goroutine* g) const noexcept { return g->id < where_.size() ? where_[g->id] : kNotLocal; }
  void set_p(const Goroutine* g, std::uint32_t p);
  bool forget(const Goroutine* g) noexcept;  // true when g was queued
  std::vector<std::uint32_t> where_;
  std::size_t local_total_ = 0;  // entries of where_ that are not kNotLocal
  std::uint64_t steals_ = 0;
  std::uint64_t wakes_ = 0;
};

}  // namespace gcm::rt
