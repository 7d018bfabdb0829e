// runtime.hpp — one emulated Go test binary's runtime: heap, GC, finalizers,
// goroutines, clock, events. Main entries: Runtime::alloc(), Runtime::gc(),
// Runtime::go(), Runtime::run().
//
// Safe points. Go starts a GC at an allocation; here the allocation that
// crosses the heap goal only *requests* a cycle, which runs at the next safe
// point: safepoint(), any yield point, or an explicit gc(). C++ code holding
// Object* in locals between safe points therefore needs no handles; across a
// safe point every live object must be reachable from a root (frame slot,
// global, cell, pinned set). The requesting allocation is recorded in the
// gc_start event (field trigger_alloc_id), so "the first pacer GC happens at
// the allocation that crosses the goal" stays checkable.
//
// Determinism: everything below is a pure function of (Options, the calls
// made, seed). Host figures (mimalloc) are read only through host_stats().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/chan.hpp"
#include "runtime/collector.hpp"
#include "runtime/context.hpp"
#include "runtime/events.hpp"
#include "runtime/finalizers.hpp"
#include "runtime/gc_config.hpp"
#include "runtime/heap.hpp"
#include "runtime/pacer.hpp"
#include "runtime/prng.hpp"
#include "runtime/retention.hpp"
#include "runtime/roots.hpp"
#include "runtime/scheduler.hpp"
#include "runtime/tiny_blocks.hpp"
#include "runtime/vclock.hpp"

namespace gcm::rt {

// A func value's code. `self` is the closure object (captures in its slots);
// `arg` is the call's argument (finalizer: the object; AddCleanup: its arg).
using ClosureFn = std::function<void(Object* self, Object* arg)>;

struct LeakedGoroutine {     // one row of the leak census
  std::uint32_t goid;
  std::string label;         // where it was started
  std::string wait_reason;   // what it waits on
  std::uint64_t retained_bytes;   // reachable only from its stack frames
  std::uint64_t retained_objects;
};

struct RunReport {
  RunOutcome outcome;
  std::string panic_message;           // outcome == panicked
  std::vector<LeakedGoroutine> leaks;  // goroutines still blocked or sleeping (not system ones)
};

class Runtime {
 public:
  struct Options {
    GcConfig gc;
    CostModel cost;
    SchedConfig sched;  // GOMAXPROCS and the scheduling policy (scheduler.hpp)
    std::uint64_t seed = 1;
    bool verify_gc = false;  // independent reachability check after every cycle (tests)
    bool retention_snapshots = true;  // take_retention_snapshot at test ends and runtime.GC (retention.hpp)
  };

