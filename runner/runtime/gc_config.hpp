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
  // runtime.AddCleanup functions: Go 1.24 runs them one at a time on the
  // finalizer goroutine; Go 1.25 runs them concurrently and in parallel. O9.
  bool addcleanup_concurrent = false;
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
};

}  // namespace gcm::rt
