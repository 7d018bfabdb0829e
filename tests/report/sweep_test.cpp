// sweep_test.cpp — outcome distributions over seeds: tallies, histograms,
// order-independent merges that refuse shared seeds, and the cell texts.
#define BOOST_TEST_MODULE report_sweep
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <stdexcept>

#include "report/sweep.hpp"

namespace gr = gcm::report;

namespace {
// One seed's case: check "ok" passes unless seed % fail_every == 0; metric
// "keys" is 3 or, for the failing seeds, 1; a scenario observation too.
gr::CaseResult seed_case(std::uint64_t seed, std::uint64_t fail_every) {
  gr::CaseResult c;
  c.obs.seed = seed;
  c.obs.events_digest = seed * 0x9E3779B97F4A7C15ull;
  const bool ok = seed % fail_every != 0;
  c.obs.checks.push_back({"ok", ok, "", {}});
  c.outcomes.push_back(gr::judge("ok", ok, gr::Expected::pass));
  c.obs.metrics.push_back({"keys", ok ? 3 : 1, "count"});
  c.obs.observations.emplace_back("order", ok ? "third second first" : "second first");
  c.obs.observations.emplace_back("keys_written", ok ? "3" : "1");  // numeric: also a metric, as scenarios do
  c.obs.metrics.push_back({"keys_written", ok ? 3 : 1, "count"});
  return c;
}
}  // namespace

BOOST_AUTO_TEST_CASE(tallies_and_histograms) {
  gr::Sweep s;
  for (std::uint64_t seed = 1; seed <= 1000; ++seed) s.add(seed_case(seed, 100));
  BOOST_TEST(s.check().empty());
  BOOST_TEST(s.seeds() == 1000u);
  BOOST_TEST(s.seed_ranges().size() == 1u);
  BOOST_TEST(s.checks().front().second.passed == 990u);
  BOOST_TEST(s.checks().front().second.unexpected == 10u);
  BOOST_TEST(s.unexpected() == 10u);
  // Observations first (the scenario's own), then metrics, as each was first seen.
  BOOST_TEST(s.values()[0].first == "order");
  BOOST_TEST(s.values()[0].second.at("second first") == 10u);
  BOOST_TEST(s.values()[2].first == "keys");
  BOOST_TEST(s.values()[2].second.at("3") == 990u);
  BOOST_TEST(gr::rate_text(s.checks().front().second) == "pass 99 %");
  BOOST_TEST(gr::rate_sentence(s.checks().front().second) == "fails in 10 of 1,000 schedules (1 %)");
  BOOST_TEST(gr::histogram_text(s.values()[2].second) == "3 ×990, 1 ×10");
  BOOST_TEST(gr::histogram_text(s.values()[0].second) == "third second first ×990, second first ×10");
  // An observation that is also a metric is counted once per seed, not twice.
  for (const auto& [name, h] : s.values())
    if (name == "keys_written") BOOST_TEST(h.at("3") + h.at("1") == 1000u);
}

BOOST_AUTO_TEST_CASE(rate_texts) {
  BOOST_TEST(gr::rate_text({10000, 9933, 67}) == "pass 99.33 %");
  BOOST_TEST(gr::rate_text({1000, 993, 7}) == "pass 99.3 %");
  BOOST_TEST(gr::rate_text({200, 0, 0}) == "FAIL 100 %");
  BOOST_TEST(gr::rate_text({200, 200, 0}) == "pass 100 %");
  BOOST_TEST(gr::rate_text({}) == "-");
  BOOST_TEST(gr::rate_sentence({10000, 10000, 0}) == "passes in every one of 10,000 schedules");
  BOOST_TEST(gr::rate_sentence({3, 0, 3}) == "fails in every one of 3 schedules");
}

// Legs that each took a seed range, merged in any order, equal one sweep.
BOOST_AUTO_TEST_CASE(merges_are_order_independent_and_equal_the_single_sweep) {
  gr::Sweep whole;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) whole.add(seed_case(seed, 7));
  std::vector<gr::Sweep> legs(5);
  for (std::uint64_t seed = 1; seed <= 300; ++seed) legs[(seed * 7) % 5].add(seed_case(seed, 7));  // interleaved seeds
  std::mt19937 rng(1);
  for (int trial = 0; trial < 20; ++trial) {
    std::shuffle(legs.begin(), legs.end(), rng);
    gr::Sweep merged;
    for (const gr::Sweep& leg : legs) merged.merge(leg);
    BOOST_TEST(merged.check().empty());
    BOOST_TEST(merged.seeds() == whole.seeds());
    BOOST_TEST(merged.digest_sum() == whole.digest_sum());
    BOOST_TEST((merged.seed_ranges() == whole.seed_ranges()));
    // Histograms are maps: equal whatever the order; name order may differ only
    // if legs saw names in another order, which they do not here.
    BOOST_TEST((merged.checks() == whole.checks()));
    BOOST_TEST((merged.values() == whole.values()));
  }
}

BOOST_AUTO_TEST_CASE(a_seed_twice_is_refused_and_changes_nothing) {
  gr::Sweep a, b;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) a.add(seed_case(seed, 3));
  for (std::uint64_t seed = 10; seed <= 20; ++seed) b.add(seed_case(seed, 3));
  const gr::Sweep before = a;
  BOOST_CHECK_THROW(a.merge(b), std::invalid_argument);
  BOOST_TEST((a == before));
  BOOST_CHECK_THROW(a.add(seed_case(5, 3)), std::invalid_argument);
}

