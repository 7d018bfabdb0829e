// phase_checks.cpp — Runtime::check_phase_end() of asserting builds: the
// invariant checkers (Heap, Scheduler, finalizer queue) at GC end and test
// end, failing loudly with the values (TigerBeetle: assertions that run;
// mimalloc: internal checks in debug builds). Release builds have none.
#include "runtime/runtime.hpp"

#ifndef NDEBUG
#include <cstdio>
#include <cstdlib>

namespace gcm::rt {

void Runtime::check_phase_end(const char* phase) const {
  const std::vector<std::string> problems = check_invariants();
  if (problems.empty()) return;
  std::fprintf(stderr, "gcmatrix: invariant broken at %s (vtime %lld ns, event %zu):\n", phase,
               static_cast<long long>(now_ns()), events_.size());
  for (const std::string& p : problems) std::fprintf(stderr, "  %s\n", p.c_str());
  std::abort();
}

}  // namespace gcm::rt
#endif
