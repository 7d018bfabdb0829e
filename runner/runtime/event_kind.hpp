// event_kind.hpp — the vocabulary of the event log: one kind per lifecycle
// step of every layer. Main entry: to_string(EventKind), the serialised name.
// Each kind's fields are declared once, in event_fields.hpp.
#pragma once

#include <cstdint>
#include <string_view>

namespace gcm::rt {

enum class EventKind : std::uint8_t {
  // runtime
  alloc_burst,        // allocations since the last event: count, bytes
  gc_start,           // trigger, heap_live_bytes, heap_goal_bytes
  gc_end,             // objects_marked, bytes_freed, live after, pause_ns, mark_ns
  finalizer_set,      // object
  finalizer_queued,   // object
  finalizer_run,      // object
  finalizer_discarded,  // A15: associations/queued calls dropped at test end
  cleanup_queued,     // runtime.AddCleanup function queued (object freed)
  cleanup_run,        // runtime.AddCleanup function ran
  goroutine_start,    // new goroutine: id, parent
  goroutine_end,
  goroutine_panic,    // a panic escaped a goroutine
  goroutine_block,    // parked: reason
  deadlock,           // nothing runnable, no timer
  frame_release,      // a frame's roots dropped
  global_set,         // a global root assigned
  hook,               // a named GC hook point fired
  // testing (gotest/)
  test_start,
  test_body_return,
  test_cleanup_register,
  test_cleanup_run,
  test_cleanup_rejected,  // foreign/late registration panicked or was ignored
  test_context_cancel,
  test_end,           // passed / failed / skipped
  test_timeout,
  test_not_run,
  test_log,
  binary_abort,       // the emulated test binary died (timeout O7, goroutine panic O8)
  mark,               // a workload's own marker (e.g. "cache grows")
};

std::string_view to_string(EventKind kind) noexcept;

}  // namespace gcm::rt