// A sweep read back from a leg's results.json may claim any range: merging
// costs its ranges, not its seeds (before, a merge walked every seed).
BOOST_AUTO_TEST_CASE(restored_sweeps_merge_by_ranges_and_are_checked) {
  const std::uint64_t half = 1ull << 62;
  const gr::Sweep a = gr::Sweep::restored(half, {{0, half - 1}}, {{"ok", {half, half, 0}}}, {{"v", {{"1", half}}}}, 5);
  const gr::Sweep b = gr::Sweep::restored(half, {{half, 2 * half - 1}}, {{"ok", {half, 0, half}}}, {{"v", {{"2", half}}}}, 7);
  BOOST_TEST(a.check().empty());
  gr::Sweep sum = b;
  sum.merge(a);
  BOOST_TEST(sum.check().empty());
  BOOST_TEST((sum.seed_ranges() == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0, 2 * half - 1}}));
  BOOST_TEST(sum.digest_sum() == 12u);
  BOOST_TEST(sum.unexpected() == half);
  // What a file must not claim.
  BOOST_TEST(gr::Sweep::restored(3, {{1, 3}}, {{"ok", {4, 1, 0}}}, {}, 0).check().front() == "check ok: counts exceed its runs");
  BOOST_TEST(gr::Sweep::restored(3, {{1, 3}}, {{"ok", {3, 1, 0}}, {"ok", {3, 1, 0}}}, {}, 0).check().front() == "check ok counted twice");
  BOOST_TEST(gr::Sweep::restored(4, {{1, 2}, {3, 4}}, {}, {}, 0).check().front() == "seed ranges overlap or touch");
  BOOST_TEST(gr::Sweep::restored(2, {{3, 4}, {1, 1}}, {}, {}, 0).check().front() == "seed ranges overlap or touch");
  BOOST_TEST(gr::Sweep::restored(0, {{0, UINT64_MAX}}, {}, {}, 0).check().front() == "seed ranges cover more than 2^64 seeds, not 0");
  BOOST_TEST(gr::Sweep::restored(2, {{1, 2}}, {}, {{"v", {{"a", 0}, {"b", 2}}}}, 0).check().front() == "histogram v: value a with 0 seeds");
  BOOST_TEST(gr::Sweep::restored(2, {{1, 2}}, {}, {{"v", {{"a", UINT64_MAX}, {"b", 2}}}}, 0).check().front() ==
             "histogram v: more than 2^64 values for 2 seeds");
}

// One lookup for every reader of a sweep (JUnit, results.json, tables, merge):
// the tally by its check's name, or none for a check no seed reported.
BOOST_AUTO_TEST_CASE(find_names_a_checks_tally_or_none) {
  gr::Sweep s;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    gr::CaseResult c = seed_case(seed, 5);
    c.obs.checks.push_back({"steady", true, "", {}});
    c.outcomes.push_back(gr::judge("steady", true, gr::Expected::pass));
    s.add(c);
  }
  const gr::CheckTally* ok = s.find("ok");
  BOOST_REQUIRE(ok != nullptr);
  BOOST_TEST(ok == &s.checks()[0].second);  // the sweep's own tally, not a copy
  BOOST_TEST((*ok == gr::CheckTally{10, 8, 2}));
  const gr::CheckTally* steady = s.find("steady");
  BOOST_REQUIRE(steady != nullptr);
  BOOST_TEST((*steady == gr::CheckTally{10, 10, 0}));
  BOOST_TEST(s.find("keys") == nullptr);  // a metric, not a check
  BOOST_TEST(s.find("o") == nullptr);     // names match whole, not by prefix
  BOOST_TEST(gr::Sweep{}.find("ok") == nullptr);
}

// A check is as expected over a sweep only when no seed was unexpected.
BOOST_AUTO_TEST_CASE(one_unexpected_seed_makes_the_check_not_as_expected) {
  BOOST_TEST(gr::as_expected_over_seeds({10000, 10000, 0}));
  BOOST_TEST(gr::as_expected_over_seeds({10000, 0, 0}));  // fails everywhere, as expected (expected fail)
  BOOST_TEST(!gr::as_expected_over_seeds({10000, 9999, 1}));
  BOOST_TEST(!gr::as_expected_over_seeds({10000, 1, 1}));  // the one seed that passed an expected fail

  // The case kept is its first seed's: as expected there, but seed 2 of 3 was not.
  auto sweep = std::make_shared<gr::Sweep>();
  for (std::uint64_t seed = 1; seed <= 3; ++seed) sweep->add(seed_case(seed, 2));
  gr::CaseResult first = seed_case(1, 2);
  first.obs.checks.push_back({"untallied", true, "", {}});
  first.outcomes.push_back(gr::judge("untallied", false, gr::Expected::pass));  // not as expected, no tally
  BOOST_TEST(first.outcomes[0].as_expected);
  gr::apply_sweep_verdict(first);  // no sweep attached yet: nothing changes
  BOOST_TEST(first.outcomes[0].as_expected);
  first.sweep = sweep;
  gr::apply_sweep_verdict(first);
  BOOST_TEST(!first.outcomes[0].as_expected);
  BOOST_TEST(!first.outcomes[1].as_expected);  // kept its own

  // Every seed as expected: the verdict is as expected, even where the kept
  // case's own outcome said otherwise.
  auto clean = std::make_shared<gr::Sweep>();
  for (std::uint64_t seed = 1; seed <= 3; ++seed) clean->add(seed_case(seed, 7));
  gr::CaseResult kept = seed_case(1, 7);
  kept.outcomes[0].as_expected = false;
  kept.sweep = clean;
  gr::apply_sweep_verdict(kept);
  BOOST_TEST(kept.outcomes[0].as_expected);
}
