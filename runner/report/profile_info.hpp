// profile_info.hpp — what the reports need to know about a policy profile.
//
// report/ must not include policy/ (ARCHITECTURE.md: arrows point down, and
// the merge command reads profiles back from results.json without any YAML),
// so the CLI copies these four fields out of policy::Profile.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gcm::report {

inline constexpr std::string_view kFamilyDocumented = "documented";  // the article (A claims)
inline constexpr std::string_view kFamilyObserved = "observed";      // real toolchains (O claims)

struct ProfileInfo {
  std::string name;         // "go1.22", "go1.22-observed"
  std::string family;       // kFamilyDocumented or kFamilyObserved
  std::string go;           // Go release modelled, "1.<minor>": "1.22"
  std::string description;  // one paragraph, from the profile

  bool operator==(const ProfileInfo&) const = default;
};

// The <minor> of `go` = "1.<minor>", or nullopt when it has another form.
// The comparison table groups columns by it.
std::optional<int> go_minor_of(std::string_view go);

}  // namespace gcm::report
