// merge.cpp — `gcmatrix merge`: matrix legs → one run, one table, one verdict.
#include "cli/merge.hpp"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

#include "cli/annotations.hpp"
#include "report/baseline.hpp"
#include "cli/options.hpp"
#include "cli/output_paths.hpp"
#include "input/escape.hpp"
#include "input/numbers.hpp"
#include "policy/enum_names.hpp"
#include "policy/loader.hpp"
#include "policy/quote.hpp"
#include "report/atomic_write.hpp"
#include "report/json_input.hpp"
#include "report/merge_verdict.hpp"
#include "report/out_dir.hpp"
#include "report/comparison_table.hpp"
#include "report/junit_writer.hpp"
#include "report/results_json.hpp"
#include "report/sweep.hpp"
#include "report/table_format.hpp"
#include "report/table_markdown.hpp"
#include "report/table_text.hpp"
#include "runtime/events.hpp"
#include "workloads/workload.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace gcm::cli {

using report::Baseline;
using report::BaselineError;
using report::Comparison;
using report::Difference;
using report::compare_to_baseline;
using report::read_baseline;
using report::write_baseline;
using report::case_label;
using report::difference_line;
using report::outcome_text;
using report::render_markdown;
using report::Unexpected;
using report::unexpected_outcomes;
using report::Verdict;

namespace {

struct MergeOptions {
  std::vector<std::string> inputs;            // RESULTS.json…
  std::string baseline, write_baseline;       // --baseline, --write-baseline
  std::string markdown, junit, json, table;   // --markdown, --junit, --json, --table
  std::string out_dir;                        // --out DIR
  std::vector<std::string> expect_profiles;   // --expect-profiles a,b (repeatable)
  std::string expect_profiles_from;           // --expect-profiles-from FILE (JSON array)
  std::size_t markdown_bytes_max = kStepSummaryBytesMax;
  bool annotations = false, quiet = false, help = false;
};

po::options_description describe() {
  po::options_description d("gcmatrix merge options");
  d.add_options()
      ("baseline", po::value<std::string>(), "compare with this baseline (matrix/baseline.json); exit 1 on a regression beyond tolerance")
      ("write-baseline", po::value<std::string>(), "(re)write this baseline from the merged run; hand-set tolerances survive")
      ("markdown", po::value<std::string>(), "Markdown summary: verdict, missing legs, regressions, unexpected outcomes, the table (<= 1 MiB: $GITHUB_STEP_SUMMARY)")
      ("markdown-max-bytes", po::value<std::string>(), "cap of --markdown (default 1048576, GitHub's step-summary limit)")
      ("junit", po::value<std::string>(), "merged JUnit XML file")
      ("json", po::value<std::string>(), "merged results.json (schema gcmatrix.results/1)")
      ("table", po::value<std::string>(), "merged comparison table; format from extension: .txt .md .csv .json")
      ("out", po::value<std::string>(), "folder for the merged results.json, junit.xml and table.md")
      ("expect-profiles", po::value<std::vector<std::string>>(), "comma-separated profiles the plan ran; a missing one is an error (repeatable)")
      ("expect-profiles-from", po::value<std::string>(), "file with the JSON array of `gcmatrix --list-profiles --format json`")
      ("annotations", "print GitHub ::error annotations (most important first, at most 10)")
      ("quiet,q", "do not print the comparison table")
      ("help,h", "this help");
  return d;
}

std::string merge_help() {
  std::ostringstream os;
  os << "Usage: gcmatrix merge RESULTS.json… [options]\n"
        "Combines the results.json of matrix legs (one per profile or shard) into one run, as a single\n"
        "run of the whole matrix would have written it, and checks it against a baseline.\n\n"
     << describe()
     << "\nExit codes: 0 all as expected; 1 a regression beyond tolerance, an unexpected outcome or a\n"
        "missing leg; 2 usage or configuration error (unreadable file, mixed schema versions,\n"
        "duplicate legs, malformed baseline); 3 internal error.\n";
  return os.str();
}

MergeOptions parse_merge_options(int argc, char** argv) {
  po::options_description desc = describe();
  desc.add_options()("results", po::value<std::vector<std::string>>(), "results.json of each leg");
  po::positional_options_description positional;
  positional.add("results", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string("merge: ") + e.what());
  }
  MergeOptions o;
  const auto text = [&](const char* key) {
    if (!vm.count(key)) return std::string();
    std::string v = vm[key].as<std::string>();
    if (v.empty()) fail_empty_value("merge: ", key);
    return v;
  };
  if (vm.count("results")) o.inputs = vm["results"].as<std::vector<std::string>>();
  for (const std::string& leg : o.inputs)  // an unset variable in `merge "$LEG"`
    if (leg.empty()) throw UsageError("merge: a results file given as '': empty value (give a path, or leave it out)");
  o.baseline = text("baseline");
  o.write_baseline = text("write-baseline");
  o.markdown = text("markdown");
  o.junit = text("junit");
  o.json = text("json");
  o.table = text("table");
  o.out_dir = text("out");
  o.expect_profiles_from = text("expect-profiles-from");
  if (vm.count("expect-profiles"))
    for (const std::string& list : vm["expect-profiles"].as<std::vector<std::string>>()) {
      std::stringstream ss(list);
      std::size_t names = 0;
      for (std::string name; std::getline(ss, name, ',');)
        if (!name.empty()) o.expect_profiles.push_back(name), ++names;
      if (names == 0)  // "" or ",,,": the missing-profile check would silently be off
        throw UsageError("merge: --expect-profiles " + policy::quote(list) + ": no profile name (expected a,b,…)");
    }
  if (vm.count("markdown-max-bytes")) {  // the strict parser: "-1" is not a cap of 2^64 - 1 bytes
    const std::string v = vm["markdown-max-bytes"].as<std::string>();
    const std::optional<std::uint64_t> n = input::parse_unsigned(v);
    if (!n) throw UsageError("merge: --markdown-max-bytes " + policy::quote(v) + ": not a number of bytes (expected decimal digits, at least 1024)");
    o.markdown_bytes_max = static_cast<std::size_t>(*n);
  }
  o.annotations = vm.count("annotations") != 0;
  o.quiet = vm.count("quiet") != 0;
  o.help = vm.count("help") != 0;
  if (!o.help && o.inputs.empty()) throw UsageError("merge: no results file given (usage: gcmatrix merge RESULTS.json… ; see merge --help)");
  if (o.markdown_bytes_max < 1024) throw UsageError("merge: --markdown-max-bytes must be at least 1024");
  return o;
}

