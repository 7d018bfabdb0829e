// atomic_write.hpp — replace a file's content all at once or not at all.
// Main entry: write_file_atomically().
//
// Why: a crash while writing JUnit XML must not leave a 0-byte or truncated
// report that a dashboard then ingests (Boost 1.74's JUNIT logger does), and
// --update-expectations must never half-rewrite the committed file. We write
// a temporary file in the same directory (rename is atomic only within one
// file system), fsync it (unless Durability::process_crash), then rename it
// over the target.
//
// Only a regular file (or an absent path) is replaced that way. An output path
// that exists and is something else is never replaced (README, "Limits and
// hostile input"):
//   - a character device (/dev/null, /dev/stdout, a tty) is written through,
//     in place: replacing /dev/null with a regular file would break the host;
//   - a symbolic link, a directory, a FIFO (a write would block until some
//     reader opens it), a block device or a socket is refused with
//     OutputError, before anything is written.
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace gcm::report {

// An output path that cannot or may not be written: the user's to fix (exit
// 2). what() is one line naming the path and the reason.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks, before a run writes anything, that `path` can be written as above:
// it is absent, a regular file or a character device, and its parent is an
// existing directory where a file can be created (a probe file is created
// and removed: modes, read-only mounts and quotas all answer). Throws
// OutputError naming `what` ("--junit") and the path.
void check_output_path(const std::filesystem::path& path, std::string_view what);
// The kind check of check_output_path alone (no probe file): for many files
// in one folder the folder was probed for (a run's traces). Throws
// OutputError naming `what` when `path` exists and is not a regular file or
// a character device.
void check_output_kind(const std::filesystem::path& path, std::string_view what);

// Appends bytes to the temporary file; throws on an I/O error.
using Sink = std::function<void(std::string_view)>;

// Calls `produce` with a sink into a temporary file next to `path`, then
// renames it over `path`. If `produce` throws, or any step fails, `path` keeps
// its previous content (or stays absent), the temporary file is removed, and
// the exception propagates; failures of our own are OutputError with a
// one-line message naming the path. A character device is written through
// (no temporary file, no rename); any other existing non-regular file is
// refused (OutputError) and left as it is.
// What a completed write survives. While the OS runs, both are atomic: a
// reader sees the old content or the new, never a part, whatever becomes of
// gcmatrix.
enum class Durability {
  machine_crash,  // fsync the file and its directory: the new content also survives power loss
                  // (final reports, expectations)
  process_crash,  // rename only: survives gcmatrix dying or being killed. After an OS crash or
                  // power loss the file may be old, new or empty (a rename without fsync, on
                  // XFS, btrfs, ext4 with noauto_da_alloc). For the JUnit rewritten after
                  // every case, whose last version is written synced.
};

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const Sink&)>& produce,
                           Durability durability = Durability::machine_crash);

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           Durability durability = Durability::machine_crash);

// Flushes the whole file system that holds `path` (Linux syncfs): one wait
// for many files written with Durability::process_crash — 121 traces cost
// one flush instead of 121 fsyncs. Throws std::runtime_error naming the path.
// Linux before 5.8 reports no writeback error from syncfs (fsync would), and
// it flushes other processes' dirty data on that file system too.
void sync_file_system(const std::filesystem::path& path);

}  // namespace gcm::report
