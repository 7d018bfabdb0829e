// trace_writer.hpp — one Observation's events as a Chrome trace-event JSON
// file (chrome://tracing, Perfetto). Main entries: render_trace(),
// write_trace(), trace_file_name().
//
// Why: the comparison table says *that* a case leaked or timed out; the trace
// shows *when* — tests as slices on their goroutine, GC cycles, the live heap
// counter, and flow arrows from each event to its cause (cause_seq). Built
// from events only, so a trace is as deterministic as the events: virtual
// time, integer formatting, fixed key order, no host figure.
//
// What is written (pid 1; tid = goid, 0 = the runtime):
//  - thread names for the runtime and for every goroutine that has something
//    in the trace (a goroutine with no traced event would be an empty track);
//  - tests as "X" slices (cat "test"; args: the test_start fields and seq);
//  - GC cycles as "X" slices named "GC <cycle> (<trigger>)" on tid 0 (cat
//    "gc"; args: marked_bytes, freed_bytes, mark_ns, gc_cpu_percent, and
//    limiter / finalizers_queued / cleanups_queued only when non-zero — the
//    rest is in the name, the duration or a counter track);
//  - counter tracks heap_live_bytes (at each gc_start and gc_end),
//    heap_goal_bytes and gc_cpu_percent, a sample only when the value
//    differs from the counter's previous sample (a step function: lossless);
//  - instants (cat "event"; args: subject, fields, seq) and flows ("cause"
//    arrows from cause_seq, the "cascade" mark -> timeout -> abort).
// Strings are escaped for JSON; bytes that are not UTF-8 become U+FFFD.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "report/atomic_write.hpp"
#include "workloads/observation.hpp"

namespace gcm::report {

// {"traceEvents":[…],"displayTimeUnit":"ms"}; ts/dur in virtual microseconds
// with 3 decimals. One event per line so diffs of two traces stay readable.
std::string render_trace(const workloads::Observation& obs);

// "<profile>__<workload>.json"; characters outside [A-Za-z0-9._-] become '_'
// (a profile may be a YAML path).
std::string trace_file_name(const workloads::Observation& obs);
// The same name from a case's profile and workload, before it has run (the
// plan's cases, listed in the --out manifest at the start).
std::string trace_file_name(std::string_view profile, std::string_view workload);

// Writes render_trace(obs) to `path` atomically, streaming it (no second
// whole-file copy). Per thread, the working memory of the largest trace so
// far is kept for the next call.
void write_trace(const std::filesystem::path& path, const workloads::Observation& obs,
                 Durability durability = Durability::machine_crash);

}  // namespace gcm::report
