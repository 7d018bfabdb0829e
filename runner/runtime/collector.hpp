// collector.hpp — stop-the-world mark–sweep. Main entry: Collector::collect().
//
// Phases of one cycle (runtime/mgc.go, reduced to stop-the-world):
//   1. mark from roots (root sets, finalizer/cleanup closures, finalizer queue)
//      with an explicit mark stack: no recursion, a 10-million-deep chain is fine;
//   2. tiny blocks: a block with one marked member keeps all (O4);
//   3. finalizers of unmarked objects: resurrect, queue, mark what they reach (O4);
//   4. AddCleanup of still-unmarked objects: queue (O9);
//   5. sweep: free unmarked, clear marks.
// With verification on (tests), an independent reachability walk before the
// sweep checks afterwards that no reachable object was freed and no
// unreachable object survived (except tiny-block mates).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/finalizers.hpp"
#include "runtime/gc_config.hpp"
#include "runtime/heap.hpp"
#include "runtime/roots.hpp"
#include "runtime/tiny_blocks.hpp"

namespace gcm::rt {

struct GcCycleStats {
  std::uint64_t cycle = 0;                 // 1-based cycle number
  std::uint64_t live_before_bytes = 0, live_before_objects = 0;
  std::uint64_t marked_objects = 0, marked_bytes = 0, scanned_bytes = 0;
  std::uint64_t freed_objects = 0, freed_bytes = 0;
  std::uint64_t live_after_bytes = 0, live_after_objects = 0;
  std::uint64_t finalizers_queued = 0, cleanups_queued = 0;
  std::int64_t mark_ns = 0, sweep_ns = 0, pause_ns = 0, total_ns = 0;  // virtual
};

class Collector {
 public:
  // Live objects from which drain() pipelines: at a typical 64 host bytes
  // each, about this machine class's last-level cache (8 MiB). Objects, not
  // emulated bytes: a virtual 1 MiB buffer occupies 16 host bytes. A host
  // choice: the marked set and the counters are the same either way.
  static constexpr std::uint64_t kPipelineFromObjects = std::uint64_t{1} << 17;

  Collector(Heap& heap, RootRegistry& roots, FinalizerTable& finalizers, TinyBlocks& tiny, const CostModel& cost)
      : heap_(heap), roots_(roots), finalizers_(finalizers), tiny_(tiny), cost_(cost) {}

  // One full cycle. on_free is called for every object about to be freed;
  // newly queued finalizer/cleanup calls are appended to `queued`.
  GcCycleStats collect(const std::function<void(Object*)>& on_free, std::vector<QueuedCall>& queued, bool verify);

  // Bytes and objects reachable from the root sets selected by `only`, and
  // from no other root. Leaves no mark set. Used by the leak census.
  struct Retained {
    std::uint64_t bytes = 0, objects = 0;
  };
  Retained retained_only_by(const std::function<bool(const RootSet&)>& only);
  // For each goroutine in `goids`, what retained_only_by(its frames) would
  // give: bytes reachable from its frames and from no other root (the frames
  // of the other goroutines in `goids` included). One pass over the heap for
  // all of them, where a retained_only_by per goroutine costs one pass each
  // (quadratic in the leak census of 10^5 goroutines). Leaves no mark set.
  std::vector<Retained> retained_by_each_goroutine(const std::vector<std::uint32_t>& goids);
  // Marks from every root, counts reachable bytes/objects, clears the marks.
  Retained reachable();

  const std::vector<std::string>& verify_problems() const noexcept { return verify_problems_; }
  std::uint64_t cycles() const noexcept { return cycles_; }

 private:
  void mark_root(Object* o) noexcept;
  // Marks everything reachable from the grey objects on mark_stack_.
  void drain() noexcept;
  void drain_pipelined() noexcept;  // the same, for heaps past the caches
  void mark_all_roots(const std::function<bool(const RootSet&)>* skip);
  void clear_marks() noexcept;
  std::vector<ObjectId> reachable_ids_slow() const;  // independent walk for verification

  Heap& heap_;
  RootRegistry& roots_;
  FinalizerTable& finalizers_;
  TinyBlocks& tiny_;
  const CostModel& cost_;
  std::vector<Object*> mark_stack_;
  std::uint64_t marked_objects_ = 0, marked_bytes_ = 0, scanned_bytes_ = 0;
  std::uint64_t cycles_ = 0;
  std::vector<std::string> verify_problems_;
};

}  // namespace gcm::rt
