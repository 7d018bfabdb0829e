// results_json.cpp — RunResult <-> results.json: streamed out (JsonStream), read
// back through an nlohmann::ordered_json DOM.
#include "report/results_json.hpp"

#include "report/json_reader.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>

#include "policy/profile.hpp"
#include "policy/quote.hpp"
#include "report/atomic_write.hpp"
#include "report/json_input.hpp"
#include "report/json_stream.hpp"
#include "report/sweep.hpp"
#include "report/test_status.hpp"
#include "runtime/events.hpp"
#include "scenario/names.hpp"

namespace gcm::report {
namespace {

using json = nlohmann::ordered_json;
using workloads::Observation;

// ---- writing ---------------------------------------------------------------
// Streamed (json_stream.hpp): the arrays that grow with a run (cases, their
// tests and retention snapshots, host cases, sweeps) are written one item at a
// time; each item, and every small member, is a DOM dumped whole.

json check_json(const workloads::Check& c, const CheckOutcome& o) {
  json j{{"name", c.name},         {"passed", c.passed},
         {"expected", to_string(o.expected)}, {"as_expected", o.as_expected},
         {"message", c.message},   {"claims", c.claims}};
  // Written only where they apply, so a run of C++ workloads is unchanged.
  if (!o.gated) j["gated"] = false;
  if (c.source_line != 0) j["source_line"] = c.source_line;
  return j;
}

json test_json(const workloads::EmulatedTest& t) {
  json test{{"name", t.name}, {"status", status_name(t.status)}, {"duration_ns", t.duration_ns}, {"message", t.message}};
  if (t.source_line != 0) test["source_line"] = t.source_line;  // scenarios only
  return test;
}

json snapshot_json(const rt::RetentionSnapshot& snap) {
  json retainers = json::array();
  for (const rt::Retainer& r : snap.retainers)
    retainers.push_back(json{{"kind", std::string(rt::to_string(r.kind))}, {"name", r.name}, {"count", r.count}, {"goid", r.goid},
                             {"retained_bytes", r.retained_bytes}, {"retained_objects", r.retained_objects},
                             {"share_permille", snap.share_permille(r)}});
  json shared_by = json::array();
  for (const rt::Retainer& r : snap.shared_by)
    shared_by.push_back(json{{"kind", std::string(rt::to_string(r.kind))}, {"name", r.name}, {"count", r.count}, {"goid", r.goid}});
  return json{{"at", rt::to_string(snap.at)},
              {"subject", snap.subject},
              {"vtime_ns", snap.vtime_ns},
              {"reachable_bytes", snap.reachable_bytes},
              {"reachable_objects", snap.reachable_objects},
              {"shared_bytes", snap.shared_bytes},
              {"shared_objects", snap.shared_objects},
              {"retainers", retainers},
              {"shared_by", shared_by}};
}

template <class Metric>
json metrics_json(const std::vector<Metric>& metrics) {
  json out = json::array();
  for (const Metric& m : metrics) out.push_back(json{{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
  return out;
}

// Through a DOM object, as before streaming: a name written twice keeps its
// first place and its last value.
template <class Pairs>
json object_of(const Pairs& pairs) {
  json out = json::object();
  for (const auto& [k, v] : pairs) out[k] = v;
  return out;
}

void write_case(JsonStream& out, const CaseResult& c) {
  const Observation& obs = c.obs;
  out.begin_object();
  out.member("profile", obs.profile);
  out.member("workload", obs.workload);
  out.member("seed", obs.seed);
  out.member("params", object_of(obs.params));
  out.member("claims", obs.claims);
  out.key("checks");
  out.begin_array();
  for (std::size_t i = 0; i < obs.checks.size() && i < c.outcomes.size(); ++i) out.value(check_json(obs.checks[i], c.outcomes[i]));
  out.end();
  out.member("metrics", metrics_json(obs.metrics));
  out.key("tests");
  out.begin_array();
  for (const workloads::EmulatedTest& t : obs.tests) out.value(test_json(t));
  out.end();
  out.member("summary", obs.summary);
  out.member("events_digest", rt::hex64(obs.events_digest));
  out.member("event_count", obs.event_count);
  out.member("virtual_duration_ns", obs.virtual_duration_ns);
  out.member("source_file", obs.source_file);
  out.member("source_line", obs.source_line);
  out.key("retention");
  out.begin_object();
  out.member("dropped", obs.retention_dropped);
  out.key("snapshots");
  out.begin_array();
  for (const rt::RetentionSnapshot& snap : obs.retention) out.value(snapshot_json(snap));
  out.end();
  out.end();
  // A scenario's observations in canonical form; absent for C++ workloads,
  // so their results stay byte-identical.
  if (!obs.observations.empty()) out.member("observations", object_of(obs.observations));
  if (!c.gated() && !c.outcomes.empty()) out.member("gated", false);
  out.end();
}

void write_host(JsonStream& out, const RunResult& run) {
  const HostProcess& h = run.host;
  out.begin_object();
  out.member("hostname", h.hostname);
  out.member("started_at", h.started_at);
  out.member("wall_ns", h.wall_ns);
  out.member("cpu_ns", h.cpu_ns);
  out.member("peak_rss_bytes", h.peak_rss_bytes);
  out.key("cases");
  out.begin_array();
  for (const CaseResult& c : run.cases)
    out.value(json{{"profile", c.obs.profile}, {"workload", c.obs.workload}, {"metrics", metrics_json(c.obs.host)}});
  out.end();
  out.end();
}

// --seeds: each profile × workload's outcome distributions (sweep.hpp).
json sweep_json(const CaseResult& c) {
  const Sweep* sweep = c.sweep.get();
  json ranges = json::array(), checks = json::array(), histograms = json::array();
  for (const auto& [first, last] : sweep->seed_ranges()) ranges.push_back(json::array({first, last}));
  for (const auto& [name, t] : sweep->checks())
    checks.push_back(json{{"name", name}, {"runs", t.runs}, {"passed", t.passed}, {"unexpected", t.unexpected},
                          {"rate", rate_text(t)}, {"summary", rate_sentence(t)}});
  for (const auto& [name, h] : sweep->values()) {
    json values = json::array();
    for (const auto& [value, n] : h) values.push_back(json{{"value", value}, {"seeds", n}});
    histograms.push_back(json{{"name", name}, {"values", values}});
  }
  return json{{"profile", c.profile.name}, {"workload", c.obs.workload}, {"seeds", sweep->seeds()},
              {"seed_ranges", ranges}, {"events_digest_sum", rt::hex64(sweep->digest_sum())},
              {"checks", checks}, {"histograms", histograms}};
}

void write_run(JsonStream& out, const RunResult& run) {
  json profiles = json::array();
  for (const ProfileInfo& p : run.profiles)
    profiles.push_back(json{{"name", p.name}, {"family", p.family}, {"go", p.go}, {"description", p.description}});
  out.begin_object();
  out.member("schema", kResultsSchema);
  out.member("gcmatrix_version", run.gcmatrix_version);
  out.member("seed", run.seed);
  out.member("events_digest", rt::hex64(run.digest_of_all_events));
  out.member("profiles", profiles);
  out.member("workloads", run.workloads);
  out.key("cases");
  out.begin_array();
  for (const CaseResult& c : run.cases) write_case(out, c);
  out.end();
  out.key("host");
  write_host(out, run);
  if (std::any_of(run.cases.begin(), run.cases.end(), [](const CaseResult& c) { return c.sweep != nullptr; })) {
    out.key("sweeps");  // absent without --seeds: older readers unchanged
    out.begin_array();
    for (const CaseResult& c : run.cases)
      if (c.sweep) out.value(sweep_json(c));
    out.end();
  }
  if (run.sweep_seed_range)  // absent without --seeds, as "sweeps"
    out.member("sweep_seed_range", json::array({run.sweep_seed_range->first, run.sweep_seed_range->second}));
  out.end();
  out.finish();
}

// ---- reading ---------------------------------------------------------------

using At = JsonAt<ResultsError>;  // json_reader.hpp

// A name as gcmatrix writes it: what its loaders admit (policy/profile.cpp
// for profiles; scenario/names.cpp for workloads and checks, which the
// built-in workloads follow too). A leg naming anything else was not written
// by gcmatrix, and its names reach terminal lines, annotations and the step
// summary: in a GitHub Actions log a line starting with "::" is a workflow
// command, so "p\n::add-mask::x" as a profile name would run one.
enum class LegName { profile, workload, check };

std::string name_in_leg(const At& at, LegName kind) {
  std::string name = at.str();
  if (kind == LegName::profile) {
    if (!policy::is_valid_profile_name(name))
      at.fail(policy::quote(name) + " is not a profile name (expected letters, digits, '.', '_' and '-', at most 64 characters, not starting with '.', '_' or '-')");
    return name;
  }
  const std::string problem = scenario::name_problem(name, kind == LegName::workload ? scenario::NameKind::scenario : scenario::NameKind::check);
  if (!problem.empty()) at.fail(problem);
  return name;
}

// `sweep`: the case's sweep under --seeds, whose tallies decide as_expected
// (as expected in every seed); null for a one-seed case.
void read_checks(const At& at, CaseResult& c, const Sweep* sweep) {
  for (const At& item : at.items()) {
    workloads::Check check{name_in_leg(item["name"], LegName::check), item["passed"].boolean(), item["message"].str(),
                           item["claims"].strings()};
    const auto expected = parse_expected(item["expected"].str());
    if (!expected) item["expected"].fail("expected pass, fail or missing");
    if (item.raw().contains("source_line")) check.source_line = static_cast<int>(item["source_line"].i64());
    const bool gated = !item.raw().contains("gated") || item["gated"].boolean();
    CheckOutcome o = gated ? judge(check.name, check.passed, *expected) : report_only(check.name, check.passed);
    if (sweep != nullptr) {
      const CheckTally* t = sweep->find(check.name);
      if (t == nullptr) item["name"].fail("no tally for this check in the case's sweep");
      // The case is its first seed's: that seed is one of the tallied runs.
      if (check.passed ? t->passed == 0 : t->passed == t->runs)
        item["passed"].fail("contradicts the sweep's tally (" + rate_sentence(*t) + ")");
      if (!o.as_expected && as_expected_over_seeds(*t))
        item["as_expected"].fail("contradicts the sweep's tally (no seed unexpected)");
      // Every seed is judged by the same expectation: its unexpected count
      // follows from passed and runs (a leg saying "passed 12 of 40, expected
      // pass, 0 unexpected" would have merged as expected).
      const auto judged = [&](bool passed) {
        return gated ? judge(check.name, passed, *expected) : report_only(check.name, passed);
      };
      const std::uint64_t unexpected = (judged(true).as_expected ? 0 : t->passed) + (judged(false).as_expected ? 0 : t->runs - t->passed);
      if (t->passed <= t->runs && t->unexpected != unexpected)
        item["expected"].fail("contradicts the sweep's tally (" + rate_sentence(*t) + ", " + std::to_string(t->unexpected) +
                              " unexpected; judged by this expectation " + std::to_string(unexpected) + ")");
      o.as_expected = as_expected_over_seeds(*t);  // as boost_suite.cpp run_sweep judged it
    }
    if (o.as_expected != item["as_expected"].boolean())
      item["as_expected"].fail(sweep != nullptr ? "contradicts the sweep's tally" : "contradicts passed and expected");
    c.obs.checks.push_back(std::move(check));
    c.outcomes.push_back(std::move(o));
  }
}

void read_metrics_and_tests(const At& at, Observation& obs) {
  for (const At& m : at["metrics"].items())
    obs.metrics.push_back({m["name"].str(), m["value"].i64(), m["unit"].str()});
  for (const At& t : at["tests"].items()) {
    const auto status = parse_status(t["status"].str());
    if (!status) t["status"].fail("unknown test status");
    obs.tests.push_back({t["name"].str(), *status, t["duration_ns"].i64(), t["message"].str(),
                         t.raw().contains("source_line") ? static_cast<int>(t["source_line"].i64()) : 0});
  }
}

std::optional<rt::RootKind> parse_root_kind(std::string_view text) {
  for (rt::RootKind k : {rt::RootKind::global, rt::RootKind::frame, rt::RootKind::cleanup_list, rt::RootKind::finalizer,
                         rt::RootKind::channel, rt::RootKind::pinned})
    if (rt::to_string(k) == text) return k;
  return std::nullopt;
}

// Optional in gcmatrix.results/1: files written before retention snapshots
// existed read back with none.
void read_retention(const At& at, Observation& obs) {
  obs.retention_dropped = at["dropped"].u64();
  for (const At& s : at["snapshots"].items()) {
    rt::RetentionSnapshot snap;
    if (!rt::parse_retention_point(s["at"].str(), snap.at)) s["at"].fail("expected test_end, test_timeout or forced_gc");
    snap.subject = s["subject"].str();
    snap.vtime_ns = s["vtime_ns"].i64();
    snap.reachable_bytes = s["reachable_bytes"].u64();
    snap.reachable_objects = s["reachable_objects"].u64();
    snap.shared_bytes = s["shared_bytes"].u64();
    snap.shared_objects = s["shared_objects"].u64();
    for (const At& r : s["retainers"].items()) {
      const auto kind = parse_root_kind(r["kind"].str());
      if (!kind) r["kind"].fail("unknown root kind");
      snap.retainers.push_back(rt::Retainer{*kind, r["name"].str(), static_cast<std::uint32_t>(r["goid"].u64()),
                                            r["retained_bytes"].u64(), r["retained_objects"].u64(),
                                            static_cast<std::uint32_t>(r["count"].u64())});
      if (r["share_permille"].u64() != snap.share_permille(snap.retainers.back()))
        r["share_permille"].fail("contradicts retained_bytes and reachable_bytes");
    }
    for (const At& r : s["shared_by"].items()) {
      const auto kind = parse_root_kind(r["kind"].str());
      if (!kind) r["kind"].fail("unknown root kind");
      snap.shared_by.push_back(rt::Retainer{*kind, r["name"].str(), static_cast<std::uint32_t>(r["goid"].u64()), 0, 0,
                                            static_cast<std::uint32_t>(r["count"].u64())});
    }
    if (const std::vector<std::string> problems = snap.check(); !problems.empty()) s.fail(problems.front());
    obs.retention.push_back(std::move(snap));
  }
}

CaseResult read_case(const At& at, const RunResult& run, const Sweep* sweep) {
  CaseResult c;
  Observation& obs = c.obs;
  obs.profile = name_in_leg(at["profile"], LegName::profile);
  obs.workload = name_in_leg(at["workload"], LegName::workload);
  const ProfileInfo* profile = run.find_profile(obs.profile);
  if (!profile) at["profile"].fail("not listed in profiles");
  c.profile = *profile;
  obs.seed = at["seed"].u64();
  const At params = at["params"];
  if (!params.raw().is_object()) params.fail("expected an object");
  for (const auto& [key, value] : params.raw().items()) obs.params[key] = params[key].str();
  obs.claims = at["claims"].strings();
  read_checks(at["checks"], c, sweep);
  read_metrics_and_tests(at, obs);
  obs.summary = at["summary"].str();
  obs.events_digest = at["events_digest"].hex64();
  obs.event_count = at["event_count"].u64();
  obs.virtual_duration_ns = at["virtual_duration_ns"].i64();
  obs.source_file = at["source_file"].str();
  obs.source_line = static_cast<int>(at["source_line"].i64());
  if (at.raw().contains("observations")) {
    const At observations = at["observations"];
    if (!observations.raw().is_object()) observations.fail("expected an object");
    for (const auto& [key, value] : observations.raw().items()) obs.observations.emplace_back(key, observations[key].str());
  }
  if (at.has("retention")) read_retention(at["retention"], obs);
  return c;
}

void read_host(const At& at, RunResult& run) {
  run.host = {at["hostname"].str(), at["started_at"].str(), at["wall_ns"].i64(),
              at["cpu_ns"].i64(), at["peak_rss_bytes"].i64()};
  // One entry per case, in the order of "cases": the k-th entry naming a
  // profile and workload belongs to the k-th case of them (several seeds).
  std::map<std::pair<std::string, std::string>, std::vector<CaseResult*>> cases_of;
  for (CaseResult& c : run.cases) cases_of[{c.obs.profile, c.obs.workload}].push_back(&c);
  std::map<std::pair<std::string, std::string>, std::size_t> seen;
  for (const At& hc : at["cases"].items()) {
    const std::string profile = hc["profile"].str(), workload = hc["workload"].str();
    const auto it = cases_of.find({profile, workload});
    std::size_t& k = seen[{profile, workload}];
    if (it == cases_of.end()) hc.fail("no case " + profile + "/" + workload + " in cases");
    if (k >= it->second.size()) hc.fail("more host entries for " + profile + "/" + workload + " than cases");
    CaseResult* target = it->second[k++];
    for (const At& m : hc["metrics"].items())
      target->obs.host.push_back({m["name"].str(), m["value"].number(), m["unit"].str()});
  }
}

// "sweeps" (--seeds): the outcome distributions of each profile x workload,
// checked as Sweep::check() states them, and each rate text against its counts.
struct ReadSweep {
  std::shared_ptr<const Sweep> sweep;
  std::size_t index;  // in "sweeps", for messages
  bool used = false;
};
using SweepsByCase = std::map<std::pair<std::string, std::string>, ReadSweep>;

Sweep read_sweep(const At& at) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const At& r : at["seed_ranges"].items()) {
    if (r.array_size() != 2) r.fail("expected [first, last]");
    ranges.emplace_back(r[0].u64(), r[1].u64());
  }
  std::vector<std::pair<std::string, CheckTally>> checks;
  for (const At& c : at["checks"].items()) {
    const CheckTally t{c["runs"].u64(), c["passed"].u64(), c["unexpected"].u64()};
    if (t.passed <= t.runs && t.unexpected <= t.runs) {  // else check() names it
      if (c["rate"].str() != rate_text(t)) c["rate"].fail("contradicts runs and passed (expected \"" + rate_text(t) + "\")");
      if (c["summary"].str() != rate_sentence(t)) c["summary"].fail("contradicts runs and passed");
    }
    checks.emplace_back(c["name"].str(), t);
  }
  std::vector<std::pair<std::string, Histogram>> values;
  for (const At& h : at["histograms"].items()) {
    Histogram histogram;
    for (const At& v : h["values"].items())
      if (!histogram.emplace(v["value"].str(), v["seeds"].u64()).second) v["value"].fail("listed twice in this histogram");
    values.emplace_back(h["name"].str(), std::move(histogram));
  }
  Sweep sweep = Sweep::restored(at["seeds"].u64(), std::move(ranges), std::move(checks), std::move(values),
                                at["events_digest_sum"].hex64());
  if (const std::vector<std::string> problems = sweep.check(); !problems.empty()) at.fail(problems.front());
  if (sweep.seeds() == 0) at["seeds"].fail("a sweep of no seeds");
  return sweep;
}

SweepsByCase read_sweeps(const At& root) {
  SweepsByCase out;
  if (!root.has("sweeps")) return out;
  const std::vector<At> items = root["sweeps"].items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const At& s = items[i];
    std::pair<std::string, std::string> key{s["profile"].str(), s["workload"].str()};
    auto sweep = std::make_shared<const Sweep>(read_sweep(s));
    if (!out.emplace(key, ReadSweep{std::move(sweep), i}).second)
      s.fail("a second sweep of " + key.first + "/" + key.second + " (expected one per profile and workload)");
  }
  if (out.empty()) root["sweeps"].fail("empty (written only by a run with --seeds, one per case)");
  return out;
}

// The case's sweep, checked against the case; null when the run has none.
const Sweep* sweep_of_case(const At& at, SweepsByCase& sweeps, const std::string& profile, const std::string& workload,
                           std::uint64_t seed) {
  if (sweeps.empty()) return nullptr;
  const auto it = sweeps.find({profile, workload});
  if (it == sweeps.end()) at.fail("no sweep of " + profile + "/" + workload + " in sweeps (a run with --seeds has one per case)");
  if (it->second.used) at.fail("a second case of " + profile + "/" + workload + " in a sweep (expected one per profile and workload)");
  it->second.used = true;
  const Sweep& sweep = *it->second.sweep;
  if (sweep.seed_ranges().front().first != seed)
    at["seed"].fail("is " + std::to_string(seed) + ", but its sweep (sweeps[" + std::to_string(it->second.index) +
                    "]) starts at seed " + std::to_string(sweep.seed_ranges().front().first) + " (the case is its first seed's)");
  return &sweep;
}

void check_schema(const At& root) {
  if (!root.raw().is_object()) root.fail("not a gcmatrix results file (expected a JSON object)");
  if (!root.has("schema")) root.fail("not a gcmatrix results file (no \"schema\" key)");
  const std::string schema = root["schema"].str();
  if (schema == kResultsSchema) return;
  if (schema.starts_with("gcmatrix.results/"))
    root["schema"].fail("unsupported results schema '" + schema + "': this gcmatrix reads " +
                        std::string(kResultsSchema) + " only");
  root["schema"].fail("not a gcmatrix results file (schema '" + schema + "', expected " +
                      std::string(kResultsSchema) + ")");
}

RunResult read_run(const At& root) {
  check_schema(root);
  RunResult run;
  run.gcmatrix_version = root["gcmatrix_version"].str();
  run.seed = root["seed"].u64();
  for (const At& p : root["profiles"].items()) {
    const std::string family = p["family"].str();
    if (family != kFamilyDocumented && family != kFamilyObserved)
      p["family"].fail("expected documented or observed");
    run.profiles.push_back({name_in_leg(p["name"], LegName::profile), family, p["go"].str(), p["description"].str()});
  }
  for (const At& w : root["workloads"].items()) run.workloads.push_back(name_in_leg(w, LegName::workload));
  SweepsByCase sweeps = read_sweeps(root);
  for (const At& c : root["cases"].items()) {
    const Sweep* sweep = sweep_of_case(c, sweeps, c["profile"].str(), c["workload"].str(), c["seed"].u64());
    run.cases.push_back(read_case(c, run, sweep));
    if (sweep != nullptr) run.cases.back().sweep = sweeps.at({run.cases.back().obs.profile, run.cases.back().obs.workload}).sweep;
  }
  for (const auto& [key, s] : sweeps)
    if (!s.used) root["sweeps"][s.index].fail("no case " + key.first + "/" + key.second + " in cases");
  if (root.has("host")) read_host(root["host"], run);  // optional: del(.host) stays readable
  if (root.has("sweep_seed_range")) {  // written by a run with --seeds since 2026-12-04
    const At& r = root["sweep_seed_range"];
    if (r.array_size() != 2) r.fail("expected [first, last]");
    run.sweep_seed_range = std::pair{r[0].u64(), r[1].u64()};
    if (run.sweep_seed_range->first > run.sweep_seed_range->second) r.fail("first seed after the last");
    for (const CaseResult& c : run.cases)
      if (c.sweep && (c.sweep->seed_ranges().front().first < run.sweep_seed_range->first ||
                      c.sweep->seed_ranges().back().second > run.sweep_seed_range->second))
        r.fail("does not hold the seeds of " + c.obs.profile + "/" + c.obs.workload + "'s sweep");
  }
  run.digest_of_all_events = root["events_digest"].hex64();
  if (run.digest_of_all_events != digest_of_cases(run.cases))
    root["events_digest"].fail("does not match the cases' digests (edited or truncated file?)");
  return run;
}

}  // namespace

void write_results_json(const Sink& sink, const RunResult& run) {
  JsonStream out(sink);
  write_run(out, run);
}

std::string render_results_json(const RunResult& run) {
  std::string text;
  write_results_json([&text](std::string_view bytes) { text += bytes; }, run);
  return text;
}

void write_results_json(const std::filesystem::path& path, const RunResult& run) {
  write_file_atomically(path, [&run](const Sink& sink) { write_results_json(sink, run); });
}

RunResult results_from_json(const nlohmann::ordered_json& doc, std::string_view source_name) {
  const std::string source(source_name);
  return read_run(At(doc, "", source));
}

RunResult parse_results_json(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  json root;
  try {
    root = parse_json_input(text, source, "invalid JSON");
  } catch (const JsonInputError& e) {
    throw ResultsError(e.what());
  }
  return read_run(At(root, "", source));
}

RunResult read_results_json(const std::filesystem::path& path) {
  try {
    return parse_results_json(read_json_input(path, "results file"), path.string());
  } catch (const JsonInputError& e) {
    throw ResultsError(e.what());
  }
}

}  // namespace gcm::report
