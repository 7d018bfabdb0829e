// params.cpp — strict parsing of workload parameters.
#include "workloads/params.hpp"

#include <charconv>

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
    std::int64_t v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc{} || ptr != end)
      throw ParamError("workload " + workload + ": parameter " + name + ": '" + text + "' is not an integer");
    if (v < spec->min_value || v > spec->max_value)
      throw ParamError("workload " + workload + ": parameter " + name + ": " + text + " is out of range (expected " +
                       std::to_string(spec->min_value) + ".." + std::to_string(spec->max_value) + " " + spec->unit +
                       ")");
    p.set(name, v);
  }
  return p;
}

}  // namespace gcm::workloads
