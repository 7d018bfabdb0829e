// source.cpp — reading one profile file up to its header.
#include "policy/source.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "policy/quote.hpp"
#include "policy/schema.hpp"
#include "yamlio/document.hpp"

namespace gcm::policy {

namespace {

constexpr std::string_view kNameExpected = "a profile name of letters, digits, '.', '_', '-', e.g. go1.22";
constexpr std::string_view kGoExpected = "the Go version modelled, 1.<minor>, e.g. 1.22";
constexpr std::string_view kDescriptionExpected = "a description of what the profile models";
constexpr std::string_view kRootExpected = "a map with name, family, go, description and gc, cost, testing";

struct RequiredKey {
  std::string_view key;
  std::string_view expected;
};
constexpr std::array kRequiredKeys{
    RequiredKey{"name", kNameExpected},
    RequiredKey{"family", "one of: documented, observed"},
    RequiredKey{"go", kGoExpected},
    RequiredKey{"description", kDescriptionExpected},
};

std::vector<std::string> top_level_keys() {
  std::vector<std::string> keys{"name", "family", "go", "extends", "description", "notes"};
  for (const auto& section : body_section_names()) keys.push_back(section);
  return keys;
}

std::string read_name(const NodeReader& reader, const Field& field) {
  std::string name = reader.text(field, kNameExpected);
  if (!is_valid_profile_name(name)) {
    reader.fail_expected(field, quote(name) + " is not a profile name", kNameExpected);
  }
  return name;
}

void read_top_level_field(const NodeReader& reader, const Field& field, ProfileSource& source) {
  const std::string& key = field.key;
  if (key == "name") {
    source.name = read_name(reader, field);
    source.name_where = field.where;
  } else if (key == "family") {
    source.family = reader.enumeration<Family>(field);
  } else if (key == "go") {
    source.go = reader.text(field, kGoExpected);
    if (!go_minor(source.go)) {
      reader.fail_expected(field, quote(source.go) + " is not a Go version", kGoExpected);
    }
  } else if (key == "extends") {
    source.extends = read_name(reader, field);
    source.extends_where = field.where;
  } else if (key == "description") {
    source.description = reader.text(field, kDescriptionExpected);
  } else if (key == "notes") {
    source.notes = reader.string_list(field, "a list of strings");
  } else if (std::ranges::find(body_section_names(), key) != body_section_names().end()) {
    source.body.push_back(field);
  } else {
    reader.fail_unknown_key(field, top_level_keys());
  }
}

}  // namespace

Location ProfileSource::where_of(const std::string& key) const {
  if (const auto found = written.find(key); found != written.end()) return found->second;
  if (!extends.empty()) return extends_where;
  return document_where;
}

std::string read_profile_text(const std::filesystem::path& path) {
  return yamlio::read_text_file(path, "profile file", kProfileFileBytesMax);
}

ProfileSource read_profile_source(std::string_view yaml_text, std::string path) {
  const NodeReader reader(path);
  const YAML::Node root = yamlio::read_document(reader, yaml_text, {"profile", kRootExpected});
  ProfileSource source;
  source.path = std::move(path);
  const Field root_field = NodeReader::root_field(root);
  source.document_where = root_field.where;
  for (const Field& field : reader.map_fields(root_field, kRootExpected)) {
    source.written[field.key_path] = field.key_where;
    read_top_level_field(reader, field, source);
  }
  // With `extends`, family, go and description may come from the parent:
  // resolve_profile decides (a user's profile inherits them, a shipped one
  // must write them).
  for (const RequiredKey& required : kRequiredKeys) {
    if (!source.extends.empty() && required.key != "name") continue;
    if (!source.written.contains(std::string(required.key))) {
      reader.fail_missing_key(root_field, required.key, required.expected);
    }
  }
  return source;
}

void fail_missing_header_key(const ProfileSource& source, std::string_view key) {
  for (const RequiredKey& required : kRequiredKeys) {
    if (required.key != key) continue;
    NodeReader(source.path).fail(source.document_where, std::string(key),
                                 "missing required key (expected " + std::string(required.expected) + ")");
  }
  throw std::logic_error("fail_missing_header_key: not a header key");
}

}  // namespace gcm::policy
