// finalizers.hpp — runtime.SetFinalizer and runtime.AddCleanup associations
// and the queue the finalizer goroutine drains. Main entries:
// FinalizerTable::set_finalizer(), FinalizerTable::queue_unreachable().
//
// O4 (runtime/mfinal.go): the finalizer closure is a root, the object is not;
// an unreachable object with a finalizer is resurrected for one run (it and
// everything it references stay alive), its association is cleared, and
// (object, function) is queued for the single finalizer goroutine. A finalizer
// runs at most once. O9 (Go 1.24 runtime.AddCleanup): the cleanup receives an
// argument, not the object; the object is freed in the cycle that finds it
// unreachable; with a finalizer on the same object, cleanups run after it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "runtime/object.hpp"

namespace gcm::rt {

struct QueuedCall {
  enum class Kind : std::uint8_t { finalizer, cleanup } kind;
  Object* object;         // finalizer: the resurrected object; cleanup: nullptr (freed)
  Object* fn;             // the closure to call
  Object* arg;            // cleanup: its argument; finalizer: nullptr
  ObjectId object_id;     // for events
  std::uint64_t queued_event_seq;
};

class FinalizerTable {
 public:
  static constexpr std::size_t kQueueMax = 10'000'000;

  void set_finalizer(Object* object, Object* fn);
  bool clear_finalizer(Object* object);  // SetFinalizer(obj, nil)
  std::uint64_t add_cleanup(Object* object, Object* fn, Object* arg);

  // Called by the collector after marking from roots (and tiny propagation).
  // Queues the finalizers of unmarked objects and marks those objects (the
  // caller must then mark what they reference: returned in `resurrected`).
  void queue_unreachable_finalizers(std::vector<Object*>& resurrected, std::vector<QueuedCall>& newly_queued);
  // Called after resurrection marking: queues cleanups of still-unmarked objects.
  void queue_unreachable_cleanups(std::vector<QueuedCall>& newly_queued);

  template <class F>
  void for_each_root(F&& f) const {  // closures and queued entries are roots
    for (const auto& [id, e] : finalizers_) f(e.fn);
    for (const auto& e : cleanups_) {
      f(e.fn);
      f(e.arg);
    }
    for (const auto& q : queue_) {
      f(q.object);
      f(q.fn);
      f(q.arg);
    }
  }

  bool queue_empty() const noexcept { return queue_.empty(); }
  std::size_t queue_size() const noexcept { return queue_.size(); }
  QueuedCall pop();
  // A15 ("GC discards the finalizer entries" of a completed test): drops the
  // associations and queued finalizer calls of objects with id ≥ min_id.
  // Returns how many were dropped.
  std::size_t drop_from(ObjectId min_id);
  std::vector<QueuedCall>& queue() noexcept { return queue_; }
  void push_queued(const QueuedCall& q) { queue_.push_back(q); }
  std::size_t finalizer_count() const noexcept { return finalizers_.size(); }
  std::size_t cleanup_count() const noexcept { return cleanups_.size(); }
  bool has_finalizer(ObjectId id) const noexcept { return finalizers_.count(id) != 0; }

 private:
  struct FinalizerEntry {
    Object* object;
    Object* fn;
  };
  struct CleanupEntry {
    std::uint64_t cleanup_id;
    Object* object;
    Object* fn;
    Object* arg;
  };
  std::map<ObjectId, FinalizerEntry> finalizers_;  // ordered by object id: deterministic
  std::vector<CleanupEntry> cleanups_;             // in registration order
  std::vector<QueuedCall> queue_;                  // FIFO (front = index 0)
  std::uint64_t next_cleanup_id_ = 1;
};

}  // namespace gcm::rt
