// loader.cpp — loading one profile file. Main entry: load_profile_file().
#include "policy/loader.hpp"

#include <tuple>

#include "policy/node_reader.hpp"
#include "policy/quote.hpp"
#include "policy/resolve.hpp"
#include "policy/source.hpp"
#include "policy/yaml_guard.hpp"

namespace gcm::policy {

bool catalog_key_less(const CatalogKey& a, const CatalogKey& b) {
  const int minor_a = go_minor(a.go).value_or(-1);
  const int minor_b = go_minor(b.go).value_or(-1);
  return std::tie(a.family, minor_a, a.name) < std::tie(b.family, minor_b, b.name);
}

bool catalog_order_less(const Profile& a, const Profile& b) {
  return catalog_key_less(CatalogKey{a.family, a.go, a.name}, CatalogKey{b.family, b.go, b.name});
}

Profile load_profile_text(std::string_view yaml_text, const std::string& source_path,
                          const ProfileCatalog* for_extends, ProfileOrigin origin) {
  return translating_yaml_errors(source_path, [&] {
    const ProfileSource source = read_profile_source(yaml_text, source_path);
    // A user's profile is report-only and its results are filed under its
    // name: a catalog profile's name would gate it against that profile's
    // expectations and merge it with that profile's legs.
    if (origin == ProfileOrigin::user && for_extends != nullptr && for_extends->find(source.name) != nullptr)
      NodeReader(source.path)
          .fail(source.name_where, "name",
                quote(source.name) + " is the name of a catalog profile (expected a name of your own, e.g. " +
                    quote(source.name + "-mine") + ")");
    const Profile* parent = nullptr;
    if (!source.extends.empty()) {
      if (for_extends != nullptr) parent = for_extends->find(source.extends);
      if (parent == nullptr) {
        fail_unknown_extends(source, for_extends != nullptr ? for_extends->names()
                                                            : std::vector<std::string>{});
      }
    }
    return resolve_profile(source, parent, origin);
  });
}

Profile load_profile_file(const std::filesystem::path& path, const ProfileCatalog* for_extends,
                          ProfileOrigin origin) {
  return load_profile_text(read_profile_text(path), path.string(), for_extends, origin);
}

}  // namespace gcm::policy
