// scheduler.cpp — goroutines on Boost.Context fibers, seeded choice, timers.
#include "runtime/scheduler.hpp"

#include "runtime/fiber_prefetch.hpp"
#include "runtime/fiber_switch.hpp"
#include "runtime/resource_exhausted.hpp"
#include "runtime/stack_pool.hpp"
#include "runtime/teardown_unwind.hpp"

#include <algorithm>
#include <cassert>
#include <csetjmp>
#include <cstdint>
#include <exception>
#include <utility>
#include <stdexcept>
#include <unordered_map>

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

namespace {
constexpr std::int64_t kRootPriority = std::int64_t{1} << 61;  // a goroutine with no creator
constexpr std::uint64_t kSiblingSpread = std::uint64_t{1} << 30;  // children land in (creator − 2^30, creator)

// ASan's view of a goroutine's fiber (fiber_switch.hpp): its stack, the
// stack that last resumed it (where it switches back to), and whether it has
// run. Kept here, per thread and only in an ASan build, rather than in
// Goroutine or Scheduler: a build without ASan has no such field and does no
// lookup, and the headers most of the project includes are unchanged.
struct FiberRecord {
  FiberStack stack;
  FiberStack resumer;
  bool entered = false;
};
#if GCM_ASAN_FIBERS
thread_local std::unordered_map<const Goroutine*, FiberRecord> fiber_records;
FiberRecord& record_of(const Goroutine* g) { return fiber_records[g]; }
void forget(const Goroutine* g) { fiber_records.erase(g); }
#endif

// True while unwind_all() ends goroutines that never ran: such a fiber is
// resumed and returns at once, without running its body (see unwind_all).
thread_local bool ending_unentered = false;

// From the scheduler's stack into g, until g yields or ends.
void resume(Goroutine* g) {
#if GCM_ASAN_FIBERS
  {
    SwitchScope to_fiber(record_of(g).stack, nullptr);
    g->fiber = std::move(g->fiber).resume();
  }
  if (!g->fiber) forget(g);
#else
  g->fiber = std::move(g->fiber).resume();
#endif
}
}  // namespace

Scheduler::Scheduler(Prng& prng, VClock& clock, EventLog& events, const CostModel& cost, const SchedConfig& config,
                     std::uint64_t seed)
    : prng_(prng),
      clock_(clock),
      events_(events),
      cost_(cost),
      config_(config),
      priorities_(Prng::stream(seed, Prng::Stream::pct_priorities)),
      random_(Prng::stream(seed, Prng::Stream::random_sched)),
      stealing_(config, cost, seed) {
  // yield_only only draws the k-th runnable; pct and random (with work stealing) ask for priorities.
  run_queue_ = RunQueue(config_.kind != SchedKind::yield_only);
  if (config_.kind != SchedKind::pct || config_.pct_depth < 2 || config_.pct_steps == 0) return;
  // PCT: d-1 distinct change points uniform in 1..k (shuttle pct.rs new_execution,
  // index::sample), drawn by rejection from their own stream.
  Prng points = Prng::stream(seed, Prng::Stream::pct_change_points);
  const std::uint64_t wanted = std::min<std::uint64_t>(config_.pct_depth - 1, config_.pct_steps);
  while (change_points_.size() < wanted) {
    const std::uint64_t step = 1 + points.below(config_.pct_steps);
    if (std::find(change_points_.begin(), change_points_.end(), step) == change_points_.end())
      change_points_.push_back(step);
  }
  std::sort(change_points_.begin(), change_points_.end());
}

// Suspended goroutines are unwound when the scheduler ends (unwind_all).
Scheduler::~Scheduler() { unwind_all(); }

