// profile_error.cpp — formatting of ProfileError messages.
#include "policy/profile_error.hpp"

#include <utility>

#include "policy/quote.hpp"

namespace gcm::policy {

std::string format_profile_error(std::string_view path, Location where,
                                 std::string_view key_path, std::string_view problem) {
  std::string line;
  line += path;
  line += ':' + std::to_string(where.line) + ':' + std::to_string(where.column) + ": ";
  line += key_path;
  line += ": ";
  line += problem;
  return escape_controls(line);  // one line, whatever the path or YAML held
}

ProfileError::ProfileError(std::string path, Location where, std::string key_path,
                           std::string problem)
    : std::runtime_error(format_profile_error(path, where, key_path, problem)),
      path_(std::move(path)),
      where_(where),
      key_path_(std::move(key_path)),
      problem_(std::move(problem)) {}

}  // namespace gcm::policy
