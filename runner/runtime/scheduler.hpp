// scheduler.hpp — a deterministic scheduler for emulated goroutines on
// Boost.Context fibers. Main entries: Scheduler::spawn(), Scheduler::run().
//
// SchedConfig (gc_config.hpp) picks the policy. yield_only (the documented
// profiles, and the default): one P; a goroutine runs until it reaches a
// yield point (gosched, sleep, channel/WaitGroup/mutex operations, the end
// of a GC cycle, test lifecycle events); the next one is drawn uniformly from
// the base Prng stream. With gomaxprocs ≥ 2 and `random` or `pct`, a `go`
// statement and every safepoint are scheduling points too (preempt_point):
// another P may run a runnable goroutine while the current one goes on, which
// a one-at-a-time emulation shows as a switch there.
//   pct (Burckhardt et al., ASPLOS 2010; as the Rust shuttle crate's
//   PctScheduler, which follows Coyote): the highest-priority runnable
//   goroutine runs; pct_depth-1 change points are drawn among steps 1..pct_steps
//   (a step = a scheduling point with ≥ 2 candidates); at a change point, and
//   when a goroutine yields (gosched), its priority drops below every other.
//   A new goroutine gets a random priority just below its creator's
//   (proc.go newproc: the new g waits in the creator P's runnext while the
//   creator keeps running), so it runs early only after a change point.
//   random (the baseline): uniform among the current and the runnable.
//   work_stealing (with pct or random; work_stealing.hpp): a goroutine created
//   by a goroutine waits in its P's local queue and is no candidate at the
//   creator's preempt points; there an idle P that has woken (wakep's
//   latency) or finished its last batch takes half of that queue (runqgrab),
//   and the batch runs first, one by one, before the creator goes on. The
//   scheduler's own picks (the creator blocks or yields) are unchanged.
// Either way the interleaving is a pure function of the seed. When nothing is runnable the clock jumps to the
// next timer; with no timer either, that is a deadlock ("all goroutines are
// asleep"), reported, never hung.
//
// Invariant (check): exactly the runnable goroutines are in run_queue_; a
// goroutine with a timer is waiting or sleeping; at most one is running.
#pragma once

#include <exception>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "runtime/events.hpp"
#include "runtime/gc_config.hpp"
#include "runtime/goroutine.hpp"
#include "runtime/prng.hpp"
#include "runtime/run_queue.hpp"
#include "runtime/timer_heap.hpp"
#include "runtime/vclock.hpp"
#include "runtime/work_stealing.hpp"

namespace gcm::rt {

enum class RunOutcome : std::uint8_t {
  main_returned,  // the main goroutine finished (others may still be parked: leaks)
  deadlock,       // fatal error: all goroutines are asleep - deadlock!
  panicked,       // a panic escaped a goroutine: the binary died (O8)
};
std::string_view to_string(RunOutcome o) noexcept;
inline std::ostream& operator<<(std::ostream& os, RunOutcome o) { return os << to_string(o); }

class Scheduler {
 public:
  static constexpr std::size_t kGoroutinesMax = 1'000'000;
  static constexpr std::uint64_t kSwitchesMax = 200'000'000;  // a run that switches more is a bug

  // `seed` derives the pct/random streams (Prng::stream); `prng` is the base stream.
  Scheduler(Prng& prng, VClock& clock, EventLog& events, const CostModel& cost, const SchedConfig& config = {},
            std::uint64_t seed = 0);
  ~Scheduler();

  Goroutine* spawn(std::string label, std::function<void()> body, bool system = false);
  RunOutcome run(Goroutine* main);

  Goroutine* current() const noexcept { return current_; }
  std::uint32_t current_id() const noexcept { return current_ ? current_->id : 0; }

  // Yield points, called from inside a goroutine.
  void gosched();                                   // stays runnable
  // `reason` is Go's waitReason text, copied. A view, not a std::string by
  // value: a temporary string in the caller's frame is a cleanup the
  // teardown unwind of a goroutine parked here must stop at and resume from.
  void park(std::string_view reason);                    // waiting until ready()
  void sleep_until(std::int64_t wake_ns, std::string_view reason);  // timer; ready() may come first
  void ready(Goroutine* g);                         // waiting/sleeping → runnable

  // True when go statements and safepoints are scheduling points (gomaxprocs ≥ 2, not yield_only).
  bool multi_p() const noexcept { return config_.gomaxprocs >= 2 && config_.kind != SchedKind::yield_only; }
  // A scheduling point inside the running goroutine (a go statement, a
  // safepoint): under multi_p() it may switch to a runnable goroutine.
  void preempt_point();
  // g was just readied onto an idle P (proc.go ready → wakep): it gets the
  // highest priority and the P after the current goroutine's.
  void promote(Goroutine* g);
  std::uint64_t steps() const noexcept { return steps_; }  // PCT steps so far
  const WorkStealing& stealing() const noexcept { return stealing_; }
  const std::vector<std::uint64_t>& change_points() const noexcept { return change_points_; }

