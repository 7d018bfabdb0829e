// matrix_file.hpp — the matrix file (matrix/default.yaml, --matrix): which
// profiles × workloads × params × seeds, and which scenarios. Main entries:
// read_matrix(), read_matrix_text().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/seed_range.hpp"
#include "yamlio/located_error.hpp"

namespace gcm::cli {

struct MatrixFile {
  std::vector<std::string> profiles;   // empty = all
  std::vector<std::string> workloads;  // empty = all
  std::vector<std::uint64_t> seeds{1};  // ascending, each once
  std::optional<SeedRange> seed_range;  // `seeds: A..B`: a sweep
  yamlio::Location seed_range_where;    // of its value, for errors found once --shard is known
  std::map<std::string, std::map<std::string, std::string>> params;  // workload -> k -> v
  // Where each was written: the workload's key, and each value (with its key
  // path), so the plan's parameter errors name the file, line and column.
  struct Written {
    yamlio::Location where;
    std::string key_path;
  };
  std::map<std::string, Written> params_workload_where;                  // workload -> its key
  std::map<std::string, std::map<std::string, Written>> params_where;    // workload -> k -> its value
  std::vector<std::string> scenarios;  // files or folders, relative to the matrix file's folder
};

// Reads `text` as the matrix file at `path` (scenario paths are relative to
// its folder). Errors are ConfigError "path:line:col: key: message" (exit 2).
MatrixFile read_matrix_text(std::string_view text, const std::string& path);
// The same, from the file: a bounded read of a regular file (yamlio/document.hpp).
MatrixFile read_matrix(const std::string& path);

}  // namespace gcm::cli
