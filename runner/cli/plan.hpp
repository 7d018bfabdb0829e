// plan.hpp — what a run will do: profiles × workloads × parameters × seeds,
// from the matrix file and the command line, validated before anything runs.
// Main entry: make_plan().
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/options.hpp"
#include "cli/seed_range.hpp"
#include "policy/loader.hpp"
#include "report/expectations.hpp"
#include "report/profile_info.hpp"
#include "workloads/workload.hpp"

namespace gcm::cli {

struct ConfigError : std::runtime_error {  // exit 2, one line
  using std::runtime_error::runtime_error;
};

struct PlannedCase {
  const policy::Profile* profile;
  const workloads::Workload* workload;
  workloads::Params params;
  std::uint64_t seed;
  std::string case_name;  // Boost.Test case name: the workload, or "<workload>.seed<N>"
  std::uint64_t seed_last = 0;  // a sweep: seeds seed..seed_last
  bool sweep = false;           // --seeds A..B or a matrix file's seeds: A..B (a shard of one may hold one seed)
};

// Estimated work of a run, in default-case equivalents: each case counts the
// product, over its "count" parameters, of value / default (at least 1).
// goroutine-leak with goroutines=100000 is 100 (about 7 s); the default
// matrix is 121 (about 1 s). Beyond kWorkUnitsMax (hours of CPU), a run is
// refused unless --allow-large-run.
inline constexpr double kWorkUnitsMax = 100'000;

struct Plan {
  std::deque<policy::Profile> profiles;  // selected, in catalog order (stable addresses)
  workloads::Registry registry;          // the built-ins and every loaded scenario
  std::vector<const workloads::Workload*> workloads;  // selected, into `registry`
  std::vector<std::uint64_t> seeds;      // ascending; a sweep's: its first seed (of this shard)
  std::vector<PlannedCase> cases;        // after sharding
  // A sweep: the whole --seeds (or matrix seeds:) range before --shard took
  // this leg's slice. results.json records it, so that a merge missing the
  // first or the last shard's leg sees the seeds it lacks.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> sweep_seed_range;
  std::size_t cases_before_shard = 0;
  report::Expectations expectations;
  std::string expectations_path;
  std::string policy_dir;
  bool retention = true;                 // retention snapshots (--no-retention)
  // Every file the plan read, with the option (or role) that named it: no
  // output may be one of them (check_outputs_distinct, output_paths.hpp).
  std::vector<std::pair<std::string, std::string>> inputs;
};

// Defaults resolve against the shipped data folder (data_dir.hpp).
std::string default_path(const std::string& relative);
report::ProfileInfo profile_info(const policy::Profile& p);

// Throws ConfigError (unknown names with the valid ones, closest first;
// bad parameters; a malformed matrix file with file:line:column).
Plan make_plan(const CliOptions& options);
policy::ProfileCatalog load_catalog(const std::string& policy_dir);
// A profile file inside the catalog folder is read as shipped (its claims
// checked strictly), any other as a user's own (policy/profile.hpp).
policy::ProfileOrigin profile_origin(const std::string& file, const std::string& policy_dir);
// "A..B" of --seeds (seed_range.hpp). Throws ConfigError "--seeds: …".
std::pair<std::uint64_t, std::uint64_t> parse_seed_range(const std::string& text);

}  // namespace gcm::cli
