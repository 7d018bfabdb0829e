// merge_legs.cpp — see merge_legs.hpp.
#include "report/merge_legs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "report/json_input.hpp"
#include "report/results_json.hpp"
#include "report/sweep.hpp"

namespace gcm::report {

std::string read_text(const std::string& path, const char* what) {
  try {
    return read_json_input(path, what);
  } catch (const JsonInputError& e) {
    throw MergeError(e.what());
  }
}

namespace {

// The "schema" of a results file, read before the strict reader so that a
// mix of versions is named as such rather than as one file's parse error.
std::string schema_of(const nlohmann::ordered_json& doc, const std::string& path) {
  if (!doc.is_object() || !doc.contains("schema") || !doc["schema"].is_string())
    throw MergeError(path + ": not a results file (no \"schema\" string)");
  return doc["schema"].get<std::string>();
}

std::string case_key_text(const workloads::Observation& obs) {
  return obs.profile + "/" + obs.workload + " (seed " + std::to_string(obs.seed) + ")";
}

enum class LegKind { empty, single_seeds, sweeps };

LegKind kind_of(const RunResult& run) {
  if (run.cases.empty()) return LegKind::empty;
  return run.cases.front().sweep ? LegKind::sweeps : LegKind::single_seeds;  // a file has sweeps for all or none
}

std::string ranges_text(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges) {
  std::string out;
  for (const auto& [first, last] : ranges)
    out += (out.empty() ? "" : ", ") + (first == last ? std::to_string(first) : std::to_string(first) + ".." + std::to_string(last));
  return out;
}

std::string params_text(const workloads::Observation& obs) {
  std::string out;
  for (const auto& [k, v] : obs.params) out += (out.empty() ? "" : ", ") + k + "=" + v;
  return out.empty() ? "none" : out;
}

std::vector<std::string> check_names(const CaseResult& c) {
  std::vector<std::string> names;
  for (const workloads::Check& check : c.obs.checks) names.push_back(check.name);
  return names;
}

// One profile x workload's sweep cases from several legs, added up. `parts`
// come in any order; they are added in seed order.
CaseResult merge_sweep(std::vector<std::pair<const CaseResult*, const std::string*>> parts) {
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
    return a.first->sweep->seed_ranges().front().first < b.first->sweep->seed_ranges().front().first;
  });
  const CaseResult& first = *parts.front().first;
  const std::string label = first.obs.profile + "/" + first.obs.workload;
  Sweep sum = *first.sweep;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const CaseResult& c = *parts[i].first;
    if (c.obs.params != first.obs.params)
      throw MergeError("legs ran " + label + " with different parameters: " + *parts.front().second + " with " + params_text(first.obs) +
                       ", " + *parts[i].second + " with " + params_text(c.obs) + " (merge the seed shards of one plan)");
    if (check_names(c) != check_names(first))
      throw MergeError("legs ran " + label + " with different checks: " + *parts.front().second + " and " + *parts[i].second +
                       " (merge legs of one gcmatrix build)");
    // The sum is judged by the first leg's expectations: legs judged by others
    // (another expectations file) would add tallies no one expectation explains.
    for (std::size_t k = 0; k < c.outcomes.size() && k < first.outcomes.size(); ++k) {
      const CheckOutcome& a = first.outcomes[k];
      const CheckOutcome& b = c.outcomes[k];
      const auto judged = [](const CheckOutcome& o) { return o.gated ? "expected " + std::string(to_string(o.expected)) : std::string("not gated"); };
      if (a.expected != b.expected || a.gated != b.gated)
        throw MergeError("legs judged " + label + " " + a.check + " differently: " + *parts.front().second + " " + judged(a) + ", " +
                         *parts[i].second + " " + judged(b) + " (merge legs run with one expectations file)");
    }
    try {
      sum.merge(*c.sweep);
    } catch (const std::invalid_argument&) {
      for (std::size_t j = 0; j < i; ++j)
        for (const auto& [a, b] : parts[j].first->sweep->seed_ranges())
          for (const auto& [x, y] : c.sweep->seed_ranges())
            if (x <= b && a <= y)
              throw MergeError("duplicate legs: " + *parts[j].second + " and " + *parts[i].second + " both hold seed " +
                               std::to_string(std::max(a, x)) + " of " + label + " (each seed shard must be merged once)");
      throw;
    }
  }
  CaseResult merged = first;
  merged.sweep = std::make_shared<const Sweep>(std::move(sum));
  apply_sweep_verdict(merged);  // as boost_suite.cpp run_sweep judges one run
  return merged;
}

