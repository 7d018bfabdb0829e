// document.hpp — one YAML file read as one checked document: the bounded
// read and parse of input/, then the checks every gcmatrix file shares. Main
// entries: read_text_file(), read_document().
//
// Every loader (profiles, scenarios, the matrix file, the expectations file)
// starts here, so each refuses the same things with the same messages:
// a non-regular or oversized file, a syntax error, more nodes than the budget
// (aliases counted as expanded), no document, a root that is not a map, a
// second document, a duplicate or non-scalar key, nesting too deep.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "input/bounded_read.hpp"
#include "yamlio/reader.hpp"
#include "yamlio/tree_checks.hpp"

namespace gcm::yamlio {

// The whole file (input::read_input_file: a regular file only, so a FIFO
// never blocks and /dev/zero is refused; the bound checked while reading).
// LocatedError "(file)" at 1:1; `what` names the file ("scenario file").
std::string read_text_file(const std::filesystem::path& path, std::string_view what,
                           std::size_t bytes_max = input::kInputFileBytesMax);

// What a kind of file is called and holds, for the document-level messages.
struct DocumentKind {
  std::string_view noun;           // "profile": "empty profile", "a profile is a map, …"
  std::string_view root_expected;  // what the root map holds: "a map with name, family, …"
  int nesting_max = kNestingMax;
  std::string_view nesting_expected = "at most 4 levels of maps";
};

// The one document of `yaml_text`, a map, checked by check_yaml_tree() with
// the kind's nesting. LocatedError "(yaml)" for a syntax error or a stray
// token; "(document)" when it exceeds the node budget, is empty, is not a
// map, or is followed by a second document; else the tree checks' errors.
YAML::Node read_document(const Reader& reader, std::string_view yaml_text, const DocumentKind& kind);

}  // namespace gcm::yamlio
