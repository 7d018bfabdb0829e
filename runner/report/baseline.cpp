// baseline.cpp — matrix/baseline.json: write, read (strictly), compare.
#include "report/baseline.hpp"

#include "report/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "report/atomic_write.hpp"
#include "report/json_input.hpp"
#include "report/test_status.hpp"
#include "report/units.hpp"

namespace gcm::report {

namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kEventCount = "case.event_count";
constexpr std::string_view kVirtualDuration = "case.virtual_duration_ns";

std::string test_duration_name(const std::string& test) { return "test:" + test + ":duration_ns"; }

auto key_of(const BaselineCase& c) { return std::tie(c.profile, c.workload, c.seed); }

// The figures of one case, in a fixed order: metrics, case figures, test durations.
BaselineCase case_of(const CaseResult& c) {
  const workloads::Observation& obs = c.obs;
  BaselineCase b{obs.profile, obs.workload, obs.seed, obs.params, {}, {}};
  for (const workloads::Metric& m : obs.metrics) b.figures.push_back({m.name, m.value, m.unit, std::nullopt});
  b.figures.push_back({std::string(kEventCount), static_cast<std::int64_t>(obs.event_count), "count", std::nullopt});
  b.figures.push_back({std::string(kVirtualDuration), obs.virtual_duration_ns, "ns", std::nullopt});
  for (const workloads::EmulatedTest& t : obs.tests) {
    b.figures.push_back({test_duration_name(t.name), t.duration_ns, "ns", std::nullopt});
    b.tests.push_back({t.name, status_name(t.status)});
  }
  return b;
}

void sort_cases(std::vector<BaselineCase>& cases) {
  std::stable_sort(cases.begin(), cases.end(), [](const BaselineCase& a, const BaselineCase& b) { return key_of(a) < key_of(b); });
}

// ---- reading ---------------------------------------------------------------

using At = JsonAt<BaselineError>;  // json_reader.hpp; a root error names "(document)"

BaselineFigure figure_from(const At& at) {
  at.only_keys({"name", "value", "unit", "tolerance_percent", "tolerance_abs"});
  BaselineFigure f{at["name"].str(), at["value"].i64(), at["unit"].str(), std::nullopt};
  if (at.has("tolerance_percent") || at.has("tolerance_abs")) {
    Tolerance t;
    if (at.has("tolerance_percent")) t.percent = at["tolerance_percent"].percent();
    if (at.has("tolerance_abs")) {
      t.absolute = at["tolerance_abs"].i64();
      if (t.absolute < 0) at["tolerance_abs"].fail("expected a non-negative integer");
    }
    f.tolerance = t;
  }
  return f;
}

BaselineCase case_from(const At& at) {
  at.only_keys({"profile", "workload", "seed", "params", "figures", "tests"});
  BaselineCase c{at["profile"].str(), at["workload"].str(), at["seed"].u64(), {}, {}, {}};
  const At params = at["params"];
  if (!params.raw().is_object()) params.fail("expected an object of strings");
  for (auto it = params.raw().begin(); it != params.raw().end(); ++it) c.params[it.key()] = params[it.key()].str();
  const At figures = at["figures"];
  std::set<std::string> names;
  for (std::size_t i = 0; i < figures.array_size(); ++i) {
    c.figures.push_back(figure_from(figures[i]));
    if (!names.insert(c.figures.back().name).second) figures[i]["name"].fail("figure '" + c.figures.back().name + "' listed twice");
  }
  const At tests = at["tests"];
  for (std::size_t i = 0; i < tests.array_size(); ++i) {
    const At t = tests[i];
    t.only_keys({"name", "status"});
    BaselineTest test{t["name"].str(), t["status"].str()};
    if (!parse_status(test.status)) t["status"].fail("unknown status '" + test.status + "'");
    c.tests.push_back(std::move(test));
  }
  return c;
}

// ---- comparing -------------------------------------------------------------


std::string tolerance_text(const Tolerance& t) {
  if (t.percent == 0 && t.absolute == 0) return "exact";
  std::string s;
  if (t.percent != 0) s = "±" + plain_number(t.percent) + " %";
  if (t.absolute != 0) s += (s.empty() ? "±" : " or ±") + std::to_string(t.absolute);
  return s;
}

bool within(std::int64_t old_value, std::int64_t new_value, const Tolerance& t) {
  // |new − old| <= max(absolute, |old| × percent / 100), in long double so
  // that byte counts near 2^63 neither overflow nor round.
  const long double diff = std::fabs(static_cast<long double>(new_value) - static_cast<long double>(old_value));
  const long double relative = std::fabs(static_cast<long double>(old_value)) * static_cast<long double>(t.percent) / 100.0L;
  return diff <= std::max(static_cast<long double>(t.absolute), relative);
}

std::string change_text(std::int64_t old_value, std::int64_t new_value) {
  const long double diff = static_cast<long double>(new_value) - static_cast<long double>(old_value);
  std::string s = diff > 0 ? "+" : "";
  s += plain_number(static_cast<double>(diff));
  if (old_value != 0) {
    const double pct = static_cast<double>(diff * 100.0L / std::fabs(static_cast<long double>(old_value)));
    s += " (" + std::string(pct > 0 ? "+" : "") + fixed_decimal(pct, 2) + " %)";
  }
  return s;
}

class CaseComparer {
 public:
  CaseComparer(const Baseline& baseline, const CaseResult& run_case, Comparison& out)
      : baseline_(baseline), obs_(run_case.obs), out_(out) {}