void merge_host(HostProcess& into, const HostProcess& leg, std::set<std::string>& hostnames) {
  if (!leg.hostname.empty()) hostnames.insert(leg.hostname);
  if (!leg.started_at.empty() && (into.started_at.empty() || leg.started_at < into.started_at)) into.started_at = leg.started_at;
  into.wall_ns += leg.wall_ns;
  into.cpu_ns += leg.cpu_ns;
  into.peak_rss_bytes = std::max(into.peak_rss_bytes, leg.peak_rss_bytes);
}

}  // namespace

std::vector<Leg> read_legs(const std::vector<std::string>& paths) {
  // One file at a time, its JSON dropped once read: memory holds the runs,
  // never every leg's document at once.
  std::vector<Leg> legs;
  std::string first_schema;
  for (const std::string& path : paths) {
    nlohmann::ordered_json doc;
    try {
      doc = parse_json_input(read_text(path, "results file"), path, "not a results file (not JSON)");
    } catch (const JsonInputError& e) {
      throw MergeError(e.what());
    }
    const std::string schema = schema_of(doc, path);
    if (first_schema.empty()) first_schema = schema;
    if (schema != first_schema)
      throw MergeError("mixed schema versions: " + paths.front() + " is " + first_schema + ", " + path + " is " + schema +
                       " (merge legs of one gcmatrix build)");
    try {
      legs.push_back(Leg{path, results_from_json(doc, path)});
    } catch (const ResultsError& e) {
      throw MergeError(e.what());
    }
  }
  const Leg* first_single = nullptr;  // the first leg of one-seed cases, whose base seed the others share
  const Leg* first_sweep = nullptr;
  for (const Leg& leg : legs) {
    const Leg& first = legs.front();
    if (leg.run.gcmatrix_version != first.run.gcmatrix_version)
      throw MergeError("mixed gcmatrix versions: " + first.path + " is " + first.run.gcmatrix_version + ", " + leg.path + " is " +
                       leg.run.gcmatrix_version + " (merge legs of one gcmatrix build)");
    const LegKind kind = kind_of(leg.run);
    if (kind == LegKind::sweeps && first_sweep == nullptr) first_sweep = &leg;
    if (kind == LegKind::single_seeds && first_single == nullptr) first_single = &leg;
    if (first_sweep != nullptr && first_single != nullptr)
      throw MergeError("mixed legs: " + first_sweep->path + " ran a sweep (--seeds), " + first_single->path +
                       " single seeds (merge the legs of one plan)");
    // A seed shard's base seed is the first of its range; one-seed legs of a
    // plan share theirs.
    if (kind == LegKind::single_seeds && leg.run.seed != first_single->run.seed)
      throw MergeError("mixed base seeds: " + first_single->path + " has seed " + std::to_string(first_single->run.seed) + ", " +
                       leg.path + " has " + std::to_string(leg.run.seed));
  }
  return legs;
}

