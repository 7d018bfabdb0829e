// options.hpp — gcmatrix's own command line (Boost.Program_options); every
// option it does not know is handed to Boost.Test. Main entry: parse_cli().
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::cli {

// Exit codes (documented in --help and the README).
inline constexpr int kExitOk = 0;           // every outcome as expected
inline constexpr int kExitUnexpected = 1;   // an outcome differs from the expectations
inline constexpr int kExitUsage = 2;        // usage or configuration error
inline constexpr int kExitInternal = 3;     // internal error

struct CliOptions {
  std::vector<std::string> profiles;        // --profile NAME|FILE (repeatable)
  std::vector<std::string> workloads;       // --workload NAME (repeatable)
  std::vector<std::string> scenarios;       // --scenario FILE|DIR (repeatable)
  std::vector<std::string> params;          // --param [workload:]K=V
  std::optional<std::uint64_t> seed;        // --seed N
  std::string seeds;                        // --seeds A..B: every case over seeds A…B, as outcome distributions
  std::string matrix_path;                  // --matrix FILE
  std::string policy_dir;                   // --policy-dir DIR
  std::string expectations_path;            // --expectations FILE
  std::string out_dir;                      // --out DIR
  std::string junit_path, json_path, table_path, host_path;  // --junit/--json/--table/--host
  std::string junit_go_path;                // --junit-go FILE (emulated tests, gotestsum's dialect)
  std::string trace_dir;                    // --trace-dir DIR (Chrome trace per case)
  std::string html_path;                    // --html FILE (self-contained report page)
  std::string shard;                        // --shard K/N
  int retention_top = 3;                    // --retention-top N: retainers per case in the terminal
  bool retention = true;                    // --no-retention turns snapshots off
  bool table_rows_all = false;              // --table-rows all: every row in the terminal table
  std::string format = "text";              // --format text|json (listings)
  bool list_profiles = false, list_workloads = false, update_expectations = false;
  bool help = false, version = false, quiet = false;
  bool allow_large_run = false;             // --allow-large-run: no estimated-work limit (plan.hpp)
  std::vector<std::string> check_profiles;  // --check-profile FILE…
  std::vector<std::string> boost_args;      // handed to Boost.Test (argv[0] first)
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

CliOptions parse_cli(int argc, char** argv);  // throws UsageError
// An option given with an empty value ("--junit ''", or "--junit $UNSET" in
// a CI script) is an error, never the option left out: the run would
// silently lose its gate file, its shard or its sweep. `prefix` names the
// subcommand ("merge: "), empty for a run.
[[noreturn]] void fail_empty_value(std::string_view prefix, std::string_view key);
std::string help_text();

}  // namespace gcm::cli
