// json_input.hpp — bytes a user hands us (a leg's results.json, a baseline)
// to JSON, with every failure located. Main entries: read_json_input(),
// parse_json_input().
//
// Why: nlohmann::json::parse reports a syntax error with its line and column
// but a number it cannot hold (1e400) as a bare out_of_range exception, which
// escaped as an internal error (issue 16 item 10). Parsing through a SAX
// wrapper gives both the same treatment: line, column and the JSON path of
// the value ("cases[0].seed"), one line, a user error. The wrapper also
// refuses a key twice in one object (the DOM keeps the last of the two, so
// a tampered leg would merge as its second "outcome" says). Files are read through
// input::read_input_file: bounded, regular files only, a FIFO never blocks.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gcm::report {

// A results.json of a matrix leg is the largest JSON gcmatrix reads: about
// 1.5 KB per case, so 256 MiB holds some 170,000 cases, beyond the estimated
// work any run accepts without --allow-large-run.
inline constexpr std::size_t kJsonInputBytesMax = 256 * 1024 * 1024;

// A file that could not be read or parsed. what() is one line:
//   "<path>:<line>:<column>: <json path or (json)>: <problem>" (parse), or
//   "<path>:1:1: (file): <problem> (expected a readable <what>)" (read).
struct JsonInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The whole of `path`, at most `bytes_max` bytes of a regular file.
std::string read_json_input(const std::filesystem::path& path, std::string_view what,
                            std::size_t bytes_max = kJsonInputBytesMax);

// `text` as JSON. `invalid` starts the problem of a syntax error ("invalid
// JSON", "not JSON"); a number out of range says so with its text.
nlohmann::ordered_json parse_json_input(std::string_view text, const std::string& source,
                                        std::string_view invalid = "invalid JSON");

}  // namespace gcm::report