std::vector<std::string> expected_profiles_of(const MergeOptions& o) {
  std::vector<std::string> names = o.expect_profiles;
  if (o.expect_profiles_from.empty()) return names;
  const std::string text = read_text(o.expect_profiles_from, "profile list");
  nlohmann::ordered_json doc;
  try {  // bounded and located, as the legs are read (json_input.hpp): [1e400] is exit 2, not 3
    doc = report::parse_json_input(text, o.expect_profiles_from,
                                   "not JSON (expected the array of `gcmatrix --list-profiles --format json`)");
  } catch (const report::JsonInputError& e) {
    throw MergeError(e.what());
  }
  if (!doc.is_array()) throw MergeError(o.expect_profiles_from + ": expected a JSON array of profile names");
  // [] would leave the missing-leg check with nothing to check (a plan job that listed nothing).
  if (doc.empty()) throw MergeError(o.expect_profiles_from + ": an empty array (expected the profile names the plan ran)");
  for (const auto& v : doc) {
    if (!v.is_string()) throw MergeError(o.expect_profiles_from + ": expected a JSON array of profile names (found " + v.dump() + ")");
    names.push_back(v.get<std::string>());
  }
  return names;
}

// ---- annotations -------------------------------------------------------------

std::vector<Annotation> annotations_of(const Verdict& v) {
  std::vector<Annotation> out;
  for (const std::string& m : v.missing) out.push_back({Severity::missing_leg, "", 0, "gcmatrix: missing leg", m});
  for (const Unexpected& u : v.unexpected) {
    const workloads::Observation& obs = u.c->obs;
    const report::CheckOutcome& o = u.c->outcomes[u.check];
    // A sweep's check as expected under some seeds only (flaky, whichever
    // the first seed): failed somewhere when it should pass, passed
    // somewhere when it should fail.
    const report::Deviation d = o.deviation();
    const bool flaky = report::flaky_tally(*u.c, o) != nullptr;
    const Severity s = flaky ? (o.expected == report::Expected::pass ? Severity::unexpected_fail : Severity::unexpected_pass)
                       : d == report::Deviation::unexpected_fail ? Severity::unexpected_fail
                       : d == report::Deviation::unexpected_pass ? Severity::unexpected_pass
                                                                 : Severity::no_expectation;
    // A scenario check points at its own line in the scenario file.
    const int line = u.check < obs.checks.size() && obs.checks[u.check].source_line != 0 ? obs.checks[u.check].source_line : obs.source_line;
    out.push_back({s, obs.source_file, line,
                   "gcmatrix: " + case_label(v.run, obs.profile, obs.workload, obs.seed) + ": " + o.check,
                   outcome_text(*u.c, u.check) + (u.check < obs.checks.size() ? " — " + obs.checks[u.check].message : "")});
  }
  if (v.comparison)
    for (const Difference& d : v.comparison->differences)
      if (d.beyond)
        out.push_back({Severity::regression, d.source_file, d.source_line,
                       "gcmatrix: regression " + case_label(v.run, d.profile, d.workload, d.seed) + ": " + d.figure,
                       difference_line(v.run, d)});
  return out;
}

