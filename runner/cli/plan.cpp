// plan.cpp — profiles, workloads, parameters and seeds for one run.
#include "cli/plan.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <variant>

#include "cli/data_dir.hpp"
#include "cli/matrix_file.hpp"
#include "input/numbers.hpp"
#include "policy/node_reader.hpp"
#include "policy/quote.hpp"
#include "scenario/loader.hpp"
#include "workloads/scenario_workload.hpp"
#include "yamlio/did_you_mean.hpp"
#include "yamlio/document.hpp"

namespace gcm::cli {

namespace fs = std::filesystem;

std::string default_path(const std::string& relative) { return data_dir().path + "/" + relative; }

report::ProfileInfo profile_info(const policy::Profile& p) {
  return report::ProfileInfo{p.name, std::string(policy::to_string(p.family)), p.go, p.description};
}

std::pair<std::uint64_t, std::uint64_t> parse_seed_range(const std::string& text) {
  const auto range = parse_seed_range_text(text);
  if (const std::string* problem = std::get_if<std::string>(&range)) throw ConfigError("--seeds: " + *problem);
  const SeedRange& r = std::get<SeedRange>(range);
  return {r.first, r.last};
}

policy::ProfileOrigin profile_origin(const std::string& file, const std::string& policy_dir) {
  std::error_code ec;
  const fs::path f = fs::weakly_canonical(fs::absolute(file), ec);
  const fs::path dir = fs::weakly_canonical(fs::absolute(policy_dir), ec);
  if (ec) return policy::ProfileOrigin::user;
  const auto [dir_end, f_at] = std::mismatch(dir.begin(), dir.end(), f.begin(), f.end());
  return dir_end == dir.end() ? policy::ProfileOrigin::shipped : policy::ProfileOrigin::user;
}

policy::ProfileCatalog load_catalog(const std::string& policy_dir) {
  if (!fs::is_directory(policy_dir)) throw ConfigError(policy_dir + ": no such policy folder (see --policy-dir)");
  try {
    return policy::ProfileCatalog(policy_dir);
  } catch (const policy::ProfileError& e) {  // --list-profiles too: a user error, exit 2
    throw ConfigError(e.what());
  }
}

namespace {

std::string unknown(const std::string& what, const std::string& name, const std::vector<std::string>& valid) {
  std::string list;
  for (const std::string& v : yamlio::closest_first(name, valid)) list += (list.empty() ? "" : ", ") + v;
  return "unknown " + what + " '" + name + "' (valid: " + list + ")";
}

bool looks_like_file(const std::string& s) {
  return s.find('/') != std::string::npos || s.ends_with(".yaml") || s.ends_with(".yml");
}

// The named workloads, built-in or loaded; none named: every built-in, then
// every loaded scenario (scenarios run beside the workloads).
std::vector<const workloads::Workload*> select_workloads(const workloads::Registry& registry,
                                                         const std::vector<std::string>& names) {
  std::vector<const workloads::Workload*> out;
  if (names.empty()) {
    for (const workloads::Workload& w : registry.all()) out.push_back(&w);
    return out;
  }
  for (const std::string& n : names) {
    const workloads::Workload* w = registry.find(n);
    if (w == nullptr) throw ConfigError(unknown("workload", n, registry.names()));
    if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  }
  return out;
}

// Every scenario file named (or found in a named folder), loaded into the
// plan's registry and listed among its inputs.
void load_scenarios(Plan& plan, const std::vector<std::string>& paths) {
  workloads::Registry& registry = plan.registry;
  std::vector<std::pair<fs::path, std::shared_ptr<const scenario::Scenario>>> loaded;
  try {
    for (const std::string& path : paths)
      for (const fs::path& file : scenario::scenario_files(path)) {
        // One file reached twice (`--scenario d --scenario d/x.yaml`, a link) is one scenario, loaded once.
        std::error_code ec;
        if (std::any_of(loaded.begin(), loaded.end(), [&](const auto& l) { return fs::equivalent(l.first, file, ec); })) continue;
        plan.inputs.emplace_back(file.string(), "--scenario");
        auto s = std::make_shared<const scenario::Scenario>(scenario::load_scenario_file(file));
        if (registry.find(s->name) != nullptr) {
          // Name the other one: a built-in workload, or the scenario file (and its name's line) that took it first.
          std::string other = "a built-in workload";
          for (const auto& [_, first] : loaded)
            if (first->name == s->name) other = "the scenario of " + first->path + ":" + std::to_string(first->name_where.line);
          throw ConfigError(policy::format_profile_error(s->path, s->name_where, "scenario",
                                                         "'" + s->name + "' is already the name of " + other + " (expected a unique name)"));
        }
        loaded.emplace_back(file, s);
        registry.add(workloads::scenario_workload(std::move(s)));
      }
  } catch (const policy::ProfileError& e) {
    throw ConfigError(e.what());
  }
}

void select_profiles(Plan& plan, const policy::ProfileCatalog& catalog, const std::vector<std::string>& names) {
  // policy_dir is set before profiles are selected (make_plan).
  if (names.empty()) {
    for (const policy::Profile& p : catalog.profiles()) plan.profiles.push_back(p);
    return;
  }
  for (const std::string& n : names) {
    policy::Profile p;
    if (looks_like_file(n)) {
      plan.inputs.emplace_back(n, "--profile");
      try {
        p = catalog.load_file(n, profile_origin(n, plan.policy_dir));
      } catch (const policy::ProfileError& e) {
        throw ConfigError(e.what());
      }
    } else if (const policy::Profile* found = catalog.find(n)) {
      p = *found;
    } else {
      throw ConfigError(unknown("profile", n, catalog.names()));
    }
    for (const policy::Profile& q : plan.profiles)
      if (q.name == p.name) throw ConfigError("profile '" + p.name + "' selected twice");
    plan.profiles.push_back(std::move(p));
  }
  // Run in catalog order, whatever order -p or the matrix file gave: the
  // order gcmatrix merge restores (report/case_order.hpp), so one run of
  // `-p go1.22-observed -p go1.22` and the merge of its legs write the same bytes.
  std::stable_sort(plan.profiles.begin(), plan.profiles.end(), policy::catalog_order_less);
}

// "--param K=V" → every selected workload declaring K; "--param W:K=V" → workload W.
void apply_cli_params(const workloads::Registry& registry, const std::vector<std::string>& raw,
                      const std::vector<const workloads::Workload*>& selected,
                      std::map<std::string, std::map<std::string, std::string>>& params) {
  for (const std::string& item : raw) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw ConfigError("--param '" + item + "': expected K=V or WORKLOAD:K=V");
    std::string key = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    std::string target;
    if (const std::size_t colon = key.find(':'); colon != std::string::npos) {
      target = key.substr(0, colon);
      key = key.substr(colon + 1);
      if (registry.find(target) == nullptr) throw ConfigError(unknown("workload", target, registry.names()));
    }
    bool used = false;
    for (const workloads::Workload* w : selected) {
      if (!target.empty() && w->name != target) continue;
      const bool declares = std::any_of(w->params.begin(), w->params.end(), [&](const auto& s) { return s.name == key; });
      if (declares || !target.empty()) {
        params[w->name][key] = value;
        used = true;
      }
    }
    if (!used && !target.empty())  // W:K=V for a workload the run does not select
      throw ConfigError("--param " + policy::quote(item) + ": workload " + target + " is not selected (add -w " + target + ")");
    if (!used) throw ConfigError("--param " + key + ": no selected workload has this parameter");
  }
}

// Both numbers strict (input::parse_unsigned): "1/-1" and "1/3x" are refused.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& s) {
  const std::size_t slash = s.find('/');
  const std::string_view text(s);
  const auto k = slash == std::string::npos ? std::nullopt : input::parse_unsigned(text.substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : input::parse_unsigned(text.substr(slash + 1));
  if (!k || !n || *n == 0 || *k == 0 || *k > *n)
    throw ConfigError("--shard " + policy::quote(s) + ": expected K/N, decimal integers with 1 <= K <= N");
  return {static_cast<std::size_t>(*k), static_cast<std::size_t>(*n)};
}

// Before any case is built (10^5 seeds would build 1.2 * 10^7 of them).
void check_work(const Plan& plan, const std::map<std::string, std::map<std::string, std::string>>& raw_params,
                std::size_t shard_n, std::uint64_t sweep_seeds) {
  double per_seed_and_profile = 0;
  for (const workloads::Workload* w : plan.workloads) {
    workloads::Params params;
    try {
      params = workloads::resolve_params(w->name, w->params, raw_params.count(w->name) ? raw_params.at(w->name) : std::map<std::string, std::string>{});
    } catch (const workloads::ParamError& e) {
      throw ConfigError(e.what());
    }
    double units = w->work_units;
    for (const workloads::ParamSpec& spec : w->params)
      if (spec.unit == "count" && spec.default_value > 0)
        units *= std::max(1.0, static_cast<double>(params.get(spec.name)) / static_cast<double>(spec.default_value));
    per_seed_and_profile += units;
  }
  const double units = per_seed_and_profile * static_cast<double>(plan.profiles.size()) *
                       static_cast<double>(plan.seeds.size()) * static_cast<double>(sweep_seeds) /
                       static_cast<double>(shard_n);
  if (units <= kWorkUnitsMax) return;
  char text[64];
  std::snprintf(text, sizeof text, "%.3g", units);
  throw ConfigError("this run's estimated work is " + std::string(text) + " default-case equivalents (limit " +
                    std::to_string(static_cast<long long>(kWorkUnitsMax)) +
                    ": hours of CPU); select fewer profiles, workloads, seeds or smaller parameters, "
                    "shard it (--shard), or pass --allow-large-run");
}

}  // namespace

