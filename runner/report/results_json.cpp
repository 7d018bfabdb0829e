// results_json.cpp — RunResult <-> results.json (nlohmann::ordered_json).
#include "report/results_json.hpp"

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "report/atomic_write.hpp"
#include "report/sweep.hpp"
#include "report/test_status.hpp"
#include "runtime/events.hpp"

namespace gcm::report {
namespace {

using json = nlohmann::ordered_json;
using workloads::Observation;

// ---- writing ---------------------------------------------------------------

json check_json(const workloads::Check& c, const CheckOutcome& o) {
  json j{{"name", c.name},         {"passed", c.passed},
         {"expected", to_string(o.expected)}, {"as_expected", o.as_expected},
         {"message", c.message},   {"claims", c.claims}};
  // Written only where they apply, so a run of C++ workloads is unchanged.
  if (!o.gated) j["gated"] = false;
  if (c.source_line != 0) j["source_line"] = c.source_line;
  return j;
}

json retention_json(const Observation& obs) {
  json snapshots = json::array();
  for (const rt::RetentionSnapshot& snap : obs.retention) {
    json retainers = json::array();
    for (const rt::Retainer& r : snap.retainers)
      retainers.push_back(json{{"kind", std::string(rt::to_string(r.kind))}, {"name", r.name}, {"count", r.count}, {"goid", r.goid},
                               {"retained_bytes", r.retained_bytes}, {"retained_objects", r.retained_objects},
                               {"share_permille", snap.share_permille(r)}});
    json shared_by = json::array();
    for (const rt::Retainer& r : snap.shared_by)
      shared_by.push_back(json{{"kind", std::string(rt::to_string(r.kind))}, {"name", r.name}, {"count", r.count}, {"goid", r.goid}});
    snapshots.push_back(json{{"at", rt::to_string(snap.at)},
                             {"subject", snap.subject},
                             {"vtime_ns", snap.vtime_ns},
                             {"reachable_bytes", snap.reachable_bytes},
                             {"reachable_objects", snap.reachable_objects},
                             {"shared_bytes", snap.shared_bytes},
                             {"shared_objects", snap.shared_objects},
                             {"retainers", retainers},
                             {"shared_by", shared_by}});
  }
  return json{{"dropped", obs.retention_dropped}, {"snapshots", snapshots}};
}

json case_json(const CaseResult& c) {
  const Observation& obs = c.obs;
  json checks = json::array();
  for (std::size_t i = 0; i < obs.checks.size() && i < c.outcomes.size(); ++i)
    checks.push_back(check_json(obs.checks[i], c.outcomes[i]));
  json metrics = json::array();
  for (const workloads::Metric& m : obs.metrics)
    metrics.push_back(json{{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
  json tests = json::array();
  for (const workloads::EmulatedTest& t : obs.tests) {
    json test{{"name", t.name}, {"status", status_name(t.status)}, {"duration_ns", t.duration_ns}, {"message", t.message}};
    if (t.source_line != 0) test["source_line"] = t.source_line;  // scenarios only
    tests.push_back(std::move(test));
  }
  json params = json::object();
  for (const auto& [k, v] : obs.params) params[k] = v;
  json out{{"profile", obs.profile},          {"workload", obs.workload},
              {"seed", obs.seed},                {"params", params},
              {"claims", obs.claims},            {"checks", checks},
              {"metrics", metrics},              {"tests", tests},
              {"summary", obs.summary},          {"events_digest", rt::hex64(obs.events_digest)},
              {"event_count", obs.event_count},  {"virtual_duration_ns", obs.virtual_duration_ns},
              {"source_file", obs.source_file},  {"source_line", obs.source_line},
              {"retention", retention_json(obs)}};
  // A scenario's observations in canonical form; absent for C++ workloads,
  // so their results stay byte-identical.
  if (!obs.observations.empty()) {
    json observations = json::object();
    for (const auto& [name, value] : obs.observations) observations[name] = value;
    out["observations"] = observations;
  }
  if (!c.gated() && !c.outcomes.empty()) out["gated"] = false;
  return out;
}

json host_json(const RunResult& run) {
  json cases = json::array();
  for (const CaseResult& c : run.cases) {
    json metrics = json::array();
    for (const workloads::HostMetric& m : c.obs.host)
      metrics.push_back(json{{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
    cases.push_back(
        json{{"profile", c.obs.profile}, {"workload", c.obs.workload}, {"metrics", metrics}});
  }
  const HostProcess& h = run.host;
  return json{{"hostname", h.hostname}, {"started_at", h.started_at}, {"wall_ns", h.wall_ns},
              {"cpu_ns", h.cpu_ns},     {"peak_rss_bytes", h.peak_rss_bytes},
              {"cases", cases}};
}

// ---- reading ---------------------------------------------------------------

// A JSON value with the path that led to it, so every error can say where.
class At {
 public:
  At(const json& value, std::string path, const std::string& source)
      : v_(value), path_(std::move(path)), source_(source) {}

  [[noreturn]] void fail(std::string_view message) const {
    throw ResultsError(source_ + ": " + (path_.empty() ? "" : path_ + ": ") + std::string(message));
  }

  At operator[](std::string_view key) const {
    if (!v_.is_object()) fail("expected an object");
    auto it = v_.find(key);
    const std::string sub = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    if (it == v_.end()) At(v_, sub, source_).fail("missing");
    return At(*it, sub, source_);
  }
  bool has(std::string_view key) const { return v_.is_object() && v_.contains(key); }

  std::vector<At> items() const {
    if (!v_.is_array()) fail("expected an array");
    std::vector<At> out;
    for (std::size_t i = 0; i < v_.size(); ++i)
      out.emplace_back(v_[i], path_ + "[" + std::to_string(i) + "]", source_);
    return out;
  }
  std::string str() const {
    if (!v_.is_string()) fail("expected a string");
    return v_.get<std::string>();
  }
  bool boolean() const {
    if (!v_.is_boolean()) fail("expected true or false");
    return v_.get<bool>();
  }
  std::int64_t i64() const {
    if (!v_.is_number_integer()) fail("expected an integer");
    if (v_.is_number_unsigned() && v_.get<std::uint64_t>() > INT64_MAX) fail("integer too large");
    return v_.get<std::int64_t>();
  }
  std::uint64_t u64() const {
    if (!v_.is_number_unsigned()) fail("expected a non-negative integer");
    return v_.get<std::uint64_t>();
  }
  double number() const {
    if (!v_.is_number()) fail("expected a number");
    return v_.get<double>();
  }
  std::uint64_t hex64() const {
    const std::string s = str();
    std::uint64_t out = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
    if (s.size() != 16 || ec != std::errc{} || end != s.data() + s.size())
      fail("expected 16 lowercase hex digits");
    return out;
  }
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (const At& item : items()) out.push_back(item.str());
    return out;
  }
  const json& raw() const { return v_; }

 private:
  const json& v_;
  std::string path_;
  const std::string& source_;
};

void read_checks(const At& at, CaseResult& c) {
  for (const At& item : at.items()) {
    workloads::Check check{item["name"].str(), item["passed"].boolean(), item["message"].str(),
                           item["claims"].strings()};
    const auto expected = parse_expected(item["expected"].str());
    if (!expected) item["expected"].fail("expected pass, fail or missing");
    if (item.raw().contains("source_line")) check.source_line = static_cast<int>(item["source_line"].i64());
    const bool gated = !item.raw().contains("gated") || item["gated"].boolean();
    CheckOutcome o = gated ? judge(check.name, check.passed, *expected) : report_only(check.name, check.passed);
    if (o.as_expected != item["as_expected"].boolean())
      item["as_expected"].fail("contradicts passed and expected");
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

CaseResult read_case(const At& at, const RunResult& run) {
  CaseResult c;
  Observation& obs = c.obs;
  obs.profile = at["profile"].str();
  obs.workload = at["workload"].str();
  const ProfileInfo* profile = run.find_profile(obs.profile);
  if (!profile) at["profile"].fail("not listed in profiles");
  c.profile = *profile;
  obs.seed = at["seed"].u64();
  const At params = at["params"];
  if (!params.raw().is_object()) params.fail("expected an object");
  for (const auto& [key, value] : params.raw().items()) obs.params[key] = params[key].str();
  obs.claims = at["claims"].strings();
  read_checks(at["checks"], c);
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
  for (const At& hc : at["cases"].items()) {
    const std::string profile = hc["profile"].str(), workload = hc["workload"].str();
    CaseResult* target = nullptr;
    for (CaseResult& c : run.cases)
      if (c.obs.profile == profile && c.obs.workload == workload) target = &c;
    if (!target) hc.fail("no case " + profile + "/" + workload + " in cases");
    for (const At& m : hc["metrics"].items())
      target->obs.host.push_back({m["name"].str(), m["value"].number(), m["unit"].str()});
  }
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
    run.profiles.push_back({p["name"].str(), family, p["go"].str(), p["description"].str()});
  }
  run.workloads = root["workloads"].strings();
  for (const At& c : root["cases"].items()) run.cases.push_back(read_case(c, run));
  if (root.has("host")) read_host(root["host"], run);  // optional: del(.host) stays readable
  run.digest_of_all_events = root["events_digest"].hex64();
  if (run.digest_of_all_events != digest_of_cases(run.cases))
    root["events_digest"].fail("does not match the cases' digests (edited or truncated file?)");
  return run;
}

}  // namespace

// --seeds: each profile × workload's outcome distributions (sweep.hpp).
json sweeps_json(const RunResult& run) {
  json out = json::array();
  for (const CaseResult& c : run.cases) {
    if (!c.sweep) continue;
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
    out.push_back(json{{"profile", c.profile.name}, {"workload", c.obs.workload}, {"seeds", sweep->seeds()},
                       {"seed_ranges", ranges}, {"events_digest_sum", rt::hex64(sweep->digest_sum())},
                       {"checks", checks}, {"histograms", histograms}});
  }
  return out;
}

nlohmann::ordered_json results_to_json(const RunResult& run) {
  json profiles = json::array();
  for (const ProfileInfo& p : run.profiles)
    profiles.push_back(json{{"name", p.name}, {"family", p.family}, {"go", p.go},
                            {"description", p.description}});
  json cases = json::array();
  for (const CaseResult& c : run.cases) cases.push_back(case_json(c));
  json out{{"schema", kResultsSchema},
              {"gcmatrix_version", run.gcmatrix_version},
              {"seed", run.seed},
              {"events_digest", rt::hex64(run.digest_of_all_events)},
              {"profiles", profiles},
              {"workloads", run.workloads},
              {"cases", cases},
              {"host", host_json(run)}};
  if (std::any_of(run.cases.begin(), run.cases.end(), [](const CaseResult& c) { return c.sweep != nullptr; }))
    out["sweeps"] = sweeps_json(run);  // absent without --seeds: older readers unchanged
  return out;
}

std::string render_results_json(const RunResult& run) {
  // replace: a workload message with invalid UTF-8 must not abort the report.
  return results_to_json(run).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void write_results_json(const std::filesystem::path& path, const RunResult& run) {
  write_file_atomically(path, render_results_json(run));
}

RunResult parse_results_json(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    throw ResultsError(source + ": invalid JSON: " + e.what());
  }
  return read_run(At(root, "", source));
}

RunResult read_results_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResultsError(path.string() + ": cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_results_json(text.str(), path.string());
}

}  // namespace gcm::report