// A goroutine parked in its body is resumed with tearing_down_ set to its
// TeardownTarget: it unwinds its own stack in one pass (teardown_unwind.hpp)
// from the switch_to_scheduler() it is parked in, up to its entry frame, which then
// returns as for any goroutine that ends. A goroutine that never ran has
// nothing of its own to unwind: it is resumed with ending_unentered set and
// returns at once. Either way boost ends the fiber and returns its stack, and
// both are the annotated paths every goroutine takes under ASan
// (fiber_switch.hpp). Boost's own forced_unwind (a two-phase C++ throw, 4.4 µs
// per goroutine) is left only as a fallback for a fiber that did not end.
void Scheduler::unwind_all() {
  const bool outer = std::exchange(ending_unentered, true);  // a nested runtime may unwind inside ours
  for (std::size_t i = 0; i < all_.size(); ++i) {
    Goroutine* g = all_[i].get();
    // The next one's context, read from its cold stack while this one unwinds.
    if (i + 1 < all_.size()) prefetch_fiber(all_[i + 1].get());
    if (!g->fiber) continue;
    TeardownTarget* const outer_target = std::exchange(tearing_down_, g->teardown);
    resume(g);
    tearing_down_ = outer_target;
    if (g->fiber) {  // it parked again while unwinding: boost's forced_unwind ends it
#if GCM_ASAN_FIBERS
      SwitchScope to_fiber(record_of(g).stack, nullptr);
#endif
      g->fiber = ctx::fiber{};
    }
#if GCM_ASAN_FIBERS
    forget(g);
#endif
  }
  ending_unentered = outer;
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
  if (config_.kind == SchedKind::pct) {
    // newproc: the creator keeps its P and priority; the new goroutine is
    // queued just below it, in random order among its siblings.
    const std::int64_t base = current_ != nullptr ? current_->priority : kRootPriority;
    g->priority = base - 1 - static_cast<std::int64_t>(priorities_.below(kSiblingSpread));
  }
  g->p = current_ != nullptr ? current_->p : 0;
  FiberStack* stack_out = nullptr;  // ASan: where StackPool names the stack it hands out
#if GCM_ASAN_FIBERS
  FiberRecord& fiber_record = record_of(g);
  fiber_record = {};
  stack_out = &fiber_record.stack;
#endif
  g->fiber = ctx::fiber(std::allocator_arg, StackPool{stack_out},
                        [this, g](ctx::fiber&& scheduler) {
#if GCM_ASAN_FIBERS
                          FiberRecord& fiber_record = record_of(g);
                          fiber_record.entered = true;
                          FiberLife life(&fiber_record.resumer);
#endif
                          scheduler_fiber_ = std::move(scheduler);
                          if (!ending_unentered) run_unwindable(this, g);  // else: never ran, ends at once (unwind_all)
                          g->status = GStatus::dead;
                          return std::move(scheduler_fiber_);
                        });
  all_.push_back(std::move(owned));
  run_queue_.push_back(g);
  // newproc → runqput on the creator's P, then wakep. The finalizer goroutine
  // is promoted onto another P by the runtime instead.
  if (current_ != nullptr) clock_.advance(cost_.go_ns);
  if (current_ != nullptr && !system) {
    stealing_.queued(g, g->p, clock_.now_ns());
    run_queue_.set_local(g, stealing_.is_local(g));
  }
  events_.emit(clock_.now_ns(), current_id(), ev::GoroutineStart{.goid = g->id, .parent = g->parent_id, .system = system ? 1 : 0},
               g->label);
  return g;
}

// The frame a teardown unwind of g stops in (teardown_unwind.hpp): never
// inlined or cloned, so the unwinder finds it by the start of its code.
void Scheduler::run_unwindable(Scheduler* s, Goroutine* g) {
  // Constructed before the setjmp, so alive after a longjmp back to it; its
  // destructor runs when this frame ends, by return or by an exception.
  struct BodyEnd {
    Scheduler* s;
    Goroutine* g;
    ~BodyEnd() {
      if (s->at_body_end) s->at_body_end(g);
    }
  } body_end{s, g};
  TeardownTarget teardown;
  teardown.entry_function = reinterpret_cast<std::uintptr_t>(&Scheduler::run_unwindable);
  if (setjmp(teardown.entry) == 0) {
    g->teardown = &teardown;
    s->run_body(g);
  }  // else: unwound by unwind_to, every frame below this one's destructors run
  g->teardown = nullptr;
}

// A goroutine's body, with the ends the scheduler tells apart.
void Scheduler::run_body(Goroutine* g) {
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
}

void Scheduler::switch_to_scheduler() {
  assert(current_ != nullptr);
  {
#if GCM_ASAN_FIBERS
    FiberStack& resumer = record_of(current_).resumer;
    SwitchScope to_scheduler(resumer, &resumer);  // back here also when forced_unwind is thrown
#endif
    scheduler_fiber_ = std::move(scheduler_fiber_).resume();
  }
  // Resumed by unwind_all to end: unwind this stack (after the switch is
  // complete, so ASan knows which stack the unwinder walks).
  if (tearing_down_ != nullptr) unwind_to(*tearing_down_);
}

