// expectations.cpp — strict loading (the yamlio/ toolkit) and stable rewriting.
#include "report/expectations.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <set>

#include "input/quote.hpp"
#include "report/atomic_write.hpp"
#include "yamlio/document.hpp"

namespace gcm::report {
namespace {

constexpr std::string_view kRootExpected = "a map with the key profiles";
constexpr std::string_view kProfilesExpected = "a map: profile -> workload -> check -> pass | fail";
constexpr std::string_view kWorkloadsExpected = "a map: workload -> check -> pass | fail";
constexpr std::string_view kChecksExpected = "a map: check -> pass | fail";
constexpr std::string_view kOutcomeExpected = "pass or fail";

// The schema of the file on the shared YAML toolkit (yamlio/): located
// errors, unknown keys with did-you-mean; duplicate keys and the document
// itself were checked by yamlio::read_document. Profile names (go1.22) are
// keys here, so key paths keep dotted names: profiles.go1.22.w.c.
class Reader {
 public:
  explicit Reader(std::string_view source) : reader_(std::string(source), yamlio::KeyWords::dotted_names) {}

  Expectations document(std::string_view yaml) const {
    const YAML::Node root = yamlio::read_document(reader_, yaml, {"expectations table", kRootExpected});
    const yamlio::Field doc = yamlio::Reader::root_field(root);
    const std::vector<yamlio::Field> top = reader_.map_fields(doc, kRootExpected);
    for (const yamlio::Field& field : top)
      if (field.key != "profiles") reader_.fail_unknown_key(field, {"profiles"});
    if (top.empty()) reader_.fail_missing_key(doc, "profiles", kProfilesExpected);
    return read_profiles(top.front());  // duplicate keys were refused: the one key
  }

 private:
  Expectations read_profiles(const yamlio::Field& profiles) const {
    Expectations result;
    for (const yamlio::Field& profile : reader_.map_fields(profiles, kProfilesExpected)) {
      Expectations::Workloads& workloads = result.profiles[profile.key];
      for (const yamlio::Field& workload : reader_.map_fields(profile, kWorkloadsExpected)) {
        Expectations::Checks& checks = workloads[workload.key];
        for (const yamlio::Field& check : reader_.map_fields(workload, kChecksExpected))
          checks[check.key] = outcome(check);
      }
    }
    return result;
  }

  Expected outcome(const yamlio::Field& field) const {
    const std::string spelled = reader_.text(field, kOutcomeExpected);
    if (spelled == "pass") return Expected::pass;
    if (spelled == "fail") return Expected::fail;
    reader_.fail_expected(field, "unknown value " + input::quote(spelled), kOutcomeExpected);
  }

