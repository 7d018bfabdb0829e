// test_units.cpp — the small parts of the policy layer: enum spellings,
// scalar parsers (sizes, seconds, integers), claim IDs, and check() on
// profiles built in code. (Edit distance moved with did_you_mean to yamlio/:
// test_yamlio.cpp.)
#define BOOST_TEST_MODULE policy_units
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "policy/claims.hpp"
#include "policy/profile.hpp"
#include "policy/scalars.hpp"
#include "policy/schema.hpp"

namespace gp = gcm::policy;
namespace gt = gcm::gotest;

namespace {

// Every entry of E's table: to_string and parse_enum invert each other, and a
// near miss (wrong case, '-' for '_', trailing space) is refused.
template <class E>
void check_round_trip(std::size_t expected_count) {
  const auto& entries = gp::EnumNames<E>::entries;
  BOOST_TEST(entries.size() == expected_count);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const E value = static_cast<E>(i);
    const std::string_view name = gp::to_string(value);
    BOOST_TEST(name == entries[i].second);
    BOOST_TEST((gp::parse_enum<E>(name) == value));
    std::string upper(name);
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    BOOST_TEST(!gp::parse_enum<E>(upper).has_value());
    BOOST_TEST(!gp::parse_enum<E>(std::string(name) + " ").has_value());
    BOOST_TEST(gp::allowed_values<E>().find(name) != std::string::npos);
  }
  BOOST_TEST(!gp::parse_enum<E>("").has_value());
}

// A profile built in code that passes check(): the struct defaults plus a
// basis for every behaviour key.
gp::Profile valid_profile() {
  gp::Profile profile;
  profile.name = "unit";
  profile.go = "1.22";
  profile.description = "built in code";
  for (const std::string& key : gp::behaviour_key_paths()) profile.basis[key] = {"O1"};
  return profile;
}