  void compare(const BaselineCase* old_case) {
    const BaselineCase fresh = case_of_result();
    if (old_case == nullptr) {
      add("(case)", "", "absent", "ran", "", "exact", true);
      return;
    }
    if (old_case->params != fresh.params) {
      add("params", "", params_text(old_case->params), params_text(fresh.params), "", "exact", true);
      return;  // figures of other parameters are not comparable
    }
    for (const BaselineFigure& old_figure : old_case->figures) {
      const auto it = std::find_if(fresh.figures.begin(), fresh.figures.end(), [&](const auto& f) { return f.name == old_figure.name; });
      const Tolerance t = baseline_.tolerance_of(old_figure);
      if (it == fresh.figures.end()) {
        add(old_figure.name, old_figure.unit, std::to_string(old_figure.value), "absent", "", tolerance_text(t), true);
        continue;
      }
      ++out_.figures_compared;
      if (it->unit != old_figure.unit) {
        add(old_figure.name, it->unit, std::to_string(old_figure.value) + " " + old_figure.unit,
            std::to_string(it->value) + " " + it->unit, "unit changed", tolerance_text(t), true);
      } else if (it->value != old_figure.value) {
        add(old_figure.name, it->unit, std::to_string(old_figure.value), std::to_string(it->value),
            change_text(old_figure.value, it->value), tolerance_text(t), !within(old_figure.value, it->value, t));
      }
    }
    for (const BaselineFigure& f : fresh.figures) {
      const bool known = std::any_of(old_case->figures.begin(), old_case->figures.end(), [&](const auto& o) { return o.name == f.name; });
      if (!known) add(f.name, f.unit, "absent", std::to_string(f.value), "", "exact", true);
    }
    compare_tests(old_case->tests, fresh.tests);
  }

 private:
  BaselineCase case_of_result() const {
    CaseResult c;
    c.obs = obs_;
    return case_of(c);
  }

  static std::string params_text(const std::map<std::string, std::string>& params) {
    std::string s;
    for (const auto& [k, v] : params) s += (s.empty() ? "" : " ") + k + "=" + v;
    return s.empty() ? "(none)" : s;
  }

