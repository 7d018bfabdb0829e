// listing.hpp — --list-profiles, --list-workloads, --check-profile.
#pragma once

#include "cli/options.hpp"

namespace gcm::cli {
int list_profiles(const CliOptions& o);   // text table, or a JSON array of names (--format json)
int list_workloads(const CliOptions& o);
int check_profiles(const CliOptions& o);  // 0 when every file loads, 2 otherwise
}  // namespace gcm::cli
