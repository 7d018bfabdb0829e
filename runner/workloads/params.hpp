// params.hpp — a workload's named integer parameters: specs with validated
// ranges, and their resolution from `--param k=v` strings.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gcm::workloads {

struct ParamSpec {
  std::string name;             // "keys"
  std::int64_t default_value;
  std::int64_t min_value;
  std::int64_t max_value;
  std::string unit;             // "count", "MiB", "s", …
  std::string help;
};

class Params {
 public:
  std::int64_t get(const std::string& name) const;  // throws std::out_of_range for an undeclared name
  void set(const std::string& name, std::int64_t v) { values_[name] = v; }
  const std::map<std::string, std::int64_t>& values() const noexcept { return values_; }
  std::map<std::string, std::string> as_strings() const;

 private:
  std::map<std::string, std::int64_t> values_;
};

struct ParamError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Defaults, overridden by `raw` (name → text). Unknown names, non-integers
// and values out of range are a ParamError naming workload, parameter and range.
Params resolve_params(const std::string& workload, const std::vector<ParamSpec>& specs,
                      const std::map<std::string, std::string>& raw);

}  // namespace gcm::workloads