void Scheduler::gosched() {
  if (at_yield) at_yield();
  // PCT treats a yield as a priority drop (shuttle pct.rs next_task, is_yielding):
  // runtime.Gosched puts the goroutine behind the others (proc.go goschedImpl → globrunqput).
  if (config_.kind == SchedKind::pct) demote(current_);
  set_status(current_, GStatus::runnable);
  run_queue_.push_back(current_);
  switch_to_scheduler();
}

void Scheduler::park(std::string_view reason) {
  if (at_yield) at_yield();
  Goroutine* g = current_;
  set_status(g, GStatus::waiting);
  g->wait_reason.assign(reason);
  switch_to_scheduler();
}

void Scheduler::sleep_until(std::int64_t wake_ns, std::string_view reason) {
  if (at_yield) at_yield();
  Goroutine* g = current_;
  g->wake_ns = std::max(wake_ns, clock_.now_ns());
  g->timer_seq = next_timer_seq_++;
  timers_.add(g);
  set_status(g, g->waiting_on.empty() ? GStatus::sleeping : GStatus::waiting);
  g->wait_reason.assign(reason);
  switch_to_scheduler();
}

void Scheduler::yield_now() {
  if (at_yield) at_yield();
  set_status(current_, GStatus::runnable);
  run_queue_.push_back(current_);
  switch_to_scheduler();
}

void Scheduler::demote(Goroutine* g) noexcept {
  g->priority = --floor_priority_;
  run_queue_.reprioritized(g);
}

void Scheduler::promote(Goroutine* g) {
  g->priority = ++top_priority_;
  run_queue_.reprioritized(g);
  if (config_.gomaxprocs >= 2) g->p = ((current_ != nullptr ? current_->p : 0) + 1) % config_.gomaxprocs;
}

bool Scheduler::change_point_now() {
  ++steps_;
  return std::binary_search(change_points_.begin(), change_points_.end(), steps_);
}

bool Scheduler::start_stolen_batch() {
  std::uint32_t thief = 0;
  std::vector<Goroutine*> batch = stealing_.steal(current_->p, clock_.now_ns(), &thief);
  if (batch.empty()) return false;
  for (Goroutine* g : batch) {
    g->p = thief;  // they run on the thief's P (its tiny block, …)
    run_queue_.set_local(g, false);
  }
  batch_.assign(batch.begin(), batch.end());
  batch_running_ = true;
  batch_thief_ = thief;
  batch_start_ns_ = clock_.now_ns();
  return true;
}

// A go statement or safepoint with another P free: the emulation shows the
// parallel run as a switch here (work stealing: a thief took a batch; PCT: a
// higher-priority runnable goroutine exists, or this step is a change point;
// random: a uniform draw).
void Scheduler::preempt_point() {
  if (!multi_p() || current_ == nullptr || run_queue_.empty()) return;
  if (stealing_.enabled()) {
    if (batch_running_) return;  // a stolen goroutine runs on until it ends or blocks
    if (start_stolen_batch()) {
      yield_now();
      return;
    }
  }
  bool leave = false;
  if (stealing_.enabled()) {
    // Goroutines in a local queue wait for a thief or for their P; PCT and
    // the random baseline choose among the others only.
    Goroutine* best = run_queue_.highest_not_local();
    if (best == nullptr) return;
    if (config_.kind == SchedKind::random) {
      ++steps_;
      leave = random_.below(2) != 0;
    } else {
      if (change_point_now()) demote(current_);
      leave = best->priority > current_->priority;
    }
    if (leave) {
      handoff_ = best;  // the P that runs it takes that one, not a local-queue one
      yield_now();
    }
    return;
  } else if (config_.kind == SchedKind::random) {
    ++steps_;
    leave = random_.below(run_queue_.size() + 1) != 0;
  } else {
    if (change_point_now()) demote(current_);
    leave = run_queue_.highest()->priority > current_->priority;
  }
  if (leave) yield_now();
}

Goroutine* Scheduler::next_of_batch() {
  while (!batch_.empty()) {
    Goroutine* g = batch_.front();
    batch_.pop_front();
    if (!run_queue_.erase(g)) continue;  // not runnable any more
    return g;
  }
  return nullptr;
}