  void compare_tests(const std::vector<BaselineTest>& old_tests, const std::vector<BaselineTest>& new_tests) {
    std::vector<std::string> old_names, new_names;
    for (const BaselineTest& t : old_tests) old_names.push_back(t.name);
    for (const BaselineTest& t : new_tests) new_names.push_back(t.name);
    if (old_names != new_names) add("(test order)", "", join(old_names), join(new_names), "", "exact", true);
    for (const BaselineTest& o : old_tests) {
      const auto it = std::find_if(new_tests.begin(), new_tests.end(), [&](const auto& n) { return n.name == o.name; });
      if (it != new_tests.end() && it->status != o.status) add("test:" + o.name + ":status", "", o.status, it->status, "", "exact", true);
    }
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
    return s.empty() ? "(none)" : s;
  }

  void add(std::string figure, std::string unit, std::string old_text, std::string new_text, std::string change,
           std::string tolerance, bool beyond) {
    out_.differences.push_back(Difference{obs_.profile, obs_.workload, obs_.seed, std::move(figure), std::move(unit),
                                          std::move(old_text), std::move(new_text), std::move(change), std::move(tolerance),
                                          beyond, obs_.source_file, obs_.source_line});
  }

  const Baseline& baseline_;
  const workloads::Observation& obs_;
  Comparison& out_;
};

}  // namespace

std::map<std::string, double> default_tolerance_percent() { return {{"bytes", 5.0}, {"ns", 5.0}}; }

const BaselineCase* Baseline::find(std::string_view profile, std::string_view workload, std::uint64_t seed) const noexcept {
  for (const BaselineCase& c : cases)
    if (c.profile == profile && c.workload == workload && c.seed == seed) return &c;
  return nullptr;
}

Tolerance Baseline::tolerance_of(const BaselineFigure& f) const {
  if (f.tolerance) return *f.tolerance;
  const auto it = tolerance_percent.find(f.unit);
  return Tolerance{it == tolerance_percent.end() ? 0.0 : it->second, 0};
}

std::size_t Comparison::beyond_count() const noexcept {
  return static_cast<std::size_t>(std::count_if(differences.begin(), differences.end(), [](const Difference& d) { return d.beyond; }));
}

Baseline baseline_from_run(const RunResult& run) {
  Baseline b{run.gcmatrix_version, default_tolerance_percent(), {}};
  for (const CaseResult& c : run.cases) b.cases.push_back(case_of(c));
  sort_cases(b.cases);
  return b;
}

// One figure per line so that a regenerated baseline diffs line by line.
std::string render_baseline(const Baseline& b) {
  std::ostringstream os;
  json tolerances = json::object();
  for (const auto& [unit, pct] : b.tolerance_percent) tolerances[unit] = pct;
  os << "{\n  \"schema\": " << json(kBaselineSchema).dump() << ",\n  \"gcmatrix_version\": " << json(b.gcmatrix_version).dump()
     << ",\n  \"tolerance_percent\": " << tolerances.dump() << ",\n  \"cases\": [";
  for (std::size_t i = 0; i < b.cases.size(); ++i) {
    const BaselineCase& c = b.cases[i];
    json params = json::object();
    for (const auto& [k, v] : c.params) params[k] = v;
    os << (i == 0 ? "\n" : ",\n") << "    {\"profile\": " << json(c.profile).dump() << ", \"workload\": " << json(c.workload).dump()
       << ", \"seed\": " << c.seed << ", \"params\": " << params.dump() << ",\n     \"figures\": [";
    for (std::size_t j = 0; j < c.figures.size(); ++j) {
      const BaselineFigure& f = c.figures[j];
      json fj{{"name", f.name}, {"value", f.value}, {"unit", f.unit}};
      if (f.tolerance && f.tolerance->percent != 0) fj["tolerance_percent"] = f.tolerance->percent;
      if (f.tolerance && f.tolerance->absolute != 0) fj["tolerance_abs"] = f.tolerance->absolute;
      if (f.tolerance && *f.tolerance == Tolerance{}) fj["tolerance_percent"] = 0;  // explicitly exact
      os << (j == 0 ? "\n" : ",\n") << "       " << fj.dump();
    }
    os << (c.figures.empty() ? "" : "\n     ") << "],\n     \"tests\": [";
    for (std::size_t j = 0; j < c.tests.size(); ++j)
      os << (j == 0 ? "" : ", ") << json{{"name", c.tests[j].name}, {"status", c.tests[j].status}}.dump();
    os << "]}";
  }
  os << (b.cases.empty() ? "" : "\n  ") << "]\n}\n";
  return os.str();
}

