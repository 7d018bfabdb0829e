// gc_config.hpp — the runtime's tunables: pacer settings (GOGC, memory limit)
// and the virtual-time cost model. Plain value types filled by policy/.
#pragma once

#include <cstdint>

namespace gcm::rt {

inline constexpr std::uint64_t kMiB = 1024ull * 1024ull;

// Pacer and collector settings. Go GC guide; runtime/mgcpacer.go (Go 1.18+).
struct GcConfig {
  // GOGC in percent; gogc_off == true means GOGC=off (only forced cycles,
  // or the memory limit, start a GC). O10, A16.
  std::int32_t gogc_percent = 100;
  bool gogc_off = false;
  // The heap goal never goes below this (runtime/mgcpacer.go heapMinimum, 4 MiB). O10.
  std::uint64_t min_heap_bytes = 4 * kMiB;
  // Since Go 1.18 the goal counts GC roots (stacks, globals) too. O10.
  bool roots_in_goal = true;
  // GOMEMLIMIT; 0 = no limit (math.MaxInt64 in Go). O10, O11.
  std::uint64_t memory_limit_bytes = 0;
  // GC CPU limiter: at most this share of CPU goes to GC when the memory
  // limit drives collections (runtime/mgclimit.go, 50 %). O10, O11.
  std::uint32_t cpu_limiter_percent = 50;
  // Tiny allocator: pointer-free objects below tiny_block_bytes share one
  // block; a finalizer on one runs only when the whole block is dead. O4.
  bool tiny_alloc_batching = true;
  std::uint32_t tiny_block_bytes = 16;
  // O13: the tiny allocator as runtime/malloc.go mallocgc has it (alignment
  // by size, one current block per P, keep whichever block has more room),
  // each P's current block marked at the start of the next cycle
  // (runtime/mgcmark.go gcMarkTinyAllocs, called from mgc.go gcStart) and
  // dropped after it (mcache.go prepareForSweep → releaseAll: c.tiny = 0).
  // false: the older packing (8-byte rounding, one open block, no root).
  bool tiny_block_root = false;
  // runtime.AddCleanup functions: Go 1.24 runs them one at a time on the
  // finalizer goroutine; Go 1.25 runs them concurrently and in parallel. O9.
  bool addcleanup_concurrent = false;
};

// How goroutines are scheduled (runtime/proc.go). The defaults are the
// pre-issue-14 scheduler: one P, a switch only where the running goroutine
// yields, the next one drawn uniformly from the base Prng stream.
enum class SchedKind : std::uint8_t {
  yield_only,  // switch only at yield points; uniform pick (base stream)
  random,      // the baseline: at every scheduling point, uniform among current + runnable
  pct,         // PCT (Burckhardt et al., ASPLOS 2010): priorities, pct_depth-1 change points
};

struct SchedConfig {
  // GOMAXPROCS: with ≥ 2, a `go` statement and every safepoint are
  // scheduling points (another P may run a runnable goroutine meanwhile), and
  // a finalizer goroutine woken by a GC runs on another P (O14, O15).
  std::uint32_t gomaxprocs = 1;
  SchedKind kind = SchedKind::yield_only;
  std::uint32_t pct_depth = 3;    // d: d-1 priority change points
  std::uint32_t pct_steps = 200;  // k: change points drawn uniformly among steps 1..k
  // Work stealing (runtime/proc.go runqput/wakep/runqsteal; work_stealing.hpp):
  // a new goroutine waits in its creator P's local queue, not a candidate at
  // the creator's preempt points; an idle P wakes after CostModel::wake_p_ns
  // and takes half of that queue, again and again. Off: PCT alone decides.
  bool work_stealing = false;
  // The wake latency is uniform in wake_p_ns × (1 ± wake_jitter_percent/100),
  // one draw per wake from its own stream, so schedules vary per seed.
  std::uint32_t wake_jitter_percent = 100;
};

// Virtual-time cost of each operation. Defaults are of the order a 2020s x86
// core shows for Go 1.2x (allocation ~20 ns, marking ~1–2 ns per object plus
// memory bandwidth per KiB, STW pauses of tens of µs: O10 "usually under
// 100 µs"). They only need to be plausible and fixed: reports compare
// profiles, not absolute speed.
struct CostModel {
  std::int64_t alloc_ns = 20;              // per allocation
  std::int64_t alloc_kib_ns = 4;           // per KiB allocated (zeroing)
  std::int64_t mark_object_ns = 2;         // per object marked
  std::int64_t mark_kib_ns = 500;          // per KiB of scanned (pointer-holding) objects: ~2 GB/s
  std::int64_t sweep_object_ns = 1;        // per object swept (live or dead)
  std::int64_t stw_pause_ns = 30'000;      // two stop-the-world phases per cycle, together
  std::int64_t switch_ns = 200;            // goroutine switch
  std::int64_t op_ns = 10;                 // a generic mutator step (map lookup, loop body)
  // wakep → an idle P's M runs (work stealing only): the M is parked in a
  // futex (runtime/lock_futex.go notesleep); futexwakeup plus the kernel
  // scheduling it on an idle core takes microseconds on Linux (tens with deep
  // C-states), far more than a go statement's few hundred ns. So a 3-goroutine
  // loop almost always ends before the thief looks (O15), a long one does not.
  std::int64_t wake_p_ns = 5'000;
  // A go statement's own work for its creator (proc.go newproc → newproc1:
  // gfget or malg, the closure's frame, runqput, wakep), charged by
  // Scheduler::spawn. 0 keeps the documented profiles' clock as before; the
  // observed ones set 100 ns, the order BenchmarkCreateGoroutines shows per
  // goroutine (creation and run) on a 2020s x86 core.
  std::int64_t go_ns = 0;
};

}  // namespace gcm::rt