RunResult merge_legs(const std::vector<Leg>& legs, const CaseOrder& order) {
  if (legs.empty()) throw MergeError("no legs to merge");
  RunResult merged;
  merged.gcmatrix_version = legs.front().run.gcmatrix_version;
  // One-seed legs share a base seed (read_legs); seed shards of a sweep
  // each start where their range does, and a single run at the lowest.
  std::optional<std::uint64_t> seed;
  for (const Leg& leg : legs) {
    const LegKind kind = kind_of(leg.run);
    if (kind == LegKind::sweeps) seed = std::min(seed.value_or(UINT64_MAX), leg.run.seed);
    if (kind == LegKind::single_seeds && !seed) seed = leg.run.seed;
  }
  merged.seed = seed.value_or(legs.front().run.seed);
  // The seeds the legs were asked for: from the lowest first to the highest
  // last of their --seeds ranges (shards of one range all name it whole;
  // legs given ranges of their own, 1..7 and 8..40, span 1..40).
  for (const Leg& leg : legs) {
    if (!leg.run.sweep_seed_range) continue;
    const auto [first, last] = *leg.run.sweep_seed_range;
    merged.sweep_seed_range = merged.sweep_seed_range
                                  ? std::pair{std::min(first, merged.sweep_seed_range->first), std::max(last, merged.sweep_seed_range->second)}
                                  : std::pair{first, last};
  }
  std::map<std::string, std::string> holder;  // case key -> leg path
  std::map<std::string, std::string> described_by;  // profile -> leg path
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<const CaseResult*, const std::string*>>> sweep_parts;
  std::vector<std::vector<std::string>> workload_lists;
  std::set<std::string> hostnames;
  std::size_t duplicates = 0;
  std::string first_duplicate;
  for (const Leg& leg : legs) {
    for (const ProfileInfo& p : leg.run.profiles) {
      const ProfileInfo* known = merged.find_profile(p.name);
      if (known == nullptr) {
        merged.profiles.push_back(p);
        described_by[p.name] = leg.path;
      } else if (!(*known == p)) {
        const auto [a, b] = std::minmax(described_by[p.name], leg.path);  // named the same in any order
        throw MergeError("profile '" + p.name + "' differs between " + a + " and " + b +
                         " (family, go or description; merge legs of one gcmatrix build)");
      }
    }
    workload_lists.push_back(leg.run.workloads);
    for (const CaseResult& c : leg.run.cases) {
      if (c.sweep) {
        sweep_parts[{c.obs.profile, c.obs.workload}].emplace_back(&c, &leg.path);
        continue;
      }
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
  for (auto& [key, parts] : sweep_parts) merged.cases.push_back(merge_sweep(std::move(parts)));
  for (const std::string& h : hostnames) merged.host.hostname += (merged.host.hostname.empty() ? "" : ",") + h;
  merged.workloads = merged_workload_order(workload_lists, order.registry_workloads);
  sort_canonically(merged, order);
  merged.digest_of_all_events = digest_of_cases(merged.cases);
  return merged;
}

std::vector<std::string> find_missing(const RunResult& merged, const std::vector<std::string>& expected_profiles) {
  std::vector<std::string> lines;
  std::set<std::string> with_case;
  std::set<std::pair<std::string, std::string>> with_pair;
  for (const CaseResult& c : merged.cases) {
    with_case.insert(c.obs.profile);
    with_pair.emplace(c.obs.profile, c.obs.workload);
  }
  for (const std::string& p : expected_profiles)
    if (!with_case.count(p)) lines.push_back("missing leg: profile '" + p + "' has no results (no leg ran it, or its leg failed before writing results.json)");
  for (const ProfileInfo& p : merged.profiles) {
    if (!with_case.count(p.name)) {
      if (std::find(expected_profiles.begin(), expected_profiles.end(), p.name) == expected_profiles.end())
        lines.push_back("missing leg: profile '" + p.name + "' is declared by a leg but has no results");
      continue;
    }
    for (const std::string& w : merged.workloads)
      if (!with_pair.count({p.name, w})) lines.push_back("missing case: " + p.name + "/" + w + " is declared by a leg but no leg ran it");
  }
  // Sweeps: every case should cover the seeds from the lowest to the highest
  // any leg ran. One line per distinct coverage, so a failed seed shard of a
  // large matrix is one line, not one per case.
  // The range the legs were asked for, when they say (a failed first or
  // last shard leaves no gap among the seeds the others hold); else the
  // lowest to the highest seed any leg ran.
  std::uint64_t lo = UINT64_MAX, hi = 0;
  for (const CaseResult& c : merged.cases)
    if (c.sweep) lo = std::min(lo, c.sweep->seed_ranges().front().first), hi = std::max(hi, c.sweep->seed_ranges().back().second);
  if (merged.sweep_seed_range)
    lo = std::min(lo, merged.sweep_seed_range->first), hi = std::max(hi, merged.sweep_seed_range->second);
  std::map<std::string, std::pair<std::size_t, std::string>> short_of;  // ranges held -> (cases, first case)
  for (const CaseResult& c : merged.cases) {
    if (!c.sweep || (c.sweep->seed_ranges().size() == 1 && c.sweep->seed_ranges().front() == std::make_pair(lo, hi))) continue;
    auto& [n, example] = short_of[ranges_text(c.sweep->seed_ranges())];
    if (n++ == 0) example = c.obs.profile + "/" + c.obs.workload;
  }
  for (const auto& [held, cases] : short_of)
    lines.push_back("missing seeds: " + std::to_string(cases.first) + " case(s) such as " + cases.second + " hold seeds " + held + " of " +
                    std::to_string(lo) + ".." + std::to_string(hi) +
                    " (a leg that took the other seeds failed, or was not merged)");
  return lines;
}

}  // namespace gcm::report