// ---- the command -----------------------------------------------------------

// Where the merge writes: the options' own paths, else --out's defaults.
struct Targets {
  std::string json, junit, table;
};
Targets targets(const MergeOptions& o) {
  Targets t{o.json, o.junit, o.table};
  if (!o.out_dir.empty()) {
    if (t.json.empty()) t.json = (fs::path(o.out_dir) / "results.json").string();
    if (t.junit.empty()) t.junit = (fs::path(o.out_dir) / "junit.xml").string();
    if (t.table.empty()) t.table = (fs::path(o.out_dir) / "table.md").string();
  }
  return t;
}

// Before any input is read, as a run checks before any case
// (outputs.hpp, check_outputs): --out is locked (a concurrent gcmatrix
// into it exits 2 naming its pid) and a folder with a manifest gcmatrix did
// not write is refused; then every output can be written. A bad path costs
// no reading and leaves nothing written. The folders of --json, --junit,
// --table and --markdown are created (merge always did); --write-baseline's
// must exist. Throws report::OutputError naming the option and the path.
std::optional<report::OutDir> check_outputs(const MergeOptions& o, const Targets& t) {
  std::optional<report::OutDir> out_dir;
  if (!o.out_dir.empty()) {
    out_dir.emplace(lock_out_folder(o.out_dir));
    out_dir->check_claimable();
  }
  const report::OutDir* owner = out_dir ? &*out_dir : nullptr;
  if (!o.table.empty()) check_table_extension(o.table, "--table");  // before any folder is made for it
  // Named by the option that chose the path: its own, else --out.
  const auto flag = [](const std::string& own, const char* name) { return own.empty() ? "--out" : name; };
  const std::pair<const std::string&, const char*> files[] = {{t.json, flag(o.json, "--json")},
                                                              {t.junit, flag(o.junit, "--junit")},
                                                              {t.table, flag(o.table, "--table")},
                                                              {o.markdown, "--markdown"}};
  for (const auto& [path, what] : files) {
    if (path.empty()) continue;
    // Its folder made as merge always did; a failure is check_output_file's
    // to report, naming the file ("its parent P is not a directory").
    std::error_code ignored;
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path(), ignored);
    check_output_file(path, what, owner);
  }
  if (!o.write_baseline.empty()) check_output_file(o.write_baseline, "--write-baseline", owner);
  // No two outputs are one file; no output is the baseline or
  // --expect-profiles-from (--write-baseline may rewrite the --baseline it
  // read: that is what it is for); and no output but the merged
  // results.json is a leg. That one may be: merging a previous merge's
  // results with a new leg back into its --out reads every leg before
  // anything is written, and the write is atomic.
  std::vector<std::pair<std::string, std::string>> outputs, not_results, others;
  for (const auto& [path, what] : files) {
    outputs.emplace_back(path, what);
    if (&path != &t.json) not_results.emplace_back(path, what);
  }
  if (!o.write_baseline.empty()) {
    outputs.emplace_back(o.write_baseline, "--write-baseline");
    not_results.emplace_back(o.write_baseline, "--write-baseline");
  }
  if (!o.expect_profiles_from.empty()) others.emplace_back(o.expect_profiles_from, "--expect-profiles-from");
  std::error_code ec;
  const bool rewrites_baseline =
      !o.write_baseline.empty() && (o.baseline == o.write_baseline || fs::equivalent(o.baseline, o.write_baseline, ec));
  if (!o.baseline.empty() && !rewrites_baseline) others.emplace_back(o.baseline, "--baseline");
  check_outputs_distinct(outputs, others);
  std::vector<std::pair<std::string, std::string>> legs = others;
  for (const std::string& leg : o.inputs) legs.emplace_back(leg, "a leg");
  check_outputs_distinct(not_results, legs);
  return out_dir;
}

