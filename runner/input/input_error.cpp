// input_error.cpp — the one-line message.
#include "input/input_error.hpp"

#include "input/escape.hpp"

namespace gcm::input {

InputError::InputError(std::string path, int line, int column, std::string key, std::string problem)
    : std::runtime_error(escape_for_terminal(path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                             ": " + key + ": " + problem)),
      path_(std::move(path)),
      line_(line),
      column_(column),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

}  // namespace gcm::input
