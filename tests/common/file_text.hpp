// file_text.hpp — a whole file's bytes, for tests that compare what a
// writer left on disk (one helper instead of a copy in each test file).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gcm::testing {

// The file's bytes, unchanged (binary mode); "" when it cannot be opened,
// which the caller's comparison then reports.
inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace gcm::testing
