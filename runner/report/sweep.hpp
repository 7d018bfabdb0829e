// sweep.hpp — one profile × workload run over many seeds (schedules), kept as
// outcome distributions instead of one case per seed: herd7's "always /
// sometimes / never" for a Go test lifecycle. Main entries: Sweep::add(),
// Sweep::merge(), Sweep::find(), apply_sweep_verdict(), rate_text().
//
// What a seed contributes: each check's outcome (passed, and whether it was
// as expected), and one value per observation (a scenario's canonical
// strings) and per metric (its decimal value). A Sweep holds, per check, how
// many seeds passed and how many were not as expected, and per observation
// or metric a histogram value → seeds.
//
// Merging is commutative and associative, and refuses two sweeps that share
// a seed, so legs of a matrix job that each took a seed range add up to the
// single run's sweep whatever order they come in. The events digest of a
// sweep is the sum (mod 2^64) of its seeds' digests: order-independent too.
//
// Invariant (check()): for every check, passed ≤ runs ≤ seeds and
// unexpected ≤ runs; every histogram's counts sum to the number of seeds that
// reported it (≤ seeds), none zero; check and histogram names are unique; the
// seed ranges are sorted, disjoint, not adjacent, and cover `seeds`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::report {

struct CheckTally {
  std::uint64_t runs = 0;        // seeds that reported this check
  std::uint64_t passed = 0;      // of them, passed
  std::uint64_t unexpected = 0;  // of them, not as expected (each one a gate failure)
  bool operator==(const CheckTally&) const = default;
};

using Histogram = std::map<std::string, std::uint64_t>;  // value → seeds

class Sweep {
 public:
  // A sweep as results.json records it (the merge reads legs back). Not
  // checked here: the reader calls check() and names the first problem.
  static Sweep restored(std::uint64_t seeds, std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges,
                        std::vector<std::pair<std::string, CheckTally>> checks,
                        std::vector<std::pair<std::string, Histogram>> values, std::uint64_t digest_sum);

  // One seed's case. Cases of one sweep share profile and workload.
  void add(const CaseResult& c);
  // This sweep plus `other` (disjoint seeds; throws std::invalid_argument
  // naming the first shared seed otherwise).
  void merge(const Sweep& other);

  std::uint64_t seeds() const noexcept { return seeds_; }
  const std::vector<std::pair<std::uint64_t, std::uint64_t>>& seed_ranges() const noexcept { return ranges_; }
  // Checks and histograms in first-seen order of names, so output is stable.
  const std::vector<std::pair<std::string, CheckTally>>& checks() const noexcept { return checks_; }
  const std::vector<std::pair<std::string, Histogram>>& values() const noexcept { return values_; }
  // The tally of `check`, null when no seed reported it. One at most: names
  // are unique (check(); results.json's reader refuses a sweep that breaks it).
  const CheckTally* find(std::string_view check) const noexcept;
  std::uint64_t digest_sum() const noexcept { return digest_sum_; }
  std::uint64_t unexpected() const noexcept;  // Σ over checks

  std::vector<std::string> check() const;
  bool operator==(const Sweep&) const = default;

 private:
  void add_seed_to_ranges(std::uint64_t seed);
  CheckTally& tally(const std::string& name);
  Histogram& histogram(const std::string& name);

  std::uint64_t seeds_ = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;  // [first, last], sorted, disjoint, not adjacent
  std::vector<std::pair<std::string, CheckTally>> checks_;
  std::vector<std::pair<std::string, Histogram>> values_;
  std::uint64_t digest_sum_ = 0;
};

// A sweep's verdict on one check: as expected only when no seed was
// unexpected, so one unexpected schedule in 10,000 still fails the gate.
bool as_expected_over_seeds(const CheckTally& t) noexcept;
// Each outcome of `c` takes c.sweep's verdict on its check
// (as_expected_over_seeds): what a run under --seeds, a merge of its seed
// shards and results.json's reader all judge by. A case without a sweep, and
// an outcome whose check the sweep never tallied, keep their own.
void apply_sweep_verdict(CaseResult& c);

// The tally of check `o` of `c` when the check is flaky: gated, not as
// expected over the sweep, yet as expected under some seeds, whichever the
// first seed (the case's) was. Null otherwise. JUnit's failure type, merge's
// lines, Markdown and annotations all ask this one question.
const CheckTally* flaky_tally(const CaseResult& c, const CheckOutcome& o) noexcept;

// "pass 100 %", "pass 99.3 %" (fails in some seeds), "FAIL 100 %" (fails in
// every seed): the outcome of the majority and its share, one decimal when not
// whole. "-" for a check no seed reported.
std::string rate_text(const CheckTally& t);
// "fails in 67 of 10,000 schedules (0.67 %)" / "passes in every one of 10,000 schedules".
std::string rate_sentence(const CheckTally& t);
// "3 ×198, 2 ×2" — values by count, most frequent first (ties by value).
std::string histogram_text(const Histogram& h, std::size_t values_max = 4);

}  // namespace gcm::report
