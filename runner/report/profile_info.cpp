// profile_info.cpp — Go version parsing for report ordering.
#include "report/profile_info.hpp"

#include <charconv>

namespace gcm::report {

std::optional<int> go_minor_of(std::string_view go) {
  constexpr std::string_view kPrefix = "1.";
  if (go.size() <= kPrefix.size() || go.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  int minor = 0;
  const char* first = go.data() + kPrefix.size();
  const char* last = go.data() + go.size();
  auto [end, ec] = std::from_chars(first, last, minor);
  if (ec != std::errc{} || end != last || minor < 0) return std::nullopt;
  return minor;
}

}  // namespace gcm::report
