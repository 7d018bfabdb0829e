// events.hpp — the typed, append-only event log of one emulated run, and its
// stable digest. Main entries: EventLog::emit(), EventLog::digest().
//
// Reports and traces are built from events only (ARCHITECTURE.md), so every
// lifecycle step of every layer is an event here: the vocabulary is shared.
// Determinism: events are a pure function of (profile, workload, parameters,
// seed); no host figure ever enters an event.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

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

// Event fields are (static key, value) pairs; keys are string literals so the
// log stays cheap. Text goes in `subject`.
struct EventField {
  const char* key;
  std::int64_t value;
};

struct Event {
  std::uint64_t seq;        // position in the log, from 1
  std::int64_t vtime_ns;    // virtual time
  std::uint32_t goid;       // goroutine that caused it (0 = the runtime/scheduler)
  EventKind kind;
  std::string subject;      // test name, hook name, object label…
  std::vector<EventField> fields;
  std::uint64_t cause_seq;  // the event that caused this one, 0 = none

  std::int64_t field(std::string_view key, std::int64_t fallback = 0) const noexcept;
  bool has_field(std::string_view key) const noexcept;
};

class EventLog {
 public:
  static constexpr std::size_t kEventsMax = 4'000'000;  // a limit on everything (TigerBeetle)

  std::uint64_t emit(std::int64_t vtime_ns, std::uint32_t goid, EventKind kind, std::string subject,
                     std::initializer_list<EventField> fields = {}, std::uint64_t cause_seq = 0);
  const std::vector<Event>& events() const noexcept { return events_; }
  std::size_t size() const noexcept { return events_.size(); }
  bool overflowed() const noexcept { return dropped_ != 0; }
  std::uint64_t dropped() const noexcept { return dropped_; }

  // xxHash3-64 over the canonical serialisation (canonical_line of each event).
  std::uint64_t digest() const;
  static std::string canonical_line(const Event& e);

 private:
  std::vector<Event> events_;
  std::uint64_t dropped_ = 0;
};

std::string hex64(std::uint64_t v);

}  // namespace gcm::rt
