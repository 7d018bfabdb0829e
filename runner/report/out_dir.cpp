// out_dir.cpp — flock, the manifest (nlohmann JSON), stale-file removal. POSIX.
#include "report/out_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <set>
#include <thread>

#include "input/bounded_read.hpp"
#include "input/input_error.hpp"
#include "report/atomic_write.hpp"
#include "report/units.hpp"

namespace gcm::report {
namespace fs = std::filesystem;

namespace {

constexpr int kManifestFormat = 1;  // "gcmatrix_run_manifest": bumped when a key changes meaning
// The manifest lists one name per output; traces are one per profile and
// workload. 64 MiB is far beyond any real run and still a bound.
constexpr std::size_t kManifestBytesMax = 64u * 1024 * 1024;

std::string folder_error(const fs::path& dir, const std::string& problem) {
  std::string m = "--out ";
  m += dir.string();
  m += ": ";
  m += problem;
  return m;
}

// A name as the manifest may hold it: relative, each component a plain
// name (no "..", ".", empty or absolute part), not the manifest or the lock.
bool listable(const std::string& rel) {
  if (rel.empty() || rel.front() == '/' || rel.find('\0') != std::string::npos) return false;
  const fs::path p(rel);
  for (const fs::path& part : p) {
    const std::string s = part.string();
    if (s.empty() || s == "." || s == ".." || s == "/") return false;
  }
  return rel != kManifestFileName && rel != kLockFileName;
}

// Removes dir/rel if it is a regular file reached through real directories
// only: a symbolic link on the way could point out of the folder.
void remove_listed(const fs::path& dir, const std::string& rel) {
  fs::path at = dir;
  const fs::path p(rel);
  for (auto it = p.begin(); it != p.end(); ++it) {
    at /= *it;
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) return;  // already gone
    const bool last = std::next(it) == p.end();
    if (!last && !S_ISDIR(st.st_mode)) return;  // a link or a file where a folder was: not ours to follow
    if (last && !S_ISREG(st.st_mode)) return;   // we only ever write regular files there
  }
  if (::unlink(at.c_str()) != 0 && errno != ENOENT)
    throw OutputError(folder_error(dir, "cannot remove " + at.string() + " of the previous run: " + std::strerror(errno)));
}

// Temporary files of write_file_atomically left by a process that died
// mid-write, directly in `sub` (a real directory inside the folder).
void remove_temp_files(const fs::path& dir, const fs::path& sub) {
  struct stat st {};
  if (::lstat(sub.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  std::error_code ec;
  for (fs::directory_iterator it(sub, ec), end; !ec && it != end; it.increment(ec)) {
    if (!is_atomic_write_temp_name(it->path().filename().string())) continue;
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    if (::unlink(it->path().c_str()) != 0 && errno != ENOENT)
      throw OutputError(folder_error(dir, "cannot remove the leftover " + it->path().string() + ": " + std::strerror(errno)));
  }
}

// The files the previous run listed; empty without a manifest. Refuses a
// manifest gcmatrix did not write: removing what it names would be a guess.
std::vector<std::string> previous_files(const fs::path& dir) {
  const fs::path manifest = dir / kManifestFileName;
  struct stat st {};
  if (::lstat(manifest.c_str(), &st) != 0) return {};
  const auto refuse = [&](const std::string& why) -> std::vector<std::string> {
    throw OutputError(folder_error(dir, manifest.string() + " is not a gcmatrix run manifest (" + why +
                                            "); remove it to let gcmatrix use this folder"));
  };
  std::string text;
  try {
    text = input::read_input_file(manifest, "run manifest", kManifestBytesMax);
  } catch (const input::InputError& e) {
    return refuse(e.problem());
  }
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("gcmatrix_run_manifest") || !j["gcmatrix_run_manifest"].is_number_integer())
    return refuse("no gcmatrix_run_manifest format number");
  if (j["gcmatrix_run_manifest"].get<long long>() != kManifestFormat)
    return refuse("format " + j["gcmatrix_run_manifest"].dump() + ", expected " + std::to_string(kManifestFormat));
  if (!j.contains("files") || !j["files"].is_array()) return refuse("files: expected an array");
  std::vector<std::string> files;
  for (const auto& f : j["files"]) {
    if (!f.is_string() || !listable(f.get<std::string>()))
      return refuse("files: " + f.dump() + " is not a relative path inside the folder");
    files.push_back(f.get<std::string>());
  }
  return files;
}

// Unique enough to tell runs apart in dashboards: time, pid, 32 random bits.
std::string new_run_id(const std::string& started_at) {
  std::string id;
  for (char c : started_at)
    if (std::isdigit(static_cast<unsigned char>(c))) id += c;
  id += "-";
  id += std::to_string(::getpid());
  id += "-";
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(std::random_device{}()));
  id += hex;
  return id;
}

// The pid the holder wrote into the lock file; it writes right after taking
// the lock, so a reader racing with it retries briefly.
std::string holder_pid(int fd) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!s.empty() && !std::isdigit(static_cast<unsigned char>(s.back()))) s.pop_back();
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return "unknown";
}

}  // namespace

