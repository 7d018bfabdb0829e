// source.cpp — reading one profile file up to its header.
#include "policy/source.hpp"

#include <algorithm>
#include <array>

#include "input/bounded_read.hpp"
#include "input/input_error.hpp"
#include "input/yaml_document.hpp"
#include "policy/quote.hpp"
#include "policy/schema.hpp"
#include "policy/yaml_checks.hpp"

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

Location last_line(std::string_view text) {
  const auto lines = std::count(text.begin(), text.end(), '\n');
  const bool open_last_line = !text.empty() && text.back() != '\n';
  return Location{static_cast<int>(std::max<std::ptrdiff_t>(1, lines + (open_last_line ? 1 : 0))), 1};
}

Location mark_location(const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return Location{};
  return Location{mark.line + 1, mark.column + 1};
}

}  // namespace

// The one document of the file, a map: syntax errors, no document, not a
// map, several documents. parse_yaml() bounds the parse (yaml_document.hpp).
YAML::Node load_single_document(const NodeReader& reader, std::string_view yaml_text, std::string_view noun,
                                std::string_view root_expected) {
  const std::string kind(noun);
  input::ParsedYaml parsed;
  try {
    parsed = input::parse_yaml(yaml_text, reader.path());
  } catch (const input::InputError& error) {
    reader.fail(Location{error.line(), error.column()}, error.key(), error.problem());
  }
  const bool first_is_null = parsed.documents == 0 || parsed.first.IsNull();
  if (first_is_null && parsed.documents <= 1) {
    reader.fail(Location{}, "(document)", "empty " + kind + " (expected " + std::string(root_expected) + ")");
  }
  // Before counting documents: yaml-cpp starts a new document after a
  // top-level scalar, so "a second document" would hide the real mistake.
  if (!first_is_null && !parsed.first.IsMap()) {
    reader.fail(location_of(parsed.first, Location{}), "(document)",
                "a " + kind + " is a map, got " + describe_node(parsed.first) + " (expected " +
                    std::string(root_expected) + ")");
  }
  if (parsed.documents > 1) {
    const Location second = parsed.second_root_mark.is_null() ? last_line(yaml_text)
                                                              : mark_location(parsed.second_root_mark);
    reader.fail(second, "(document)", "a second YAML document (expected one " + kind + " per file)");
  }
  return parsed.first;
}

namespace {

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
  try {
    return input::read_input_file(path, "profile file", kProfileFileBytesMax);
  } catch (const input::InputError& error) {
    throw ProfileError(error.path(), Location{error.line(), error.column()}, error.key(), error.problem());
  }
}

ProfileSource read_profile_source(std::string_view yaml_text, std::string path) {
  const NodeReader reader(path);
  const YAML::Node root = load_single_document(reader, yaml_text, "profile", kRootExpected);
  check_yaml_tree(reader, root);
  ProfileSource source;
  source.path = std::move(path);
  source.document_where = location_of(root, Location{});
  const Field root_field{root, {}, {}, source.document_where, source.document_where};
  for (const Field& field : reader.map_fields(root_field, kRootExpected)) {
    source.written[field.key_path] = field.key_where;
    read_top_level_field(reader, field, source);
  }
  for (const RequiredKey& required : kRequiredKeys) {
    if (!source.written.contains(std::string(required.key))) {
      reader.fail(source.document_where, std::string(required.key),
                  "missing required key (expected " + std::string(required.expected) + ")");
    }
  }
  return source;
}

}  // namespace gcm::policy