Baseline parse_baseline(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  json doc;
  try {
    doc = parse_json_input(text, source, "not JSON");  // located; 1e400 included
  } catch (const JsonInputError& e) {
    throw BaselineError(e.what());
  }
  const At root(doc, "", source, "(document)");
  root.only_keys({"schema", "gcmatrix_version", "tolerance_percent", "cases"});
  const std::string schema = root["schema"].str();
  if (schema != kBaselineSchema) root["schema"].fail("'" + schema + "' is not supported (expected " + std::string(kBaselineSchema) + ")");
  Baseline b;
  b.gcmatrix_version = root["gcmatrix_version"].str();
  const At tolerances = root["tolerance_percent"];
  if (!tolerances.raw().is_object()) tolerances.fail("expected an object: unit -> percent");
  for (auto it = tolerances.raw().begin(); it != tolerances.raw().end(); ++it) b.tolerance_percent[it.key()] = tolerances[it.key()].percent();
  const At cases = root["cases"];
  for (std::size_t i = 0; i < cases.array_size(); ++i) {
    BaselineCase c = case_from(cases[i]);
    if (b.find(c.profile, c.workload, c.seed) != nullptr)
      cases[i].fail(c.profile + "/" + c.workload + " seed " + std::to_string(c.seed) + " listed twice");
    b.cases.push_back(std::move(c));
  }
  sort_cases(b.cases);
  return b;
}

Baseline read_baseline(const std::filesystem::path& path) {
  try {
    return parse_baseline(read_json_input(path, "baseline file"), path.string());  // bounded, regular files only
  } catch (const JsonInputError& e) {
    throw BaselineError(e.what());
  }
}

void write_baseline(const std::filesystem::path& path, const RunResult& run) {
  Baseline fresh = baseline_from_run(run);
  if (std::filesystem::exists(path)) {
    const Baseline old = read_baseline(path);
    fresh.tolerance_percent = old.tolerance_percent;
    for (BaselineCase& c : fresh.cases) {
      const BaselineCase* before = old.find(c.profile, c.workload, c.seed);
      if (before == nullptr) continue;
      for (BaselineFigure& f : c.figures)
        for (const BaselineFigure& o : before->figures)
          if (o.name == f.name) f.tolerance = o.tolerance;
    }
    for (const BaselineCase& o : old.cases)
      if (fresh.find(o.profile, o.workload, o.seed) == nullptr) fresh.cases.push_back(o);
    sort_cases(fresh.cases);
  }
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  write_file_atomically(path, render_baseline(fresh));
}

Comparison compare_to_baseline(const Baseline& baseline, const RunResult& run) {
  Comparison out;
  if (baseline.gcmatrix_version != run.gcmatrix_version)
    out.notes.push_back("baseline written by gcmatrix " + baseline.gcmatrix_version + ", results by " + run.gcmatrix_version);
  for (const CaseResult& c : run.cases)
    CaseComparer(baseline, c, out).compare(baseline.find(c.obs.profile, c.obs.workload, c.obs.seed));
  for (const BaselineCase& b : baseline.cases) {
    const bool ran = std::any_of(run.cases.begin(), run.cases.end(), [&](const CaseResult& c) {
      return c.obs.profile == b.profile && c.obs.workload == b.workload && c.obs.seed == b.seed;
    });
    if (!ran) ++out.baseline_cases_not_run;
  }
  return out;
}

}  // namespace gcm::report