  // Go ≥ 1.14 preempts a goroutine that has run 10 ms without yielding
  // (runtime/proc.go: sysmon → retake, forcePreemptNS), so a due timer — a
  // test's alarm — fires about on time even while a test spins. True when
  // the current goroutine has run that long and something else could run: a
  // runnable goroutine, a due timer, or `other_work` (the runtime's
  // finalizer goroutine about to be readied). Callers yield (gosched) on true.
  static constexpr std::int64_t kForcePreemptNs = 10'000'000;
  bool preempt_due(bool other_work = false) const noexcept;
  bool ran_a_slice() const noexcept;  // the current goroutine has run kForcePreemptNs since it was picked

  // Called before every scheduling decision (the runtime readies the
  // finalizer goroutine there, when its policy allows).
  std::function<void()> before_pick;
  // Called when a goroutine is about to yield (the runtime's GC safepoint).
  std::function<void()> at_yield;
  // Called when a timer wakes a goroutine that also waits on channels (select timeout).
  std::function<void(Goroutine*)> on_timer_wake;
  // Called on the goroutine's own stack when its body has ended, however it
  // ended: returned, panicked, Goexit, or unwound at teardown (the runtime
  // releases its frames' roots here). From the entry frame, not from a
  // guard in the body's frame: a destructor there was a landing pad that
  // the teardown unwind of every leaked goroutine stopped at and resumed
  // from (a second walk of the frames below it).
  std::function<void(Goroutine*)> at_body_end;
  // Unwinds every suspended goroutine (teardown_unwind.hpp); called first by ~Runtime.
  void unwind_all();

  const std::vector<std::unique_ptr<Goroutine>>& goroutines() const noexcept { return all_; }
  Goroutine* find(std::uint32_t id) const noexcept;
  std::uint64_t switches() const noexcept { return switches_; }
  const Goroutine* panicked_goroutine() const noexcept { return panicked_; }
  std::vector<std::string> check() const;

 private:
  void switch_to_scheduler();
  void run_body(Goroutine* g);  // the body, its Goexit / panic / resource failure told apart
  [[gnu::noinline, gnu::noclone]] static void run_unwindable(Scheduler* s, Goroutine* g);  // run_body under a TeardownTarget
  void cancel_timer(Goroutine* g);
  bool wake_due_timers();
  void set_status(Goroutine* g, GStatus s);
  Goroutine* pick();                       // removes the next goroutine from run_queue_
  // What pick() would return if it ran now, without changing anything: a
  // guess for prefetch_fiber only (the running goroutine may change it).
  const Goroutine* likely_next() const noexcept;
  bool start_stolen_batch();               // work stealing at a preempt point: true if a batch was taken
  Goroutine* next_of_batch();              // the stolen batch's next runnable goroutine, or nullptr
  bool change_point_now();                 // counts a step; true at a change point
  void demote(Goroutine* g) noexcept;      // PCT: below every priority so far
  void yield_now();                        // runnable, back to the scheduler (no demotion)

  Prng& prng_;
  VClock& clock_;
  EventLog& events_;
  const CostModel& cost_;
  std::vector<std::unique_ptr<Goroutine>> all_;
  RunQueue run_queue_;
  TimerHeap timers_;  // by (wake, seq)
  std::uint64_t next_timer_seq_ = 1;
  Goroutine* current_ = nullptr;
  Goroutine* panicked_ = nullptr;
  boost::context::fiber scheduler_fiber_;  // where a yielding goroutine returns to
  TeardownTarget* tearing_down_ = nullptr;  // set while unwind_all resumes a goroutine to unwind itself
  // A ResourceExhausted or std::bad_alloc that ended a goroutine body: set
  // inside the fiber, rethrown by run() once the fiber is left.
  std::exception_ptr resource_failure_;
  std::uint32_t next_id_ = 1;
  std::uint64_t switches_ = 0;
  // Issue 14 scheduling state, written only by the scheduler.
  SchedConfig config_;
  Prng priorities_;                           // Prng::Stream::pct_priorities
  Prng random_;                               // Prng::Stream::random_sched
  std::vector<std::uint64_t> change_points_;  // PCT steps (1-based, sorted) that demote
  std::uint64_t steps_ = 0;                   // PCT steps taken
  std::int64_t top_priority_ = std::int64_t{1} << 62;     // last promote() value
  std::int64_t floor_priority_ = -(std::int64_t{1} << 61);  // last demote() value
  Goroutine* last_ran_ = nullptr;             // the goroutine the last pick resumed
  // Work stealing (work_stealing.hpp): the batch a thief P took, run first, in order.
  WorkStealing stealing_;
  std::deque<Goroutine*> batch_;
  bool batch_running_ = false;
  std::uint32_t batch_thief_ = 0;
  std::int64_t batch_start_ns_ = 0;
  Goroutine* handoff_ = nullptr;  // chosen at a preempt point; the next pick takes it
};

}  // namespace gcm::rt
