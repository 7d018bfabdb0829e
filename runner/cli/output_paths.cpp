// output_paths.cpp — folder creation, the reserved names, the table extension.
#include "cli/output_paths.hpp"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "report/atomic_write.hpp"
#include "report/table_format.hpp"

namespace gcm::cli {

namespace fs = std::filesystem;

void ensure_folder(const std::string& dir, std::string_view what) {
  // Create first, then look: a concurrent run may create the folder between
  // a check and the creation (create_directories does not fail on an
  // existing directory), and the check after it sees the result either way.
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::error_code probe;
  if (fs::is_directory(dir, probe)) return;
  if (fs::exists(fs::symlink_status(dir, probe)))
    throw report::OutputError(std::string(what) + ": " + dir + " exists and is not a directory");
  throw report::OutputError(std::string(what) + ": cannot create " + dir + ": " +
                            (ec ? ec.message() : std::string("it does not exist after creation")));
}

report::OutDir lock_out_folder(const std::string& dir) {
  ensure_folder(dir, "--out");
  return report::OutDir::lock(dir);
}

void check_output_file(const std::string& path, std::string_view what, const report::OutDir* out_dir) {
  if (out_dir != nullptr && out_dir->is_reserved(path))
    throw report::OutputError(std::string(what) + ": cannot write " + path + ": it is the --out folder's own manifest or lock");
  report::check_output_path(path, what);
}

void check_table_extension(const std::string& path, std::string_view what) {
  try {
    (void)report::format_from_extension(path);
  } catch (const std::invalid_argument& e) {
    throw report::OutputError(std::string(what) + ": " + e.what());
  }
}

std::vector<std::string> files_inside(const report::OutDir& dir, const std::vector<std::string>& paths) {
  std::vector<std::string> rel;
  for (const std::string& path : paths)
    if (!path.empty())
      if (auto r = dir.inside(path)) rel.push_back(*r);
  return rel;
}

}  // namespace gcm::cli
