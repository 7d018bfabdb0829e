// html_report.hpp — report.html: one self-contained page (inline CSS and
// SVG; no scripts, no external files). Main entry: render_html().
//
// Contents: the comparison table; the timeout cascades (cascade.hpp); then per
// workload a plot of the live heap after each GC over virtual time with one
// line per profile (observed profiles dashed), a row of GC-cycle ticks per
// profile and a cross where a test timed out, and the largest retainers at
// each profile's peak (retention_summary.hpp) — so that one page shows why a
// cascade happened under one profile and not under another.
//
// Why self-contained: CI uploads it as an artifact that must open offline.
// Built from the RunResult, its events and retention snapshots only, so it
// is byte-identical between runs (no host figure).
#pragma once

#include <string>

#include "report/run_result.hpp"

namespace gcm::report {

std::string render_html(const RunResult& run);

}  // namespace gcm::report
