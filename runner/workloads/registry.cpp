// registry.cpp — every workload, in the article's order (§1 → §4.3).
#include <algorithm>

#include "workloads/registry_entries.hpp"

namespace gcm::workloads {

const std::vector<Workload>& registry() {
  static const std::vector<Workload> all = [] {
    std::vector<Workload> v;
    for (const Workload* w : {
#ifdef GCMATRIX_HAVE_TRIE_WORKLOADS
             &cleanup_capture_workload(),
#endif
             &foreign_goroutine_cleanup_workload(), &loopvar_capture_workload(), &goroutine_leak_workload(),
             &cleanup_vs_finalizer_workload(),
#ifdef GCMATRIX_HAVE_TRIE_WORKLOADS
             &explicit_recycle_workload(),
#endif
             &context_cleanup_workload(),
#ifdef GCMATRIX_HAVE_TRIE_WORKLOADS
             &subtest_sandbox_workload(), &bench_reuse_workload(),
#endif
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

}  // namespace gcm::workloads
