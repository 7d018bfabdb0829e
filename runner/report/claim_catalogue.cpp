// claim_catalogue.cpp — the short form of docs/claims.md.
#include "report/claim_catalogue.hpp"

#include <algorithm>

namespace gcm::report {

const std::vector<ClaimLine>& claim_catalogue() {
  static const std::vector<ClaimLine> lines{
      {"A1", "article §1", "t.Cleanup only calls its functions: no lifetime change, no GC, no cut references"},
      {"A2", "article §1", "the test's frame keeps its locals alive until its cleanups have run"},
      {"A3", "article §1", "every Set returns a new root; an old root still held keeps its whole tree"},
      {"A4", "article §1", "remedy: m = nil where the scope allows; runtime.GC() only to verify"},
      {"A5", "article §2.1", "trie child pointers are strong, nil children are not traced, no cycles"},
      {"A6", "article §2.2", "cleanups run last-in-first-out after the test returns, also after a panic"},
      {"A7", "article §2.2", "each (parallel) test has its own cleanup queue, drained when it ends"},
      {"A8", "article §2.2", "t.Cleanup from another goroutine panics or is dropped"},
      {"A9", "article §2.3", "goroutines in `for i` that capture i all see the last value"},
      {"A10", "article §2.4", "1,000 sleeping goroutines holding 1 MiB each keep ~1000 MiB, MemStats shows it"},
      {"A11", "article §2.5", "go1.20: cleanups first; no finalizer runs during a test"},
      {"A12", "article §2.5", "go1.22: cleanups first, a finalizer may slip in through a tiny window"},
      {"A13", "article §2.5", "go1.23: cleanups strictly first; the finalizer never runs"},
      {"A14", "article §2.5", "go1.20 may, very rarely, show one finalization (contradicts A11)"},
      {"A15", "article §2.5", "after the test completes, the GC drops pending finalizers"},
      {"A16", "article §2.5", "the experiment runs with GOGC=off and explicit runtime.GC()"},
      {"A17", "article §3.1", "explicit recycling: walk, nil the pointers, pool the nodes"},
      {"A18", "article §3.2", "a context-aware cleanup releases on Done and records why"},
      {"A19", "article §3.3", "a fresh trie per subtest leaks nothing between subtests"},
      {"A20", "article §4.1", "Clear() keeps the node pool: fewer bytes per iteration than New()"},
      {"A21", "article §4.2", "a suite-level cleanup runs once at the end, so per-test resources pile up"},
      {"A22", "article §4.3", "a never-cleared cache holds the heap, GC slows tests past their 60 s limit"},
      {"A23", "article §4.4", "cleanup assertions from a small DSL become t.Cleanup wrappers per test"},
      {"O1", "real Go", "cleanups run LIFO after the test and its subtests, also after panics; none skipped"},
      {"O2", "real Go", "the test's frame is gone when its cleanups run; only captures keep objects"},
      {"O3", "real Go", "t.Cleanup works from any goroutine while the test runs; after it, silently never"},
      {"O4", "real Go", "finalizers run later on one goroutine, also during tests; runtime.GC does not wait"},
      {"O5", "real Go", "loop variables are per iteration from go.mod `go 1.22`, shared before"},
      {"O6", "real Go", "since 1.20, t.Run inside a cleanup panics"},
      {"O7", "real Go", "-timeout is one alarm for the binary: it panics, skips cleanups and later tests"},
      {"O8", "real Go", "a panic in a test's goroutine kills the binary; no cleanup runs"},
      {"O9", "real Go", "1.24: t.Context cancelled before cleanups, runtime.AddCleanup; 1.25: concurrent"},
      {"O10", "real Go", "heap goal = live + (live + roots) × GOGC/100, 4 MiB minimum; GOMEMLIMIT soft"},
      {"O11", "real Go", "no 'GC overhead limit' in Go: a leak grows or, under GOMEMLIMIT, slows to -timeout"},
      {"O12", "real Go", "Go's own HashTrieMap: internal/concurrent (1.23) → internal/sync (1.24)"},
      {"O13", "real Go", "each P's current tiny block survives the next GC: 99 or 100 of 100 finalized"},
      {"O14", "real Go", "the finalizer goroutine runs on another P while the test keeps running"},
      {"O15", "real Go", "shared loop variables race: 2–3 % of runs see an earlier value"},
  };
  return lines;
}

const ClaimLine* claim_statement(std::string_view id) {
  const auto& lines = claim_catalogue();
  auto it = std::find_if(lines.begin(), lines.end(), [id](const ClaimLine& l) { return l.id == id; });
  return it == lines.end() ? nullptr : &*it;
}

}  // namespace gcm::report
