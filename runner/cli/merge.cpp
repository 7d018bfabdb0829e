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
#include <tuple>

#include "cli/annotations.hpp"
#include "cli/baseline.hpp"
#include "cli/options.hpp"
#include "report/atomic_write.hpp"
#include "report/comparison_table.hpp"
#include "report/junit_writer.hpp"
#include "report/results_json.hpp"
#include "report/table_format.hpp"
#include "report/table_markdown.hpp"
#include "report/table_text.hpp"
#include "runtime/events.hpp"
#include "workloads/workload.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace gcm::cli {

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
      ("markdown-max-bytes", po::value<std::size_t>(), "cap of --markdown (default 1048576, GitHub's step-summary limit)")
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
  const auto text = [&](const char* key) { return vm.count(key) ? vm[key].as<std::string>() : std::string(); };
  if (vm.count("results")) o.inputs = vm["results"].as<std::vector<std::string>>();
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
      for (std::string name; std::getline(ss, name, ',');)
        if (!name.empty()) o.expect_profiles.push_back(name);
    }
  if (vm.count("markdown-max-bytes")) o.markdown_bytes_max = vm["markdown-max-bytes"].as<std::size_t>();
  o.annotations = vm.count("annotations") != 0;
  o.quiet = vm.count("quiet") != 0;
  o.help = vm.count("help") != 0;
  if (!o.help && o.inputs.empty()) throw UsageError("merge: no results file given (usage: gcmatrix merge RESULTS.json… ; see merge --help)");
  if (o.markdown_bytes_max < 1024) throw UsageError("merge: --markdown-max-bytes must be at least 1024");
  return o;
}

std::string read_text(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MergeError(path + ": cannot read the " + what);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw MergeError(path + ": cannot read the " + what);
  return text.str();
}

// The "schema" of a results file, read before the strict reader so that a
// mix of versions is named as such rather than as one file's parse error.
std::string schema_of(const std::string& text, const std::string& path) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw MergeError(path + ": not a results file (not JSON: " + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("schema") || !doc["schema"].is_string())
    throw MergeError(path + ": not a results file (no \"schema\" string)");
  return doc["schema"].get<std::string>();
}

std::string case_key_text(const workloads::Observation& obs) {
  return obs.profile + "/" + obs.workload + " (seed " + std::to_string(obs.seed) + ")";
}

// ---- canonical order -------------------------------------------------------

// Catalog order (policy::catalog_order_less): documented, then observed, then
// any other family; then the Go minor version (unparsable first); then name.
auto profile_rank(const report::ProfileInfo& p) {
  const int family = p.family == report::kFamilyDocumented ? 0 : p.family == report::kFamilyObserved ? 1 : 2;
  return std::make_tuple(family, p.family, report::go_minor_of(p.go).value_or(-1), p.name);
}

std::size_t workload_rank(const std::string& name, const std::vector<std::string>& first_seen) {
  const std::vector<workloads::Workload>& registry = workloads::registry();
  for (std::size_t i = 0; i < registry.size(); ++i)
    if (registry[i].name == name) return i;
  const auto it = std::find(first_seen.begin(), first_seen.end(), name);
  return registry.size() + static_cast<std::size_t>(it - first_seen.begin());
}

void sort_profiles_and_workloads(report::RunResult& merged) {
  std::stable_sort(merged.profiles.begin(), merged.profiles.end(),
                   [](const auto& a, const auto& b) { return profile_rank(a) < profile_rank(b); });
  const std::vector<std::string> first_seen = merged.workloads;
  std::stable_sort(merged.workloads.begin(), merged.workloads.end(), [&](const std::string& a, const std::string& b) {
    return workload_rank(a, first_seen) < workload_rank(b, first_seen);
  });
}

