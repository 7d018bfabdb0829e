// run_result.hpp — one gcmatrix run as the reports see it: every case
// (profile × workload) with its Observation and each check's outcome judged
// against the recorded expectations. Main entries: CaseResult::as_expected(),
// RunResult, digest_of_cases().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/profile_info.hpp"
#include "workloads/observation.hpp"

namespace gcm::report {

class Sweep;  // sweep.hpp

// What matrix/expectations.yaml says a check should do under a profile.
enum class Expected : std::uint8_t {
  pass,     // the check must pass
  fail,     // the check must fail (an anti-pattern that leaks under this profile)
  missing,  // nothing recorded: never silently accepted
};
const char* to_string(Expected e) noexcept;
std::optional<Expected> parse_expected(std::string_view text) noexcept;

// Why a check outcome is not as expected; the JUnit failure `type`.
enum class Deviation : std::uint8_t {
  none,            // as expected
  unexpected_pass, // expected fail, passed
  unexpected_fail, // expected pass, failed
  no_expectation,  // nothing recorded for this check
};
const char* to_string(Deviation d) noexcept;  // "unexpected-pass", …; "" for none

struct CheckOutcome {
  std::string check;  // Check::name
  bool passed = false;
  Expected expected = Expected::missing;
  bool as_expected = false;  // passed ? expected == pass : expected == fail
  // Report-only: nothing is recorded for this case (a scenario, a user
  // profile, non-default parameters) and the check has no inline expectation.
  // Reported, never gating: as_expected is true and the exit code ignores it.
  bool gated = true;

  Deviation deviation() const noexcept;
  bool operator==(const CheckOutcome&) const = default;
};

// Judges one check. A missing expectation is never as expected.
CheckOutcome judge(std::string check, bool passed, Expected expected) noexcept;
// A report-only outcome: expected missing, not gated.
CheckOutcome report_only(std::string check, bool passed) noexcept;

struct CaseResult {
  workloads::Observation obs;          // a copy: cases outlive the workload run
  ProfileInfo profile;
  std::vector<CheckOutcome> outcomes;  // outcomes[i] judges obs.checks[i]

  // Every check's outcome matches its expectation (missing ones do not).
  bool as_expected() const noexcept;
  // Some check is gated (false: the whole case is report-only).
  bool gated() const noexcept;
  // Problems with the invariant outcomes[i].check == obs.checks[i].name (and
  // passed agreeing); empty when consistent. For tests and the JSON reader.
  std::vector<std::string> check() const;
  // --seeds A..B: this profile × workload over every seed (sweep.hpp); the
  // rest of the case is the first seed's, each check judged over all seeds.
  // Null for a one-seed case.
  std::shared_ptr<const Sweep> sweep;
};

// Host figures of the whole gcmatrix process. Never deterministic, never gate;
// results.json keeps them under the top-level "host" object only.
struct HostProcess {
  std::string hostname;             // gethostname()
  std::string started_at;           // ISO 8601 UTC, "2024-05-01T12:00:00Z"
  std::int64_t wall_ns = 0;         // whole run, host clock
  std::int64_t cpu_ns = 0;          // user + system CPU of the process
  std::int64_t peak_rss_bytes = 0;  // getrusage ru_maxrss

  bool operator==(const HostProcess&) const = default;
};

struct RunResult {
  std::string gcmatrix_version;          // PROJECT_VERSION, "0.1.0"
  std::uint64_t seed = 1;                // the run's base seed
  std::vector<ProfileInfo> profiles;     // in the order the run selected them
  std::vector<std::string> workloads;    // in registry order
  std::vector<CaseResult> cases;         // one per (profile, workload) that ran
  // --seeds A..B (or a matrix file's seeds:): the whole range the run was
  // asked for, before --shard took this leg's part. A merge checks every
  // sweep's seeds against it (a leg of the first or last shard that failed
  // leaves no gap between the seeds the others hold). Unset without a sweep.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> sweep_seed_range;
  std::uint64_t digest_of_all_events = 0;  // digest_of_cases(cases)
  HostProcess host;

  const ProfileInfo* find_profile(std::string_view name) const noexcept;
  std::size_t unexpected_count() const noexcept;  // outcomes not as expected
};

// A digest of every case's events digest, independent of case order (cases
// are sorted by profile, workload, then seed first) so that a merge of matrix
// legs gives the digest of a single run. FNV-1a 64 over
// "<profile>\t<workload>\t<hex64 events digest>\n" lines.
std::uint64_t digest_of_cases(const std::vector<CaseResult>& cases);

}  // namespace gcm::report
