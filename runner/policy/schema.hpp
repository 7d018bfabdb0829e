// schema.hpp — the keys of a profile's gc:, cost: and testing: sections, and
// how each one sets a Profile field. Main entries: apply_body_section(),
// schema_keys(), behaviour_key_paths().
//
// Two kinds of leaf keys:
//   behaviour  encodes a claim of BEHAVIOUR.md; must be written
//              {value: X, basis: [A2, ...]}.
//   tunable    a plain setting (cost model, sizes, GC hook points); a bare
//              scalar, or {value, basis} when a claim backs it.
// Key paths join YAML keys with '.': "testing.timeout.mode".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/node_reader.hpp"
#include "policy/profile.hpp"

namespace gcm::policy {

enum class KeyKind : std::uint8_t {
  behaviour,  // {value, basis} required
  tunable,    // bare scalar or {value, basis}
  section,    // a map of further keys
};

struct SchemaKey {
  std::string path;  // "gc.gogc"
  KeyKind kind;
};

// Every key the body sections accept (sections included), in schema order.
const std::vector<SchemaKey>& schema_keys();

// The key paths of kind behaviour: each needs a basis in a resolved profile.
const std::vector<std::string>& behaviour_key_paths();

// True for the path of a behaviour or tunable key (what `basis` may name).
bool is_leaf_key_path(std::string_view key_path);

// The top-level body sections: "gc", "cost", "testing".
const std::vector<std::string>& body_section_names();

// Applies one top-level body section (`field.key` is gc, cost or testing) onto
// `profile`: sets each field it names and replaces the basis of each key it
// sets. Records where each key was written in `written`. Throws ProfileError.
void apply_body_section(const NodeReader& reader, const Field& field, Profile& profile,
                        KeyLocations& written);

}  // namespace gcm::policy
