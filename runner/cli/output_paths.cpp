// output_paths.cpp — folder creation, the reserved names, the table extension.
#include "cli/output_paths.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <map>
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

namespace {
// What makes two paths one file: its device and inode when it exists (a
// hard link, a symbolic link or "./x" name it too), else the canonical
// absolute path it would be created at.
std::string file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0)
    return "inode " + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (ec) return "path " + fs::path(path).lexically_normal().string();
  const fs::path canonical = fs::weakly_canonical(absolute, ec);
  return "path " + (ec ? absolute.lexically_normal() : canonical).string();
}
}  // namespace

void check_outputs_distinct(const std::vector<std::pair<std::string, std::string>>& outputs,
                            const std::vector<std::pair<std::string, std::string>>& inputs) {
  std::map<std::string, const std::string*> input_of;  // identity -> the option that read it
  for (const auto& [path, what] : inputs) input_of.emplace(file_identity(path), &what);
  std::map<std::string, const std::string*> written_by;
  for (const auto& [path, what] : outputs) {
    if (path.empty()) continue;
    const std::string id = file_identity(path);
    if (const auto it = input_of.find(id); it != input_of.end())
      throw report::OutputError(what + ": cannot write " + path + ": it is an input of this run (" + *it->second + ")");
    if (const auto [it, fresh] = written_by.emplace(id, &what); !fresh)
      throw report::OutputError(what + ": cannot write " + path + ": " + *it->second + " writes it too");
  }
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
