// resolve.cpp — inheritance and final validation of one profile.
#include "policy/resolve.hpp"

#include "yamlio/did_you_mean.hpp"
#include "policy/quote.hpp"
#include "policy/schema.hpp"

namespace gcm::policy {

namespace {

constexpr std::size_t kSuggestedNamesMax = 6;

// "key.path: what is wrong" -> ProfileError at the key, if this file wrote it.
[[noreturn]] void fail_check_problem(const NodeReader& reader, const ProfileSource& source,
                                     const KeyLocations& written, const std::string& problem) {
  const std::size_t colon = problem.find(": ");
  const std::string key_path = colon == std::string::npos ? "(profile)" : problem.substr(0, colon);
  const std::string what = colon == std::string::npos ? problem : problem.substr(colon + 2);
  const auto found = written.find(key_path);
  reader.fail(found != written.end() ? found->second : source.where_of(key_path), key_path, what);
}

}  // namespace

Profile resolve_profile(const ProfileSource& source, const Profile* parent, ProfileOrigin origin) {
  const NodeReader reader(source.path, origin);
  Profile profile = parent != nullptr ? *parent : Profile{};
  // A user's profile that extends another may leave out family, go and
  // description: they are the parent's, and the description says whose. A
  // shipped profile writes each (the catalogue documents every profile).
  const bool inherits = parent != nullptr && origin == ProfileOrigin::user;
  for (const char* key : {"family", "go", "description"})
    if (!inherits && !source.written.contains(key)) fail_missing_header_key(source, key);
  profile.origin = origin;
  profile.name = source.name;
  if (source.written.contains("family")) profile.family = source.family;
  if (source.written.contains("go")) profile.go = source.go;
  profile.extends = source.extends;
  profile.description = source.written.contains("description")
                            ? source.description
                            : "extends " + parent->name + ": " + parent->description;
  profile.notes.insert(profile.notes.end(), source.notes.begin(), source.notes.end());
  profile.source_path = source.path;
  KeyLocations written = source.written;
  for (const Field& section : source.body) {
    apply_body_section(reader, section, profile, written);
  }
  const std::vector<std::string> problems = check(profile);
  if (!problems.empty()) fail_check_problem(reader, source, written, problems.front());
  return profile;
}

void fail_unknown_extends(const ProfileSource& source, const std::vector<std::string>& names) {
  const NodeReader reader(source.path);
  if (names.empty()) {
    reader.fail(source.extends_where, "extends",
                "unknown profile " + quote(source.extends) +
                    " (expected the name of a catalog profile; no catalog is loaded)");
  }
  const std::vector<std::string> ranked = yamlio::closest_first(source.extends, names);
  std::string listed;
  for (std::size_t i = 0; i < ranked.size() && i < kSuggestedNamesMax; ++i) {
    listed += (i == 0 ? "" : ", ") + ranked[i];
  }
  if (ranked.size() > kSuggestedNamesMax) listed += ", ...";
  reader.fail(source.extends_where, "extends",
              "unknown profile " + quote(source.extends) + " (expected one of: " + listed + ")");
}

}  // namespace gcm::policy
