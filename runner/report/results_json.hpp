// results_json.hpp — results.json, the machine-readable result of a run, and
// its reader (the merge job combines matrix legs from these files).
// Main entries: render_results_json(), read_results_json().
//
// Schema "gcmatrix.results/1" (keys in this order, 2-space indent, trailing
// newline):
//   { "schema", "gcmatrix_version", "seed", "events_digest" (hex64 of
//     digest_of_cases), "profiles": [{name, family, go, description}],
//     "workloads": [name…],
//     "cases": [{profile, workload, seed, params{…}, claims[…],
//                checks: [{name, passed, expected, as_expected, message, claims[…]}],
//                metrics: [{name, value, unit}],
//                tests: [{name, status, duration_ns, message}],
//                summary, events_digest (hex64), event_count,
//                virtual_duration_ns, source_file, source_line,
//                retention: {dropped, snapshots: [{at (test_end|test_timeout|
//                  forced_gc), subject, vtime_ns, reachable_bytes,
//                  reachable_objects, shared_bytes, shared_objects,
//                  retainers: [{kind, name, count, goid, retained_bytes,
//                               retained_objects, share_permille}],
//                  shared_by: [{kind, name, count, goid}]}]}}],
//     "host": {hostname, started_at, wall_ns, cpu_ns, peak_rss_bytes,
//              cases: [{profile, workload, metrics: [{name, value, unit}]}]} }
// Everything outside "host" is a pure function of (profiles, workloads,
// params, seed): `jq 'del(.host)'` gives byte-identical output between runs.
// Events themselves are not stored (Observation::events reads back null).
// "retention" is optional on reading (files from before it existed).
//
// With --seeds A..B, a top-level "sweeps" follows "host": one per case,
//   {profile, workload, seeds, seed_ranges: [[first, last]…],
//    events_digest_sum (hex64), checks: [{name, runs, passed, unexpected,
//    rate, summary}], histograms: [{name, values: [{value, seeds}]}]}
// Each case is then its sweep's first seed, and a check's as_expected is its
// tally's (as expected in every seed). The reader checks a sweep against its
// case and its own counts (Sweep::check(), rate texts), and gives the case
// its sweep back (CaseResult::sweep), so merged legs add up.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/atomic_write.hpp"
#include "report/run_result.hpp"

namespace gcm::report {

inline constexpr std::string_view kResultsSchema = "gcmatrix.results/1";

struct ResultsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Written piece by piece (json_stream.hpp): beyond the run itself, memory
// holds one case's test or retention snapshot at a time, not the document.
void write_results_json(const Sink& sink, const RunResult& run);
void write_results_json(const std::filesystem::path& path, const RunResult& run);  // atomic
std::string render_results_json(const RunResult& run);  // the same bytes, as a string

// Strict: the schema string must be kResultsSchema exactly; every field must
// be present with its type; expectations, as_expected and the events digest
// must agree. Errors are ResultsError "<source>: <json path>: message".
// JSON errors (syntax, a number out of range such as 1e400) are located:
// "<source>:<line>:<column>: <json path>: …" (json_input.hpp).
RunResult parse_results_json(std::string_view text, std::string_view source_name);
RunResult results_from_json(const nlohmann::ordered_json& doc, std::string_view source_name);
// Bounded (json_input.hpp kJsonInputBytesMax), regular files only.
RunResult read_results_json(const std::filesystem::path& path);

}  // namespace gcm::report
