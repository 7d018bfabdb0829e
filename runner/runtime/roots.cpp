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
  if (live_ >= kRootSetsMax) throw std::length_error("root registry: limit reached");
  const std::uint64_t id = next_id_++;
  sets_.push_back(Entry{id, std::make_unique<RootSet>(id, kind, std::move(label), goid)});
  sets_.back().set->registry_index_ = sets_.size() - 1;
  ++live_;
  return sets_.back().set.get();
}

void RootRegistry::release(RootSet* set) {
  const std::size_t hint = set->registry_index_;
  const auto it = hint < sets_.size() && sets_[hint].set.get() == set
                      ? sets_.begin() + static_cast<std::ptrdiff_t>(hint)
                      : std::lower_bound(sets_.begin(), sets_.end(), set->id(),
                                         [](const Entry& e, std::uint64_t id) { return e.id < id; });
  assert(it != sets_.end() && it->id == set->id() && it->set.get() == set);
  if (it == sets_.end() || it->set.get() != set) return;
  it->set.reset();
  --live_;
  if (sets_.size() - live_ > std::max<std::size_t>(live_, 64)) compact();
}

void RootRegistry::compact() {
  std::erase_if(sets_, [](const Entry& e) { return e.set == nullptr; });
  for (std::size_t i = 0; i < sets_.size(); ++i) sets_[i].set->registry_index_ = i;
}

std::uint64_t RootRegistry::root_slot_count() const noexcept {
  std::uint64_t n = 0;
  for_each([&](const RootSet& s) { n += s.slots().size(); });
  return n;
}

}  // namespace gcm::rt
