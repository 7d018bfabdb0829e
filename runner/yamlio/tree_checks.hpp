// tree_checks.hpp — checks of a YAML tree that yaml-cpp 0.7 does not make.
// Main entry: check_yaml_tree().
//
// yaml-cpp 0.7 keeps both entries of a repeated map key and `node[key]`
// returns the first, so `gogc: 100` followed by `gogc: off` would silently
// mean 100. Every file gcmatrix reads must say each thing once.
#pragma once

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "yamlio/reader.hpp"

namespace gcm::yamlio {

// Deeper nesting than any profile key needs (4) is refused; this also stops a
// walk through an alias that contains itself.
inline constexpr int kNestingMax = 32;

// Walks the whole tree in document order, without recursion, and throws
// LocatedError at the first of: a key repeated in one map (reported at the
// second occurrence, naming the line of the first), a key that is not a
// non-empty scalar, nesting deeper than `nesting_max`, whose message says
// what the file allows (`nesting_expected`). The walk visits each aliased
// subtree once per alias: the caller has already bounded that count
// (input::parse_yaml's node budget).
void check_yaml_tree(const Reader& reader, const YAML::Node& root, int nesting_max = kNestingMax,
                     std::string_view nesting_expected = "at most 4 levels of maps");

}  // namespace gcm::yamlio
