// resolve.hpp — a profile source applied onto its parent (single
// inheritance), then validated. Main entry: resolve_profile().
#pragma once

#include <string>
#include <vector>

#include "policy/profile.hpp"
#include "policy/source.hpp"

namespace gcm::policy {

// `parent` is the resolved profile `source.extends` names (nullptr for a root
// profile, which starts from the C++ struct defaults). The child's keys
// override the parent's; the basis of each key the child sets replaces the
// parent's; notes are the parent's followed by the child's. name, family, go,
// extends and description are the child's own. Throws ProfileError, including
// for the first problem check() finds, placed at the key it names.
Profile resolve_profile(const ProfileSource& source, const Profile* parent,
                        ProfileOrigin origin = ProfileOrigin::shipped);

// ProfileError at `source`'s extends: unknown profile, `names` listed
// closest first (at most 6).
[[noreturn]] void fail_unknown_extends(const ProfileSource& source,
                                       const std::vector<std::string>& names);

}  // namespace gcm::policy
