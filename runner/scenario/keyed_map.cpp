// keyed_map.cpp — reading one YAML map by key.
#include "scenario/keyed_map.hpp"

#include <algorithm>

namespace gcm::scenario {

KeyedMap::KeyedMap(const NodeReader& reader, const Field& field, std::vector<std::string> known,
                   std::string_view expected, bool null_is_empty)
    : reader_(reader), field_(field) {
  if (null_is_empty && (!field.value.IsDefined() || field.value.IsNull())) return;
  entries_ = reader.map_fields(field, expected);
  for (const Field& entry : entries_)
    if (std::find(known.begin(), known.end(), entry.key) == known.end()) reader.fail_unknown_key(entry, known);
}

const Field* KeyedMap::get(std::string_view key) const noexcept {
  for (const Field& entry : entries_)
    if (entry.key == key) return &entry;
  return nullptr;
}

const Field& KeyedMap::need(std::string_view key, std::string_view expected) const {
  if (const Field* f = get(key)) return *f;
  reader_.fail(field_.where, policy::child_key_path(field_.key_path, key),
               "missing required key (expected " + std::string(expected) + ")");
}

const Field& KeyedMap::one_of(const std::vector<std::string>& keys, std::string_view what) const {
  const Field* found = nullptr;
  std::string listed;
  for (const std::string& key : keys) {
    listed += (listed.empty() ? "" : ", ") + key;
    const Field* f = get(key);
    if (f == nullptr) continue;
    if (found != nullptr)
      reader_.fail(f->key_where, f->key_path,
                   "both " + found->key + " and " + key + " given (expected exactly one " + std::string(what) + ")");
    found = f;
  }
  if (found == nullptr)
    reader_.fail(field_.where, field_.key_path, "no " + std::string(what) + " given (expected one of: " + listed + ")");
  return *found;
}

}  // namespace gcm::scenario
