// retention.hpp — who retains the live heap: a dominator tree over the
// emulated object graph, read per root. Main entries:
// take_retention_snapshot(), RetentionSnapshot::check().
//
// Why: a leak census says *how much* is live; the question a red CI run asks
// is *who keeps it*. The article's §4.3 answer is "the static cache holds
// 87 % of the heap" — a heap profiler's retained size of one root.
//
// The graph: a virtual root (node 0) → one node per retainer → the objects.
// Retainers are the roots as a Go programmer names them:
//   * each named slot of the package globals ("orderCache": one variable);
//   * each other root set: a goroutine's stack frame, a test's cleanup list
//     (testing.common.cleanups), a channel, a pin;
//   * the finalizer table with its queue ("finalizers"): closures and
//     resurrected objects waiting for the finalizer goroutine.
// A retainer's retained bytes are the bytes of the objects it dominates: what
// would become garbage if that root alone let go. Objects reachable from two
// or more retainers are dominated by the virtual root only: "shared".
// Reading the heap charges no virtual time and changes no object, so taking
// snapshots never changes a run's events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/finalizers.hpp"
#include "runtime/heap.hpp"
#include "runtime/roots.hpp"

namespace gcm::rt {

// Roots of one kind and name taken together: 1,000 leaked goroutines'
// `worker` frames are one retainer with count 1000 (each retains 0.1 %, all
// of them 100 %). Each root's share is what it alone dominates; objects two
// of them reach are "shared", not the group's.
struct Retainer {
  RootKind kind = RootKind::global;
  std::string name;        // "orderCache", a frame's label, "finalizers"
  std::uint32_t goid = 0;  // a frame's goroutine when count == 1; 0 otherwise
  std::uint64_t retained_bytes = 0, retained_objects = 0;  // dominated objects
  std::uint32_t count = 1;  // every root set (or global slot) of this kind and name, retaining or only sharing

  bool operator==(const Retainer&) const = default;
};

// What retention is seen at. Snapshots are taken when a test ends (passed,
// failed or skipped), when the alarm times one out (before the abort), and
// after every runtime.GC() — the points where a Go developer would look.
enum class RetentionPoint : std::uint8_t { test_end, test_timeout, forced_gc };
const char* to_string(RetentionPoint p) noexcept;
bool parse_retention_point(std::string_view text, RetentionPoint& out) noexcept;

struct RetentionSnapshot {
  RetentionPoint at = RetentionPoint::test_end;
  std::string subject;       // the test's name, or the forced cycle's trigger ("forced", "hook:…")
  std::int64_t vtime_ns = 0;
  std::uint64_t reachable_bytes = 0, reachable_objects = 0;  // what a GC now would keep
  std::uint64_t shared_bytes = 0, shared_objects = 0;        // dominated by no single retainer
  std::vector<Retainer> retainers;  // retained_bytes > 0 only; one per (kind, name); largest first, then kind, name
  // The retainers that reach a shared object (retained figures 0; count and
  // goid as in `retainers`), ordered by kind, then name: who to look at when
  // "shared" is the largest part. Empty when nothing is shared.
  std::vector<Retainer> shared_by;

  // Retained share of the reachable heap in per mille (integer: deterministic).
  std::uint32_t share_permille(const Retainer& r) const noexcept;
  // Problems, empty when consistent: Σ retained + shared == reachable (bytes
  // and objects), order as documented, no empty entries, no (kind, name)
  // twice; shared_by empty iff nothing is shared, else at least two roots.
  std::vector<std::string> check() const;
  bool operator==(const RetentionSnapshot&) const = default;
};

// Builds the graph and its dominator tree (Lengauer–Tarjan, dominators.hpp)
// over every live object; O(objects + pointers) plus sorting the retainers.
RetentionSnapshot take_retention_snapshot(const Heap& heap, const RootRegistry& roots, const FinalizerTable& finalizers);

}  // namespace gcm::rt
