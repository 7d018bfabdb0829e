// profile.hpp — a policy profile: how one Go version (documented by the
// article, or observed on real toolchains) orders test cleanups, finalizers
// and GC. Main entries: struct Profile, check().
//
// A Profile is a plain value; the loader (loader.hpp) fills it from YAML and
// guarantees check(profile) is empty for every profile it returns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gotest/testing_policy.hpp"
#include "policy/enum_names.hpp"
#include "runtime/gc_config.hpp"

namespace gcm::policy {

// Where a profile comes from, which decides how strictly its claims are read.
// A shipped profile (a file of the catalog folder) must give every behaviour
// key a basis of gcmatrix's claim IDs (docs/claims.md): it claims to encode
// them. A user's own profile (-p FILE outside the catalog) need not: a key it
// sets without a basis simply has none, and it may cite its own IDs
// ("TEAM-12") beside A…/O… ones, which must still exist.
enum class ProfileOrigin : std::uint8_t { shipped, user };

struct Profile {
  std::string name;         // unique in a catalog: "go1.22", "go1.22-observed"
  Family family = Family::documented;
  std::string go;           // Go release modelled, "1.<minor>": "1.22"
  std::string extends;      // parent profile name; empty for a root profile
  std::string description;  // one paragraph: what this profile models
  std::vector<std::string> notes;  // parent's notes first, then this file's
  std::string source_path;  // the YAML file it was loaded from; empty if built in code
  rt::GcConfig gc;
  rt::CostModel cost;
  rt::SchedConfig sched;  // sched: GOMAXPROCS and the scheduling policy (issue 14, O14, O15)
  gotest::TestingPolicy testing;
  // Claim IDs (docs/claims.md) behind each key, by key path:
  // "testing.frame_release" -> {"A2"}. A child's entry replaces its parent's
  // for every key the child sets.
  std::map<std::string, std::vector<std::string>> basis;
  ProfileOrigin origin = ProfileOrigin::shipped;
};

// Problems that make `profile` unusable, each one line of the form
// "key.path: what is wrong (expected …)". Empty = the profile is valid.
// Checks: identity (name, go, description), value ranges, the finalizer window
// (A12: ppm > 0 exactly when eligibility is window), a positive timeout, and
// that every behaviour key has a basis of known claim IDs.
std::vector<std::string> check(const Profile& profile);

// The <minor> of a Go version "1.<minor>", or nullopt when `go` is not of that
// form. Catalogs sort profiles by it.
std::optional<int> go_minor(std::string_view go);

// Profile names: a letter or digit, then letters, digits, '.', '_', '-'; at
// most 64 characters.
bool is_valid_profile_name(std::string_view name);

}  // namespace gcm::policy
