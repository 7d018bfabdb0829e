// atomic_write.hpp — replace a file's content all at once or not at all.
// Main entry: write_file_atomically().
//
// Why: a crash while writing JUnit XML must not leave a 0-byte or truncated
// report that a dashboard then ingests (Boost 1.74's JUNIT logger does), and
// --update-expectations must never half-rewrite the committed file. We write
// a temporary file in the same directory (rename is atomic only within one
// file system), fsync it, then rename it over the target.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace gcm::report {

// Appends bytes to the temporary file; throws on an I/O error.
using Sink = std::function<void(std::string_view)>;

// Calls `produce` with a sink into a temporary file next to `path`, then
// renames it over `path`. If `produce` throws, or any step fails, `path` keeps
// its previous content (or stays absent), the temporary file is removed, and
// the exception propagates; failures of our own are std::runtime_error with a
// one-line message naming the path.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const Sink&)>& produce);

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace gcm::report
