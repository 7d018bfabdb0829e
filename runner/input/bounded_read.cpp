// bounded_read.cpp — open without blocking, fstat, read at most the bound + 1.
#include "input/bounded_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "input/input_error.hpp"

namespace gcm::input {

namespace {

std::string_view file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes on every exit, the throwing ones included.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string bytes_text(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";  // a scenario's 256 KiB
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string read_input_file(const std::filesystem::path& path, std::string_view what, std::size_t bytes_max) {
  const std::string name = path.string();
  const auto fail = [&](const std::string& problem) -> InputError {
    return InputError(name, 1, 1, "(file)", problem + " (expected a readable " + std::string(what) + ")");
  };
  // O_NONBLOCK: opening a FIFO that has no writer would otherwise block
  // forever; for the regular files we go on to read it changes nothing.
  const Fd file{::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0) throw fail(std::string("cannot be opened: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) throw fail(std::string("cannot be examined: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw fail("is " + std::string(file_kind(st.st_mode)));
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(std::string("cannot be read: ") + std::strerror(errno));
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > bytes_max)
      throw fail("is larger than " + bytes_text(bytes_max));
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace gcm::input
