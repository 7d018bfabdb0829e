// matrix_file.cpp — see matrix_file.hpp.
#include "cli/matrix_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "cli/plan.hpp"
#include "input/numbers.hpp"
#include "policy/node_reader.hpp"
#include "policy/quote.hpp"
#include "yamlio/document.hpp"

namespace gcm::cli {

namespace fs = std::filesystem;

namespace {


std::vector<std::string> all_or_list(const yamlio::Reader& r, const policy::Field& f) {
  if (f.value.IsScalar() && f.value.Scalar() == "all") return {};
  std::vector<std::string> names = r.string_list(f, "'all' or a list of names");
  // An empty list would select everything (the plan's "none given"):
  // 'all' says that; [] is more likely a list that lost its entries.
  if (names.empty()) r.fail_expected(f, "an empty list", "'all' or a list of at least one name");
  return names;
}

// `seeds: [1, 2, 3]`: one case per seed, run in ascending order (the order
// a merge of legs restores, report/case_order.hpp); `seeds: A..B`: a sweep.
void read_seeds(const yamlio::Reader& reader, const policy::Field& f, MatrixFile& m) {
  m.seeds.clear();
  if (f.value.IsScalar() && f.value.Scalar().find("..") != std::string::npos) {
    const auto range = parse_seed_range_text(f.value.Scalar());
    if (const std::string* problem = std::get_if<std::string>(&range)) reader.fail(f, *problem);
    m.seed_range = std::get<SeedRange>(range);
    m.seed_range_where = f.where;
    m.seeds = {m.seed_range->first};
    return;
  }
  for (const std::string& s : reader.string_list(f, "a list of seeds, or a range A..B")) {
    const std::optional<std::uint64_t> seed = input::parse_unsigned(s);
    if (!seed) reader.fail(f, policy::quote(s) + " is not a seed (expected a decimal integer 0.." +
                                  std::to_string(UINT64_MAX) + ")");
    m.seeds.push_back(*seed);
  }
  if (m.seeds.empty()) reader.fail(f, "no seeds (expected at least one)");
  std::sort(m.seeds.begin(), m.seeds.end());  // n log n: a list may hold 10^5 seeds
  if (const auto twice = std::adjacent_find(m.seeds.begin(), m.seeds.end()); twice != m.seeds.end())
    reader.fail(f, policy::quote(std::to_string(*twice)) + " is listed twice (expected each seed once)");
}

}  // namespace

MatrixFile read_matrix_text(std::string_view text, const std::string& path) {
  MatrixFile m;
  const yamlio::Reader reader(path);
  try {
    // Bounded parse, one map document, no duplicate keys (yamlio/document.hpp).
    const YAML::Node root = yamlio::read_document(reader, std::string(text),
                                                  {"matrix", "a map with profiles, workloads, seeds, params, scenarios"});
    const policy::Field doc = yamlio::Reader::root_field(root);
    for (const policy::Field& f : reader.map_fields(doc, "a map")) {
      if (f.key == "profiles") {
        m.profiles = all_or_list(reader, f);
      } else if (f.key == "workloads") {
        m.workloads = all_or_list(reader, f);
      } else if (f.key == "seeds") {
        read_seeds(reader, f, m);
      } else if (f.key == "params") {
        for (const policy::Field& w : reader.map_fields(f, "a map: workload -> {param: value}")) {
          m.params_workload_where[w.key] = {w.key_where, w.key_path};
          for (const policy::Field& p : reader.map_fields(w, "a map: param -> value")) {
            m.params[w.key][p.key] = reader.text(p, "an integer");
            m.params_where[w.key][p.key] = {p.where, p.key_path};
          }
        }
      } else if (f.key == "scenarios") {
        const fs::path base = fs::path(path).parent_path();
        for (const std::string& s : reader.string_list(f, "a list of scenario files or folders"))
          m.scenarios.push_back(fs::path(s).is_absolute() ? s : (base / s).string());
      } else {
        reader.fail_unknown_key(f, {"profiles", "workloads", "seeds", "params", "scenarios"});
      }
    }
  } catch (const policy::ProfileError& e) {
    throw ConfigError(e.what());
  }
  return m;
}

MatrixFile read_matrix(const std::string& path) {
  try {
    return read_matrix_text(yamlio::read_text_file(path, "matrix file"), path);  // bounded read (yamlio/document.hpp)
  } catch (const policy::ProfileError& e) {
    throw ConfigError(e.what());
  }
}

}  // namespace gcm::cli