  explicit Runtime(Options options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // ---- heap -------------------------------------------------------------
  Object* alloc(std::uint8_t kind, std::uint16_t slot_count, std::uint32_t payload_bytes);
  // An object whose payload is counted (and scanned, if it has slots) but not
  // materialised: big structs of a workload's model without host memory.
  Object* alloc_virtual(std::uint8_t kind, std::uint16_t slot_count, std::uint32_t payload_bytes);
  Object* alloc_buffer(std::uint64_t bytes);  // pointer-free, virtual payload (not materialised)
  Object* new_string(std::string_view text);  // pointer-free, materialised
  Object* new_cell(Object* value);            // a captured variable
  Object* new_closure(std::string label, std::initializer_list<Object*> captures, ClosureFn fn);
  // The same with a capture list known only at run time (scenario/ closures).
  Object* new_closure(std::string label, std::span<Object* const> captures, ClosureFn fn);
  void call(Object* closure, Object* arg = nullptr);
  const std::string& closure_label(const Object* closure) const;
  static std::string_view string_of(const Object* s);

  // ---- roots ------------------------------------------------------------
  RootSet* open_frame(std::string label);  // on the current goroutine (0 outside)
  void release_frame(RootSet* frame, std::uint64_t cause_seq = 0);
  RootSet& globals() noexcept { return *globals_; }
  void set_global(std::string_view name, Object* value);
  RootSet* new_root_set(RootKind kind, std::string label);
  void drop_root_set(RootSet* set) { roots_.release(set); }
  RootSet& inflight() noexcept { return *inflight_; }  // channel values handed to a woken receiver

  // ---- GC ---------------------------------------------------------------
  // runtime.GC(): a full cycle now. Waits for mark and sweep, not for
  // finalizers (O4); called from a goroutine, the end of the cycle is a yield
  // point, so a runnable finalizer goroutine may run before the caller goes on.
  GcCycleStats gc(std::string trigger = "forced");
  void safepoint();  // runs a cycle the pacer or a hook requested; yields if preemption is due
  void arm_hook(std::string name) { armed_hooks_.insert(std::move(name)); }
  void disarm_hook(const std::string& name) { armed_hooks_.erase(name); }
  bool hook_armed(const std::string& name) const { return armed_hooks_.count(name) != 0; }
  // Fires a named hook point: a "hook" event, and a forced cycle if armed.
  void fire_hook(const std::string& name);
  void set_gc_every_n_allocations(std::uint64_t n) noexcept { every_n_allocations_ = n; }
  const Pacer& pacer() const noexcept { return pacer_; }
  std::uint64_t gc_cycles() const noexcept { return collector_.cycles(); }
  std::int64_t gc_total_ns() const noexcept { return gc_total_ns_; }
  const std::vector<std::string>& verify_problems() const noexcept { return verify_problems_; }
  Collector& collector() noexcept { return collector_; }

  // ---- retention (retention.hpp) ----------------------------------------
  // Who retains the heap now, appended to retention(); a no-op when the
  // option is off or kRetentionSnapshotsMax were taken (counted as dropped).
  // Reads only: no virtual time, no event, no object changes.
  static constexpr std::size_t kRetentionSnapshotsMax = 100'000;
  void snapshot_retention(RetentionPoint at, std::string subject);
  const std::vector<RetentionSnapshot>& retention() const noexcept { return retention_; }
  std::vector<RetentionSnapshot>& retention() noexcept { return retention_; }
  std::uint64_t retention_dropped() const noexcept { return retention_dropped_; }
  // The first snapshot that failed (a runtime bug), empty if none; the
  // harness turns it into an internal error after the run.
  const std::string& retention_error() const noexcept { return retention_error_; }
  // The snapshot after a forced cycle (runtime.GC, a profile's GC hook),
  // through gc_snapshot_gate when one is set: gotest's RetentionBudget, so
  // that n tests each calling runtime.GC over a heap growing with n do not
  // take n whole-heap snapshots (suite-cleanup, issue 16). The gate is told
  // what a taken snapshot reached (0: it was dropped or failed).
  struct SnapshotGate {
    std::function<bool()> admit;
    std::function<void(std::uint64_t reachable_objects)> charge;
  };
  SnapshotGate gc_snapshot_gate;

  // ---- finalizers and cleanups -----------------------------------------
  void set_finalizer(Object* object, Object* fn);   // runtime.SetFinalizer
  void add_cleanup(Object* object, Object* fn, Object* arg);  // runtime.AddCleanup (O9)
  // Whether the finalizer goroutine may run now (gotest sets it per policy:
  // free / suppressed / window / never). Unset = always (O4).
  std::function<bool()> finalizer_gate;
  // A15: the finalizer associations and queued finalizer calls of objects
  // allocated since min_object_id are dropped (never run). Returns how many.
  std::size_t discard_finalizers_from(ObjectId min_object_id, std::uint64_t cause_seq = 0);
  const FinalizerTable& finalizers() const noexcept { return finalizers_; }

  // ---- goroutines -------------------------------------------------------
  // `system` goroutines (the testing package's alarm) are left out of
  // deadlock checks' accounting of leaks and of the leak census.
  Goroutine* go(std::string label, std::function<void()> body, bool system = false);
  // go fn(arg): the closure and its argument are rooted in the new
  // goroutine's first frame from the moment it is created.
  Goroutine* go_func(std::string label, Object* fn, Object* arg = nullptr);
  RunReport run(std::string label, std::function<void()> main_body);
  void gosched() { sched_.gosched(); }
  void sleep(std::int64_t duration_ns);
  void charge(std::int64_t ns) { clock_.advance(ns); }  // mutator work
  std::uint32_t goid() const noexcept { return sched_.current_id(); }
  Scheduler& scheduler() noexcept { return sched_; }

  Chan* make_chan(std::size_t capacity, std::string label);
  WaitGroup* make_waitgroup();
  Mutex* make_mutex();
  Context* background() noexcept { return background_; }
  Context* with_cancel(Context* parent);
  void cancel(Context* ctx, std::string err = "context canceled");

  // ---- time, events, randomness ---------------------------------------------
  std::int64_t now_ns() const noexcept { return clock_.now_ns(); }
  EventLog& events() noexcept { return events_; }
  // An event now, on the current goroutine (event_fields.hpp declares P).
  template <typename P>
  std::uint64_t emit(const P& payload, std::string subject = {}, std::uint64_t cause_seq = 0) {
    return events_.emit(now_ns(), goid(), payload, std::move(subject), cause_seq);
  }
  void flush_alloc_burst();
  Prng& prng() noexcept { return prng_; }
  const Options& options() const noexcept { return options_; }

  Heap& heap() noexcept { return heap_; }
  const Heap& heap() const noexcept { return heap_; }
  const RootRegistry& roots() const noexcept { return roots_; }
  std::uint64_t roots_bytes() const noexcept;  // what the pacer counts as GC roots
  std::vector<std::string> check_invariants() const;
  // Asserting builds (no NDEBUG: Debug, the CI's asserts leg) run
  // check_invariants() at each phase end — GC end here, test end in gotest/
  // — and abort printing what broke (STYLE.md: "called by debug builds at
  // phase ends"); release builds compile it to nothing.
#ifdef NDEBUG
  void check_phase_end(const char*) const noexcept {}
#else
  void check_phase_end(const char* phase) const;
#endif

 private:
  void collect_if_requested();  // the GC half of safepoint(); also the scheduler's at_yield
  // The idle finalizer goroutine has queued work its policy lets it run now:
  // before_pick readies it, and a preemption check counts it as other work.
  bool finalizer_goroutine_wanted() const;
  GcCycleStats collect(const std::string& trigger, std::uint64_t trigger_alloc_id);
  // A scheduling point of the running goroutine (go statement, safepoint):
  // under Scheduler::multi_p() the finalizer goroutine, if it has work, is
  // readied onto another P first (O14), then the scheduler may switch.
  void scheduling_point();
  // Readies the idle finalizer goroutine (runtime/mfinal.go wakefing); under
  // multi_p() onto another P, ahead of the current goroutine (proc.go ready → wakep).
  void wake_finalizer_goroutine();
  Goroutine* start_goroutine(std::string label, std::function<void()> body, bool system);
  void snapshot_after_forced_gc(std::string trigger);  // through gc_snapshot_gate
  void ensure_finalizer_goroutine();
  void finalizer_loop();
  void run_queued(const QueuedCall& q);
  void release_goroutine_frames(Goroutine* g);
  Object* account(Object* o);

  Options options_;
  Prng prng_;
  VClock clock_;
  EventLog events_;
  Heap heap_;
  RootRegistry roots_;
  FinalizerTable finalizers_;
  TinyBlocks tiny_;
  Pacer pacer_;
  Collector collector_;
  Scheduler sched_;
  RootSet* globals_;
  RootSet* inflight_;
  struct ClosureInfo {
    ClosureFn fn;
    std::string label;
  };
  std::unordered_map<ObjectId, ClosureInfo> closures_;
  std::set<std::string> armed_hooks_;
  std::uint64_t every_n_allocations_ = 0, allocs_since_hook_gc_ = 0;
  std::string gc_request_;            // empty = none
  std::uint64_t gc_request_alloc_id_ = 0;
  bool in_gc_ = false;
  std::int64_t gc_total_ns_ = 0;
  std::vector<std::string> verify_problems_;
  std::vector<RetentionSnapshot> retention_;
  std::uint64_t retention_dropped_ = 0;
  std::string retention_error_;
  std::uint64_t burst_objects_ = 0, burst_bytes_ = 0;
  Goroutine* fing_ = nullptr;         // the finalizer goroutine (runtime/mfinal.go fing)
  bool fing_idle_ = false;            // parked waiting for work
  std::vector<std::unique_ptr<Chan>> chans_;
  std::vector<std::unique_ptr<WaitGroup>> waitgroups_;
  std::vector<std::unique_ptr<Mutex>> mutexes_;
  std::vector<std::unique_ptr<Context>> contexts_;
  Context* background_;
};

}  // namespace gcm::rt
