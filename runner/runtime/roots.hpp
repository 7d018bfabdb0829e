// roots.hpp — GC roots: named slot sets for globals, goroutine stack frames,
// the testing package's cleanup lists, channel buffers and pins.
// Main entries: RootRegistry::open(), RootRegistry::release().
//
// A RootSet is what a Go stack frame, a package's globals or a runtime table
// contribute to the root set of runtime/mgcmark.go markroot. Releasing a
// frame removes its roots; *when* that happens is a policy decision (A2 vs O2).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/object.hpp"

namespace gcm::rt {

enum class RootKind : std::uint8_t {
  global,        // package-level variables: live for the whole binary
  frame,         // a goroutine stack frame's local slots
  cleanup_list,  // testing.common.cleanups: the closures of t.Cleanup
  finalizer,     // the finalizer table's closures and the finalizer queue
  channel,       // values buffered in channels or held by parked senders
  pinned,        // a C++ caller's temporaries (tests, benchmarks)
};
std::string_view to_string(RootKind kind) noexcept;

struct RootSlot {
  std::string name;  // Go variable name ("m", "cache"); empty for anonymous
  Object* object;    // may be nullptr (a nil pointer does not mark: A5)
};

class RootSet {
 public:
  RootSet(std::uint64_t id, RootKind kind, std::string label, std::uint32_t goid)
      : id_(id), kind_(kind), label_(std::move(label)), goid_(goid) {}

  // Assigns the named slot, creating it if needed.
  void set(std::string_view name, Object* object);
  Object* get(std::string_view name) const noexcept;
  void push(Object* object) { slots_.push_back(RootSlot{{}, object}); }
  bool remove_one(Object* object) noexcept;  // first anonymous-or-named slot holding it
  void clear() noexcept { slots_.clear(); }

  std::uint64_t id() const noexcept { return id_; }
  RootKind kind() const noexcept { return kind_; }
  const std::string& label() const noexcept { return label_; }
  std::uint32_t goid() const noexcept { return goid_; }
  const std::vector<RootSlot>& slots() const noexcept { return slots_; }
  std::vector<RootSlot>& slots() noexcept { return slots_; }

 private:
  std::uint64_t id_;
  RootKind kind_;
  std::string label_;
  std::uint32_t goid_;  // owning goroutine for frames; 0 otherwise
  std::vector<RootSlot> slots_;
  friend class RootRegistry;
  std::size_t registry_index_ = 0;  // its entry in RootRegistry::sets_ (kept by open and compact)
};

class RootRegistry {
 public:
  static constexpr std::size_t kRootSetsMax = 1'000'000;

  RootSet* open(RootKind kind, std::string label, std::uint32_t goid = 0);
  void release(RootSet* set);  // the set is destroyed; its roots no longer mark
  std::size_t size() const noexcept { return live_; }
  std::uint64_t root_slot_count() const noexcept;
  // Visits every root set in opening order (deterministic).
  template <class F>
  void for_each(F&& f) const {
    for (const Entry& e : sets_)
      if (e.set) f(*e.set);
  }

 private:
  // In opening order = ascending id, so release finds a set by binary search
  // (goroutine frames are released in any order: a linear search per release
  // was quadratic at 10^5 goroutines). A released set leaves a hole (nullptr)
  // until holes outnumber the live sets, then the entries are compacted in
  // order: O(1) amortised per release. Contiguous, unlike the std::map this
  // replaces, whose node walks were 6 % of goroutine-leak's host time at 10^5
  // goroutines (each GC and retention snapshot visits every frame).
  // Each set also knows its entry's index, so release goes there directly:
  // the binary search over 2·10^5 frames missed the cache on most of its
  // 18 steps (27 % of release's samples in goroutine-leak at 10^5
  // goroutines); the search stays as the fallback.
  struct Entry {
    std::uint64_t id;
    std::unique_ptr<RootSet> set;  // nullptr: released
  };
  void compact();

  std::vector<Entry> sets_;
  std::size_t live_ = 0;
  std::uint64_t next_id_ = 1;
};

}  // namespace gcm::rt
