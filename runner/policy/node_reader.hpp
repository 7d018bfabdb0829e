// node_reader.hpp — typed, located reads of a yaml-cpp tree for one profile
// file. Main entry: NodeReader; every failure throws ProfileError pointing at
// the offending key or value.
//
// Typing is by hand, not yaml-cpp's as<T>(): numbers, booleans, sizes and
// `off` must be plain scalars (a quoted "100" is a string), strings may be
// plain or quoted, and every message names what was expected.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "policy/enum_names.hpp"
#include "policy/profile.hpp"
#include "policy/profile_error.hpp"

namespace gcm::policy {

// Where each key of a file was written: key path -> location of the key.
using KeyLocations = std::map<std::string, Location>;

// A value together with the key that holds it.
struct Field {
  YAML::Node value;
  std::string key;       // last component: "gogc"; empty for a document root
  std::string key_path;  // "gc.gogc", "testing.loopvar.basis[1]"
  Location key_where;    // the key (or, for list items and roots, the value)
  Location where;        // the value; the key's place when the value is null
};

// A key as a key-path component: itself when it is a plain word (letters,
// digits, '_', '-'; at most 64 characters), else "(key)", so a key path never
// holds spaces, colons or control characters.
std::string key_path_component(std::string_view key);

// The key path of `key` inside `parent` ("" for the document root).
std::string child_key_path(std::string_view parent, std::string_view key);

// The 1-based place of `node`, or `fallback` when yaml-cpp has none (null
// values carry the mark of the next token).
Location location_of(const YAML::Node& node, Location fallback);

// "a map", "a sequence", "null", or the quoted scalar: for "got …" messages.
std::string describe_node(const YAML::Node& node);

class NodeReader {
 public:
  explicit NodeReader(std::string path, ProfileOrigin origin = ProfileOrigin::shipped)
      : path_(std::move(path)), origin_(origin) {}

  // A user's own file: claim IDs of its own are accepted (profile.hpp).
  ProfileOrigin origin() const noexcept { return origin_; }

  const std::string& path() const noexcept { return path_; }

  [[noreturn]] void fail(Location where, std::string key_path, std::string problem) const;
  [[noreturn]] void fail(const Field& field, std::string problem) const;
  // "<what is wrong> (expected <expected>)" at the field's value.
  [[noreturn]] void fail_expected(const Field& field, std::string_view wrong,
                                  std::string_view expected) const;

  // "unknown key" at the key, with a did-you-mean from `known` or the list of
  // them; a key that is not a plain word is quoted in the message.
  [[noreturn]] void fail_unknown_key(const Field& field, const std::vector<std::string>& known) const;

  // A non-empty scalar, plain or quoted.
  std::string text(const Field& field, std::string_view expected) const;
  // A plain (unquoted, untagged) scalar: numbers, booleans, sizes, `off`.
  std::string plain(const Field& field, std::string_view expected) const;

  bool boolean(const Field& field) const;
  std::int64_t integer(const Field& field, std::int64_t min, std::int64_t max,
                       std::string_view expected) const;
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

  // A non-empty list of non-empty strings (`notes`).
  std::vector<std::string> string_list(const Field& field, std::string_view expected) const;
  // A non-empty list of distinct known claim IDs (`basis`).
  std::vector<std::string> claim_ids(const Field& field) const;
  // The entries of a map, in document order; keys must be non-empty scalars.
  std::vector<Field> map_fields(const Field& field, std::string_view expected) const;

 private:
  static std::string quote_text(std::string_view text);

  std::string path_;
  ProfileOrigin origin_ = ProfileOrigin::shipped;
};

}  // namespace gcm::policy
