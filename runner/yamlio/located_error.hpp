// located_error.hpp — the one error type of the YAML toolkit. Main entry:
// LocatedError.
//
// what() is exactly one line:
//   path:line:column: key.path: what is wrong (expected …)
// line and column are 1-based. Key paths name YAML keys joined by '.', list
// items as [i]; errors that are not about a key use a parenthesised word:
// (yaml) for syntax errors, (document) for the file as a whole (empty, not a
// map, a second document, the node budget), (file) when it cannot be read.
// Whole-file errors with no better place point at 1:1.
//
// policy::ProfileError is this type (profile_error.hpp); every loader that
// reads YAML through yamlio/ throws it, and each caller converts it into its
// own error where it has one (ExpectationsError, cli's ConfigError).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace gcm::input {
class InputError;
}

namespace gcm::yamlio {

// A place in a YAML file; 1-based, as editors count.
struct Location {
  int line = 1;
  int column = 1;
};

class LocatedError : public std::runtime_error {
 public:
  LocatedError(std::string path, Location where, std::string key_path, std::string problem);
  // The same fields: input/'s bounded read and parse report in this format.
  explicit LocatedError(const input::InputError& error);

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

// The one-line message, control characters and invalid UTF-8 escaped.
std::string format_located_error(std::string_view path, Location where, std::string_view key_path,
                                 std::string_view problem);

}  // namespace gcm::yamlio
