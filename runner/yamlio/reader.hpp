// reader.hpp — typed, located reads of a yaml-cpp tree for one file. Main
// entries: Field, Reader.
//
// Shared by every YAML file gcmatrix reads: profiles (policy/, whose
// NodeReader adds the profile's scalar types), scenarios, the matrix file and
// the expectations file. Every failure throws LocatedError pointing at the
// offending key or value.
//
// Typing is by hand, not yaml-cpp's as<T>(): a plain scalar (numbers,
// booleans) must be unquoted (a quoted "100" is a string), strings may be
// plain or quoted, and every message names what was expected.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "yamlio/located_error.hpp"

namespace gcm::yamlio {

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

// Which keys appear as themselves in key paths. A key that is not a plain
// word appears as "(key)" (and is quoted in the message), so a key path never
// holds spaces, colons or control characters.
enum class KeyWords {
  plain,        // letters, digits, '_', '-': schema keys (profiles, scenarios, matrix)
  dotted_names  // also '.': names such as go1.22 as keys (the expectations file)
};

// A key as a key-path component: itself when it is a word of `words` (at most
// 64 characters), else "(key)".
std::string key_path_component(std::string_view key, KeyWords words = KeyWords::plain);

// The key path of `key` inside `parent` ("" for the document root).
std::string child_key_path(std::string_view parent, std::string_view key, KeyWords words = KeyWords::plain);

// The 1-based place of `node`, or `fallback` when yaml-cpp has none (null
// values carry the mark of the next token).
Location location_of(const YAML::Node& node, Location fallback);

// "a map", "a sequence", "null", or the quoted scalar: for "got …" messages.
std::string describe_node(const YAML::Node& node);

class Reader {
 public:
  explicit Reader(std::string path, KeyWords words = KeyWords::plain) : path_(std::move(path)), words_(words) {}

  const std::string& path() const noexcept { return path_; }
  KeyWords key_words() const noexcept { return words_; }

  // child_key_path() with this file's key words.
  std::string child_path(std::string_view parent, std::string_view key) const {
    return child_key_path(parent, key, words_);
  }
  // The key needs quoting in a message: it is not a word of this file's keys.
  bool key_is_shown_quoted(std::string_view key) const { return key_path_component(key, words_) != key; }

  [[noreturn]] void fail(Location where, std::string key_path, std::string problem) const;
  [[noreturn]] void fail(const Field& field, std::string problem) const;
  // "<what is wrong> (expected <expected>)" at the field's value.
  [[noreturn]] void fail_expected(const Field& field, std::string_view wrong, std::string_view expected) const;

  // "unknown key" at the key, with a did-you-mean from `known` or the list of
  // them; a key that is not a word of this file's keys is quoted.
  [[noreturn]] void fail_unknown_key(const Field& field, const std::vector<std::string>& known) const;
  // "missing required key (expected <expected>)" at `map`, key path map.key.
  [[noreturn]] void fail_missing_key(const Field& map, std::string_view key, std::string_view expected) const;

  // A non-empty scalar, plain or quoted.
  std::string text(const Field& field, std::string_view expected) const;
  // A plain (unquoted, untagged) scalar: numbers, booleans, sizes, `off`.
  std::string plain(const Field& field, std::string_view expected) const;

  // A non-empty list of non-empty strings (`notes`).
  std::vector<std::string> string_list(const Field& field, std::string_view expected) const;
  // The entries of a map, in document order; keys must be non-empty scalars.
  std::vector<Field> map_fields(const Field& field, std::string_view expected) const;
  // The root of a document as a field (no key; key_where = where = the root).
  static Field root_field(const YAML::Node& root);
  // Item `i` of the sequence `list`: key path list[i], at the item.
  static Field item(const Field& list, std::size_t i);

 private:
  std::string path_;
  KeyWords words_ = KeyWords::plain;
};

}  // namespace gcm::yamlio
