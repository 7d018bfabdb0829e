// bounded_read.hpp — a whole input file, read with a size bound. Main entry:
// read_input_file().
//
// Why: a path may name /dev/zero (endless), a FIFO with no writer (blocks in
// open), a directory, or a huge file. The bound is checked while reading, so
// memory never grows past it, and only regular files are read.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace gcm::input {

// Every file gcmatrix reads as input (profiles, matrix, expectations; a
// scenario has its own 256 KiB) is a hand-edited text file; the largest
// shipped one is 14 KB.
inline constexpr std::size_t kInputFileBytesMax = 1024 * 1024;

// The content of `path`, a regular file of at most `bytes_max` bytes.
// `what` names the file in messages ("profile file", "matrix file").
// Throws InputError at 1:1, key "(file)": cannot be opened, not a regular
// file (a directory, FIFO, device, socket: named), larger than `bytes_max`
// (checked while reading), or a read error.
std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::size_t bytes_max = kInputFileBytesMax);

}  // namespace gcm::input
