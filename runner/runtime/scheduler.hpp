// scheduler.hpp — a deterministic scheduler for emulated goroutines on
// Boost.Context fibers. Main entries: Scheduler::spawn(), Scheduler::run().
//
// One emulated P (GOMAXPROCS=1 semantics for ordering): a goroutine runs
// until it reaches a yield point (gosched, sleep, channel/WaitGroup/mutex
// operations, the end of a GC cycle, test lifecycle events). The next one is
// chosen among the runnable with the seeded Prng, so the interleaving is a
// pure function of the seed. When nothing is runnable the clock jumps to the
// next timer; with no timer either, that is a deadlock ("all goroutines are
// asleep"), reported, never hung.
//
// Invariant (check): exactly the runnable goroutines are in run_queue_; a
// goroutine with a timer is waiting or sleeping; at most one is running.
#pragma once

#include <exception>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "runtime/events.hpp"
#include "runtime/gc_config.hpp"
#include "runtime/goroutine.hpp"
#include "runtime/prng.hpp"
#include "runtime/vclock.hpp"

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

  Scheduler(Prng& prng, VClock& clock, EventLog& events, const CostModel& cost);
  ~Scheduler();

  Goroutine* spawn(std::string label, std::function<void()> body, bool system = false);
  RunOutcome run(Goroutine* main);

  Goroutine* current() const noexcept { return current_; }
  std::uint32_t current_id() const noexcept { return current_ ? current_->id : 0; }

  // Yield points, called from inside a goroutine.
  void gosched();                                   // stays runnable
  void park(std::string reason);                    // waiting until ready()
  void sleep_until(std::int64_t wake_ns, std::string reason);  // timer; ready() may come first
  void ready(Goroutine* g);                         // waiting/sleeping → runnable

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
  // Unwinds every suspended goroutine (boost forced_unwind); called first by ~Runtime.
  void unwind_all();

  const std::vector<std::unique_ptr<Goroutine>>& goroutines() const noexcept { return all_; }
  Goroutine* find(std::uint32_t id) const noexcept;
  std::uint64_t switches() const noexcept { return switches_; }
  const Goroutine* panicked_goroutine() const noexcept { return panicked_; }
  std::vector<std::string> check() const;

 private:
  void switch_to_scheduler();
  void cancel_timer(Goroutine* g);
  bool wake_due_timers();
  void set_status(Goroutine* g, GStatus s);

  Prng& prng_;
  VClock& clock_;
  EventLog& events_;
  const CostModel& cost_;
  std::vector<std::unique_ptr<Goroutine>> all_;
  std::vector<Goroutine*> run_queue_;
  std::set<std::tuple<std::int64_t, std::uint64_t, Goroutine*>> timers_;  // (wake, seq, g)
  std::uint64_t next_timer_seq_ = 1;
  Goroutine* current_ = nullptr;
  Goroutine* panicked_ = nullptr;
  boost::context::fiber scheduler_fiber_;  // where a yielding goroutine returns to
  // A ResourceExhausted or std::bad_alloc that ended a goroutine body: set
  // inside the fiber, rethrown by run() once the fiber is left.
  std::exception_ptr resource_failure_;
  std::uint32_t next_id_ = 1;
  std::uint64_t switches_ = 0;
};

}  // namespace gcm::rt
