// params.cpp — strict parsing of workload parameters.
#include "workloads/params.hpp"

#include <algorithm>

#include <optional>
#include <stdexcept>

#include "input/numbers.hpp"

namespace gcm::workloads {

std::int64_t Params::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::out_of_range("workload parameter not declared: " + name);
  return it->second;
}

std::map<std::string, std::string> Params::as_strings() const {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : values_) out[k] = std::to_string(v);
  return out;
}

static std::string allowed(const std::vector<ParamSpec>& specs) {
  std::string s;
  for (const ParamSpec& p : specs) s += (s.empty() ? "" : ", ") + p.name;
  return s.empty() ? "none" : s;
}

Params resolve_params(const std::string& workload, const std::vector<ParamSpec>& specs,
                      const std::map<std::string, std::string>& raw) {
  Params p;
  for (const ParamSpec& s : specs) p.set(s.name, s.default_value);
  for (const auto& [name, text] : raw) {
    const ParamSpec* spec = nullptr;
    for (const ParamSpec& s : specs)
      if (s.name == name) spec = &s;
    if (spec == nullptr)
      throw ParamError("workload " + workload + ": unknown parameter '" + name + "' (expected one of: " +
                       allowed(specs) + ")");
    // Every declared range is non-negative: digits only, no sign (numbers.hpp).
    if (spec->min_value < 0) throw std::logic_error("parameter " + name + ": declared with a negative minimum");
    const std::optional<std::uint64_t> parsed = input::parse_unsigned(text, INT64_MAX);
    const auto range = [&] {
      return " (expected " + std::to_string(spec->min_value) + ".." + std::to_string(spec->max_value) + " " + spec->unit + ")";
    };
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!parsed && digits)  // an integer, past what any range declares (2^63 and beyond)
      throw ParamError("workload " + workload + ": parameter " + name + ": " + text + " is out of range" + range());
    if (!parsed)
      throw ParamError("workload " + workload + ": parameter " + name + ": '" + text + "' is not an integer");
    const auto v = static_cast<std::int64_t>(*parsed);
    if (v < spec->min_value || v > spec->max_value)
      throw ParamError("workload " + workload + ": parameter " + name + ": " + text + " is out of range" + range());
    p.set(name, v);
  }
  return p;
}

}  // namespace gcm::workloads
