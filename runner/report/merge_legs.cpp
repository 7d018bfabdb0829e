// merge_legs.cpp — see merge_legs.hpp.
#include "report/merge_legs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "report/results_json.hpp"

namespace gcm::report {

std::string read_text(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw MergeError(path + ": cannot read the " + what);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw MergeError(path + ": cannot read the " + what);
  return text.str();
}

namespace {

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
auto profile_rank(const ProfileInfo& p) {
  const int family = p.family == kFamilyDocumented ? 0 : p.family == kFamilyObserved ? 1 : 2;
  return std::make_tuple(family, p.family, go_minor_of(p.go).value_or(-1), p.name);
}

// `order` first (the registry's), then the others in first-seen order.
std::size_t workload_rank(const std::string& name, const std::vector<std::string>& order,
                          const std::vector<std::string>& first_seen) {
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order[i] == name) return i;
  const auto it = std::find(first_seen.begin(), first_seen.end(), name);
  return order.size() + static_cast<std::size_t>(it - first_seen.begin());
}

void sort_profiles_and_workloads(RunResult& merged, const std::vector<std::string>& workload_order) {
  std::stable_sort(merged.profiles.begin(), merged.profiles.end(),
                   [](const auto& a, const auto& b) { return profile_rank(a) < profile_rank(b); });
  const std::vector<std::string> first_seen = merged.workloads;
  std::stable_sort(merged.workloads.begin(), merged.workloads.end(), [&](const std::string& a, const std::string& b) {
    return workload_rank(a, workload_order, first_seen) < workload_rank(b, workload_order, first_seen);
  });
}

// Cases profile-major, then workload, then seed in first-seen order: the
// order in which one gcmatrix run of the whole matrix registers them.
void sort_cases(RunResult& merged) {
  std::map<std::string, std::size_t> profile_index, workload_index;
  for (std::size_t i = 0; i < merged.profiles.size(); ++i) profile_index[merged.profiles[i].name] = i;
  for (std::size_t i = 0; i < merged.workloads.size(); ++i) workload_index[merged.workloads[i]] = i;
  std::vector<std::uint64_t> seeds;
  for (const CaseResult& c : merged.cases)
    if (std::find(seeds.begin(), seeds.end(), c.obs.seed) == seeds.end()) seeds.push_back(c.obs.seed);
  const auto rank = [&](const CaseResult& c) {
    const auto p = profile_index.find(c.obs.profile);
    const auto w = workload_index.find(c.obs.workload);
    return std::make_tuple(p == profile_index.end() ? profile_index.size() : p->second,
                           w == workload_index.end() ? workload_index.size() : w->second,
                           static_cast<std::size_t>(std::find(seeds.begin(), seeds.end(), c.obs.seed) - seeds.begin()));
  };
  std::stable_sort(merged.cases.begin(), merged.cases.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
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
      legs.push_back(Leg{path, parse_results_json(text, path)});
    } catch (const ResultsError& e) {
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

RunResult merge_legs(const std::vector<Leg>& legs, const std::vector<std::string>& workload_order) {
  if (legs.empty()) throw MergeError("no legs to merge");
  RunResult merged;
  merged.gcmatrix_version = legs.front().run.gcmatrix_version;
  merged.seed = legs.front().run.seed;
  std::map<std::string, std::string> holder;  // case key -> leg path
  std::map<std::string, std::string> described_by;  // profile -> leg path
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
        throw MergeError("profile '" + p.name + "' differs between " + described_by[p.name] + " and " + leg.path +
                         " (family, go or description; merge legs of one gcmatrix build)");
      }
    }
    for (const std::string& w : leg.run.workloads)
      if (std::find(merged.workloads.begin(), merged.workloads.end(), w) == merged.workloads.end()) merged.workloads.push_back(w);
    for (const CaseResult& c : leg.run.cases) {
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
  sort_profiles_and_workloads(merged, workload_order);
  sort_cases(merged);
  merged.digest_of_all_events = digest_of_cases(merged.cases);
  return merged;
}

std::vector<std::string> find_missing(const RunResult& merged, const std::vector<std::string>& expected_profiles) {
  std::vector<std::string> lines;
  const auto has_case = [&](const std::string& profile, const std::string* workload) {
    return std::any_of(merged.cases.begin(), merged.cases.end(), [&](const CaseResult& c) {
      return c.obs.profile == profile && (workload == nullptr || c.obs.workload == *workload);
    });
  };
  for (const std::string& p : expected_profiles)
    if (!has_case(p, nullptr)) lines.push_back("missing leg: profile '" + p + "' has no results (no leg ran it, or its leg failed before writing results.json)");
  for (const ProfileInfo& p : merged.profiles) {
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

}  // namespace gcm::report