std::string claim(char letter, int number) {
  std::string id(1, letter);
  id += std::to_string(number);
  return id;
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& problem : problems) {
    if (problem.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(enums)

BOOST_AUTO_TEST_CASE(family) { check_round_trip<gp::Family>(2); }
BOOST_AUTO_TEST_CASE(frame_release) { check_round_trip<gt::FrameRelease>(2); }
BOOST_AUTO_TEST_CASE(foreign_cleanup) { check_round_trip<gt::ForeignCleanup>(3); }
BOOST_AUTO_TEST_CASE(late_cleanup) { check_round_trip<gt::LateCleanup>(2); }
BOOST_AUTO_TEST_CASE(run_in_cleanup) { check_round_trip<gt::RunInCleanup>(2); }
BOOST_AUTO_TEST_CASE(finalizer_eligibility) { check_round_trip<gt::FinalizerEligibility>(4); }
BOOST_AUTO_TEST_CASE(loopvar) { check_round_trip<gt::LoopVar>(2); }
BOOST_AUTO_TEST_CASE(timeout_mode) { check_round_trip<gt::TimeoutMode>(2); }

BOOST_AUTO_TEST_CASE(names_are_the_cpp_enumerators) {
  BOOST_TEST(gp::to_string(gt::FrameRelease::after_cleanups) == "after_cleanups");
  BOOST_TEST(gp::to_string(gt::LoopVar::per_iteration) == "per_iteration");
  BOOST_TEST(gp::to_string(gt::TimeoutMode::per_test) == "per_test");
  BOOST_TEST(gp::to_string(gt::FinalizerEligibility::never) == "never");
  BOOST_TEST(gp::to_string(gp::Family::observed) == "observed");
  BOOST_TEST(gp::allowed_values<gt::LoopVar>() == "shared, per_iteration");
  BOOST_TEST(!gp::parse_enum<gt::LoopVar>("per-iteration").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sizes)

BOOST_AUTO_TEST_CASE(plain_integers_and_binary_units) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  BOOST_TEST(gp::parse_size_bytes("0", kMax).value == 0u);
  BOOST_TEST(gp::parse_size_bytes("16", kMax).value == 16u);
  BOOST_TEST(gp::parse_size_bytes("512KiB", kMax).value == 512u * 1024u);
  BOOST_TEST(gp::parse_size_bytes("4MiB", kMax).value == 4u * 1024u * 1024u);
  BOOST_TEST(gp::parse_size_bytes("4MiB", kMax).value == gcm::rt::kMiB * 4);
  BOOST_TEST(gp::parse_size_bytes("3GiB", kMax).value == 3ull << 30);
  BOOST_TEST(gp::parse_size_bytes("2TiB", kMax).value == 2ull << 40);
  BOOST_TEST(gp::parse_size_bytes("18446744073709551615", kMax).value == kMax);
}

BOOST_AUTO_TEST_CASE(strictness) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  BOOST_TEST(gp::parse_size_bytes("-1", kMax).error == "'-1' is negative");
  BOOST_TEST(gp::parse_size_bytes("4MB", kMax).error == "'4MB' has an unknown unit 'MB'");
  BOOST_TEST(gp::parse_size_bytes("4MB?", kMax).error == "'4MB?' has an unknown unit 'MB?'");
  BOOST_TEST(gp::parse_size_bytes("4mib", kMax).error == "'4mib' has an unknown unit 'mib'");
  BOOST_TEST(gp::parse_size_bytes("4 MiB", kMax).error == "'4 MiB' has an unknown unit ' MiB'");
  BOOST_TEST(gp::parse_size_bytes("MiB", kMax).error == "'MiB' is not a size");
  BOOST_TEST(gp::parse_size_bytes("", kMax).error == "'' is not a size");
  BOOST_TEST(gp::parse_size_bytes("1.5MiB", kMax).error == "'1.5MiB' has an unknown unit '.5MiB'");
  BOOST_TEST(gp::parse_size_bytes("0x10", kMax).error == "'0x10' has an unknown unit 'x10'");
  BOOST_TEST(gp::parse_size_bytes("010", kMax).error == "'010' has a leading zero");
  BOOST_TEST(gp::parse_size_bytes("18446744073709551616", kMax).error ==
             "'18446744073709551616' is out of range");
  BOOST_TEST(gp::parse_size_bytes("16777216TiB", kMax).error == "'16777216TiB' is out of range");
  BOOST_TEST(gp::parse_size_bytes("5", 4).error == "'5' is out of range");
  BOOST_TEST(gp::parse_size_bytes("1KiB", 1023).error == "'1KiB' is out of range");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(seconds)

BOOST_AUTO_TEST_CASE(exact_nanoseconds) {
  BOOST_TEST(gp::parse_seconds_ns("60").value == 60'000'000'000);
  BOOST_TEST(gp::parse_seconds_ns("600").value == 600'000'000'000);
  BOOST_TEST(gp::parse_seconds_ns("0.5").value == 500'000'000);
  BOOST_TEST(gp::parse_seconds_ns("0.1").value == 100'000'000);  // exact, unlike 0.1 as a double
  BOOST_TEST(gp::parse_seconds_ns("1.000000001").value == 1'000'000'001);
  BOOST_TEST(gp::parse_seconds_ns("0").value == 0);
  BOOST_TEST(gp::parse_seconds_ns("9223372035.999999999").value == 9'223'372'035'999'999'999);
}

BOOST_AUTO_TEST_CASE(strictness) {
  BOOST_TEST(gp::parse_seconds_ns("-1").error == "'-1' is negative");
  BOOST_TEST(gp::parse_seconds_ns("6e1").error == "'6e1' is not a decimal number of seconds");
  BOOST_TEST(gp::parse_seconds_ns(".5").error == "'.5' is not a decimal number of seconds");
  BOOST_TEST(gp::parse_seconds_ns("5.").error == "'5.' is not a decimal number of seconds");
  BOOST_TEST(gp::parse_seconds_ns("60s").error == "'60s' is not a decimal number of seconds");
  BOOST_TEST(gp::parse_seconds_ns("0.0000000001").error == "'0.0000000001' is finer than 1 ns");
  BOOST_TEST(gp::parse_seconds_ns("9223372036").error == "'9223372036' is out of range");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(integers)

BOOST_AUTO_TEST_CASE(ranges) {
  BOOST_TEST(gp::parse_int("100", 0, 1000).value == 100);
  BOOST_TEST(gp::parse_int("-5", -10, 10).value == -5);
  BOOST_TEST(gp::parse_int("-9223372036854775808", std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max())
                 .value == std::numeric_limits<std::int64_t>::min());
  BOOST_TEST(gp::parse_int("-5", 0, 10).error == "'-5' is negative");
  BOOST_TEST(gp::parse_int("11", 0, 10).error == "'11' is out of range");
  BOOST_TEST(gp::parse_int("0", 1, 10).error == "'0' is out of range");
  BOOST_TEST(gp::parse_int("1.5", 0, 10).error == "'1.5' is not an integer");
  BOOST_TEST(gp::parse_int("+1", 0, 10).error == "'+1' is not an integer");
  BOOST_TEST(gp::parse_int("010", 0, 100).error == "'010' has a leading zero");
  BOOST_TEST(gp::parse_uint("-1", 10).error == "'-1' is negative");
  BOOST_TEST(gp::parse_uint("7", 10).value == 7u);
}

BOOST_AUTO_TEST_CASE(booleans) {
  BOOST_TEST(gp::parse_bool("true").value);
  BOOST_TEST(!gp::parse_bool("false").value);
  BOOST_TEST(gp::parse_bool("false").ok());
  BOOST_TEST(gp::parse_bool("yes").error == "'yes' is not a boolean");
  BOOST_TEST(!gp::parse_bool("True").ok());
  BOOST_TEST(!gp::parse_bool("1").ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(claims)

BOOST_AUTO_TEST_CASE(known_ids) {
  for (int i = 1; i <= 23; ++i) BOOST_TEST(gp::is_known_claim_id(claim('A', i)));
  for (int i = 1; i <= 15; ++i) BOOST_TEST(gp::is_known_claim_id(claim('O', i)));
  BOOST_TEST(gp::claim_id_problem("A24") == "'A24' is not in docs/claims.md (expected A1..A23 or O1..O15)");
  BOOST_TEST(!gp::is_known_claim_id("O16"));
  BOOST_TEST(!gp::is_known_claim_id("A0"));
  BOOST_TEST(!gp::is_known_claim_id("A02"));
  BOOST_TEST(!gp::is_known_claim_id("a2"));
  BOOST_TEST(!gp::is_known_claim_id("B2"));
  BOOST_TEST(!gp::is_known_claim_id("A"));
  BOOST_TEST(!gp::is_known_claim_id(""));
  BOOST_TEST(gp::claim_id_problem("X2").find("is not a claim ID") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(check_in_code)

BOOST_AUTO_TEST_CASE(a_complete_profile_passes) {
  const auto problems = gp::check(valid_profile());
  BOOST_TEST(problems.empty(), "first problem: " << (problems.empty() ? "" : problems.front()));
}

BOOST_AUTO_TEST_CASE(identity_and_ranges) {
  gp::Profile profile = valid_profile();
  profile.name = "has space";
  profile.go = "2.0";
  profile.description.clear();
  profile.gc.gogc_percent = -1;
  profile.gc.min_heap_bytes = 0;
  profile.gc.cpu_limiter_percent = 101;
  profile.gc.tiny_block_bytes = 0;
  profile.cost.stw_pause_ns = -1;
  profile.testing.timeout_ns = 0;
  const auto problems = gp::check(profile);
  BOOST_TEST(mentions(problems, "name: 'has space' is not a profile name"));
  BOOST_TEST(mentions(problems, "go: '2.0' is not a Go version"));
  BOOST_TEST(mentions(problems, "description: is empty"));
  BOOST_TEST(mentions(problems, "gc.gogc: -1 is negative"));
  BOOST_TEST(mentions(problems, "gc.min_heap_bytes: is 0"));
  BOOST_TEST(mentions(problems, "gc.cpu_limiter_percent: 101 is out of range"));
  BOOST_TEST(mentions(problems, "gc.tiny_block_bytes: is 0 while tiny_alloc_batching is true"));
  BOOST_TEST(mentions(problems, "cost.stw_pause_ns: -1 is negative"));
  BOOST_TEST(mentions(problems, "testing.timeout.seconds: 0 ns is not positive"));
  BOOST_TEST(problems.size() == 9u);
}

// A12: ppm > 0 exactly when eligibility is window.
BOOST_AUTO_TEST_CASE(finalizer_window) {
  gp::Profile profile = valid_profile();
  profile.testing.finalizer_eligibility = gt::FinalizerEligibility::window;
  BOOST_TEST(mentions(gp::check(profile), "is 0 while finalizer_eligibility is window"));
  profile.testing.finalizer_window_ppm = 5000;
  BOOST_TEST(gp::check(profile).empty());
  profile.testing.finalizer_window_ppm = 1'000'001;
  BOOST_TEST(mentions(gp::check(profile), "1000001 is out of range"));
  profile.testing.finalizer_eligibility = gt::FinalizerEligibility::never;
  profile.testing.finalizer_window_ppm = 5000;
  BOOST_TEST(mentions(gp::check(profile), "is 5000 while finalizer_eligibility is never"));
}

BOOST_AUTO_TEST_CASE(basis) {
  gp::Profile profile = valid_profile();
  profile.basis.erase("testing.loopvar");
  profile.basis["gc.gogc"] = {};
  profile.basis["testing.frame_release"] = {"A2", "A99"};
  profile.basis["testing.nonsense"] = {"A2"};
  profile.basis["cost.alloc_ns"] = {"O10"};  // a tunable may cite a claim
  const auto problems = gp::check(profile);
  BOOST_TEST(mentions(problems, "testing.loopvar: no basis"));
  BOOST_TEST(mentions(problems, "gc.gogc: no basis"));
  BOOST_TEST(mentions(problems, "testing.frame_release: basis 'A99' is not in docs/claims.md"));
  BOOST_TEST(mentions(problems, "basis: 'testing.nonsense' is not a profile key"));
  BOOST_TEST(problems.size() == 4u);
}

BOOST_AUTO_TEST_CASE(go_versions_and_names) {
  BOOST_TEST(gp::go_minor("1.20").value_or(-1) == 20);
  BOOST_TEST(gp::go_minor("1.9").value_or(-1) == 9);
  BOOST_TEST(!gp::go_minor("1.020").has_value());
  BOOST_TEST(!gp::go_minor("1.").has_value());
  BOOST_TEST(!gp::go_minor("1.22.3").has_value());
  BOOST_TEST(!gp::go_minor("go1.22").has_value());
  BOOST_TEST(gp::is_valid_profile_name("go1.22-observed"));
  BOOST_TEST(!gp::is_valid_profile_name("-x"));
  BOOST_TEST(!gp::is_valid_profile_name(std::string(65, 'a')));
  BOOST_TEST(gp::is_valid_profile_name(std::string(64, 'a')));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schema)

// Every TestingPolicy field is reachable from YAML, each once.
BOOST_AUTO_TEST_CASE(key_paths) {
  const auto& behaviour = gp::behaviour_key_paths();
  BOOST_TEST(behaviour.size() == 17u);  // 4 gc + 11 testing + 2 timeout
  for (const char* key : {"gc.gogc", "gc.roots_in_goal", "gc.tiny_alloc_batching",
                          "gc.addcleanup_concurrent", "testing.frame_release",
                          "testing.finalizer_window_ppm", "testing.timeout.mode",
                          "testing.timeout.seconds", "testing.loopvar"}) {
    BOOST_TEST(std::count(behaviour.begin(), behaviour.end(), key) == 1, key);
  }
  BOOST_TEST(gp::is_leaf_key_path("cost.stw_pause_ns"));
  BOOST_TEST(gp::is_leaf_key_path("testing.gc_hooks.every_n_allocations"));
  BOOST_TEST(!gp::is_leaf_key_path("testing.gc_hooks"));
  BOOST_TEST(!gp::is_leaf_key_path("testing"));
  BOOST_TEST(gp::is_leaf_key_path("sched.pct_steps"));
  // sections gc, cost, sched, testing; gc 9, cost 10, sched 6, testing 13; timeout 2; gc_hooks 7
  BOOST_TEST(gp::schema_keys().size() == 4u + 9u + 10u + 6u + 13u + 2u + 7u);
  BOOST_TEST(gp::is_leaf_key_path("sched.work_stealing"));
  BOOST_TEST(gp::is_leaf_key_path("cost.wake_p_ns"));
}

BOOST_AUTO_TEST_SUITE_END()