  yamlio::Reader reader_;
};

// Plain YAML scalars we emit unquoted; anything else is double-quoted so no
// name can turn into a different type, a comment or a flow indicator.
bool plain_safe(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return false;
  static const std::set<std::string, std::less<>> kReserved{
      "true", "false", "yes", "no", "on", "off", "null", "True", "False", "Yes", "No",
      "On", "Off", "Null", "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "NULL", "y", "n", "Y", "N"};
  return !kReserved.contains(s);
}

std::string yaml_key(std::string_view s) {
  if (plain_safe(s)) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

constexpr std::string_view kHeader =
    "# Expected outcome of every check, per profile and workload.\n"
    "# Rewritten by `gcmatrix --update-expectations` (sorted; entries for profiles\n"
    "# and workloads not in that run are kept). Review every change in the diff.\n"
    "#   pass: the check must pass under this profile\n"
    "#   fail: the check must fail (the anti-pattern leaks under this profile)\n"
    "# A check without an entry fails the run: \"no expectation recorded\".\n";

}  // namespace

Expected Expectations::find(std::string_view profile, std::string_view workload,
                            std::string_view check) const noexcept {
  auto p = profiles.find(std::string(profile));
  if (p == profiles.end()) return Expected::missing;
  auto w = p->second.find(std::string(workload));
  if (w == p->second.end()) return Expected::missing;
  auto c = w->second.find(std::string(check));
  return c == w->second.end() ? Expected::missing : c->second;
}

// The toolkit's LocatedError becomes this layer's ExpectationsError, the
// message unchanged.
Expectations parse_expectations(std::string_view yaml, std::string_view source_name) {
  try {
    return Reader(source_name).document(yaml);
  } catch (const yamlio::LocatedError& e) {
    throw ExpectationsError(e.what());
  }
}

Expectations load_expectations(const std::filesystem::path& path) {
  std::string text;
  try {
    text = yamlio::read_text_file(path, "expectations file");  // bounded: a FIFO never blocks
  } catch (const yamlio::LocatedError& e) {
    throw ExpectationsError(e.what());
  }
  return parse_expectations(text, path.string());
}

bool Expectations::has_case(std::string_view profile, std::string_view workload) const noexcept {
  const auto p = profiles.find(std::string(profile));
  return p != profiles.end() && p->second.find(std::string(workload)) != p->second.end();
}

CaseResult apply(const Expectations& expectations, workloads::Observation obs,
                 ProfileInfo profile, bool default_params, bool must_be_recorded) {
  CaseResult result{std::move(obs), std::move(profile), {}, nullptr};
  result.outcomes.reserve(result.obs.checks.size());
  const bool recorded = default_params && expectations.has_case(result.profile.name, result.obs.workload);
  for (const workloads::Check& c : result.obs.checks) {
    if (recorded) {
      result.outcomes.push_back(judge(c.name, c.passed, expectations.find(result.profile.name, result.obs.workload, c.name)));
      continue;
    }
    const auto inline_expect = c.expect.find(result.profile.family);
    const auto parsed = inline_expect == c.expect.end() ? std::nullopt : parse_expected(inline_expect->second);
    if (parsed)
      result.outcomes.push_back(judge(c.name, c.passed, *parsed));
    else if (must_be_recorded && default_params)
      result.outcomes.push_back(judge(c.name, c.passed, Expected::missing));
    else
      result.outcomes.push_back(report_only(c.name, c.passed));
  }
  return result;
}

std::vector<std::string> stale_expectations(const Expectations& expectations,
                                            const RunResult& run) {
  std::vector<std::string> stale;
  for (const CaseResult& c : run.cases) {
    auto p = expectations.profiles.find(c.profile.name);
    if (p == expectations.profiles.end()) continue;
    auto w = p->second.find(c.obs.workload);
    if (w == p->second.end()) continue;
    for (const auto& [check, expected] : w->second) {
      bool emitted = false;
      for (const workloads::Check& k : c.obs.checks) emitted = emitted || k.name == check;
      if (!emitted) stale.push_back(c.profile.name + "/" + c.obs.workload + "/" + check);
    }
  }
  return stale;
}

Expectations merge_run(Expectations base, const RunResult& run) {
  for (const CaseResult& c : run.cases) {
    Expectations::Checks checks;
    for (const workloads::Check& k : c.obs.checks)
      checks[k.name] = k.passed ? Expected::pass : Expected::fail;
    auto& workloads = base.profiles[c.profile.name];
    if (checks.empty()) {
      workloads.erase(c.obs.workload);  // an empty mapping would only be noise
    } else {
      workloads[c.obs.workload] = std::move(checks);
    }
  }
  return base;
}

std::string render_expectations(const Expectations& expectations) {
  std::string out(kHeader);
  if (expectations.profiles.empty()) return out + "profiles: {}\n";
  out += "profiles:\n";
  for (const auto& [profile, workloads] : expectations.profiles) {
    if (workloads.empty()) {
      out += "  " + yaml_key(profile) + ": {}\n";
      continue;
    }
    out += "  " + yaml_key(profile) + ":\n";
    for (const auto& [workload, checks] : workloads) {
      if (checks.empty()) {
        out += "    " + yaml_key(workload) + ": {}\n";
        continue;
      }
      out += "    " + yaml_key(workload) + ":\n";
      for (const auto& [check, expected] : checks)
        out += "      " + yaml_key(check) + ": " + to_string(expected) + "\n";
    }
  }
  return out;
}

void write_expectations(const std::filesystem::path& path, const RunResult& run) {
  Expectations base;
  if (std::filesystem::exists(path)) base = load_expectations(path);
  write_file_atomically(path, render_expectations(merge_run(std::move(base), run)));
}

}  // namespace gcm::report
