// cascade.hpp — why tests timed out or never ran, as a causal chain read from
// one case's events only. Main entries: explain_cascade(),
// render_cascade_text(), render_cascade_markdown().
//
// Why: "TestOrders07 timed out; 13 tests not run" names the victim, not the
// culprit. The chain walks the events backwards to the article's story
// (§4.3, A22/O7/O11): a marker that keeps growing (the leak), the live heap
// and GC work that follow it (pressure), the deadline, the abort, and the
// tests lost with the binary. Every figure comes from an event or from the
// case's retention snapshots (the root that retains the most, by dominator
// tree), so the text is as deterministic as the run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workloads/observation.hpp"

namespace gcm::report {

struct CascadeStep {
  std::string label;  // leak, retainer, pressure, deadline, abort, lost
  std::string text;   // one line
};

struct Cascade {
  std::string title;  // "timeout-cascade @ go1.22-observed, seed 1"
  std::vector<CascadeStep> steps;
};

// A chain for a case where a test timed out or was not run; nullopt otherwise
// (or when the case has no events). Steps without evidence are left out.
std::optional<Cascade> explain_cascade(const workloads::Observation& obs);

// The title, then one indented "label    text" line per step.
std::string render_cascade_text(const Cascade& c);

// cascade.md: a heading per case, the steps as a list; a sentence when empty.
std::string render_cascade_markdown(const std::vector<Cascade>& cascades);

}  // namespace gcm::report
