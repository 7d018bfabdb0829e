// roots.cpp — root sets.
#include "runtime/roots.hpp"

#include <algorithm>
#include <cassert>
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

bool RootSet::remove_one(Object* object) noexcept {
  auto it = std::find_if(slots_.begin(), slots_.end(), [&](const RootSlot& s) { return s.object == object; });
  if (it == slots_.end()) return false;
  slots_.erase(it);
  return true;
}

RootSet* RootRegistry::open(RootKind kind, std::string label, std::uint32_t goid) {
  if (sets_.size() >= kRootSetsMax) throw std::length_error("root registry: limit reached");
  sets_.push_back(std::make_unique<RootSet>(next_id_++, kind, std::move(label), goid));
  return sets_.back().get();
}

void RootRegistry::release(RootSet* set) {
  auto it = std::find_if(sets_.begin(), sets_.end(), [&](const auto& p) { return p.get() == set; });
  assert(it != sets_.end());
  if (it != sets_.end()) sets_.erase(it);
}

std::uint64_t RootRegistry::root_slot_count() const noexcept {
  std::uint64_t n = 0;
  for (const auto& s : sets_) n += s->slots().size();
  return n;
}

}  // namespace gcm::rt
