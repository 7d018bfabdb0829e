// calibration: every observation that real Go toolchains made
// (matrix/calibration/observed.json, recorded by scripts/calibrate.py from
// matrix/calibration/probe) against the observed profile of that Go version,
// key by key. A profile that claims what its toolchain does not do fails
// here; so does an observation this test cannot compare (no silent skip).
#define BOOST_TEST_MODULE calibration profiles
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "policy/loader.hpp"

using namespace gcm;
using nlohmann::json;

namespace {

const policy::ProfileCatalog& catalog() {
  static const policy::ProfileCatalog c(GCMATRIX_POLICIES_DIR);
  return c;
}

json record() {
  std::ifstream in(GCMATRIX_CALIBRATION_RECORD);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " GCMATRIX_CALIBRATION_RECORD);
  return json::parse(in);
}

std::string b(bool v) { return v ? "true" : "false"; }

// A profile key's value, spelled as the probe reports it (the profile's own
// spelling). The probe sees finalizer_eligibility only as "free" (a finalizer
// ran during the test); anything else it reports as inconclusive, and
// calibrate.py does not record it.
using Getter = std::function<std::string(const policy::Profile&)>;
const std::map<std::string, Getter>& observable() {
  static const std::map<std::string, Getter> keys{
      {"gc.gogc", [](const policy::Profile& p) { return p.gc.gogc_off ? std::string("off") : std::to_string(p.gc.gogc_percent); }},
      {"gc.memory_limit_bytes",
       [](const policy::Profile& p) { return p.gc.memory_limit_bytes == 0 ? std::string("off") : std::to_string(p.gc.memory_limit_bytes); }},
      {"gc.min_heap_bytes", [](const policy::Profile& p) { return std::to_string(p.gc.min_heap_bytes); }},
      {"testing.frame_release", [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.frame_release)); }},
      {"testing.cleanups_wait_for_subtests", [](const policy::Profile& p) { return b(p.testing.cleanups_wait_for_subtests); }},
      {"testing.cleanups_run_on_panic", [](const policy::Profile& p) { return b(p.testing.cleanups_run_on_panic); }},
      {"testing.foreign_goroutine_cleanup",
       [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.foreign_goroutine_cleanup)); }},
      {"testing.late_cleanup", [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.late_cleanup)); }},
      {"testing.run_in_cleanup", [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.run_in_cleanup)); }},
      {"testing.context_cancel_before_cleanup", [](const policy::Profile& p) { return b(p.testing.context_cancel_before_cleanup); }},
      {"testing.finalizer_eligibility",
       [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.finalizer_eligibility)); }},
      {"testing.discard_pending_finalizers_at_test_end",
       [](const policy::Profile& p) { return b(p.testing.discard_pending_finalizers_at_test_end); }},
      {"testing.loopvar", [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.loopvar)); }},
      {"testing.timeout.mode", [](const policy::Profile& p) { return std::string(policy::to_string(p.testing.timeout_mode)); }},
      {"testing.timeout.seconds", [](const policy::Profile& p) { return std::to_string(p.testing.timeout_ns / 1'000'000'000); }},
  };
  return keys;
}

// Facts of the probe that are not one key but follow from the profile.
// O7: under a binary-wide alarm the running test's cleanups are skipped and
// later tests never run. O5: per-iteration loop variables need go.mod ≥ 1.22.
// O2: what a cleanup captures stays alive until it has run.
std::string expected_probe_fact(const std::string& fact, const policy::Profile& p) {
  if (fact == "probe.timeout_cleanup_ran" || fact == "probe.timeout_later_test_ran")
    return b(p.testing.timeout_mode != gotest::TimeoutMode::binary);
  if (fact == "probe.loopvar_with_go_mod_1_21") return "shared";
  if (fact == "probe.captured_kept_alive") return "true";  // O2: a capturing cleanup keeps its capture
  return "(no rule for this fact)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(record_is_well_formed_and_names_observed_profiles) {
  const json r = record();
  BOOST_TEST(r.at("schema") == "gcmatrix.calibration/1");
  const json& toolchains = r.at("toolchains");
  BOOST_REQUIRE(toolchains.is_array());
  BOOST_TEST(toolchains.size() >= 4u);  // bookworm's 1.19, backports' 1.21, 1.22, 1.23
  std::set<std::string> seen;
  for (const json& t : toolchains) {
    const std::string profile = t.at("profile");
    BOOST_TEST_CONTEXT(profile) {
      BOOST_TEST(seen.insert(t.at("go").get<std::string>()).second);  // one entry per Go release
      const policy::Profile* p = catalog().find(profile);
      BOOST_REQUIRE(p != nullptr);
      BOOST_TEST(std::string(policy::to_string(p->family)) == "observed");
      BOOST_TEST(p->go == t.at("go").get<std::string>());
      BOOST_TEST(t.at("version").get<std::string>().rfind("go" + p->go, 0) == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_observation_matches_its_observed_profile) {
  const json r = record();
  std::size_t compared = 0;
  for (const json& t : r.at("toolchains")) {
    const policy::Profile* p = catalog().find(t.at("profile").get<std::string>());
    BOOST_REQUIRE(p != nullptr);
    for (const auto& [key, value] : t.at("observations").items()) {
      BOOST_TEST_CONTEXT(p->name << " " << key << " (" << t.at("version").get<std::string>() << ")") {
        const std::string observed = value.get<std::string>();
        if (key.rfind("probe.", 0) == 0) {
          BOOST_TEST(observed == expected_probe_fact(key, *p));
        } else {
          const auto it = observable().find(key);
          BOOST_REQUIRE_MESSAGE(it != observable().end(), "an observation this test cannot compare: " << key);
          BOOST_TEST(observed == it->second(*p), "real " << observed << ", profile " << it->second(*p));
        }
        ++compared;
      }
    }
  }
  BOOST_TEST_MESSAGE(compared << " observations compared");
  BOOST_TEST(compared >= 4u * observable().size());
}

BOOST_AUTO_TEST_CASE(every_observable_key_was_observed_on_every_toolchain) {
  const json r = record();
  for (const json& t : r.at("toolchains"))
    for (const auto& [key, getter] : observable())
      BOOST_TEST(t.at("observations").contains(key), t.at("profile").get<std::string>() << " lacks " << key);
}

// The comparison can fail: the documented profiles, which encode the article
// even where real Go disagrees (A2, A8, A9, A11–A15, A22), differ from what
// the toolchains did on several keys.
BOOST_AUTO_TEST_CASE(the_documented_family_disagrees_where_the_article_does) {
  const json r = record();
  std::map<std::string, std::set<std::string>> differs;  // documented profile -> keys
  for (const json& t : r.at("toolchains")) {
    const std::string go = t.at("go");
    const policy::Profile* documented = catalog().find("go" + go);
    if (documented == nullptr) continue;  // 1.19: no documented profile
    for (const auto& [key, value] : t.at("observations").items()) {
      const auto it = observable().find(key);
      if (it != observable().end() && it->second(*documented) != value.get<std::string>()) differs[documented->name].insert(key);
    }
  }
  BOOST_REQUIRE(differs.count("go1.22"));
  BOOST_TEST(differs["go1.22"].count("testing.frame_release"));          // A2 vs O2
  BOOST_TEST(differs["go1.22"].count("testing.foreign_goroutine_cleanup"));  // A8 vs O3
  BOOST_TEST(differs["go1.22"].count("testing.loopvar"));                // A9 vs O5
  BOOST_TEST(differs["go1.22"].count("testing.timeout.mode"));           // A22 vs O7
}