void write_outputs(const MergeOptions& o, const Targets& t, const Verdict& v, const report::Table& table) try {
  if (!t.json.empty()) report::write_results_json(t.json, v.run);
  if (!t.junit.empty())
    report::write_junit(t.junit, v.run, report::JunitOptions{v.run.host.started_at, v.run.host.hostname}, report::junit_problems(v));
  if (!t.table.empty()) report::write_table(t.table, table);
  if (!o.markdown.empty()) report::write_file_atomically(o.markdown, render_markdown(v, table, o.markdown_bytes_max));
} catch (const std::invalid_argument& e) {  // write_table: an extension it does not know
  throw MergeError(e.what());
} catch (const fs::filesystem_error& e) {
  throw MergeError(e.what());
} catch (const std::runtime_error& e) {  // write_file_atomically: one line naming the path
  throw MergeError(e.what());
}

void print_terminal(const MergeOptions& o, const Verdict& v, const report::Table& table) {
  if (!o.quiet) std::cout << report::render_table_text(table, {}) << "\n";
  if (v.comparison) {
    for (const Difference& d : v.comparison->differences) std::cout << input::escape_for_terminal(difference_line(v.run, d)) << "\n";
    for (const std::string& n : v.comparison->notes) std::cout << "note: " << input::escape_for_terminal(n) << "\n";
  }
  // Each line escaped: a leg's names reach them, and in a GitHub Actions log a
  // line that starts with "::" is a workflow command (results_json.cpp also
  // refuses names gcmatrix could not have written).
  for (const Unexpected& u : v.unexpected)
    std::cout << input::escape_for_terminal("unexpected: " + case_label(v.run, u.c->obs.profile, u.c->obs.workload, u.c->obs.seed) + " " +
                                            u.c->outcomes[u.check].check + ": " + outcome_text(*u.c, u.check))
              << "\n";
  for (const std::string& m : v.missing) std::cerr << "gcmatrix merge: " << input::escape_for_terminal(m) << "\n";
  std::cout << "gcmatrix merge: " << v.legs << " leg(s), " << v.run.profiles.size() << " profile(s), " << v.run.cases.size()
            << " case(s), events digest " << rt::hex64(v.run.digest_of_all_events) << ", " << v.unexpected.size()
            << " unexpected outcome(s), " << v.missing.size() << " missing";
  if (v.comparison)
    std::cout << ", " << v.comparison->beyond_count() << " regression(s) beyond tolerance against " << input::escape_for_terminal(v.baseline_path) << " ("
              << v.comparison->differences.size() - v.comparison->beyond_count() << " within, " << v.comparison->figures_compared
              << " figures compared)";
  std::cout << "\n";
}