bool is_atomic_write_temp_name(std::string_view name) {
  // ".<target>.tmp.<pid>.<n>": see TempFile in atomic_write.cpp.
  if (name.size() < 2 || name.front() != '.') return false;
  const auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  };
  const std::size_t last_dot = name.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0 || !digits(name.substr(last_dot + 1))) return false;
  const std::string_view head = name.substr(0, last_dot);  // ".<target>.tmp.<pid>"
  const std::size_t pid_dot = head.rfind('.');
  if (pid_dot == std::string_view::npos || !digits(head.substr(pid_dot + 1))) return false;
  const std::string_view stem = head.substr(0, pid_dot);  // ".<target>.tmp"
  constexpr std::string_view kTmp = ".tmp";
  return stem.size() > kTmp.size() + 1 && stem.substr(stem.size() - kTmp.size()) == kTmp;
}

OutDir::OutDir(fs::path dir, int lock_fd) : dir_(std::move(dir)), lock_fd_(lock_fd) {}

OutDir::OutDir(OutDir&& o) noexcept
    : dir_(std::move(o.dir_)), lock_fd_(o.lock_fd_), who_(std::move(o.who_)), run_id_(std::move(o.run_id_)),
      started_at_(std::move(o.started_at_)), files_(std::move(o.files_)) {
  o.lock_fd_ = -1;
}

OutDir::~OutDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing the last descriptor releases the flock
}

OutDir OutDir::lock(const fs::path& dir) {
  const fs::path abs = fs::absolute(dir).lexically_normal();
  const fs::path lock_path = abs / kLockFileName;
  // O_NOFOLLOW: a symbolic link planted as the lock file is refused, not followed.
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) throw OutputError(folder_error(dir, "cannot open the lock " + lock_path.string() + ": " + std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const std::string pid = err == EWOULDBLOCK ? holder_pid(fd) : std::string();
    ::close(fd);
    if (err == EWOULDBLOCK)
      throw OutputError(folder_error(dir, "in use by another gcmatrix run (pid " + pid +
                                              "); wait for it to end or choose another folder"));
    throw OutputError(folder_error(dir, "cannot lock " + lock_path.string() + ": " + std::strerror(err)));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int err = errno;
    ::close(fd);
    throw OutputError(folder_error(dir, "cannot write the lock " + lock_path.string() + ": " + std::strerror(err)));
  }
  return OutDir(abs, fd);
}

std::optional<std::string> OutDir::inside(const fs::path& path) const {
  const fs::path rel = fs::absolute(path).lexically_normal().lexically_relative(dir_);
  if (rel.empty() || !listable(rel.string())) return std::nullopt;
  return rel.string();
}

bool OutDir::is_reserved(const fs::path& path) const {
  const fs::path abs = fs::absolute(path).lexically_normal();
  return abs == dir_ / kManifestFileName || abs == dir_ / kLockFileName;
}

void OutDir::claim(const RunIdentity& who, const std::vector<std::string>& planned,
                   const std::vector<std::string>& planned_folders) {
  const std::vector<std::string> old = previous_files(dir_);  // refuses before removing anything
  for (const std::string& rel : old) remove_listed(dir_, rel);
  // Temporary files: in the folder and every sub-folder a run writes into.
  std::set<fs::path> subs{dir_};
  for (const auto* list : {&old, &planned})
    for (const std::string& rel : *list)
      if (fs::path(rel).has_parent_path()) subs.insert(dir_ / fs::path(rel).parent_path());
  for (const std::string& rel : planned_folders)
    if (listable(rel)) subs.insert(dir_ / rel);
  for (const fs::path& sub : subs) remove_temp_files(dir_, sub);
  who_ = who;
  started_at_ = utc_now_iso();
  run_id_ = new_run_id(started_at_);
  files_.clear();
  for (const std::string& rel : planned)
    if (std::find(files_.begin(), files_.end(), rel) == files_.end()) files_.push_back(rel);
  write_manifest("in-progress");
}

void OutDir::check_claimable() const { (void)previous_files(dir_); }

void OutDir::will_write(const std::vector<std::string>& files) {
  const std::size_t before = files_.size();
  std::set<std::string> listed(files_.begin(), files_.end());
  for (const std::string& rel : files)
    if (listed.insert(rel).second) files_.push_back(rel);
  if (files_.size() != before) write_manifest("in-progress");
}

void OutDir::complete() {
  std::vector<std::string> present;
  for (const std::string& rel : files_) {
    struct stat st {};
    if (::lstat((dir_ / rel).c_str(), &st) == 0 && S_ISREG(st.st_mode)) present.push_back(rel);
  }
  files_ = std::move(present);
  write_manifest("complete");
}

void OutDir::write_manifest(std::string_view state) const {
  nlohmann::ordered_json j;
  j["gcmatrix_run_manifest"] = kManifestFormat;
  j["run_id"] = run_id_;
  j["state"] = state;
  j["gcmatrix_version"] = who_.gcmatrix_version;
  j["command"] = who_.command;
  j["pid"] = static_cast<long long>(::getpid());
  j["started_at"] = started_at_;
  j["files"] = files_;
  // "complete" is the last word of a run: synced, like the final outputs.
  const Durability d = state == "complete" ? Durability::machine_crash : Durability::process_crash;
  write_file_atomically(dir_ / kManifestFileName, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", d);
}

}  // namespace gcm::report
