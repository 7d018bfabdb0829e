// data_dir.hpp — where gcmatrix finds the data it ships (policies/, matrix/,
// scenarios/), so that an installed binary runs from any directory.
// Main entry: data_dir().
//
// Looked up once, in this order (the first that holds policies/ and
// matrix/default.yaml wins):
//   1. $GCMATRIX_DATA_DIR                  an explicit override;
//   2. <executable>/../share/gcmatrix      `cmake --install` layout (prefix-relative);
//   3. the source tree the binary was built from, while it still exists
//      (a binary run from build/).
// `gcmatrix --version` prints which one was taken.
#pragma once

#include <string>
#include <vector>

namespace gcm::cli {

struct DataDir {
  std::string path;                   // absolute, without a trailing slash
  std::string source;                 // "GCMATRIX_DATA_DIR", "installed", "source tree"
  std::vector<std::string> tried;     // every candidate looked at, in order, for the error
};

// Throws ConfigError naming every candidate when none holds the data.
const DataDir& data_dir();

// The candidates in lookup order, for a given environment value and
// executable path (pure; tests call it).
std::vector<std::pair<std::string, std::string>> data_dir_candidates(const char* env_value, const std::string& exe_path);

}  // namespace gcm::cli
