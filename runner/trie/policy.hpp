// policy.hpp — what a key or a value is and how it lies in a node; the policy
// bag that combines a key kind and a value kind; the engine's options.
// Main entries: u64_kind, string_kind, map_policy<K, V>, Options.
//
// A kind says how many pointer slots and payload bytes one item takes in a
// node (immer's memory_policy is a bag of tiny policy types; this is ours):
//
//   u64_kind     0 slots, 8 bytes  — stored inline in the node payload
//   string_kind  1 slot,  0 bytes  — a pointer-free emulated string object
//
// An entry is key then value: its slots are [key slots][value slots], its
// payload bytes [key bytes][value bytes].
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/object.hpp"
#include "runtime/runtime.hpp"
#include "trie/bits.hpp"

namespace gcm::trie {

struct u64_kind {
  using arg_type = std::uint64_t;      // what callers pass and get back
  static constexpr count_t slots = 0;  // Object* slots per item
  static constexpr count_t bytes = 8;  // payload bytes per item
  static constexpr std::uint8_t tag = 0;

  static arg_type load(rt::Object* const*, const std::byte* b) noexcept {
    arg_type v;
    std::memcpy(&v, b, sizeof v);
    return v;
  }
  static void store(rt::Runtime&, rt::Object**, std::byte* b, arg_type v) noexcept { std::memcpy(b, &v, sizeof v); }
  static bool equal(arg_type a, arg_type b) noexcept { return a == b; }
  static bool less(arg_type a, arg_type b) noexcept { return a < b; }
  // Hashes the key's 8 bytes in host order (little-endian on every target we build).
  // The default seam is answered inline (xxh3_u64: the same value); an
  // injected hash (tests) goes through the pointer.
  static hash_t hash(hash_fn h, arg_type v) noexcept { return h == &xxh3_hash ? xxh3_u64(v) : h(&v, sizeof v); }
  static bool well_formed(rt::Object* const*) noexcept { return true; }
  static void print(std::string& out, arg_type v) { out += std::to_string(v); }
};

struct string_kind {
  using arg_type = std::string_view;   // views into the emulated string's payload
  static constexpr count_t slots = 1;
  static constexpr count_t bytes = 0;
  static constexpr std::uint8_t tag = 1;

  static arg_type load(rt::Object* const* s, const std::byte*) noexcept { return rt::Runtime::string_of(s[0]); }
  // Allocates the string object (an allocation: no GC runs inside it).
  static void store(rt::Runtime& rt, rt::Object** s, std::byte*, arg_type v) { s[0] = rt.new_string(v); }
  static bool equal(arg_type a, arg_type b) noexcept { return a == b; }
  static bool less(arg_type a, arg_type b) noexcept { return a < b; }
  static hash_t hash(hash_fn h, arg_type v) noexcept { return h(v.data(), v.size()); }
  static bool well_formed(rt::Object* const* s) noexcept {
    return s[0] != nullptr && s[0]->kind == static_cast<std::uint8_t>(rt::ObjectKind::string) && s[0]->slot_count == 0;
  }
  static void print(std::string& out, arg_type v) {
    out += '"';
    out += v;
    out += '"';
  }
};

// The policy bag of one map type. Node object kinds: the trie owns
// ObjectKind::user_first + 0 … + 7, two per (key kind, value kind) pair.
template <class K, class V>
struct map_policy {
  using key = K;
  using value = V;
  static constexpr count_t entry_slots = K::slots + V::slots;
  static constexpr count_t entry_bytes = K::bytes + V::bytes;
  static constexpr std::uint8_t kind_inner =
      static_cast<std::uint8_t>(static_cast<std::uint8_t>(rt::ObjectKind::user_first) + 2 * (2 * K::tag + V::tag));
  static constexpr std::uint8_t kind_collision = kind_inner + 1;

  static_assert(entry_slots + entry_bytes > 0, "an entry occupies something");
  static_assert(entry_bytes % 8 == 0, "inline items keep the payload 8-aligned");
  static_assert(kind_collision < static_cast<std::uint8_t>(rt::ObjectKind::user_first) + 8,
                "the trie owns object kinds user_first … user_first+7");
};

using u64_map_policy = map_policy<u64_kind, u64_kind>;
using string_map_policy = map_policy<string_kind, string_kind>;

// First and last object kind the trie uses (tests census nodes by kind).
inline constexpr std::uint8_t kKindFirst = static_cast<std::uint8_t>(rt::ObjectKind::user_first);
inline constexpr std::uint8_t kKindLast = kKindFirst + 7;
constexpr bool is_trie_node_kind(std::uint8_t kind) noexcept { return kind >= kKindFirst && kind <= kKindLast; }

// The engine's options: a plain value struct (STYLE.md: loader structs outside,
// tiny policy types inside).
struct Options {
  hash_fn hasher = &xxh3_hash;               // test seam: inject a weak hash
  std::uint32_t pool_nodes_max = 1u << 16;   // recycled nodes kept at most (A17, A20); 0 = no pool
  std::string label = "trie";                // names the engine's root sets in reports
};

}  // namespace gcm::trie
