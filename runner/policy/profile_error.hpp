// profile_error.hpp — the error of the policy layer. Main entry: ProfileError.
//
// A profile error is a located YAML error (yamlio/located_error.hpp): one
// line, "path:line:column: key.path: what is wrong (expected …)". The names
// here are the policy layer's own spelling of that type, kept so that every
// caller (cli/, scenario/, workloads/) catches one type.
#pragma once

#include <string>
#include <string_view>

#include "yamlio/located_error.hpp"

namespace gcm::policy {

using Location = yamlio::Location;
using ProfileError = yamlio::LocatedError;

// The one-line message, control characters escaped.
inline std::string format_profile_error(std::string_view path, Location where, std::string_view key_path,
                                        std::string_view problem) {
  return yamlio::format_located_error(path, where, key_path, problem);
}

}  // namespace gcm::policy
