// names.cpp — name rules and durations.
#include "scenario/names.hpp"

#include <array>

#include "policy/quote.hpp"
#include "scenario/limits.hpp"

namespace gcm::scenario {

namespace {

bool lower_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

bool allowed(NameKind kind, char c, std::size_t at) {
  switch (kind) {
    case NameKind::scenario: return lower_digit(c) || c == '-';
    case NameKind::check: return lower_digit(c) || c == '-' || c == ':';
    case NameKind::observation: return lower_digit(c) || c == '_';
    case NameKind::variable: return letter(c) || c == '_' || (at > 0 && digit(c));
    case NameKind::test: return letter(c) || digit(c) || c == '_';
    case NameKind::subtest: return letter(c) || digit(c) || c == '_' || c == '-' || c == '%';
    case NameKind::label: return letter(c) || digit(c) || c == '_' || c == '-' || c == '.' || c == ':';
    case NameKind::claim: return letter(c) || digit(c) || c == '_' || c == '-' || c == '.';
  }
  return false;
}

const char* rule(NameKind kind) {
  switch (kind) {
    case NameKind::scenario: return "lower-case letters, digits and '-'";
    case NameKind::check: return "lower-case letters, digits, '-' and ':'";
    case NameKind::observation: return "lower-case letters, digits and '_'";
    case NameKind::variable: return "a Go identifier: letters, digits and '_', not starting with a digit";
    case NameKind::test: return "Test followed by letters, digits and '_'";
    case NameKind::subtest: return "letters, digits, '_' and '-'";
    case NameKind::label: return "letters, digits, '_', '-', '.' and ':', no spaces";
    case NameKind::claim: return "letters, digits, '_', '-' and '.'";
  }
  return "";
}

}  // namespace

std::string name_problem(std::string_view name, NameKind kind) {
  const std::string bad = policy::quote(name) + " is not a valid name (expected " + rule(kind) + ", at most " +
                          std::to_string(kNameCharsMax) + " characters)";
  if (name.empty() || name.size() > kNameCharsMax) return bad;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!allowed(kind, name[i], i)) return bad;
  if (kind == NameKind::test && name.substr(0, 4) != "Test") return bad;
  return {};
}

policy::Parsed<std::int64_t> parse_duration_ns(std::string_view text, std::int64_t max_ns) {
  struct Unit {
    std::string_view suffix;
    std::int64_t ns;
  };
  // Longest suffixes first, so "ms" is not read as "m" + "s".
  constexpr std::array<Unit, 7> kUnits{Unit{"ns", 1}, Unit{"us", 1'000}, Unit{"\xc2\xb5s", 1'000},
                                       Unit{"ms", 1'000'000}, Unit{"s", 1'000'000'000},
                                       Unit{"m", 60'000'000'000}, Unit{"h", 3'600'000'000'000}};
  for (const Unit& u : kUnits) {
    if (text.size() <= u.suffix.size() || text.substr(text.size() - u.suffix.size()) != u.suffix) continue;
    const std::string_view number = text.substr(0, text.size() - u.suffix.size());
    if (!digit(number.back())) continue;  // "1ms" ends in 's' too: try the other suffixes
    const auto n = policy::parse_int(number, 0, max_ns / u.ns);
    if (!n.ok()) return {0, policy::quote(text) + " is out of range or malformed"};
    return {n.value * u.ns, {}};
  }
  return {0, policy::quote(text) + " is not a duration"};
}

}  // namespace gcm::scenario
