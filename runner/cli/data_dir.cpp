// data_dir.cpp — lookup of the shipped data folder (see data_dir.hpp).
#include "cli/data_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "cli/plan.hpp"

namespace gcm::cli {

namespace fs = std::filesystem;

namespace {

bool holds_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "policies", ec) && fs::is_regular_file(dir / "matrix" / "default.yaml", ec);
}

std::string executable_path() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // Linux: the binary, symlinks resolved
  return ec ? std::string() : exe.string();
}

DataDir find_data_dir() {
  DataDir found;
  const char* env = std::getenv("GCMATRIX_DATA_DIR");
  for (const auto& [source, candidate] : data_dir_candidates(env, executable_path())) {
    found.tried.push_back(candidate + " (" + source + ")");
    if (source == "GCMATRIX_DATA_DIR" && !holds_data(candidate))  // an explicit override never falls through
      throw ConfigError("GCMATRIX_DATA_DIR=" + candidate + ": no policies/ and matrix/default.yaml there");
    if (holds_data(candidate)) {
      std::error_code ec;
      const fs::path absolute = fs::weakly_canonical(fs::absolute(candidate), ec);
      found.path = ec ? candidate : absolute.string();
      found.source = source;
      return found;
    }
  }
  std::string list;
  for (const std::string& t : found.tried) list += (list.empty() ? "" : ", ") + t;
  throw ConfigError("cannot find gcmatrix's data (policies/, matrix/); looked in " + list +
                    "; set GCMATRIX_DATA_DIR or reinstall with cmake --install");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> data_dir_candidates(const char* env_value, const std::string& exe_path) {
  std::vector<std::pair<std::string, std::string>> out;
  if (env_value != nullptr && *env_value != '\0') out.emplace_back("GCMATRIX_DATA_DIR", env_value);
  if (!exe_path.empty())
    out.emplace_back("installed", (fs::path(exe_path).parent_path().parent_path() / "share" / "gcmatrix").string());
  out.emplace_back("source tree", GCMATRIX_SOURCE_DIR);
  return out;
}

const DataDir& data_dir() {
  static const DataDir dir = find_data_dir();  // one lookup per process
  return dir;
}

}  // namespace gcm::cli
