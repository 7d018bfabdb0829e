// source.hpp — one profile file read and checked up to its header: YAML
// syntax, one document, a map, no duplicate keys (yamlio/document.hpp), known
// top-level keys, the
// identity keys (name, family, go, extends, description, notes). The body
// sections (gc, cost, testing) are kept as YAML for resolve.hpp, which applies
// them onto the parent profile. Main entries: read_profile_source(),
// read_profile_text().
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "policy/node_reader.hpp"
#include "policy/profile.hpp"

namespace gcm::policy {

struct ProfileSource {
  std::string path;         // as given; starts every error message
  Location document_where;  // the root map
  Location name_where;      // the value of `name`
  Location extends_where;   // the value of `extends`, if any
  std::string name;
  Family family = Family::documented;
  std::string go;
  std::string extends;  // empty: a root profile
  std::string description;
  std::vector<std::string> notes;
  std::vector<Field> body;  // gc:, cost:, testing: sections, in document order
  KeyLocations written;     // header keys -> where each was written

  // Where `key` was written, else the value of `extends` (the key's value was
  // inherited), else the document root.
  Location where_of(const std::string& key) const;
};

// "path:line:col: family: missing required key (expected …)" at the root,
// for a header key (family, go, description) the file did not write.
[[noreturn]] void fail_missing_header_key(const ProfileSource& source, std::string_view key);

inline constexpr std::size_t kProfileFileBytesMax = 1024 * 1024;

// The whole file (yamlio::read_text_file: a regular file, the bound checked
// while reading); ProfileError "(file)" at 1:1 when it cannot be read, is not
// a regular file or is larger than kProfileFileBytesMax.
std::string read_profile_text(const std::filesystem::path& path);

// Parses `yaml_text` (error messages name `path`). Throws ProfileError.
ProfileSource read_profile_source(std::string_view yaml_text, std::string path);

}  // namespace gcm::policy