int run_merge(const MergeOptions& o, const std::string& command) {
  const Targets t = targets(o);
  std::optional<report::OutDir> out_dir = check_outputs(o, t);  // before any input is read
  const std::vector<std::string> expected = expected_profiles_of(o);
  const std::vector<Leg> legs = read_legs(o.inputs);
  const report::RunResult merged = merge_legs(legs, canonical_order());
  Verdict v{merged, legs.size(), find_missing(merged, expected), unexpected_outcomes(merged), std::nullopt, o.baseline};
  if (!o.baseline.empty()) v.comparison = compare_to_baseline(read_baseline(o.baseline), merged);
  const report::Table table = report::build_comparison_table(merged);
  // Claimed once every input is read: a leg may be a file the previous run
  // or merge wrote into the folder (`merge D/results.json … --out D`), which
  // the claim removes. --write-baseline is not listed even inside the
  // folder: it is rewritten in place, its hand-set tolerances kept, as a run
  // keeps --update-expectations' file.
  if (out_dir) out_dir->claim({GCMATRIX_VERSION, command}, files_inside(*out_dir, {t.json, t.junit, t.table, o.markdown}), {});
  write_outputs(o, t, v, table);
  print_terminal(o, v, table);
  if (o.annotations) std::cout << render_annotations(annotations_of(v));
  if (!o.write_baseline.empty()) {
    try {
      write_baseline(o.write_baseline, merged);
    } catch (const BaselineError&) {
      throw;
    } catch (const std::runtime_error& e) {  // write_file_atomically: one line naming the path
      throw MergeError(e.what());
    }
  }
  if (out_dir) out_dir->complete();  // after the last file
  if (!o.write_baseline.empty())
    std::cout << "baseline written to " << input::escape_for_terminal(o.write_baseline) << " (" << merged.cases.size() << " case(s))\n";
  // Writing a baseline records the figures; it accepts no unexpected
  // outcome, missing leg or regression against a --baseline also given (it
  // returned 0 whatever the verdict, so a CI step that refreshes the
  // baseline passed with failing legs).
  return v.failed() ? kExitUnexpected : kExitOk;
}

}  // namespace

// The order a single run writes (report/case_order.hpp), with the catalog's
// own profile rule: one rule, whichever side sorts.
report::CaseOrder canonical_order() {
  report::CaseOrder order;
  order.profile_less = [](const report::ProfileInfo& a, const report::ProfileInfo& b) {
    const auto key = [](const report::ProfileInfo& p) {
      // The reader admits documented and observed only; anything else sorts last.
      return policy::CatalogKey{policy::parse_enum<policy::Family>(p.family).value_or(policy::Family::observed), p.go, p.name};
    };
    return policy::catalog_key_less(key(a), key(b));
  };
  for (const workloads::Workload& w : workloads::registry()) order.registry_workloads.push_back(w.name);
  return order;
}

int merge_main(int argc, char** argv, const std::string& command) {
  try {
    const MergeOptions o = parse_merge_options(argc, argv);
    if (o.help) {
      std::cout << merge_help();
      return kExitOk;
    }
    return run_merge(o, command);
  } catch (const UsageError& e) {
    std::cerr << "gcmatrix " << input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const MergeError& e) {  // a file's bytes may be in it: escaped (issue 16 item 8)
    std::cerr << "gcmatrix merge: " << input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const BaselineError& e) {
    std::cerr << "gcmatrix merge: " << input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const report::OutputError& e) {  // an output path or the --out folder: the user's to fix
    std::cerr << "gcmatrix merge: " << input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "gcmatrix merge: internal error: " << input::escape_for_terminal(e.what()) << "\n";
    return kExitInternal;
  }
}

}  // namespace gcm::cli
