// yaml_checks.hpp — checks of a YAML tree that yaml-cpp 0.7 does not make.
// Main entry: check_yaml_tree().
//
// yaml-cpp 0.7 keeps both entries of a repeated map key and `node[key]`
// returns the first, so `gogc: 100` followed by `gogc: off` would silently
// mean 100. A profile must say each thing once.
#pragma once

#include <yaml-cpp/yaml.h>

#include "policy/node_reader.hpp"

namespace gcm::policy {

// Deeper nesting than any schema key needs (4) is refused; this also stops a
// walk through an alias that contains itself.
inline constexpr int kNestingMax = 32;

// Walks the whole tree in document order, without recursion, and throws
// ProfileError at the first of: a key repeated in one map (reported at the
// second occurrence, naming the line of the first), a key that is not a
// non-empty scalar, nesting deeper than kNestingMax.
// `nesting_max` and `nesting_expected` let another kind of file (scenario/)
// set its own depth and say what it allows.
void check_yaml_tree(const NodeReader& reader, const YAML::Node& root, int nesting_max = kNestingMax,
                     std::string_view nesting_expected = "at most 4 levels of maps");

}  // namespace gcm::policy
