// spill_file.hpp — append-only bytes kept in an unlinked temporary file
// instead of memory. Main entry: SpillFile::append(), SpillFile::read().
//
// Why: the JUnit progress document (reporter_junit.cpp) rewrites junit.xml
// from every case rendered so far. Held in memory, those testcases were
// 95 MB at 10^4 tests × 11 profiles, for a file that exists only so that a
// killed run keeps its finished cases. On disk they cost 16 bytes of memory
// per case (an Extent), and the page cache keeps the rewrites fast.
//
// The file is created in `dir` (the output's folder: its file system is
// known to be writable) with O_TMPFILE, or, where the file system has no
// O_TMPFILE, created with mkstemp and unlinked at once: either way it has no
// name, so nothing is left behind by a crash or a kill -9, and no --out
// manifest needs to list it. Where neither works, or no folder is given,
// the bytes stay in memory, as before (on_disk() says which).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "report/atomic_write.hpp"

namespace gcm::report {

class SpillFile {
 public:
  struct Extent {
    std::uint64_t offset = 0, bytes = 0;
  };

  // An empty `dir`: the bytes stay in memory (tests, small documents).
  explicit SpillFile(const std::filesystem::path& dir = {});
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends `bytes`; throws OutputError naming `dir` on a write error (a
  // full disk): what was appended before stays readable.
  Extent append(std::string_view bytes);
  // Hands the bytes of `e` to `out`, in pieces of at most 64 KiB.
  void read(Extent e, const Sink& out) const;

  bool on_disk() const noexcept { return fd_ >= 0; }
  std::uint64_t size_bytes() const noexcept { return size_; }
  // Bytes this object holds in memory: 0 on disk, size_bytes() otherwise.
  std::uint64_t held_bytes() const noexcept { return on_disk() ? 0 : memory_.size(); }

 private:
  std::filesystem::path dir_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string memory_;  // the fallback
};

}  // namespace gcm::report
