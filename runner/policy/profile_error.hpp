// profile_error.hpp — the one error type of the policy layer. Main entry:
// ProfileError.
//
// what() is exactly one line:
//   path:line:column: key.path: what is wrong (expected …)
// line and column are 1-based. Key paths name YAML keys joined by '.', list
// items as [i]; errors that are not about a key use a parenthesised word:
// (yaml) for syntax errors, (document) for the file as a whole (empty, not a
// map, a second document), (file) when it cannot be read. Whole-file errors
// with no better place point at 1:1.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace gcm::policy {

// A place in a YAML file; 1-based, as editors count.
struct Location {
  int line = 1;
  int column = 1;
};

class ProfileError : public std::runtime_error {
 public:
  ProfileError(std::string path, Location where, std::string key_path, std::string problem);

  const std::string& path() const noexcept { return path_; }
  Location where() const noexcept { return where_; }
  const std::string& key_path() const noexcept { return key_path_; }
  const std::string& problem() const noexcept { return problem_; }  // "what is wrong (expected …)"

 private:
  std::string path_;
  Location where_;
  std::string key_path_;
  std::string problem_;
};

// The one-line message, control characters escaped.
std::string format_profile_error(std::string_view path, Location where,
                                 std::string_view key_path, std::string_view problem);

}  // namespace gcm::policy
