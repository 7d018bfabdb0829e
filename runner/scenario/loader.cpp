// loader.cpp — the top level of a scenario file: identity, globals, tests,
// observations, checks; the steps are step_reader.cpp's.
#include "scenario/loader.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "policy/quote.hpp"
#include "policy/source.hpp"
#include "scenario/check_reader.hpp"
#include "scenario/limits.hpp"
#include "scenario/step_reader.hpp"
#include "yamlio/document.hpp"

namespace gcm::scenario {

namespace fs = std::filesystem;
using policy::quote;

namespace {

constexpr std::string_view kRootExpected = "a map with scenario, description, tests, observe, checks";

const std::vector<std::string>& top_keys() {
  static const std::vector<std::string> keys{"scenario", "description", "go",      "claims",
                                             "globals",  "tests",       "observe", "checks"};
  return keys;
}

Field item(const Field& list, std::size_t i) { return NodeReader::item(list, i); }

const Field& sequence(const NodeReader& r, const Field& f, std::size_t max, std::string_view what) {
  if (!f.value.IsSequence()) r.fail_expected(f, "got " + policy::describe_node(f.value), "a list of " + std::string(what));
  if (f.value.size() > max)
    r.fail_expected(f, std::to_string(f.value.size()) + " " + std::string(what),
                    "at most " + std::to_string(max) + " " + std::string(what));
  return f;
}

void read_identity(const NodeReader& r, const KeyedMap& root, Scenario& s) {
  const Field& name = root.need("scenario", "the scenario's name, [a-z0-9-]+");
  s.name = r.text(name, "a name");
  s.name_where = name.where;
  if (const std::string problem = name_problem(s.name, NameKind::scenario); !problem.empty()) r.fail(name, problem);
  const Field& description = root.need("description", "one line saying what the scenario asks");
  s.description = r.text(description, "a description");
  if (s.description.size() > kDescriptionCharsMax)
    r.fail_expected(description, std::to_string(s.description.size()) + " characters", "at most 2000 characters");
  if (const Field* go = root.get("go")) {
    const std::string v = r.text(*go, "a go.mod version, 1.<minor>, e.g. \"1.22\"");
    const auto minor = policy::go_minor(v);
    if (!minor || *minor < kGoModMinorMin || *minor > kGoModMinorMax)
      r.fail_expected(*go, quote(v) + " is not a Go version",
                      "a go.mod version from 1." + std::to_string(kGoModMinorMin) + " to 1." + std::to_string(kGoModMinorMax) + ", e.g. \"1.22\"");
    s.go_minor = *minor;
  }
  if (const Field* claims = root.get("claims")) {
    for (std::size_t i = 0; i < sequence(r, *claims, 64, "claim IDs").value.size(); ++i) {
      const Field c = item(*claims, i);
      const std::string id = r.text(c, "a claim ID");
      if (const std::string problem = name_problem(id, NameKind::claim); !problem.empty()) r.fail(c, problem);
      s.claims.push_back(id);
    }
  }
}

void read_globals(const NodeReader& r, const Field& f, Scenario& s) {
  for (std::size_t i = 0; i < sequence(r, f, kGlobalsMax, "globals").value.size(); ++i) {
    const Field g = item(f, i);
    const KeyedMap m(r, g, {"var", "slice"}, "a map {var: NAME, slice: {}}");
    const Field& var = m.need("var", "the global's name");
    const std::string n = r.text(var, "a name");
    if (const std::string problem = name_problem(n, NameKind::variable); !problem.empty()) r.fail(var, problem);
    for (const Global& other : s.globals)
      if (other.name == n) r.fail(var, quote(n) + " is declared twice (expected each global once)");
    (void)KeyedMap(r, m.need("slice", "slice: {} (a global slice of references)"), {}, "an empty map {}", true);
    s.globals.push_back(Global{n, Where{g.key_path, g.where}});
  }
}

void read_tests(const NodeReader& r, const Field& f, StepReader& steps, Scenario& s) {
  sequence(r, f, kTestsMax, "tests");
  if (f.value.size() == 0) r.fail_expected(f, "no tests", "at least one test");
  std::vector<Field> bodies;
  for (std::size_t i = 0; i < f.value.size(); ++i) {  // names first: observations may name a later test
    const Field t = item(f, i);
    const KeyedMap m(r, t, {"name", "steps"}, "a map {name: TestX, steps: [...]}");
    const Field& name = m.need("name", "the test's name, TestX");
    const std::string n = r.text(name, "a name");
    if (const std::string problem = name_problem(n, NameKind::test); !problem.empty()) r.fail(name, problem);
    for (const Test& other : s.tests)
      if (other.name == n) r.fail(name, quote(n) + " is declared twice (expected each test once)");
    s.tests.push_back(Test{n, Where{t.key_path, t.where}, 0});
    bodies.push_back(m.need("steps", "a list of steps"));
  }
  for (std::size_t i = 0; i < bodies.size(); ++i) s.tests[i].body = steps.read_body(bodies[i], s.tests[i].name);
}

void read_observations(const NodeReader& r, const Field& f, StepReader& steps, Scenario& s) {
  for (std::size_t i = 0; i < sequence(r, f, kObservationsMax, "observations").value.size(); ++i) {
    const Field o = item(f, i);
    Observe obs = steps.read_observe(o, true);
    for (const Observe& other : s.observe)
      if (other.name == obs.name)
        r.fail(o, quote(obs.name) + " is observed twice (expected each top-level observation once)");
    s.observe.push_back(std::move(obs));
  }
}

}  // namespace

Scenario parse_scenario(std::string_view yaml_text, std::string path) {
  const NodeReader r(path);
  const std::string nesting_expected =
      "at most " + std::to_string(kBodyDepthMax) + " cleanup/go/run bodies inside one another";
  const YAML::Node root = yamlio::read_document(r, yaml_text, {"scenario", kRootExpected, kYamlNestingMax, nesting_expected});
  Scenario s;
  s.path = std::move(path);
  const Field doc = NodeReader::root_field(root);
  s.document_where = doc.where;
  const KeyedMap top(r, doc, top_keys(), kRootExpected);
  read_identity(r, top, s);
  if (const Field* globals = top.get("globals")) read_globals(r, *globals, s);
  StepReader steps(r, s);
  read_tests(r, top.need("tests", "a list of tests"), steps, s);
  if (const Field* observe = top.get("observe")) read_observations(r, *observe, steps, s);
  if (const Field* checks = top.get("checks")) read_checks(r, sequence(r, *checks, kChecksMax, "checks"), steps, s);
  s.work = steps.work();
  return s;
}

// Through the bounded read (input/bounded_read.hpp): a FIFO or device is
// refused by name, never read (a FIFO with no writer blocked here before), and
// the size bound is checked while reading.
Scenario load_scenario_file(const fs::path& path) {
  return parse_scenario(yamlio::read_text_file(path, "scenario file", kFileBytesMax), path.string());
}

std::vector<fs::path> scenario_files(const fs::path& file_or_dir) {
  std::error_code ec;
  const fs::file_status status = fs::status(file_or_dir, ec);
  if (!fs::exists(status))
    throw yamlio::LocatedError(file_or_dir.string(), Location{}, "(file)", "no such file or folder (expected a scenario file or a folder of them)");
  // Anything but a folder is read as a file: load_scenario_file() refuses a
  // FIFO or a device by name ("is a FIFO") rather than calling it missing.
  if (!fs::is_directory(status)) return {file_or_dir};
  // Every entry named *.yaml or *.yml but hidden ones (.name.yaml: an
  // editor's or a tool's, as `ls` hides them), whatever it is: one that is
  // not a regular file (a dangling link, a FIFO, a folder) is refused by
  // load_scenario_file() as it would be given by name, never skipped (a
  // scenario left out is a gate dropped without a word).
  std::vector<fs::path> out;
  for (const fs::directory_entry& e : fs::directory_iterator(file_or_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    if (e.path().extension() == ".yaml" || e.path().extension() == ".yml") out.push_back(e.path());
  }
  if (ec)
    throw yamlio::LocatedError(file_or_dir.string(), Location{}, "(file)", "cannot be listed: " + ec.message() + " (expected a readable folder)");
  std::sort(out.begin(), out.end());
  if (out.empty())
    throw yamlio::LocatedError(file_or_dir.string(), Location{}, "(file)", "a folder without *.yaml or *.yml files (expected scenario files in it)");
  return out;
}

}  // namespace gcm::scenario
