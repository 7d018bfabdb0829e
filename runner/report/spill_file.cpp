// spill_file.cpp — an unlinked temporary file (O_TMPFILE, else mkstemp +
// unlink) written with write(2) and read back with pread(2).
#include "report/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace gcm::report {
namespace {

constexpr std::size_t kReadPieceBytes = 64 * 1024;

int open_unnamed(const std::filesystem::path& dir) {
#ifdef O_TMPFILE
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  std::string name = (dir / ".gcmatrix-spill-XXXXXX").string();
  const int named = ::mkstemp(name.data());
  if (named < 0) return -1;
  ::unlink(name.c_str());  // nameless from here on: a kill leaves nothing
  return named;
}

}  // namespace

SpillFile::SpillFile(const std::filesystem::path& dir) : dir_(dir) {
  if (!dir_.empty()) fd_ = open_unnamed(dir_);
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

SpillFile::Extent SpillFile::append(std::string_view bytes) {
  const Extent e{size_, bytes.size()};
  if (fd_ < 0) {
    memory_.append(bytes);
    size_ += bytes.size();
    return e;
  }
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left != 0) {
    const ssize_t n = ::pwrite(fd_, p, left, static_cast<off_t>(size_ + (bytes.size() - left)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw OutputError(dir_.string() + ": cannot write the JUnit progress spill file: " +
                        std::strerror(n < 0 ? errno : ENOSPC));
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  size_ += bytes.size();
  return e;
}

void SpillFile::read(Extent e, const Sink& out) const {
  if (e.offset + e.bytes > size_) throw std::logic_error("SpillFile::read: extent past the end");
  if (fd_ < 0) {
    out(std::string_view(memory_).substr(e.offset, e.bytes));
    return;
  }
  std::vector<char> piece(std::min<std::uint64_t>(e.bytes, kReadPieceBytes));
  std::uint64_t at = e.offset, left = e.bytes;
  while (left != 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece.size()));
    const ssize_t n = ::pread(fd_, piece.data(), want, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw OutputError(dir_.string() + ": cannot read the JUnit progress spill file back: " +
                        std::strerror(n < 0 ? errno : EIO));
    out(std::string_view(piece.data(), static_cast<std::size_t>(n)));
    at += static_cast<std::uint64_t>(n);
    left -= static_cast<std::uint64_t>(n);
  }
}

}  // namespace gcm::report
