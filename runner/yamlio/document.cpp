// document.cpp — bounded read, bounded parse, one map document, tree checks.
#include "yamlio/document.hpp"

#include <algorithm>

#include "input/input_error.hpp"
#include "input/yaml_document.hpp"

namespace gcm::yamlio {

namespace {

Location last_line(std::string_view text) {
  const auto lines = std::count(text.begin(), text.end(), '\n');
  const bool open_last_line = !text.empty() && text.back() != '\n';
  return Location{static_cast<int>(std::max<std::ptrdiff_t>(1, lines + (open_last_line ? 1 : 0))), 1};
}

Location mark_location(const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return Location{};
  return Location{mark.line + 1, mark.column + 1};
}

// "a profile", "an expectations table".
std::string with_article(std::string_view noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

// The one document of the file, a map: syntax errors, no document, not a
// map, several documents. parse_yaml() bounds the parse (input/yaml_document.hpp).
YAML::Node load_single_document(const Reader& reader, std::string_view yaml_text, std::string_view noun,
                                std::string_view root_expected) {
  const std::string kind(noun);
  const std::string expected = " (expected " + std::string(root_expected) + ")";
  input::ParsedYaml parsed;
  try {
    parsed = input::parse_yaml(yaml_text, reader.path());
  } catch (const input::InputError& error) {
    throw LocatedError(error);
  }
  const bool first_is_null = parsed.documents == 0 || parsed.first.IsNull();
  if (first_is_null && parsed.documents <= 1) reader.fail(Location{}, "(document)", "empty " + kind + expected);
  // Before counting documents: yaml-cpp starts a new document after a
  // top-level scalar, so "a second document" would hide the real mistake.
  if (!first_is_null && !parsed.first.IsMap()) {
    reader.fail(location_of(parsed.first, Location{}), "(document)",
                with_article(kind) + " is a map, got " + describe_node(parsed.first) + expected);
  }
  if (parsed.documents > 1) {
    const Location second = parsed.second_root_mark.is_null() ? last_line(yaml_text)
                                                              : mark_location(parsed.second_root_mark);
    reader.fail(second, "(document)", "a second YAML document (expected one " + kind + " per file)");
  }
  return parsed.first;
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path, std::string_view what, std::size_t bytes_max) {
  try {
    return input::read_input_file(path, what, bytes_max);
  } catch (const input::InputError& error) {
    throw LocatedError(error);
  }
}

YAML::Node read_document(const Reader& reader, std::string_view yaml_text, const DocumentKind& kind) {
  const YAML::Node root = load_single_document(reader, yaml_text, kind.noun, kind.root_expected);
  check_yaml_tree(reader, root, kind.nesting_max, kind.nesting_expected);
  return root;
}

}  // namespace gcm::yamlio
