// yaml_guard.hpp — yaml-cpp exceptions turned into ProfileError, so callers
// of the loader see one exception type. Main entry: translating_yaml_errors().
#pragma once

#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "policy/profile_error.hpp"

namespace gcm::policy {

// Runs `work`; a YAML::Exception escaping it (none should: the loader types
// nodes itself) becomes ProfileError "(yaml)" at the exception's mark.
template <class Work>
auto translating_yaml_errors(const std::string& path, Work&& work) {
  try {
    return std::forward<Work>(work)();
  } catch (const YAML::Exception& error) {
    const Location where = error.mark.line < 0 ? Location{}
                                               : Location{error.mark.line + 1, error.mark.column + 1};
    throw ProfileError(path, where, "(yaml)", error.msg + " (expected well-formed YAML)");
  }
}

}  // namespace gcm::policy
