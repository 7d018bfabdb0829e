// roots.cpp — root sets.
#include "runtime/roots.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <stdexcept>

namespace gcm::rt {

std::string_view to_string(RootKind kind) noexcept {
  switch (kind) {
    case RootKind::global: return "global";
    case RootKind::frame: return "frame";
    case RootKind::cleanup_list: return "cleanup_list";
    case RootKind::finalizer: return "finalizer";
    case RootKind::channel: return "channel";
    case RootKind::pinned: return "pinned";
  }
  return "unknown";
}

void RootSet::set(std::string_view name, Object* object) {
  for (RootSlot& s : slots_)
    if (s.name == name) {
      s.object = object;
      return;
    }
  slots_.push_back(RootSlot{std::string(name), object});
}

Object* RootSet::get(std::string_view name) const noexcept {
  for (const RootSlot& s : slots_)
    if (s.name == name) return s.object;
  return nullptr;
}

// From the back: a channel close hands nil to every receiver, so the in-flight
// set holds one nil per woken goroutine and each removes one; the last match
// is then the last slot, O(1) instead of shifting 10^5 slots per receiver.
bool RootSet::remove_one(Object* object) noexcept {
  auto it = std::find_if(slots_.rbegin(), slots_.rend(), [&](const RootSlot& s) { return s.object == object; });
  if (it == slots_.rend()) return false;
  slots_.erase(std::next(it).base());
  return true;
}

RootSet* RootRegistry::open(RootKind kind, std::string label, std::uint32_t goid) {
  if (sets_.size() >= kRootSetsMax) throw std::length_error("root registry: limit reached");
  const std::uint64_t id = next_id_++;
  return sets_.emplace_hint(sets_.end(), id, std::make_unique<RootSet>(id, kind, std::move(label), goid))->second.get();
}

void RootRegistry::release(RootSet* set) {
  const auto erased = sets_.erase(set->id());
  assert(erased == 1);
  (void)erased;
}

std::uint64_t RootRegistry::root_slot_count() const noexcept {
  std::uint64_t n = 0;
  for (const auto& [id, s] : sets_) n += s->slots().size();
  return n;
}

}  // namespace gcm::rt
