// finalizers.cpp — finalizer and AddCleanup associations, resurrection, queue.
#include "runtime/finalizers.hpp"

#include <stdexcept>

namespace gcm::rt {

void FinalizerTable::set_finalizer(Object* object, Object* fn) {
  // runtime.SetFinalizer panics on a second finalizer: "finalizer already set".
  if (object->is(object_flag::has_finalizer)) throw std::logic_error("runtime.SetFinalizer: finalizer already set");
  object->flags |= object_flag::has_finalizer;
  finalizers_[object->id] = FinalizerEntry{object, fn};
}

bool FinalizerTable::clear_finalizer(Object* object) {
  object->flags &= static_cast<std::uint8_t>(~object_flag::has_finalizer);
  return finalizers_.erase(object->id) != 0;
}

std::uint64_t FinalizerTable::add_cleanup(Object* object, Object* fn, Object* arg) {
  // runtime.AddCleanup panics if arg == ptr: the cleanup would keep it alive forever.
  if (arg == object) throw std::logic_error("runtime.AddCleanup: ptr is equal to arg, cleanup will never run");
  object->flags |= object_flag::has_cleanup;
  cleanups_.push_back(CleanupEntry{next_cleanup_id_, object, fn, arg});
  return next_cleanup_id_++;
}

void FinalizerTable::queue_unreachable_finalizers(std::vector<Object*>& resurrected,
                                                  std::vector<QueuedCall>& newly_queued) {
  for (auto it = finalizers_.begin(); it != finalizers_.end();) {
    Object* o = it->second.object;
    if (o->is(object_flag::marked)) {
      ++it;
      continue;
    }
    o->flags &= static_cast<std::uint8_t>(~object_flag::has_finalizer);
    o->flags |= object_flag::finalized | object_flag::marked;  // resurrected for one run
    resurrected.push_back(o);
    newly_queued.push_back(QueuedCall{QueuedCall::Kind::finalizer, o, it->second.fn, nullptr, o->id, 0});
    it = finalizers_.erase(it);
  }
}

void FinalizerTable::queue_unreachable_cleanups(std::vector<QueuedCall>& newly_queued) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < cleanups_.size(); ++i) {
    CleanupEntry& e = cleanups_[i];
    if (e.object->is(object_flag::marked)) {
      cleanups_[kept++] = e;
      continue;
    }
    newly_queued.push_back(QueuedCall{QueuedCall::Kind::cleanup, nullptr, e.fn, e.arg, e.object->id, 0});
  }
  cleanups_.resize(kept);
}

std::size_t FinalizerTable::drop_from(ObjectId min_id) {
  std::size_t dropped = 0;
  for (auto it = finalizers_.lower_bound(min_id); it != finalizers_.end();) {
    it->second.object->flags &= static_cast<std::uint8_t>(~object_flag::has_finalizer);
    it = finalizers_.erase(it);
    ++dropped;
  }
  dropped += std::erase_if(queue_, [&](const QueuedCall& q) {
    return q.kind == QueuedCall::Kind::finalizer && q.object_id >= min_id;
  });
  return dropped;
}

QueuedCall FinalizerTable::pop() {
  QueuedCall q = queue_.front();
  queue_.erase(queue_.begin());
  return q;
}

}  // namespace gcm::rt
