// registry.cpp — every workload, in the article's order (§1 → §4.3).
#include <algorithm>
#include <stdexcept>

#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

const std::vector<Workload>& registry() {
  static const std::vector<Workload> all = [] {
    std::vector<Workload> v;
    for (const Workload* w : {
             &cleanup_capture_workload(),
             &foreign_goroutine_cleanup_workload(), &loopvar_capture_workload(), &goroutine_leak_workload(),
             &cleanup_vs_finalizer_workload(),
             &explicit_recycle_workload(),
             &context_cleanup_workload(),
             &subtest_sandbox_workload(), &bench_reuse_workload(),
             &suite_cleanup_workload(), &timeout_cascade_workload()})
      v.push_back(*w);
    return v;
  }();
  return all;
}

const Workload* find_workload(std::string_view name) {
  for (const Workload& w : registry())
    if (w.name == name) return &w;
  return nullptr;
}

std::vector<std::string> workload_names() {
  std::vector<std::string> names;
  for (const Workload& w : registry()) names.push_back(w.name);
  return names;
}

Registry Registry::builtins() {
  Registry r;
  for (const Workload& w : registry()) r.all_.push_back(w);
  return r;
}

void Registry::add(Workload w) {
  if (find(w.name) != nullptr) throw std::invalid_argument("workload name '" + w.name + "' is already taken");
  all_.push_back(std::move(w));
}

const Workload* Registry::find(std::string_view name) const noexcept {
  for (const Workload& w : all_)
    if (w.name == name) return &w;
  return nullptr;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> names;
  for (const Workload& w : all_) names.push_back(w.name);
  return names;
}

}  // namespace gcm::workloads
