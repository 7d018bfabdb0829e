// options.cpp — Program_options with allow_unregistered(): what is not ours
// (and everything after `--`) goes to Boost.Test's own command line.
#include "cli/options.hpp"

#include <boost/program_options.hpp>

#include <sstream>

#include "input/numbers.hpp"
#include "policy/quote.hpp"

namespace po = boost::program_options;

namespace gcm::cli {

namespace {
po::options_description describe() {
  po::options_description d("gcmatrix options");
  d.add_options()
      ("profile,p", po::value<std::vector<std::string>>(), "profile name (go1.22, go1.22-observed) or YAML file; repeatable")
      ("workload,w", po::value<std::vector<std::string>>(), "workload name (cleanup-capture, …); repeatable")
      ("scenario", po::value<std::vector<std::string>>(), "scenario file, or a folder: its *.yaml and *.yml but hidden ones (scenarios/README.md); run beside the workloads; repeatable")
      ("param", po::value<std::vector<std::string>>(), "K=V for every selected workload declaring K, or WORKLOAD:K=V")
      ("seed", po::value<std::string>(), "base seed (default: the matrix file's, else 1)")
      ("seeds", po::value<std::string>(), "A..B: run each case under every seed A…B (schedules) and report outcome distributions: pass rates, value histograms")
      ("matrix", po::value<std::string>(), "matrix file: profiles × workloads × params × seeds (default matrix/default.yaml)")
      ("policy-dir", po::value<std::string>(), "folder of profiles (default policies/)")
      ("expectations", po::value<std::string>(), "expectations file (default matrix/expectations.yaml)")
      ("update-expectations", "rewrite the expectations file from this run (sorted, stable)")
      ("out", po::value<std::string>(), "folder for results.json, junit.xml, junit-go.xml, table.md, host.md, cascade.md, report.html, traces/")
      ("junit", po::value<std::string>(), "JUnit XML file: the gate (one testcase per check; expected failures pass)")
      ("junit-go", po::value<std::string>(), "JUnit XML of the emulated Go tests as gotestsum reports them (timeouts and panics fail)")
      ("json", po::value<std::string>(), "results.json file (schema gcmatrix.results/1)")
      ("table", po::value<std::string>(), "comparison table file; format from extension: .txt .md .csv .json")
      ("host", po::value<std::string>(), "host figures file (markdown; not deterministic)")
      ("html", po::value<std::string>(), "self-contained HTML report: per workload the live heap with GC ticks, GOMEMLIMIT and test lanes, each test's GC share, cascades, retention; the table")
      ("trace-dir", po::value<std::string>(), "folder for one Chrome trace-event JSON per case (<profile>__<workload>.json)")
      ("retention-top", po::value<int>(), "retainers per case printed after the table (default 3; 0: none; all are in results.json)")
      ("no-retention", "take no retention snapshots (dominator trees at test ends and runtime.GC); events are unchanged")
      ("shard", po::value<std::string>(), "K/N: run only the K-th of N deterministic slices of the cases (of a sweep's seeds under --seeds A..B or seeds: A..B)")
      ("allow-large-run", "run even when the estimated work exceeds the limit (README: Limits and hostile input)")
      ("list-profiles", "list profiles and exit")
      ("list-workloads", "list workloads (built-ins and the scenarios given, each scenario file checked) and exit")
      ("format", po::value<std::string>(), "text|json for --list-profiles/--list-workloads (json: an array for fromJSON)")
      ("check-profile", po::value<std::vector<std::string>>()->multitoken(), "validate profile files and exit")
      ("table-rows", po::value<std::string>(), "differ|all: terminal table rows (default differ: rows whose cells are not all the same)")
      ("quiet,q", "do not print the comparison table")
      ("version", "print the version and exit")
      ("help,h", "this help");
  return d;
}

void empty_value(const char* key) { fail_empty_value("", key); }
std::string value_of(const po::variables_map& vm, const char* key) {
  if (!vm.count(key)) return {};
  std::string v = vm[key].as<std::string>();
  if (v.empty()) empty_value(key);
  return v;
}
std::vector<std::string> values_of(const po::variables_map& vm, const char* key) {
  if (!vm.count(key)) return {};
  std::vector<std::string> v = vm[key].as<std::vector<std::string>>();
  for (const std::string& s : v)
    if (s.empty()) empty_value(key);
  return v;
}
}  // namespace

std::string help_text() {
  std::ostringstream os;
  os << "gcmatrix — run Go test-cleanup/finalizer/GC workloads under Go 1.19–1.25 policy profiles\n"
        "in a deterministic emulated runtime, and report where the versions differ.\n\n"
        "Usage: gcmatrix [options] [-- boost-test-options]\n"
        "       gcmatrix merge RESULTS.json… [--baseline FILE] [--write-baseline FILE] [--markdown FILE]\n"
        "                [--markdown-max-bytes N] [--junit FILE] [--json FILE] [--table FILE] [--out DIR]\n"
        "                [--expect-profiles a,b,c | --expect-profiles-from plan.json] [--annotations] [-q]\n"
        "       (gcmatrix merge --help explains merge's options)\n"
        "       gcmatrix export-go SCENARIO.yaml -o DIR [--go 1.N]   (the scenario as a real Go test module)\n\n"
     << describe()
     << "\nBoost.Test's own options work too, after `--` or mixed in (they use underscores):\n"
        "  --run_test=go1.22/*            only the cases of profile go1.22\n"
        "  --run_test=*/cleanup-capture   one workload under every profile\n"
        "  --list_content                 the suites (profiles) and cases (workloads)\n"
        "  --log_level=test_suite         Boost.Test's progress log;  --color_output=no\n\n"
        "Examples:\n"
        "  gcmatrix --profile go1.22                      every workload under the documented Go 1.22\n"
        "  gcmatrix -p go1.22 -p go1.22-observed -w cleanup-vs-finalizer --seed 7\n"
        "  gcmatrix --workload timeout-cascade --param tests=30 --out out/\n"
        "  gcmatrix --list-profiles --format json         the JSON array a GitHub matrix fromJSON takes\n"
        "  gcmatrix --check-profile my-go.yaml            validate a profile file\n\n"
        "Exit codes: 0 every outcome as expected; 1 an outcome differs from matrix/expectations.yaml\n"
        "(JUnit names the case); 2 usage or configuration error; 3 internal error.\n"
        "Determinism: the same profile, workload, parameters and seed give byte-identical events,\n"
        "tables and results (host figures are reported apart and labelled host).\n";
  return os.str();
}

void fail_empty_value(std::string_view prefix, std::string_view key) {
  throw UsageError(std::string(prefix) + "--" + std::string(key) + ": empty value (give one, or leave the option out)");
}

CliOptions parse_cli(int argc, char** argv) {
  CliOptions o;
  o.boost_args.push_back(argc > 0 ? argv[0] : "gcmatrix");
  std::vector<std::string> ours;
  bool after_dashes = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (!after_dashes && a == "--") {
      after_dashes = true;
      continue;
    }
    (after_dashes ? o.boost_args : ours).push_back(a);
  }
  po::variables_map vm;
  try {
    const po::options_description desc = describe();  // parsed_options keeps a pointer to it
    const po::parsed_options parsed = po::command_line_parser(ours).options(desc).allow_unregistered().run();
    po::store(parsed, vm);
    po::notify(vm);
    for (const std::string& u : po::collect_unrecognized(parsed.options, po::include_positional)) {
      if (u.rfind("--", 0) != 0 || u.find('_') == std::string::npos)
        throw UsageError("unknown option or argument '" + u + "' (see --help; Boost.Test options use underscores)");
      o.boost_args.push_back(u);
    }
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  o.profiles = values_of(vm, "profile");
  o.workloads = values_of(vm, "workload");
  o.scenarios = values_of(vm, "scenario");
  o.params = values_of(vm, "param");
  o.check_profiles = values_of(vm, "check-profile");
  if (vm.count("seed")) {
    // Strict (numbers.hpp): program_options would read "-1" as 2^64-1.
    o.seed = input::parse_unsigned(vm["seed"].as<std::string>());
    if (!o.seed)
      throw UsageError("--seed " + policy::quote(vm["seed"].as<std::string>()) +
                       ": expected a decimal integer 0.." + std::to_string(UINT64_MAX));
  }
  o.matrix_path = value_of(vm, "matrix");
  o.seeds = value_of(vm, "seeds");
  if (!o.seeds.empty() && o.seed) throw UsageError("--seed and --seeds: give one (--seeds A..B sweeps, --seed N runs one)");
  o.policy_dir = value_of(vm, "policy-dir");
  o.expectations_path = value_of(vm, "expectations");
  o.out_dir = value_of(vm, "out");
  o.junit_path = value_of(vm, "junit");
  o.junit_go_path = value_of(vm, "junit-go");
  o.json_path = value_of(vm, "json");
  o.table_path = value_of(vm, "table");
  o.host_path = value_of(vm, "host");
  o.trace_dir = value_of(vm, "trace-dir");
  o.html_path = value_of(vm, "html");
  o.shard = value_of(vm, "shard");
  if (vm.count("retention-top")) o.retention_top = vm["retention-top"].as<int>();
  if (o.retention_top < 0 || o.retention_top > 1000)
    throw UsageError("--retention-top: " + std::to_string(o.retention_top) + " (expected 0…1000)");
  o.retention = vm.count("no-retention") == 0;
  if (const std::string rows = value_of(vm, "table-rows"); !rows.empty()) {
    if (rows != "differ" && rows != "all") throw UsageError("--table-rows: '" + rows + "' (expected differ or all)");
    o.table_rows_all = rows == "all";
  }
  if (vm.count("format")) o.format = vm["format"].as<std::string>();
  if (o.format != "text" && o.format != "json") throw UsageError("--format: '" + o.format + "' (expected text or json)");
  o.list_profiles = vm.count("list-profiles") != 0;
  o.list_workloads = vm.count("list-workloads") != 0;
  o.update_expectations = vm.count("update-expectations") != 0;
  o.help = vm.count("help") != 0;
  o.version = vm.count("version") != 0;
  o.quiet = vm.count("quiet") != 0;
  o.allow_large_run = vm.count("allow-large-run") != 0;
  return o;
}

}  // namespace gcm::cli
