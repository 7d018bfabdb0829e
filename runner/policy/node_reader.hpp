// node_reader.hpp — typed, located reads of a profile file's yaml-cpp tree.
// Main entry: NodeReader.
//
// The located reading itself (Field, key paths, text, lists, maps, unknown
// keys with did-you-mean) is the YAML toolkit's (yamlio/reader.hpp); this
// adds the value types of a profile: booleans, bounded integers, byte sizes,
// seconds, enumerations and claim IDs (policy/scalars.hpp, claims.hpp). The
// scenario language shares these spellings, so scenario/ reads with it too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "policy/enum_names.hpp"
#include "policy/profile.hpp"
#include "policy/profile_error.hpp"
#include "yamlio/reader.hpp"

namespace gcm::policy {

// The toolkit's names, as policy/ and its users spell them.
using yamlio::child_key_path;
using yamlio::describe_node;
using yamlio::Field;
using yamlio::key_path_component;
using yamlio::KeyLocations;
using yamlio::location_of;

class NodeReader : public yamlio::Reader {
 public:
  explicit NodeReader(std::string path, ProfileOrigin origin = ProfileOrigin::shipped)
      : yamlio::Reader(std::move(path)), origin_(origin) {}

  // A user's own file: claim IDs of its own are accepted (profile.hpp).
  ProfileOrigin origin() const noexcept { return origin_; }

  bool boolean(const Field& field) const;
  std::int64_t integer(const Field& field, std::int64_t min, std::int64_t max, std::string_view expected) const;
  std::uint64_t size_bytes(const Field& field, std::uint64_t min, std::uint64_t max,
                           std::string_view expected) const;
  std::int64_t positive_seconds_ns(const Field& field, std::string_view expected) const;

  template <class E>
  E enumeration(const Field& field) const {
    const std::string expected = "one of: " + allowed_values<E>();
    const std::string spelled = text(field, expected);
    const auto value = parse_enum<E>(spelled);
    if (!value) fail_expected(field, "unknown value " + quote_text(spelled), expected);
    return *value;
  }

  // A non-empty list of distinct known claim IDs (`basis`).
  std::vector<std::string> claim_ids(const Field& field) const;

 private:
  static std::string quote_text(std::string_view text);

  ProfileOrigin origin_ = ProfileOrigin::shipped;
};

}  // namespace gcm::policy
