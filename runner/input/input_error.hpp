// input_error.hpp — the error of the input layer. Main entry: InputError.
//
// what() is one line, in the project's format:
//   path:line:column: key: problem (expected …)
// key is "(file)" for reading, "(yaml)" for syntax, "(document)" for the
// document as a whole. The YAML toolkit turns it into its LocatedError
// (yamlio/located_error.hpp) keeping the fields; cli/ and report/ convert
// that into ConfigError / ExpectationsError with the message unchanged.
#pragma once

#include <stdexcept>
#include <string>

namespace gcm::input {

class InputError : public std::runtime_error {
 public:
  InputError(std::string path, int line, int column, std::string key, std::string problem);

  const std::string& path() const noexcept { return path_; }
  int line() const noexcept { return line_; }      // 1-based
  int column() const noexcept { return column_; }  // 1-based
  const std::string& key() const noexcept { return key_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string path_;
  int line_;
  int column_;
  std::string key_;
  std::string problem_;
};

}  // namespace gcm::input
