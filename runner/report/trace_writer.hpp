// trace_writer.hpp — one Observation's events as a Chrome trace-event JSON
// file (chrome://tracing, Perfetto). Main entries: render_trace(),
// write_trace(), trace_file_name().
//
// Why: the comparison table says *that* a case leaked or timed out; the trace
// shows *when* — tests as slices on their goroutine, GC cycles, the live heap
// counter, and flow arrows from each event to its cause (cause_seq). Built
// from events only, so a trace is as deterministic as the events: virtual
// time, integer formatting, fixed key order, no host figure.
#pragma once

#include <filesystem>
#include <string>

#include "workloads/observation.hpp"

namespace gcm::report {

// {"traceEvents":[…],"displayTimeUnit":"ms"}; pid 1, tid = goid (0 = the
// runtime: GC slices and counters), ts/dur in virtual microseconds with 3
// decimals. One event per line so diffs of two traces stay readable.
std::string render_trace(const workloads::Observation& obs);

// "<profile>__<workload>.json"; characters outside [A-Za-z0-9._-] become '_'
// (a profile may be a YAML path).
std::string trace_file_name(const workloads::Observation& obs);

// Writes render_trace(obs) to `path` atomically.
void write_trace(const std::filesystem::path& path, const workloads::Observation& obs);

}  // namespace gcm::report
