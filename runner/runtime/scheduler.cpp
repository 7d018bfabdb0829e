// scheduler.cpp — goroutines on Boost.Context fibers, seeded choice, timers.
#include "runtime/scheduler.hpp"

#include "runtime/resource_exhausted.hpp"
#include "runtime/stack_pool.hpp"

#include <algorithm>
#include <cassert>
#include <exception>
#include <utility>
#include <stdexcept>

namespace gcm::rt {

namespace ctx = boost::context;

std::string_view to_string(RunOutcome o) noexcept {
  switch (o) {
    case RunOutcome::main_returned: return "main_returned";
    case RunOutcome::deadlock: return "deadlock";
    case RunOutcome::panicked: return "panicked";
  }
  return "unknown";
}

Scheduler::Scheduler(Prng& prng, VClock& clock, EventLog& events, const CostModel& cost)
    : prng_(prng), clock_(clock), events_(events), cost_(cost) {}

// Suspended fibers are unwound (boost forced_unwind) when destroyed; goroutine
// bodies never catch (...) so the unwinding reaches the fiber's entry.
Scheduler::~Scheduler() { unwind_all(); }

void Scheduler::unwind_all() {
  for (auto& g : all_) g->fiber = ctx::fiber{};
  run_queue_.clear();
  timers_.clear();
}

Goroutine* Scheduler::find(std::uint32_t id) const noexcept {
  if (id == 0 || id > all_.size()) return nullptr;
  return all_[id - 1].get();
}

void Scheduler::set_status(Goroutine* g, GStatus s) { g->status = s; }

Goroutine* Scheduler::spawn(std::string label, std::function<void()> body, bool system) {
  if (all_.size() >= kGoroutinesMax)
    throw ResourceExhausted("scheduler: " + std::to_string(kGoroutinesMax) + " goroutines (Scheduler::kGoroutinesMax)");
  auto owned = std::make_unique<Goroutine>();
  Goroutine* g = owned.get();
  g->id = next_id_++;
  g->label = std::move(label);
  g->parent_id = current_id();
  g->system = system;
  g->body = std::move(body);
  g->fiber = ctx::fiber(std::allocator_arg, StackPool{},
                        [this, g](ctx::fiber&& scheduler) {
                          scheduler_fiber_ = std::move(scheduler);
                          try {
                            g->body();
                          } catch (const GoExit&) {
                            // runtime.Goexit: a normal end for the scheduler.
                          } catch (const GoPanic& p) {
                            g->panicked = true;
                            g->panic_message = p.what();
                          } catch (const std::exception& e) {
                            // Not a Go panic: kept, and rethrown on the scheduler's
                            // stack once this fiber is left (resource_exhausted.hpp).
                            if (is_resource_exhaustion(e)) {
                              if (!resource_failure_) resource_failure_ = std::current_exception();
                            } else {
                              g->panicked = true;
                              g->panic_message = std::string("runtime error: ") + e.what();
                            }
                          }
                          g->status = GStatus::dead;
                          return std::move(scheduler_fiber_);
                        });
  all_.push_back(std::move(owned));
  run_queue_.push_back(g);
  events_.emit(clock_.now_ns(), current_id(), EventKind::goroutine_start, g->label,
               {{"goid", g->id}, {"parent", g->parent_id}, {"system", system ? 1 : 0}});
  return g;
}

void Scheduler::switch_to_scheduler() {
  assert(current_ != nullptr);
  scheduler_fiber_ = std::move(scheduler_fiber_).resume();
}

void Scheduler::gosched() {
  if (at_yield) at_yield();
  set_status(current_, GStatus::runnable);
  run_queue_.push_back(current_);
  switch_to_scheduler();
}

void Scheduler::park(std::string reason) {
  if (at_yield) at_yield();
  Goroutine* g = current_;
  set_status(g, GStatus::waiting);
  g->wait_reason = std::move(reason);
  switch_to_scheduler();
}

void Scheduler::sleep_until(std::int64_t wake_ns, std::string reason) {
  if (at_yield) at_yield();
  Goroutine* g = current_;
  g->wake_ns = std::max(wake_ns, clock_.now_ns());
  g->timer_seq = next_timer_seq_++;
  timers_.emplace(g->wake_ns, g->timer_seq, g);
  set_status(g, g->waiting_on.empty() ? GStatus::sleeping : GStatus::waiting);
  g->wait_reason = std::move(reason);
  switch_to_scheduler();
}

void Scheduler::cancel_timer(Goroutine* g) {
  if (g->wake_ns < 0) return;
  timers_.erase({g->wake_ns, g->timer_seq, g});
  g->wake_ns = -1;
}

void Scheduler::ready(Goroutine* g) {
  assert(g->status == GStatus::waiting || g->status == GStatus::sleeping);
  cancel_timer(g);
  set_status(g, GStatus::runnable);
  g->wait_reason.clear();
  run_queue_.push_back(g);
}

bool Scheduler::ran_a_slice() const noexcept {
  return current_ != nullptr && clock_.now_ns() - current_->scheduled_ns >= kForcePreemptNs;
}

bool Scheduler::preempt_due(bool other_work) const noexcept {
  if (!ran_a_slice()) return false;
  return other_work || !run_queue_.empty() || (!timers_.empty() && std::get<0>(*timers_.begin()) <= clock_.now_ns());
}

// Wakes every goroutine whose timer is due, in (wake, seq) order.
bool Scheduler::wake_due_timers() {
  bool woke = false;
  while (!timers_.empty() && std::get<0>(*timers_.begin()) <= clock_.now_ns()) {
    Goroutine* g = std::get<2>(*timers_.begin());
    timers_.erase(timers_.begin());
    g->wake_ns = -1;
    g->selected = -1;  // a select woken by its timer took the timeout case
    if (!g->waiting_on.empty() && on_timer_wake) on_timer_wake(g);
    set_status(g, GStatus::runnable);
    g->wait_reason.clear();
    run_queue_.push_back(g);
    woke = true;
  }
  return woke;
}

RunOutcome Scheduler::run(Goroutine* main) {
  for (;;) {
    if (panicked_ != nullptr) return RunOutcome::panicked;
    if (main->status == GStatus::dead) return RunOutcome::main_returned;
    wake_due_timers();
    if (before_pick) before_pick();
    if (run_queue_.empty()) {
      if (timers_.empty()) {
        events_.emit(clock_.now_ns(), 0, EventKind::deadlock, "all goroutines are asleep");
        return RunOutcome::deadlock;
      }
      clock_.jump_to(std::get<0>(*timers_.begin()));
      continue;
    }
    if (++switches_ > kSwitchesMax) throw std::runtime_error("scheduler: switch limit reached (livelock?)");
    const std::size_t pick = static_cast<std::size_t>(prng_.below(run_queue_.size()));
    Goroutine* g = run_queue_[pick];
    run_queue_.erase(run_queue_.begin() + static_cast<std::ptrdiff_t>(pick));
    clock_.advance(cost_.switch_ns);
    current_ = g;
    set_status(g, GStatus::running);
    g->scheduled_ns = clock_.now_ns();
    g->fiber = std::move(g->fiber).resume();
    current_ = nullptr;
    if (resource_failure_) std::rethrow_exception(std::exchange(resource_failure_, nullptr));
    if (g->status == GStatus::dead) {
      events_.emit(clock_.now_ns(), g->id, EventKind::goroutine_end, g->label);
      if (g->panicked) {
        events_.emit(clock_.now_ns(), g->id, EventKind::goroutine_panic, g->panic_message);
        panicked_ = g;
      }
    }
  }
}

std::vector<std::string> Scheduler::check() const {
  std::vector<std::string> problems;
  std::size_t running = 0;
  for (const auto& g : all_) {
    const bool queued = std::find(run_queue_.begin(), run_queue_.end(), g.get()) != run_queue_.end();
    if ((g->status == GStatus::runnable) != queued)
      problems.push_back("scheduler: goroutine " + std::to_string(g->id) + " runnable/queued mismatch");
    if (g->wake_ns >= 0 && g->status != GStatus::waiting && g->status != GStatus::sleeping)
      problems.push_back("scheduler: goroutine " + std::to_string(g->id) + " has a timer but is not parked");
    running += g->status == GStatus::running;
  }
  if (running > 1) problems.push_back("scheduler: more than one goroutine running");
  return problems;
}

}  // namespace gcm::rt
