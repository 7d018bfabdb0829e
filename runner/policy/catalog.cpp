// catalog.cpp — every profile under a folder, extends resolved inside it.
// Main entry: ProfileCatalog::ProfileCatalog(dir).
#include <algorithm>
#include <map>
#include <optional>
#include <system_error>
#include <tuple>

#include "policy/loader.hpp"
#include "policy/quote.hpp"
#include "policy/resolve.hpp"
#include "policy/source.hpp"
#include "policy/yaml_guard.hpp"

namespace gcm::policy {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail_directory(const fs::path& dir, const std::string& problem) {
  throw ProfileError(dir.string(), Location{}, "(directory)", problem);
}

// *.yaml regular files under `dir`, sorted by path, at most kFilesMax.
std::vector<fs::path> profile_files(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) fail_directory(dir, "not a directory (expected a folder of *.yaml profiles)");
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(dir, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error) && it->path().extension() == ".yaml") files.push_back(it->path());
    if (files.size() > ProfileCatalog::kFilesMax) {
      fail_directory(dir, "more than " + std::to_string(ProfileCatalog::kFilesMax) +
                              " profiles (expected a folder of profiles only)");
    }
  }
  if (error) fail_directory(dir, "cannot be listed: " + error.message() + " (expected a readable folder)");
  std::sort(files.begin(), files.end());
  return files;
}

// The sources of one folder and their names; the loading work of the catalog.
class CatalogBuild {
 public:
  explicit CatalogBuild(const fs::path& dir) {
    for (const fs::path& file : profile_files(dir)) {
      const std::string path = file.string();
      sources_.push_back(translating_yaml_errors(path, [&] {
        return read_profile_source(read_profile_text(file), path);
      }));
    }
    index_names();
  }

  // Structure first (every extends known, no cycle), then content, root
  // profiles before their children.
  std::vector<Profile> resolve_all() {
    std::vector<std::vector<std::size_t>> chains;
    for (std::size_t i = 0; i < sources_.size(); ++i) chains.push_back(chain_of(i));
    resolved_.assign(sources_.size(), std::nullopt);
    for (const auto& chain : chains) {
      for (auto link = chain.rbegin(); link != chain.rend(); ++link) resolve_one(*link);
    }
    std::vector<Profile> profiles;
    for (auto& profile : resolved_) profiles.push_back(std::move(*profile));
    std::sort(profiles.begin(), profiles.end(), catalog_order_less);
    return profiles;
  }

 private:
  // Unique names; a repeat is reported at the second file's name.
  void index_names() {
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      const ProfileSource& source = sources_[i];
      const auto [first, inserted] = index_.emplace(source.name, i);
      if (inserted) continue;
      const ProfileSource& earlier = sources_[first->second];
      const Location at = earlier.name_where;
      throw ProfileError(source.path, source.name_where, "name",
                         quote(source.name) + " is already defined at " + earlier.path + ":" +
                             std::to_string(at.line) + ":" + std::to_string(at.column) +
                             " (expected unique profile names)");
    }
    for (const auto& [name, i] : index_) sorted_names_.push_back(name);
    std::sort(sorted_names_.begin(), sorted_names_.end(), [this](const auto& a, const auto& b) {
      const ProfileSource& x = sources_[index_.at(a)];
      const ProfileSource& y = sources_[index_.at(b)];
      return std::tuple(x.family, go_minor(x.go).value_or(-1), x.name) <
             std::tuple(y.family, go_minor(y.go).value_or(-1), y.name);
    });
  }

  // [i, parent of i, …, root]. Each step adds a new profile, so the walk ends
  // within sources_.size() steps; an unknown parent or a repeat throws.
  std::vector<std::size_t> chain_of(std::size_t i) const {
    std::vector<std::size_t> chain{i};
    while (!sources_[chain.back()].extends.empty()) {
      const ProfileSource& child = sources_[chain.back()];
      const auto parent = index_.find(child.extends);
      if (parent == index_.end()) fail_unknown_extends(child, sorted_names_);
      const auto seen = std::find(chain.begin(), chain.end(), parent->second);
      if (seen != chain.end()) fail_cycle(std::vector<std::size_t>(seen, chain.end()));
      chain.push_back(parent->second);
    }
    return chain;
  }

  // `cycle` = [a, b, c] where c extends a: "a -> b -> c -> a", at a's extends.
  [[noreturn]] void fail_cycle(const std::vector<std::size_t>& cycle) const {
    std::string names;
    for (std::size_t member : cycle) names += sources_[member].name + " -> ";
    const ProfileSource& first = sources_[cycle.front()];
    throw ProfileError(first.path, first.extends_where, "extends",
                       "cycle " + names + first.name +
                           " (expected a chain that ends in a profile without extends)");
  }

  void resolve_one(std::size_t i) {
    if (resolved_[i]) return;
    const ProfileSource& source = sources_[i];
    const Profile* parent = nullptr;
    if (!source.extends.empty()) parent = &*resolved_[index_.at(source.extends)];
    resolved_[i] = translating_yaml_errors(source.path, [&] { return resolve_profile(source, parent); });
  }

  std::vector<ProfileSource> sources_;               // in path order
  std::map<std::string, std::size_t> index_;         // name -> sources_ index
  std::vector<std::string> sorted_names_;            // catalog order
  std::vector<std::optional<Profile>> resolved_;     // by sources_ index
};

}  // namespace

ProfileCatalog::ProfileCatalog(const std::filesystem::path& policies_dir)
    : profiles_(CatalogBuild(policies_dir).resolve_all()) {}

const Profile* ProfileCatalog::find(std::string_view name) const noexcept {
  for (const Profile& profile : profiles_) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

std::vector<std::string> ProfileCatalog::names() const {
  std::vector<std::string> out;
  out.reserve(profiles_.size());
  for (const Profile& profile : profiles_) out.push_back(profile.name);
  return out;
}

}  // namespace gcm::policy
