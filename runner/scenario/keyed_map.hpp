// keyed_map.hpp — one YAML map of a scenario read by key: unknown keys with
// did-you-mean, required keys, located errors. Main entry: KeyedMap.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/node_reader.hpp"

namespace gcm::scenario {

using policy::Field;
using policy::NodeReader;

class KeyedMap {
 public:
  // `field` must be a map (else "got …, expected <expected>"); every key must
  // be one of `known` (else "unknown key (did you mean …?)"). A null value is
  // read as an empty map when `null_is_empty` (`cancel: {}` and `cancel:`).
  KeyedMap(const NodeReader& reader, const Field& field, std::vector<std::string> known, std::string_view expected,
           bool null_is_empty = false);

  const Field* get(std::string_view key) const noexcept;
  // The field, or "missing required key (expected …)" at the map.
  const Field& need(std::string_view key, std::string_view expected) const;
  const Field& field() const noexcept { return field_; }
  const NodeReader& reader() const noexcept { return reader_; }
  // Exactly one of `keys` is present: the first present, or an error naming them.
  const Field& one_of(const std::vector<std::string>& keys, std::string_view what) const;

 private:
  const NodeReader& reader_;
  Field field_;
  std::vector<Field> entries_;
};

}  // namespace gcm::scenario
