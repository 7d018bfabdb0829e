// loader.hpp — a scenario file read, typed and checked before anything runs.
// Main entries: load_scenario_file(), parse_scenario(), scenario_files().
//
// Errors are yamlio::LocatedError (= policy::ProfileError; the YAML toolkit
// of yamlio/ is shared by every loader): exactly one line,
// `file:line:column: key.path: message`, for the file itself (not a regular
// file, larger than kFileBytesMax),
// for syntax, unknown keys (with did-you-mean), duplicate keys, wrong types,
// a variable used before its let or not captured by the closure that uses it,
// a check naming an unknown observation, and every limit of limits.hpp.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/spec.hpp"

namespace gcm::scenario {

// Parses `yaml_text`; `path` starts every error message and is kept as Scenario::path.
Scenario parse_scenario(std::string_view yaml_text, std::string path);

// Reads (a regular file of at most kFileBytesMax bytes: a FIFO never
// blocks) and parses one file.
Scenario load_scenario_file(const std::filesystem::path& path);

// FILE → itself (also a FIFO or device, which load_scenario_file refuses by
// name); DIR → its regular *.yaml files, sorted by name (not recursive).
// LocatedError "(file)" when nothing exists there, or the folder holds no *.yaml.
std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& file_or_dir);

}  // namespace gcm::scenario
