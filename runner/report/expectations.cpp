// expectations.cpp — strict YAML loading (yaml-cpp) and stable rewriting.
#include "report/expectations.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "input/bounded_read.hpp"
#include "input/escape.hpp"
#include "input/input_error.hpp"
#include "input/yaml_document.hpp"
#include "report/atomic_write.hpp"

namespace gcm::report {
namespace {

// Reads one document, turning every problem into an ExpectationsError that
// points at the offending node.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view key_path,
                         std::string_view message) const {
    std::ostringstream out;
    out << source_;
    if (!mark.is_null()) out << ':' << mark.line + 1 << ':' << mark.column + 1;
    out << ": ";
    if (!key_path.empty()) out << key_path << ": ";
    out << message;
    throw ExpectationsError(input::escape_for_terminal(out.str()));  // names and values are the file's
  }

  // The pairs of a mapping node, each key a non-empty scalar, no key twice.
  // yaml-cpp keeps both pairs of a duplicate key, so we compare them here.
  std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& node,
                                                          std::string_view key_path,
                                                          std::string_view what) const {
    if (!node.IsMap()) fail(node.Mark(), key_path, "expected a mapping of " + std::string(what));
    std::vector<std::pair<std::string, YAML::Node>> out;
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      const YAML::Node& key = kv.first;
      if (!key.IsScalar() || key.Scalar().empty())
        fail(key.Mark(), key_path, "expected a non-empty " + std::string(what) + " name as key");
      auto [it, inserted] = seen.emplace(key.Scalar(), key.Mark());
      if (!inserted)
        fail(key.Mark(), key_path,
             "duplicate key '" + key.Scalar() + "' (first at line " +
                 std::to_string(it->second.line + 1) + ")");
      out.emplace_back(key.Scalar(), kv.second);
    }
    return out;
  }

  Expected outcome(const YAML::Node& value, std::string_view key_path) const {
    if (value.IsScalar()) {
      if (value.Scalar() == "pass") return Expected::pass;
      if (value.Scalar() == "fail") return Expected::fail;
      fail(value.Mark(), key_path, "unknown value '" + value.Scalar() + "' (expected pass or fail)");
    }
    fail(value.Mark(), key_path, "expected pass or fail");
  }

  Expectations document(const YAML::Node& root) const {
    Expectations result;
    if (!root.IsMap()) fail(root.Mark(), "", "expected a mapping with the key 'profiles'");
    const auto top = entries(root, "", "top-level key");
    for (const auto& [key, value] : top) {
      if (key != "profiles") fail(value.Mark(), key, "unknown key (expected 'profiles')");
      for (const auto& [profile, workloads] : entries(value, "profiles", "profile"))
        result.profiles[profile] = workload_map(workloads, "profiles." + profile);
    }
    if (top.empty()) fail(root.Mark(), "", "missing key 'profiles'");
    return result;
  }

 private:
  Expectations::Workloads workload_map(const YAML::Node& node, const std::string& path) const {
    Expectations::Workloads out;
    for (const auto& [workload, checks] : entries(node, path, "workload")) {
      const std::string wpath = path + "." + workload;
      Expectations::Checks& dest = out[workload];
      for (const auto& [check, value] : entries(checks, wpath, "check"))
        dest[check] = outcome(value, wpath + "." + check);
    }
    return out;
  }

  std::string source_;
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

Expectations parse_expectations(std::string_view yaml, std::string_view source_name) {
  Reader reader(source_name);
  input::ParsedYaml parsed;
  try {
    parsed = input::parse_yaml(yaml, source_name);  // bounded: yaml_document.hpp
  } catch (const input::InputError& e) {
    throw ExpectationsError(e.what());
  }
  if (parsed.documents > 1)
    reader.fail(parsed.second_root_mark, "", "a second YAML document (expected one per file)");
  return reader.document(parsed.first);
}

Expectations load_expectations(const std::filesystem::path& path) {
  try {
    return parse_expectations(input::read_input_file(path, "expectations file"), path.string());
  } catch (const input::InputError& e) {
    throw ExpectationsError(e.what());
  }
}

bool Expectations::has_case(std::string_view profile, std::string_view workload) const noexcept {
  const auto p = profiles.find(std::string(profile));
  return p != profiles.end() && p->second.find(std::string(workload)) != p->second.end();
}

CaseResult apply(const Expectations& expectations, workloads::Observation obs,
                 ProfileInfo profile, bool default_params) {
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
    result.outcomes.push_back(parsed ? judge(c.name, c.passed, *parsed) : report_only(c.name, c.passed));
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
