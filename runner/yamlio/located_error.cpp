// located_error.cpp — formatting of LocatedError messages.
#include "yamlio/located_error.hpp"

#include <utility>

#include "input/escape.hpp"
#include "input/input_error.hpp"

namespace gcm::yamlio {

std::string format_located_error(std::string_view path, Location where, std::string_view key_path,
                                 std::string_view problem) {
  std::string line;
  line += path;
  line += ':' + std::to_string(where.line) + ':' + std::to_string(where.column) + ": ";
  line += key_path;
  line += ": ";
  line += problem;
  return input::escape_for_terminal(line);  // one line, whatever the path or YAML held
}

LocatedError::LocatedError(std::string path, Location where, std::string key_path, std::string problem)
    : std::runtime_error(format_located_error(path, where, key_path, problem)),
      path_(std::move(path)),
      where_(where),
      key_path_(std::move(key_path)),
      problem_(std::move(problem)) {}

LocatedError::LocatedError(const input::InputError& error)
    : LocatedError(error.path(), Location{error.line(), error.column()}, error.key(), error.problem()) {}

}  // namespace gcm::yamlio
