// cascade_groups.cpp — see cascade_groups.hpp.
#include "report/cascade_groups.hpp"

#include <algorithm>

#include "report/cascade.hpp"
#include "report/text_wrap.hpp"

namespace gcm::report {
namespace {

struct Group {
  std::string workload;
  std::uint64_t seed = 0;
  std::vector<CascadeStep> steps;
  std::vector<std::string> profiles;
};

bool same_steps(const std::vector<CascadeStep>& a, const std::vector<CascadeStep>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const CascadeStep& x, const CascadeStep& y) { return x.label == y.label && x.text == y.text; });
}

}  // namespace

std::string render_cascade_groups_text(const RunResult& run, std::size_t width) {
  std::vector<Group> groups;
  for (const CaseResult& c : run.cases) {
    std::optional<Cascade> k = explain_cascade(c.obs);
    if (!k) continue;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.workload == c.obs.workload && g.seed == c.obs.seed && same_steps(g.steps, k->steps);
    });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{c.obs.workload, c.obs.seed, std::move(k->steps), {}});
    it->profiles.push_back(c.obs.profile);
  }
  if (groups.empty()) return {};
  std::vector<std::pair<std::string, std::string>> all;
  for (const ProfileInfo& p : run.profiles) all.emplace_back(p.name, p.family);
  std::string out = "\ncascades (from events; profiles with the same chain told once):\n";
  for (const Group& g : groups) {
    out += wrap(g.workload + ", seed " + std::to_string(g.seed) + " @ " + profiles_phrase(g.profiles, all), width, 4);
    for (const CascadeStep& s : g.steps) {
      std::string label = s.label;
      label.resize(std::max<std::size_t>(label.size(), 8), ' ');
      out += wrap("  " + label + " " + s.text, width, 11);
    }
  }
  return out;
}

}  // namespace gcm::report