// Cases profile-major, then workload, then seed in first-seen order: the
// order in which one gcmatrix run of the whole matrix registers them.
void sort_cases(report::RunResult& merged) {
  std::map<std::string, std::size_t> profile_index, workload_index;
  for (std::size_t i = 0; i < merged.profiles.size(); ++i) profile_index[merged.profiles[i].name] = i;
  for (std::size_t i = 0; i < merged.workloads.size(); ++i) workload_index[merged.workloads[i]] = i;
  std::vector<std::uint64_t> seeds;
  for (const report::CaseResult& c : merged.cases)
    if (std::find(seeds.begin(), seeds.end(), c.obs.seed) == seeds.end()) seeds.push_back(c.obs.seed);
  const auto rank = [&](const report::CaseResult& c) {
    const auto p = profile_index.find(c.obs.profile);
    const auto w = workload_index.find(c.obs.workload);
    return std::make_tuple(p == profile_index.end() ? profile_index.size() : p->second,
                           w == workload_index.end() ? workload_index.size() : w->second,
                           static_cast<std::size_t>(std::find(seeds.begin(), seeds.end(), c.obs.seed) - seeds.begin()));
  };
  std::stable_sort(merged.cases.begin(), merged.cases.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

void merge_host(report::HostProcess& into, const report::HostProcess& leg, std::set<std::string>& hostnames) {
  if (!leg.hostname.empty()) hostnames.insert(leg.hostname);
  if (!leg.started_at.empty() && (into.started_at.empty() || leg.started_at < into.started_at)) into.started_at = leg.started_at;
  into.wall_ns += leg.wall_ns;
  into.cpu_ns += leg.cpu_ns;
  into.peak_rss_bytes = std::max(into.peak_rss_bytes, leg.peak_rss_bytes);
}

}  // namespace

// ---- reading and merging ---------------------------------------------------

std::vector<Leg> read_legs(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> texts;  // path, text
  for (const std::string& path : paths) texts.emplace_back(path, read_text(path, "results file"));
  std::string first_schema;
  for (const auto& [path, text] : texts) {
    const std::string schema = schema_of(text, path);
    if (first_schema.empty()) first_schema = schema;
    if (schema != first_schema)
      throw MergeError("mixed schema versions: " + texts.front().first + " is " + first_schema + ", " + path + " is " + schema +
                       " (merge legs of one gcmatrix build)");
  }
  std::vector<Leg> legs;
  for (const auto& [path, text] : texts) {
    try {
      legs.push_back(Leg{path, report::parse_results_json(text, path)});
    } catch (const report::ResultsError& e) {
      throw MergeError(e.what());
    }
    const Leg& leg = legs.back();
    const Leg& first = legs.front();
    if (leg.run.gcmatrix_version != first.run.gcmatrix_version)
      throw MergeError("mixed gcmatrix versions: " + first.path + " is " + first.run.gcmatrix_version + ", " + path + " is " +
                       leg.run.gcmatrix_version + " (merge legs of one gcmatrix build)");
    if (leg.run.seed != first.run.seed)
      throw MergeError("mixed base seeds: " + first.path + " has seed " + std::to_string(first.run.seed) + ", " + path + " has " +
                       std::to_string(leg.run.seed));
  }
  return legs;
}

report::RunResult merge_legs(const std::vector<Leg>& legs) {
  if (legs.empty()) throw MergeError("no legs to merge");
  report::RunResult merged;
  merged.gcmatrix_version = legs.front().run.gcmatrix_version;
  merged.seed = legs.front().run.seed;
  std::map<std::string, std::string> holder;  // case key -> leg path
  std::map<std::string, std::string> described_by;  // profile -> leg path
  std::set<std::string> hostnames;
  std::size_t duplicates = 0;
  std::string first_duplicate;
  for (const Leg& leg : legs) {
    for (const report::ProfileInfo& p : leg.run.profiles) {
      const report::ProfileInfo* known = merged.find_profile(p.name);
      if (known == nullptr) {
        merged.profiles.push_back(p);
        described_by[p.name] = leg.path;
      } else if (!(*known == p)) {
        throw MergeError("profile '" + p.name + "' differs between " + described_by[p.name] + " and " + leg.path +
                         " (family, go or description; merge legs of one gcmatrix build)");
      }
    }
    for (const std::string& w : leg.run.workloads)
      if (std::find(merged.workloads.begin(), merged.workloads.end(), w) == merged.workloads.end()) merged.workloads.push_back(w);
    for (const report::CaseResult& c : leg.run.cases) {
      const std::string key = case_key_text(c.obs);
      const auto [it, inserted] = holder.emplace(key, leg.path);
      if (!inserted) {
        if (duplicates++ == 0) first_duplicate = "duplicate legs: " + it->second + " and " + leg.path + " both hold " + key;
        continue;
      }
      merged.cases.push_back(c);
    }
    merge_host(merged.host, leg.run.host, hostnames);
  }
  if (duplicates != 0)
    throw MergeError(first_duplicate + (duplicates > 1 ? " and " + std::to_string(duplicates - 1) + " more case(s)" : "") +
                     " (each profile or shard must be merged once)");
  for (const std::string& h : hostnames) merged.host.hostname += (merged.host.hostname.empty() ? "" : ",") + h;
  sort_profiles_and_workloads(merged);
  sort_cases(merged);
  merged.digest_of_all_events = report::digest_of_cases(merged.cases);
  return merged;
}

std::vector<std::string> find_missing(const report::RunResult& merged, const std::vector<std::string>& expected_profiles) {
  std::vector<std::string> lines;
  const auto has_case = [&](const std::string& profile, const std::string* workload) {
    return std::any_of(merged.cases.begin(), merged.cases.end(), [&](const report::CaseResult& c) {
      return c.obs.profile == profile && (workload == nullptr || c.obs.workload == *workload);
    });
  };
  for (const std::string& p : expected_profiles)
    if (!has_case(p, nullptr)) lines.push_back("missing leg: profile '" + p + "' has no results (no leg ran it, or its leg failed before writing results.json)");
  for (const report::ProfileInfo& p : merged.profiles) {
    if (!has_case(p.name, nullptr)) {
      if (std::find(expected_profiles.begin(), expected_profiles.end(), p.name) == expected_profiles.end())
        lines.push_back("missing leg: profile '" + p.name + "' is declared by a leg but has no results");
      continue;
    }
    for (const std::string& w : merged.workloads)
      if (!has_case(p.name, &w)) lines.push_back("missing case: " + p.name + "/" + w + " is declared by a leg but no leg ran it");
  }
  return lines;
}

namespace {

std::vector<std::string> expected_profiles_of(const MergeOptions& o) {
  std::vector<std::string> names = o.expect_profiles;
  if (o.expect_profiles_from.empty()) return names;
  const std::string text = read_text(o.expect_profiles_from, "profile list");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw MergeError(o.expect_profiles_from + ": not JSON (expected the array of `gcmatrix --list-profiles --format json`): " + e.what());
  }
  if (!doc.is_array()) throw MergeError(o.expect_profiles_from + ": expected a JSON array of profile names");
  for (const auto& v : doc) {
    if (!v.is_string()) throw MergeError(o.expect_profiles_from + ": expected a JSON array of profile names (found " + v.dump() + ")");
    names.push_back(v.get<std::string>());
  }
  return names;
}

struct Unexpected {
  const report::CaseResult* c;
  std::size_t check;  // index into outcomes / obs.checks
};

std::vector<Unexpected> unexpected_outcomes(const report::RunResult& run) {
  std::vector<Unexpected> out;
  for (const report::CaseResult& c : run.cases)
    for (std::size_t i = 0; i < c.outcomes.size(); ++i)
      if (!c.outcomes[i].as_expected) out.push_back({&c, i});
  return out;
}

std::string case_label(const report::RunResult& run, const std::string& profile, const std::string& workload, std::uint64_t seed) {
  return profile + "/" + workload + (seed != run.seed ? " (seed " + std::to_string(seed) + ")" : "");
}

std::string outcome_text(const report::CheckOutcome& o) {
  return std::string(report::to_string(o.deviation())) + ": " + (o.passed ? "passed" : "failed") + ", expected " + report::to_string(o.expected);
}

std::string difference_line(const report::RunResult& run, const Difference& d) {
  std::string s = (d.beyond ? "REGRESSION " : "within tolerance ") + case_label(run, d.profile, d.workload, d.seed) + " " + d.figure + ": " +
                  d.old_text + " -> " + d.new_text + (d.unit.empty() ? "" : " " + d.unit);
  if (!d.change_text.empty()) s += ", " + d.change_text;
  return s + " (tolerance " + d.tolerance_text + ")";
}

// ---- Markdown summary --------------------------------------------------------

struct Verdict {
  const report::RunResult& run;
  std::size_t legs = 0;
  std::vector<std::string> missing;
  std::vector<Unexpected> unexpected;
  std::optional<Comparison> comparison;
  std::string baseline_path;

  bool failed() const { return !missing.empty() || !unexpected.empty() || (comparison && comparison->beyond_count() != 0); }
};

std::string md(std::string_view s) { return report::markdown_escape(s); }

std::string markdown_head(const Verdict& v) {
  std::ostringstream os;
  os << "## gcmatrix merge: " << (v.failed() ? "FAILED" : "passed") << "\n\n"
     << v.legs << " leg(s) merged: " << v.run.profiles.size() << " profile(s), " << v.run.cases.size() << " case(s), events digest `"
     << rt::hex64(v.run.digest_of_all_events) << "`; " << v.unexpected.size() << " unexpected outcome(s); " << v.missing.size()
     << " missing";
  if (v.comparison)
    os << "; baseline `" << md(v.baseline_path) << "`: " << v.comparison->beyond_count() << " regression(s) beyond tolerance, "
       << v.comparison->differences.size() - v.comparison->beyond_count() << " change(s) within tolerance, "
       << v.comparison->figures_compared << " figure(s) compared";
  os << ".\n\n";
  if (!v.missing.empty()) {
    os << "### Missing legs\n\n";
    for (const std::string& m : v.missing) os << "- " << md(m) << "\n";
    os << "\n";
  }
  return os.str();
}

std::string markdown_regressions(const Verdict& v) {
  if (!v.comparison) return "";
  std::ostringstream os;
  os << "### Against the baseline\n\n";
  if (v.comparison->differences.empty()) {
    os << "No figure moved (" << v.comparison->figures_compared << " compared).\n\n";
  } else {
    os << "| case | figure | old | new | change | tolerance | verdict |\n| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const Difference& d : v.comparison->differences)
      os << "| " << md(case_label(v.run, d.profile, d.workload, d.seed)) << " | " << md(d.figure) << (d.unit.empty() ? "" : " (" + md(d.unit) + ")")
         << " | " << md(d.old_text) << " | " << md(d.new_text) << " | " << md(d.change_text) << " | " << md(d.tolerance_text) << " | "
         << (d.beyond ? "**regression**" : "within tolerance") << " |\n";
    os << "\n";
  }
  for (const std::string& n : v.comparison->notes) os << "Note: " << md(n) << ".\n\n";
  return os.str();
}

std::string markdown_unexpected(const Verdict& v) {
  if (v.unexpected.empty()) return "";
  std::ostringstream os;
  os << "### Unexpected outcomes\n\n| case | check | outcome | message |\n| --- | --- | --- | --- |\n";
  for (const Unexpected& u : v.unexpected) {
    const workloads::Observation& obs = u.c->obs;
    os << "| " << md(case_label(v.run, obs.profile, obs.workload, obs.seed)) << " | " << md(u.c->outcomes[u.check].check) << " | "
       << md(outcome_text(u.c->outcomes[u.check])) << " | " << md(u.check < obs.checks.size() ? obs.checks[u.check].message : "") << " |\n";
  }
  os << "\n";
  return os.str();
}

// Whole lines up to `bytes_max`, then a note; GitHub refuses a larger summary.
std::string cap_markdown(const std::string& text, std::size_t bytes_max) {
  if (text.size() <= bytes_max) return text;
  const std::string note =
      "\n\n> **Truncated**: GitHub caps a step summary at 1 MiB; the complete table is in the merged results "
      "(results.json, table.md) of this run.\n";
  std::size_t keep = bytes_max - note.size();
  const std::size_t newline = text.rfind('\n', keep == 0 ? 0 : keep - 1);
  keep = newline == std::string::npos ? 0 : newline;
  return text.substr(0, keep) + note;
}

std::string render_markdown(const Verdict& v, const report::Table& table, std::size_t bytes_max) {
  return cap_markdown(markdown_head(v) + markdown_regressions(v) + markdown_unexpected(v) + report::render_table_markdown(table), bytes_max);
}

// ---- annotations -------------------------------------------------------------

std::vector<Annotation> annotations_of(const Verdict& v) {
  std::vector<Annotation> out;
  for (const std::string& m : v.missing) out.push_back({Severity::missing_leg, "", 0, "gcmatrix: missing leg", m});
  for (const Unexpected& u : v.unexpected) {
    const workloads::Observation& obs = u.c->obs;
    const report::CheckOutcome& o = u.c->outcomes[u.check];
    const Severity s = o.deviation() == report::Deviation::unexpected_fail   ? Severity::unexpected_fail
                       : o.deviation() == report::Deviation::unexpected_pass ? Severity::unexpected_pass
                                                                             : Severity::no_expectation;
    // A scenario check points at its own line in the scenario file.
    const int line = u.check < obs.checks.size() && obs.checks[u.check].source_line != 0 ? obs.checks[u.check].source_line : obs.source_line;
    out.push_back({s, obs.source_file, line,
                   "gcmatrix: " + case_label(v.run, obs.profile, obs.workload, obs.seed) + ": " + o.check,
                   outcome_text(o) + (u.check < obs.checks.size() ? " — " + obs.checks[u.check].message : "")});
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

void write_outputs(const MergeOptions& o, const Verdict& v, const report::Table& table) try {
  std::string json = o.json, junit = o.junit, table_path = o.table;
  if (!o.out_dir.empty()) {
    fs::create_directories(o.out_dir);
    if (json.empty()) json = (fs::path(o.out_dir) / "results.json").string();
    if (junit.empty()) junit = (fs::path(o.out_dir) / "junit.xml").string();
    if (table_path.empty()) table_path = (fs::path(o.out_dir) / "table.md").string();
  }
  for (const std::string* p : std::initializer_list<const std::string*>{&json, &junit, &table_path, &o.markdown})
    if (!p->empty() && fs::path(*p).has_parent_path()) fs::create_directories(fs::path(*p).parent_path());
  if (!json.empty()) report::write_results_json(json, v.run);
  if (!junit.empty()) report::write_junit(junit, v.run, report::JunitOptions{v.run.host.started_at, v.run.host.hostname});
  if (!table_path.empty()) report::write_table(table_path, table);
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
    for (const Difference& d : v.comparison->differences) std::cout << difference_line(v.run, d) << "\n";
    for (const std::string& n : v.comparison->notes) std::cout << "note: " << n << "\n";
  }
  for (const Unexpected& u : v.unexpected)
    std::cout << "unexpected: " << case_label(v.run, u.c->obs.profile, u.c->obs.workload, u.c->obs.seed) << " " << u.c->outcomes[u.check].check
              << ": " << outcome_text(u.c->outcomes[u.check]) << "\n";
  for (const std::string& m : v.missing) std::cerr << "gcmatrix merge: " << m << "\n";
  std::cout << "gcmatrix merge: " << v.legs << " leg(s), " << v.run.profiles.size() << " profile(s), " << v.run.cases.size()
            << " case(s), events digest " << rt::hex64(v.run.digest_of_all_events) << ", " << v.unexpected.size()
            << " unexpected outcome(s), " << v.missing.size() << " missing";
  if (v.comparison)
    std::cout << ", " << v.comparison->beyond_count() << " regression(s) beyond tolerance against " << v.baseline_path << " ("
              << v.comparison->differences.size() - v.comparison->beyond_count() << " within, " << v.comparison->figures_compared
              << " figures compared)";
  std::cout << "\n";
}

int run_merge(const MergeOptions& o) {
  if (!o.table.empty()) {  // refuse a bad extension before writing anything
    try {
      report::format_from_extension(o.table);
    } catch (const std::invalid_argument& e) {
      throw MergeError(e.what());
    }
  }
  const std::vector<std::string> expected = expected_profiles_of(o);
  const std::vector<Leg> legs = read_legs(o.inputs);
  const report::RunResult merged = merge_legs(legs);
  Verdict v{merged, legs.size(), find_missing(merged, expected), unexpected_outcomes(merged), std::nullopt, o.baseline};
  if (!o.baseline.empty()) v.comparison = compare_to_baseline(read_baseline(o.baseline), merged);
  const report::Table table = report::build_comparison_table(merged);
  write_outputs(o, v, table);
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
    std::cout << "baseline written to " << o.write_baseline << " (" << merged.cases.size() << " case(s))\n";
    return kExitOk;
  }
  return v.failed() ? kExitUnexpected : kExitOk;
}

}  // namespace

int merge_main(int argc, char** argv) {
  try {
    const MergeOptions o = parse_merge_options(argc, argv);
    if (o.help) {
      std::cout << merge_help();
      return kExitOk;
    }
    return run_merge(o);
  } catch (const UsageError& e) {
    std::cerr << "gcmatrix " << e.what() << "\n";
    return kExitUsage;
  } catch (const MergeError& e) {
    std::cerr << "gcmatrix merge: " << e.what() << "\n";
    return kExitUsage;
  } catch (const BaselineError& e) {
    std::cerr << "gcmatrix merge: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "gcmatrix merge: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace gcm::cli