Goroutine* Scheduler::pick() {
  if (handoff_ != nullptr) {
    Goroutine* g = std::exchange(handoff_, nullptr);
    if (run_queue_.erase(g)) return g;
  }
  if (batch_running_) {
    if (Goroutine* g = next_of_batch()) return g;
    batch_running_ = false;
    // The batch is over once the switch back, charged next, is too.
    stealing_.batch_done(batch_thief_, batch_start_ns_, clock_.now_ns() + cost_.switch_ns);
  }
  Goroutine* g = nullptr;
  switch (config_.kind) {
    case SchedKind::yield_only: g = run_queue_.take_at(static_cast<std::size_t>(prng_.below(run_queue_.size()))); break;
    case SchedKind::random: g = run_queue_.take_at(static_cast<std::size_t>(random_.below(run_queue_.size()))); break;
    case SchedKind::pct:
      if (run_queue_.size() > 1 && change_point_now() && last_ran_ != nullptr &&
          last_ran_->status == GStatus::runnable)
        demote(last_ran_);
      g = run_queue_.highest();
      run_queue_.erase(g);
      break;
  }
  stealing_.taken(g);  // its own P runs it
  return g;
}

// pick()'s answer were it called now, from copies of its random streams:
// the goroutine now running may ready, spawn or reprioritize others, or draw
// from prng_, and then the guess is wrong, which costs only a prefetch.
const Goroutine* Scheduler::likely_next() const noexcept {
  if (run_queue_.empty()) return nullptr;
  if (batch_running_ && !batch_.empty()) return batch_.front();
  switch (config_.kind) {
    case SchedKind::yield_only: return run_queue_.at(static_cast<std::size_t>(Prng(prng_).below(run_queue_.size())));
    case SchedKind::random: return run_queue_.at(static_cast<std::size_t>(Prng(random_).below(run_queue_.size())));
    case SchedKind::pct: return run_queue_.highest();
  }
  return nullptr;
}

void Scheduler::cancel_timer(Goroutine* g) {
  if (g->wake_ns < 0) return;
  timers_.cancel(g);
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
  return other_work || !run_queue_.empty() || (!timers_.empty() && timers_.next_wake_ns() <= clock_.now_ns());
}

// Wakes every goroutine whose timer is due, in (wake, seq) order.
bool Scheduler::wake_due_timers() {
  bool woke = false;
  while (Goroutine* g = timers_.pop_due(clock_.now_ns())) {
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
        events_.emit(clock_.now_ns(), 0, ev::Deadlock{}, "all goroutines are asleep");
        return RunOutcome::deadlock;
      }
      clock_.jump_to(timers_.next_wake_ns());
      continue;
    }
    if (++switches_ > kSwitchesMax) throw std::runtime_error("scheduler: switch limit reached (livelock?)");
    Goroutine* g = pick();
    last_ran_ = g;
    clock_.advance(cost_.switch_ns);
    current_ = g;
    set_status(g, GStatus::running);
    g->scheduled_ns = clock_.now_ns();
    prefetch_fiber(likely_next());  // its context comes in while g runs (fiber_prefetch.hpp)
    resume(g);
    current_ = nullptr;
    if (resource_failure_) std::rethrow_exception(std::exchange(resource_failure_, nullptr));
    if (g->status == GStatus::dead) {
      events_.emit(clock_.now_ns(), g->id, ev::GoroutineEnd{}, g->label);
      if (g->panicked) {
        events_.emit(clock_.now_ns(), g->id, ev::GoroutinePanic{}, g->panic_message);
        panicked_ = g;
      }
    }
  }
}

std::vector<std::string> Scheduler::check() const {
  std::vector<std::string> problems;
  std::size_t running = 0;
  for (const auto& g : all_) {
    const bool queued = run_queue_.contains(g.get());
    if ((g->status == GStatus::runnable) != queued)
      problems.push_back("scheduler: goroutine " + std::to_string(g->id) + " runnable/queued mismatch");
    if (queued && run_queue_.is_local(g.get()) != stealing_.is_local(g.get()))
      problems.push_back("scheduler: goroutine " + std::to_string(g->id) + " local-queue mark disagrees with work stealing");
    if (g->wake_ns >= 0 && g->status != GStatus::waiting && g->status != GStatus::sleeping)
      problems.push_back("scheduler: goroutine " + std::to_string(g->id) + " has a timer but is not parked");
    running += g->status == GStatus::running;
  }
  if (running > 1) problems.push_back("scheduler: more than one goroutine running");
  for (std::string& p : run_queue_.check()) problems.push_back(std::move(p));
  return problems;
}

}  // namespace gcm::rt