Plan make_plan(const CliOptions& o) {
  Plan plan;
  plan.retention = o.retention;
  plan.policy_dir = o.policy_dir.empty() ? default_path("policies") : o.policy_dir;
  const policy::ProfileCatalog catalog = [&] {
    try {
      return load_catalog(plan.policy_dir);
    } catch (const policy::ProfileError& e) {
      throw ConfigError(e.what());
    }
  }();
  const std::string matrix_path = o.matrix_path.empty() ? default_path("matrix/default.yaml") : o.matrix_path;
  MatrixFile matrix;
  if (!o.matrix_path.empty() || fs::exists(matrix_path)) {
    matrix = read_matrix(matrix_path);
    plan.inputs.emplace_back(matrix_path, "--matrix");
  }
  for (const policy::Profile& p : catalog.profiles())
    if (!p.source_path.empty()) plan.inputs.emplace_back(p.source_path, "the profile catalog, --policy-dir");
  select_profiles(plan, catalog, o.profiles.empty() ? matrix.profiles : o.profiles);
  plan.registry = workloads::Registry::builtins();
  std::vector<std::string> scenario_paths = matrix.scenarios;
  scenario_paths.insert(scenario_paths.end(), o.scenarios.begin(), o.scenarios.end());
  load_scenarios(plan, scenario_paths);
  plan.workloads = select_workloads(plan.registry, o.workloads.empty() ? matrix.workloads : o.workloads);
  plan.seeds = o.seed ? std::vector<std::uint64_t>{*o.seed} : matrix.seeds;
  // A sweep: --seeds A..B, else the matrix file's seeds: A..B unless --seed pins one.
  std::optional<SeedRange> sweep = o.seed ? std::nullopt : matrix.seed_range;
  if (!o.seeds.empty()) {
    const auto [first, last] = parse_seed_range(o.seeds);
    sweep = SeedRange{first, last};
  }
  auto raw_params = matrix.params;
  // The matrix file's own parameters, each checked where it was written.
  for (const auto& [w, kv] : raw_params) {
    const workloads::Workload* known = plan.registry.find(w);
    const MatrixFile::Written& wk = matrix.params_workload_where.at(w);
    if (known == nullptr)
      throw ConfigError(policy::format_profile_error(matrix_path, wk.where, wk.key_path, unknown("workload", w, plan.registry.names())));
    for (const auto& [k, v] : kv) try {
        (void)workloads::resolve_params(w, known->params, {{k, v}});
      } catch (const workloads::ParamError& e) {
        const MatrixFile::Written& at = matrix.params_where.at(w).at(k);
        throw ConfigError(policy::format_profile_error(matrix_path, at.where, at.key_path, e.what()));
      }
  }
  apply_cli_params(plan.registry, o.params, plan.workloads, raw_params);

  auto [shard_k, shard_n] = o.shard.empty() ? std::pair<std::size_t, std::size_t>{1, 1} : parse_shard(o.shard);
  std::uint64_t seed_last = 0;
  if (sweep) {
    // --shard of a sweep takes a slice of its seeds (seed_range.hpp); every case runs.
    const auto slice = shard_of_range(*sweep, shard_k, shard_n);
    if (const std::string* problem = std::get_if<std::string>(&slice)) throw ConfigError("--shard " + policy::quote(o.shard) + ": " + *problem);
    const SeedRange mine = std::get<SeedRange>(slice);
    if (seed_count(mine) > kSweepSeedsMax) {
      const std::string problem = "'" + std::to_string(sweep->first) + ".." + std::to_string(sweep->last) + "': " +
                                  seed_count_text(mine) + " seeds in one run (at most " + std::to_string(kSweepSeedsMax) +
                                  "; split the range over legs with --shard K/N and merge them)";
      throw ConfigError(o.seeds.empty() ? policy::format_profile_error(matrix_path, matrix.seed_range_where, "seeds", problem)
                                        : "--seeds: " + problem);
    }
    plan.seeds = {mine.first};
    plan.sweep_seed_range = std::pair{sweep->first, sweep->last};
    seed_last = mine.last;
    shard_k = shard_n = 1;  // the cases themselves are not sharded
  }
  if (!o.allow_large_run) check_work(plan, raw_params, shard_n, sweep ? seed_count(SeedRange{plan.seeds.front(), seed_last}) : 1);
  std::size_t index = 0;
  for (const policy::Profile& p : plan.profiles)
    for (const workloads::Workload* w : plan.workloads)
      for (std::uint64_t seed : plan.seeds) {
        workloads::Params params;
        try {
          params = workloads::resolve_params(w->name, w->params, raw_params.count(w->name) ? raw_params.at(w->name) : std::map<std::string, std::string>{});
        } catch (const workloads::ParamError& e) {
          throw ConfigError(e.what());
        }
        if (w->unsupported)
          if (const std::string why = w->unsupported(p); !why.empty()) throw ConfigError(why);
        const std::string name = plan.seeds.size() == 1 ? w->name : w->name + ".seed" + std::to_string(seed);
        if (index++ % shard_n == shard_k - 1)
          plan.cases.push_back(PlannedCase{&p, w, std::move(params), seed, name, seed_last, sweep.has_value()});
      }
  plan.cases_before_shard = index;
  if (plan.cases.empty() && shard_n > 1)  // else Boost.Test's "test tree is empty", naming nothing
    throw ConfigError("--shard " + policy::quote(o.shard) + ": shard " + std::to_string(shard_k) + " of " + std::to_string(shard_n) +
                      " holds no case (the plan has " + std::to_string(index) + " case(s): use at most " + std::to_string(index) +
                      " shard(s))");

  plan.expectations_path = o.expectations_path.empty() ? default_path("matrix/expectations.yaml") : o.expectations_path;
  if (fs::exists(plan.expectations_path)) {
    plan.inputs.emplace_back(plan.expectations_path, "--expectations");
    try {
      plan.expectations = report::load_expectations(plan.expectations_path);
    } catch (const std::exception& e) {
      throw ConfigError(e.what());
    }
  } else if (!o.expectations_path.empty() && !o.update_expectations) {
    throw ConfigError(o.expectations_path + ": no such expectations file");
  }
  return plan;
}

}  // namespace gcm::cli
