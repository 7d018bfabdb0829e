// value.hpp — an observation's value in its one canonical form, the form the
// Go export prints: integers in decimal, records space-separated in order,
// map keys as sorted "k:count" pairs. Main entry: Value.
#pragma once

#include <cstdint>
#include <string>

namespace gcm::scenario {

struct Value {
  bool numeric = false;
  std::int64_t number = 0;  // when numeric
  std::string text;         // when not

  static Value of(std::int64_t n) { return Value{true, n, {}}; }
  static Value of(std::string t) { return Value{false, 0, std::move(t)}; }
  std::string canonical() const { return numeric ? std::to_string(number) : text; }
  bool operator==(const Value&) const = default;
};

}  // namespace gcm::scenario
