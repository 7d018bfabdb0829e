// work_stealing.cpp — local run queues, wakep's latency, runqgrab's half.
#include "runtime/work_stealing.hpp"

#include <algorithm>

namespace gcm::rt {

WorkStealing::WorkStealing(const SchedConfig& config, const CostModel& cost, std::uint64_t seed)
    : enabled_(config.work_stealing && config.gomaxprocs >= 2 && config.kind != SchedKind::yield_only),
      wake_ns_(cost.wake_p_ns),
      jitter_percent_(std::min<std::uint32_t>(config.wake_jitter_percent, 100)),
      jitter_(Prng::stream(seed, Prng::Stream::steal_wake)) {
  if (enabled_) ps_.resize(config.gomaxprocs);
}

// The M's wake latency: cost.wake_p_ns ± sched.wake_jitter_percent, uniform (one draw per wake).
std::int64_t WorkStealing::wake_latency_ns() {
  const std::int64_t spread = wake_ns_ * jitter_percent_ / 100;
  if (spread == 0) return wake_ns_;
  return wake_ns_ - spread + static_cast<std::int64_t>(jitter_.below(static_cast<std::uint64_t>(2 * spread) + 1));
}

// proc.go wakep: only when no M is spinning already (a waking or busy thief
// will look again by itself), one idle P gets an M.
void WorkStealing::wakep(std::int64_t now_ns) {
  P* idle = nullptr;
  for (P& p : ps_) {
    if (p.state == PState::waking) return;
    if (idle == nullptr && p.state == PState::parked && p.local_count == 0 && p.runnext == nullptr) idle = &p;
  }
  if (idle == nullptr) return;
  idle->state = PState::waking;
  idle->free_ns = now_ns + wake_latency_ns();
  ++wakes_;
}

void WorkStealing::queued(Goroutine* g, std::uint32_t p_index, std::int64_t now_ns) {
  if (!enabled_ || p_index >= ps_.size()) return;
  // A thief that came free (woke, or finished a batch) while every queue
  // was empty found nothing then (findRunnable → stopm): it parked.
  if (local_total_ == 0)
    for (P& t : ps_)
      if ((t.state == PState::waking || t.state == PState::busy) && t.free_ns <= now_ns) t.state = PState::parked;
  P& p = ps_[p_index];
  // runqput(pp, newg, next=true): kick the old runnext out to the tail.
  if (p.runnext != nullptr) {
    p.local.push_back(p.runnext);
    ++p.local_count;
  }
  p.runnext = g;
  set_p(g, p_index);
  // The creating P is running, not idle: wakep wakes another.
  if (p.state == PState::parked) p.state = PState::running;
  wakep(now_ns);
}

void WorkStealing::taken(const Goroutine* g) noexcept {
  const std::uint32_t where = p_of(g);
  if (where == kNotLocal) return;
  P& p = ps_[where];
  if (p.runnext == g) p.runnext = nullptr;
  else --p.local_count;  // its deque entry is now stale, dropped when reached
  forget(g);
}

void WorkStealing::set_p(const Goroutine* g, std::uint32_t p) {
  if (g->id >= where_.size()) where_.resize(std::max<std::size_t>(g->id + 1, 2 * where_.size()), kNotLocal);
  if (where_[g->id] == kNotLocal) ++local_total_;
  where_[g->id] = p;
}

bool WorkStealing::forget(const Goroutine* g) noexcept {
  if (p_of(g) == kNotLocal) return false;
  where_[g->id] = kNotLocal;
  --local_total_;
  return true;
}

Goroutine* WorkStealing::pop_local(P& p) {
  while (!p.local.empty()) {
    Goroutine* g = p.local.front();
    p.local.pop_front();
    if (forget(g)) {
      --p.local_count;
      return g;
    }
  }
  return nullptr;
}

std::vector<Goroutine*> WorkStealing::steal(std::uint32_t victim, std::int64_t now_ns, std::uint32_t* thief_p) {
  std::vector<Goroutine*> batch;
  if (!enabled_ || victim >= ps_.size()) return batch;
  P& v = ps_[victim];
  for (std::uint32_t i = 0; i < ps_.size(); ++i) {
    P& thief = ps_[i];
    if (i == victim || thief.state == PState::parked || thief.state == PState::running) continue;
    if (thief.free_ns > now_ns) continue;
    if (thief.local_count != 0 || thief.runnext != nullptr) continue;  // a P with its own work runs that
    if (v.local_count != 0) {
      // runqgrab: n := t - h; n = n - n/2 (the older half, from the head).
      const std::size_t n = v.local_count - v.local_count / 2;
      for (std::size_t k = 0; k < n; ++k) batch.push_back(pop_local(v));
    } else if (v.runnext != nullptr && now_ns >= thief.free_ns + kRunnextGraceNs) {
      // runqgrab: the queue is empty; after usleep(3), runnext if still there.
      batch.push_back(v.runnext);
      forget(v.runnext);
      v.runnext = nullptr;
    } else if (v.runnext == nullptr) {
      // findRunnable found nothing: the M stops spinning and parks (stopm).
      thief.state = PState::parked;
      continue;
    } else {
      continue;  // still in runqgrab's usleep(3)
    }
    *thief_p = i;
    thief.state = PState::busy;
    thief.free_ns = now_ns;  // set for real by batch_done
    ++steals_;
    return batch;
  }
  return batch;
}

// The one clock charged the batch while the victim's goroutine waited (the
// emulation runs one goroutine at a time); on the real thief P that time
// overlaps with the victim going on. So the thief is busy for the batch's
// duration again, from its end: the victim queues more meanwhile, and the
// next steal finds them (batches grow when the thief is slower per
// goroutine than the creator is per go statement).
void WorkStealing::batch_done(std::uint32_t thief_p, std::int64_t start_ns, std::int64_t end_ns) {
  if (thief_p >= ps_.size()) return;
  ps_[thief_p].state = PState::busy;
  ps_[thief_p].free_ns = end_ns + (end_ns - start_ns);
}

}  // namespace gcm::rt
