// case_order.cpp — see case_order.hpp.
#include "report/case_order.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

namespace gcm::report {

std::vector<std::string> merged_workload_order(const std::vector<std::vector<std::string>>& lists,
                                               const std::vector<std::string>& registry_workloads) {
  // Kahn's algorithm over the set of "a directly before b" pairs: a set, so
  // the lists' order cannot matter; the next workload is always the least
  // (registry rank, name) among those nothing still precedes.
  std::set<std::string> names;
  std::set<std::pair<std::string, std::string>> before;
  for (const std::vector<std::string>& list : lists)
    for (std::size_t i = 0; i < list.size(); ++i) {
      names.insert(list[i]);
      if (i > 0 && list[i - 1] != list[i]) before.emplace(list[i - 1], list[i]);
    }
  const auto rank = [&](const std::string& name) {
    const auto it = std::find(registry_workloads.begin(), registry_workloads.end(), name);
    return std::make_pair(static_cast<std::size_t>(it - registry_workloads.begin()), name);
  };
  std::map<std::string, std::size_t> waiting_on;  // name -> predecessors not yet placed
  for (const std::string& n : names) waiting_on[n] = 0;
  for (const auto& [a, b] : before) ++waiting_on[b];
  std::vector<std::string> out;
  std::set<std::pair<std::pair<std::size_t, std::string>, std::string>> ready, rest;
  for (const std::string& n : names) (waiting_on[n] == 0 ? ready : rest).insert({rank(n), n});
  while (!ready.empty() || !rest.empty()) {
    // Legs that disagree (a cycle): the least remaining workload goes next.
    auto& from = ready.empty() ? rest : ready;
    const std::string next = from.begin()->second;
    from.erase(from.begin());
    out.push_back(next);
    for (auto it = before.lower_bound({next, std::string()}); it != before.end() && it->first == next; ++it) {
      const std::string& b = it->second;
      if (--waiting_on[b] == 0 && rest.erase({rank(b), b}) != 0) ready.insert({rank(b), b});
    }
    waiting_on[next] = SIZE_MAX;  // placed: later decrements never make it ready again
  }
  return out;
}

void sort_canonically(RunResult& run, const CaseOrder& order) {
  if (!order.profile_less) throw std::invalid_argument("sort_canonically: no profile order");
  std::sort(run.profiles.begin(), run.profiles.end(), order.profile_less);
  std::map<std::string, std::size_t> profile_index, workload_index;
  for (std::size_t i = 0; i < run.profiles.size(); ++i) profile_index.emplace(run.profiles[i].name, i);
  for (std::size_t i = 0; i < run.workloads.size(); ++i) workload_index.emplace(run.workloads[i], i);
  const auto key = [&](const CaseResult& c) {
    const auto p = profile_index.find(c.obs.profile);
    const auto w = workload_index.find(c.obs.workload);
    return std::tuple<std::size_t, const std::string&, std::size_t, const std::string&, std::uint64_t>(
        p == profile_index.end() ? profile_index.size() : p->second, c.obs.profile,
        w == workload_index.end() ? workload_index.size() : w->second, c.obs.workload, c.obs.seed);
  };
  std::sort(run.cases.begin(), run.cases.end(), [&](const CaseResult& a, const CaseResult& b) { return key(a) < key(b); });
}

}  // namespace gcm::report
