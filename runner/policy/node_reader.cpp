// node_reader.cpp — typed, located reads of a yaml-cpp tree.
#include "policy/node_reader.hpp"

#include <algorithm>

#include "policy/claims.hpp"
#include "policy/did_you_mean.hpp"
#include "policy/quote.hpp"
#include "policy/scalars.hpp"

namespace gcm::policy {

namespace {

// yaml-cpp's tag for a plain scalar; quoted and block scalars carry "!".
constexpr std::string_view kPlainTag = "?";

constexpr std::size_t kKeyComponentMaxChars = 64;

bool is_plain_word(std::string_view key) {
  if (key.empty() || key.size() > kKeyComponentMaxChars) return false;
  for (char c : key) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
    if (!word) return false;
  }
  return true;
}

}  // namespace

std::string key_path_component(std::string_view key) {
  return is_plain_word(key) ? std::string(key) : std::string("(key)");
}

std::string child_key_path(std::string_view parent, std::string_view key) {
  const std::string component = key_path_component(key);
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

void NodeReader::fail(Location where, std::string key_path, std::string problem) const {
  throw ProfileError(path_, where, std::move(key_path), std::move(problem));
}

void NodeReader::fail(const Field& field, std::string problem) const {
  fail(field.where, field.key_path, std::move(problem));
}

void NodeReader::fail_expected(const Field& field, std::string_view wrong,
                               std::string_view expected) const {
  fail(field, std::string(wrong) + " (expected " + std::string(expected) + ")");
}

void NodeReader::fail_unknown_key(const Field& field, const std::vector<std::string>& known) const {
  const std::string named = is_plain_word(field.key) ? "" : " " + quote(field.key);
  const auto suggestion = did_you_mean(field.key, known);
  if (suggestion) {
    fail(field.key_where, field.key_path,
         "unknown key" + named + " (did you mean " + quote(*suggestion) + "?)");
  }
  std::string listed;
  for (const auto& key : known) listed += (listed.empty() ? "" : ", ") + key;
  fail(field.key_where, field.key_path, "unknown key" + named + " (expected one of: " + listed + ")");
}

std::string NodeReader::quote_text(std::string_view text) { return quote(text); }

std::string NodeReader::text(const Field& field, std::string_view expected) const {
  if (!field.value.IsScalar()) fail_expected(field, "got " + describe_node(field.value), expected);
  const std::string& scalar = field.value.Scalar();
  if (scalar.empty()) fail_expected(field, "got an empty string", expected);
  return scalar;
}

std::string NodeReader::plain(const Field& field, std::string_view expected) const {
  std::string scalar = text(field, expected);
  if (field.value.Tag() != kPlainTag) {
    fail_expected(field, quote(scalar) + " is quoted or tagged, so a string", expected);
  }
  return scalar;
}

bool NodeReader::boolean(const Field& field) const {
  constexpr std::string_view kExpected = "true or false";
  const auto parsed = parse_bool(plain(field, kExpected));
  if (!parsed.ok()) fail_expected(field, parsed.error, kExpected);
  return parsed.value;
}

std::int64_t NodeReader::integer(const Field& field, std::int64_t min, std::int64_t max,
                                 std::string_view expected) const {
  const auto parsed = parse_int(plain(field, expected), min, max);
  if (!parsed.ok()) fail_expected(field, parsed.error, expected);
  return parsed.value;
}

std::uint64_t NodeReader::size_bytes(const Field& field, std::uint64_t min, std::uint64_t max,
                                     std::string_view expected) const {
  const std::string spelled = plain(field, expected);
  const auto parsed = parse_size_bytes(spelled, max);
  if (!parsed.ok()) fail_expected(field, parsed.error, expected);
  if (parsed.value < min) fail_expected(field, quote(spelled) + " is out of range", expected);
  return parsed.value;
}

std::int64_t NodeReader::positive_seconds_ns(const Field& field, std::string_view expected) const {
  const std::string spelled = plain(field, expected);
  const auto parsed = parse_seconds_ns(spelled);
  if (!parsed.ok()) fail_expected(field, parsed.error, expected);
  if (parsed.value <= 0) fail_expected(field, quote(spelled) + " is not positive", expected);
  return parsed.value;
}

std::vector<std::string> NodeReader::string_list(const Field& field,
                                                 std::string_view expected) const {
  if (!field.value.IsSequence()) fail_expected(field, "got " + describe_node(field.value), expected);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < field.value.size(); ++i) {
    const YAML::Node item = field.value[i];
    const Location where = location_of(item, field.where);
    const Field item_field{item, {}, field.key_path + "[" + std::to_string(i) + "]", where, where};
    items.push_back(text(item_field, expected));
  }
  return items;
}

std::vector<std::string> NodeReader::claim_ids(const Field& field) const {
  constexpr std::string_view kExpected = "a list of claim IDs from docs/claims.md, e.g. [A2, O4]";
  if (field.value.IsSequence() && field.value.size() == 0) {
    fail_expected(field, "empty list", kExpected);
  }
  std::vector<std::string> ids = string_list(field, kExpected);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const YAML::Node item = field.value[i];
    const Location where = location_of(item, field.where);
    const std::string item_path = field.key_path + "[" + std::to_string(i) + "]";
    const std::string problem = origin_ == ProfileOrigin::user ? user_claim_id_problem(ids[i]) : claim_id_problem(ids[i]);
    if (!problem.empty()) fail(where, item_path, problem);
    if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) !=
        ids.begin() + static_cast<std::ptrdiff_t>(i)) {
      fail(where, item_path, quote(ids[i]) + " is listed twice (expected each claim ID once)");
    }
  }
  return ids;
}

std::vector<Field> NodeReader::map_fields(const Field& field, std::string_view expected) const {
  if (!field.value.IsMap()) fail_expected(field, "got " + describe_node(field.value), expected);
  std::vector<Field> fields;
  for (auto it = field.value.begin(); it != field.value.end(); ++it) {
    const YAML::Node key = it->first;
    const Location key_where = location_of(key, field.where);
    if (!key.IsScalar() || key.Scalar().empty()) {
      fail(key_where, child_key_path(field.key_path, "(key)"),
           "key is " + describe_node(key) + " (expected a plain string key)");
    }
    const std::string key_path = child_key_path(field.key_path, key.Scalar());
    fields.push_back(Field{it->second, key.Scalar(), key_path, key_where,
                           location_of(it->second, key_where)});
  }
  return fields;
}

}  // namespace gcm::policy
