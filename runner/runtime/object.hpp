// object.hpp — the emulated Go heap object: a 16-byte header, then pointer
// slots, then a payload. Main entry: Object::slots(), Object::payload().
//
// Layout (what Go's runtime calls an object with a pointer bitmap, simplified
// to "all pointers first"):
//
//   | header 16 B | slot_count × Object* | payload_bytes (rounded to 8) |
//
// Invariant: emulated_bytes() == 16 + 8·slot_count + round8(payload_bytes),
// whether or not the payload is materialised (flag virtual_payload).
#pragma once

#include <cstddef>
#include <cstdint>

namespace gcm::rt {

using ObjectId = std::uint64_t;  // allocation sequence number, from 1; 0 = none

// Object kinds the runtime itself interprets. Layers above use values from
// `user_first` on (trie nodes, strings of the workloads, …).
enum class ObjectKind : std::uint8_t {
  plain = 0,    // a struct with pointer slots and/or payload
  cell = 1,     // a captured variable (Go closures capture variables): 1 slot
  closure = 2,  // a func value: slots = captured cells/objects; code host-side
  string = 3,   // pointer-free bytes
  buffer = 4,   // pointer-free large buffer, usually virtual (not materialised)
  user_first = 16,
};

namespace object_flag {
inline constexpr std::uint8_t marked = 1u << 0;           // set by mark, cleared by sweep
inline constexpr std::uint8_t has_finalizer = 1u << 1;    // SetFinalizer association present
inline constexpr std::uint8_t has_cleanup = 1u << 2;      // AddCleanup association present
inline constexpr std::uint8_t virtual_payload = 1u << 3;  // payload counted, not materialised
inline constexpr std::uint8_t tiny = 1u << 4;             // lives in a shared 16-byte tiny block
inline constexpr std::uint8_t finalized = 1u << 5;        // finalizer already queued once (O4: at most once)
}  // namespace object_flag

struct Object {
  ObjectId id;                  // allocation sequence number
  std::uint32_t payload_bytes;  // bytes after the slots (accounted even if virtual)
  std::uint16_t slot_count;     // number of Object* slots
  std::uint8_t kind;            // ObjectKind or a layer's own value ≥ user_first
  std::uint8_t flags;           // object_flag bits

  Object** slots() noexcept { return reinterpret_cast<Object**>(this + 1); }
  Object* const* slots() const noexcept { return reinterpret_cast<Object* const*>(this + 1); }
  Object*& slot(std::uint32_t i) noexcept { return slots()[i]; }
  Object* slot(std::uint32_t i) const noexcept { return slots()[i]; }
  // Payload; nullptr when virtual.
  std::byte* payload() noexcept {
    return (flags & object_flag::virtual_payload) ? nullptr
                                                  : reinterpret_cast<std::byte*>(slots() + slot_count);
  }
  const std::byte* payload() const noexcept {
    return (flags & object_flag::virtual_payload) ? nullptr
                                                  : reinterpret_cast<const std::byte*>(slots() + slot_count);
  }
  bool is(std::uint8_t flag) const noexcept { return (flags & flag) != 0; }
  bool pointer_free() const noexcept { return slot_count == 0; }

  static constexpr std::uint64_t round8(std::uint64_t n) noexcept { return (n + 7) & ~std::uint64_t{7}; }
  // What the object costs on the emulated heap (deterministic accounting).
  static constexpr std::uint64_t emulated_bytes_for(std::uint32_t slot_count, std::uint64_t payload_bytes) noexcept {
    return sizeof(Object) + 8ull * slot_count + round8(payload_bytes);
  }
  std::uint64_t emulated_bytes() const noexcept { return emulated_bytes_for(slot_count, payload_bytes); }
  // What the host allocates for it (virtual payloads are not materialised).
  std::uint64_t host_bytes() const noexcept {
    return is(object_flag::virtual_payload) ? sizeof(Object) + 8ull * slot_count : emulated_bytes();
  }
};
static_assert(sizeof(Object) == 16, "the header is at most 16 bytes (issue: runtime heap)");
static_assert(alignof(Object) == 8);

}  // namespace gcm::rt
