// loader.hpp — profiles from YAML files: one file, or a whole catalog folder.
// Main entries: load_profile_file(), ProfileCatalog.
//
// Schema, key by key: policies/README.md. Every failure is a ProfileError
// whose what() is one line, "path:line:column: key.path: what is wrong
// (expected …)". Every returned profile passes check().
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "policy/profile.hpp"
#include "policy/profile_error.hpp"

namespace gcm::policy {

class ProfileCatalog;

// One profile file, e.g. `--profile path/to/x.yaml`. Its `extends` names a
// profile of `for_extends` (nullptr: the file must not extend anything).
// `origin` (profile.hpp): shipped profiles must cite gcmatrix's claims for
// every behaviour key, a user's own need not.
Profile load_profile_file(const std::filesystem::path& path,
                          const ProfileCatalog* for_extends = nullptr,
                          ProfileOrigin origin = ProfileOrigin::shipped);

// As load_profile_file, from text; `source_path` only names it in messages.
Profile load_profile_text(std::string_view yaml_text, const std::string& source_path,
                          const ProfileCatalog* for_extends = nullptr,
                          ProfileOrigin origin = ProfileOrigin::shipped);

// Every *.yaml under a folder (recursively, e.g. policies/documented and
// policies/observed), each `extends` resolved inside the catalog.
// Guarantees: names are unique, no extends cycle, every profile passes
// check(). Order: documented before observed, then by Go version, then name.
class ProfileCatalog {
 public:
  static constexpr std::size_t kFilesMax = 4096;  // a limit on everything

  ProfileCatalog() = default;  // empty
  // Throws ProfileError at the first problem, files taken in path order.
  explicit ProfileCatalog(const std::filesystem::path& policies_dir);

  const Profile* find(std::string_view name) const noexcept;
  std::vector<std::string> names() const;
  const std::vector<Profile>& profiles() const noexcept { return profiles_; }
  std::size_t size() const noexcept { return profiles_.size(); }
  bool empty() const noexcept { return profiles_.empty(); }

  // A file outside (or inside) the catalog whose `extends` resolves here.
  Profile load_file(const std::filesystem::path& path, ProfileOrigin origin = ProfileOrigin::shipped) const {
    return load_profile_file(path, this, origin);
  }

 private:
  std::vector<Profile> profiles_;
};

// Catalog order: family (documented first), Go minor version (a version
// that does not parse first), name. The one rule for profile order: the
// catalog sorts by it, and `gcmatrix merge` orders the profiles it reads back
// from results.json by it (cli/merge.cpp), so merged legs list them as one run.
struct CatalogKey {
  Family family;
  std::string_view go;    // "1.<minor>"
  std::string_view name;
};
bool catalog_key_less(const CatalogKey& a, const CatalogKey& b);
bool catalog_order_less(const Profile& a, const Profile& b);

}  // namespace gcm::policy
