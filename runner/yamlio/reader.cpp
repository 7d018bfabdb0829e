// reader.cpp — typed, located reads of a yaml-cpp tree.
#include "yamlio/reader.hpp"

#include "input/quote.hpp"
#include "yamlio/did_you_mean.hpp"

namespace gcm::yamlio {

namespace {

using input::quote;

// yaml-cpp's tag for a plain scalar; quoted and block scalars carry "!".
constexpr std::string_view kPlainTag = "?";

constexpr std::size_t kKeyComponentMaxChars = 64;

bool is_word(std::string_view key, KeyWords words) {
  if (key.empty() || key.size() > kKeyComponentMaxChars) return false;
  for (char c : key) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || (c == '.' && words == KeyWords::dotted_names);
    if (!word) return false;
  }
  return true;
}

}  // namespace

std::string key_path_component(std::string_view key, KeyWords words) {
  return is_word(key, words) ? std::string(key) : std::string("(key)");
}

std::string child_key_path(std::string_view parent, std::string_view key, KeyWords words) {
  const std::string component = key_path_component(key, words);
  if (parent.empty()) return component;
  return std::string(parent) + "." + component;
}

Location location_of(const YAML::Node& node, Location fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0 || mark.column < 0) return fallback;
  return Location{mark.line + 1, mark.column + 1};
}

std::string describe_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "null";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a sequence";
  return quote(node.Scalar());
}

void Reader::fail(Location where, std::string key_path, std::string problem) const {
  throw LocatedError(path_, where, std::move(key_path), std::move(problem));
}

void Reader::fail(const Field& field, std::string problem) const {
  fail(field.where, field.key_path, std::move(problem));
}

void Reader::fail_expected(const Field& field, std::string_view wrong, std::string_view expected) const {
  fail(field, std::string(wrong) + " (expected " + std::string(expected) + ")");
}

void Reader::fail_unknown_key(const Field& field, const std::vector<std::string>& known) const {
  const std::string named = key_is_shown_quoted(field.key) ? " " + quote(field.key) : "";
  const auto suggestion = did_you_mean(field.key, known);
  if (suggestion) {
    fail(field.key_where, field.key_path, "unknown key" + named + " (did you mean " + quote(*suggestion) + "?)");
  }
  std::string listed;
  for (const auto& key : known) listed += (listed.empty() ? "" : ", ") + key;
  fail(field.key_where, field.key_path, "unknown key" + named + " (expected one of: " + listed + ")");
}

void Reader::fail_missing_key(const Field& map, std::string_view key, std::string_view expected) const {
  fail(map.where, child_path(map.key_path, key), "missing required key (expected " + std::string(expected) + ")");
}

std::string Reader::text(const Field& field, std::string_view expected) const {
  if (!field.value.IsScalar()) fail_expected(field, "got " + describe_node(field.value), expected);
  const std::string& scalar = field.value.Scalar();
  if (scalar.empty()) fail_expected(field, "got an empty string", expected);
  return scalar;
}

std::string Reader::plain(const Field& field, std::string_view expected) const {
  std::string scalar = text(field, expected);
  if (field.value.Tag() != kPlainTag) {
    fail_expected(field, quote(scalar) + " is quoted or tagged, so a string", expected);
  }
  return scalar;
}

Field Reader::root_field(const YAML::Node& root) {
  const Location where = location_of(root, Location{});
  return Field{root, {}, {}, where, where};
}

Field Reader::item(const Field& list, std::size_t i) {
  const YAML::Node node = list.value[i];
  const Location where = location_of(node, list.where);
  return Field{node, {}, list.key_path + "[" + std::to_string(i) + "]", where, where};
}

std::vector<std::string> Reader::string_list(const Field& field, std::string_view expected) const {
  if (!field.value.IsSequence()) fail_expected(field, "got " + describe_node(field.value), expected);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < field.value.size(); ++i) items.push_back(text(item(field, i), expected));
  return items;
}

std::vector<Field> Reader::map_fields(const Field& field, std::string_view expected) const {
  if (!field.value.IsMap()) fail_expected(field, "got " + describe_node(field.value), expected);
  std::vector<Field> fields;
  for (auto it = field.value.begin(); it != field.value.end(); ++it) {
    const YAML::Node key = it->first;
    const Location key_where = location_of(key, field.where);
    if (!key.IsScalar() || key.Scalar().empty()) {
      fail(key_where, child_path(field.key_path, "(key)"),
           "key is " + describe_node(key) + " (expected a plain string key)");
    }
    std::string key_path = child_path(field.key_path, key.Scalar());
    fields.push_back(Field{it->second, key.Scalar(), std::move(key_path), key_where, location_of(it->second, key_where)});
  }
  return fields;
}

}  // namespace gcm::yamlio
