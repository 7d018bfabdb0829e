// retention_summary.hpp — the retention snapshots of a case (runtime/
// retention.hpp) as people read them: the snapshot at the peak, its largest
// retainers in one line, the shared part and who shares it. Main entries:
// peak_retention(), retention_line(), retainer_label(), shared_text().
//
// Used by the terminal summary, report.html and the cascade explanation, so
// that all three name a retainer the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/retention.hpp"
#include "workloads/observation.hpp"

namespace gcm::report {

// The snapshot with the largest reachable heap (the earliest on ties);
// nullptr when the case has none.
const rt::RetentionSnapshot* peak_retention(const workloads::Observation& obs);

// The snapshot taken for `test` at `at` (the last one if several); nullptr if none.
const rt::RetentionSnapshot* retention_at(const workloads::Observation& obs, rt::RetentionPoint at,
                                          const std::string& test);

// "`orderCache` (global)", "frame `TestFoo` (g7)", "finalizer queue";
// several roots of one name: "frame `worker` ×1000 goroutines", "`res` (global) ×10".
std::string retainer_label(const rt::Retainer& r);

// Per mille as a percentage with one decimal: 873 -> "87.3%".
std::string permille_text(std::uint32_t permille);

// "at TestOrders08 end: 58.1 MiB reachable; `orderCache` (global) 94.6%,
// frame `TestOrders08` (g9) 0.1%; shared 0.2%" — the `top` largest retainers,
// and the shared part placed by its size among them ("…; shared 99.9% (by …);
// frame `TestCapture.runCleanup` (g4) 0.0%" when two roots share nearly all).
std::string retention_line(const rt::RetentionSnapshot& snap, int top);

// "shared 99.9% (by frame `TestCapture` (g4) and cleanup list `TestCapture.cleanups`)":
// the part no single root retains, and the roots that reach it (four named).
std::string shared_text(const rt::RetentionSnapshot& snap);

}  // namespace gcm::report
