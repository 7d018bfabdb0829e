// atomic_write.cpp — temp file + fsync + rename, POSIX.
#include "report/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gcm::report {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* step, int err) {
  throw OutputError("cannot write " + path.string() + ": " + step + ": " + std::strerror(err));
}

void write_all(int fd, const std::filesystem::path& target, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(target, "write", errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

enum class Existing { absent, regular, char_device };

// What `path` is now, without following a symbolic link; OutputError for
// the kinds we never replace.
Existing existing_kind(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Existing::absent;  // the parent check names the cause
    fail(path, "lstat", errno);
  }
  if (S_ISREG(st.st_mode)) return Existing::regular;
  if (S_ISCHR(st.st_mode)) return Existing::char_device;
  const char* kind = S_ISLNK(st.st_mode)    ? "a symbolic link"
                     : S_ISDIR(st.st_mode)  ? "a directory"
                     : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                                            : "a socket";
  throw OutputError("cannot write " + path.string() + ": it is " + kind +
                    " (expected a regular file, a character device or a new path; never replaced)");
}

// A character device: opened as it is and written in place.
class DeviceFile {
 public:
  explicit DeviceFile(const std::filesystem::path& target) : target_(target) {
    fd_ = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) fail(target_, "open", errno);
  }
  DeviceFile(const DeviceFile&) = delete;
  DeviceFile& operator=(const DeviceFile&) = delete;
  ~DeviceFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  void append(std::string_view bytes) { write_all(fd_, target_, bytes); }
  void commit() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(target_, "close", errno);
  }

 private:
  std::filesystem::path target_;
  int fd_ = -1;
};

// Owns the temporary file until commit(): the destructor unlinks it, so every
// early exit (a throwing producer included) leaves the directory as it was.
class TempFile {
 public:
  explicit TempFile(const std::filesystem::path& target) : target_(target) {
    std::filesystem::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    // Hidden, and named after the target so a leftover (power loss) is
    // recognisable. Not mkstemp: it creates mode 0600, and open(…, 0666)
    // lets the umask decide as for any ordinary file, without reading it.
    static std::atomic<unsigned> counter{0};
    std::string stem = ".";  // appended step by step: GCC 12 -Wrestrict false positive on "." + s
    stem += target.filename().string();
    stem += ".tmp.";
    stem += std::to_string(::getpid());
    stem += ".";
    constexpr int kAttemptsMax = 100;  // EEXIST only from leftovers of a crashed process
    for (int attempt = 0; attempt < kAttemptsMax && fd_ < 0; ++attempt) {
      name_ = (dir / (stem + std::to_string(counter.fetch_add(1)))).string();
      fd_ = ::open(name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) fail(target_, "create temporary file", errno);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(name_.c_str());
  }

  void append(std::string_view bytes) { write_all(fd_, target_, bytes); }

  void commit(Durability durability) {
    const bool sync = durability == Durability::machine_crash;
    if (sync && ::fsync(fd_) != 0) fail(target_, "fsync", errno);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(target_, "close", errno);
    if (::rename(name_.c_str(), target_.c_str()) != 0) fail(target_, "rename", errno);
    committed_ = true;
    if (sync) sync_directory();
  }

 private:
  // The rename is durable only once the directory entry is; best effort,
  // since some file systems refuse fsync on directories.
  void sync_directory() const {
    std::filesystem::path dir = target_.parent_path();
    int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    (void)::fsync(dfd);
    ::close(dfd);
  }

  std::filesystem::path target_;
  std::string name_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const Sink&)>& produce, Durability durability) {
  if (existing_kind(path) == Existing::char_device) {
    DeviceFile device(path);
    produce([&device](std::string_view bytes) { device.append(bytes); });
    device.commit();
    return;
  }
  TempFile tmp(path);
  produce([&tmp](std::string_view bytes) { tmp.append(bytes); });
  tmp.commit(durability);
}

void check_output_path(const std::filesystem::path& path, std::string_view what) {
  const auto refuse = [&](const std::string& problem) {
    throw OutputError(std::string(what) + ": cannot write " + path.string() + ": " + problem);
  };
  const auto named = [&](const OutputError& e) { throw OutputError(std::string(what) + ": " + e.what()); };
  try {
    if (existing_kind(path) == Existing::char_device) {
      DeviceFile probe(path);  // opening it is the check; nothing is written
      probe.commit();
      return;
    }
  } catch (const OutputError& e) {
    named(e);
  }
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) refuse("its folder " + dir.string() + " cannot be used: " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) refuse("its parent " + dir.string() + " is not a directory");
  try {
    TempFile probe(path);  // removed by its destructor: never committed
  } catch (const OutputError& e) {
    named(e);
  }
}

void check_output_kind(const std::filesystem::path& path, std::string_view what) {
  try {
    (void)existing_kind(path);
  } catch (const OutputError& e) {
    throw OutputError(std::string(what) + ": " + e.what());
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content, Durability durability) {
  write_file_atomically(path, [content](const Sink& sink) { sink(content); }, durability);
}

void sync_file_system(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "open", errno);
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail(path, "syncfs", err);
}

}  // namespace gcm::report
