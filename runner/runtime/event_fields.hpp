// event_fields.hpp — the one declaration of every event kind's fields: a
// payload struct per kind, its fields' units, and the serialised order.
// Main entries: EventLog::emit(payload, …) (events.hpp) and ev::read<P>().
//
// Why: fields used to be string keys written at each emit and read back by
// `e.field("…")`; a renamed key silently read 0 (issue 12). Now a field is a
// member: a misspelt one does not compile, and its key is the member's name
// (GCM_EVENT_FIELD stringises it), so key and member cannot drift apart.
// The table order is the serialised order: canonical_line() and the digest
// see exactly the pairs the old literal lists produced.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <string_view>

#include "runtime/event_kind.hpp"

namespace gcm::rt {

// What a field's integer counts; units are also last in the names (STYLE.md).
enum class Unit : std::uint8_t {
  count,    // a number of things (objects, cycles, calls)
  bytes,    // bytes of the emulated heap
  ns,       // virtual nanoseconds
  id,       // an object id or goroutine id (0 = none)
  index,    // a position (cleanup slot, nesting depth)
  flag,     // 0 or 1
  percent,  // 0…100
  code,     // an enum's underlying value (gotest::TestStatus)
};

// One field of payload P: its serialised key, the member holding it, its unit.
template <typename P>
struct FieldDef {
  const char* key;
  std::int64_t P::*member;
  Unit unit;
};

// {"name", &P::name, Unit::unit}: the key is the member's own name.
#define GCM_EVENT_FIELD(P, name, unit) ::gcm::rt::FieldDef<P>{#name, &P::name, ::gcm::rt::Unit::unit}

namespace ev {

// A kind with no fields: the subject (and cause) say everything.
template <EventKind K>
struct Bare {
  static constexpr EventKind kind = K;
  static constexpr std::array<FieldDef<Bare>, 0> fields() { return {}; }
};

// A kind whose one field is the object it concerns (Go: the pointer passed
// to SetFinalizer / AddCleanup, or a global's value).
template <EventKind K>
struct OnObject {
  static constexpr EventKind kind = K;
  std::int64_t object = 0;  // object id, 0 = nil
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(OnObject, object, id)}; }
};

// ---- runtime ----

struct AllocBurst {  // allocations since the last event (one event per run of allocations)
  static constexpr EventKind kind = EventKind::alloc_burst;
  std::int64_t objects = 0;          // objects allocated in the burst
  std::int64_t bytes = 0;            // their emulated bytes
  std::int64_t heap_live_bytes = 0;  // after the burst
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(AllocBurst, objects, count), GCM_EVENT_FIELD(AllocBurst, bytes, bytes),
                      GCM_EVENT_FIELD(AllocBurst, heap_live_bytes, bytes)};
  }
};

struct GcStart {  // subject: the trigger ("heap", "runtime.GC", "hook:…")
  static constexpr EventKind kind = EventKind::gc_start;
  std::int64_t cycle = 0;             // this cycle's number, from 1
  std::int64_t heap_live_bytes = 0;   // when the cycle started
  std::int64_t heap_goal_bytes = 0;   // the goal it was triggered against; -1 = none (GOGC=off, no limit)
  std::int64_t trigger_alloc_id = 0;  // the allocation that crossed the goal, 0 = not an allocation
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(GcStart, cycle, count), GCM_EVENT_FIELD(GcStart, heap_live_bytes, bytes),
                      GCM_EVENT_FIELD(GcStart, heap_goal_bytes, bytes), GCM_EVENT_FIELD(GcStart, trigger_alloc_id, id)};
  }
};

struct GcEnd {  // subject: the trigger; cause: its gc_start
  static constexpr EventKind kind = EventKind::gc_end;
  std::int64_t cycle = 0;              // the cycle's number, from 1
  std::int64_t marked_objects = 0;     // reached by mark
  std::int64_t marked_bytes = 0;
  std::int64_t freed_objects = 0;      // swept
  std::int64_t freed_bytes = 0;
  std::int64_t heap_live_bytes = 0;    // after the cycle
  std::int64_t heap_live_objects = 0;  // after the cycle
  std::int64_t heap_goal_bytes = 0;    // the goal the next cycle paces to; -1 = none
  std::int64_t pause_ns = 0;           // stop-the-world part
  std::int64_t mark_ns = 0;            // mark work
  std::int64_t gc_ns = 0;              // the whole cycle: the clock advanced by it, gc_start → gc_end
  std::int64_t gc_cpu_percent = 0;     // the pacer's GC CPU share after the cycle
  std::int64_t limiter = 0;            // the GC CPU limiter was engaged
  std::int64_t finalizers_queued = 0;  // by this cycle
  std::int64_t cleanups_queued = 0;    // by this cycle
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(GcEnd, cycle, count),          GCM_EVENT_FIELD(GcEnd, marked_objects, count),
                      GCM_EVENT_FIELD(GcEnd, marked_bytes, bytes),   GCM_EVENT_FIELD(GcEnd, freed_objects, count),
                      GCM_EVENT_FIELD(GcEnd, freed_bytes, bytes),    GCM_EVENT_FIELD(GcEnd, heap_live_bytes, bytes),
                      GCM_EVENT_FIELD(GcEnd, heap_live_objects, count), GCM_EVENT_FIELD(GcEnd, heap_goal_bytes, bytes),
                      GCM_EVENT_FIELD(GcEnd, pause_ns, ns),          GCM_EVENT_FIELD(GcEnd, mark_ns, ns),
                      GCM_EVENT_FIELD(GcEnd, gc_ns, ns),             GCM_EVENT_FIELD(GcEnd, gc_cpu_percent, percent),
                      GCM_EVENT_FIELD(GcEnd, limiter, flag),         GCM_EVENT_FIELD(GcEnd, finalizers_queued, count),
                      GCM_EVENT_FIELD(GcEnd, cleanups_queued, count)};
  }
};

using FinalizerSet = OnObject<EventKind::finalizer_set>;        // subject: the finalizer's label
using FinalizerQueued = OnObject<EventKind::finalizer_queued>;  // cause: the gc_start that found it
using FinalizerRun = OnObject<EventKind::finalizer_run>;        // cause: its finalizer_queued
using CleanupQueued = OnObject<EventKind::cleanup_queued>;      // cause: the gc_start that found it
using CleanupRun = OnObject<EventKind::cleanup_run>;            // cause: its cleanup_queued
using GlobalSet = OnObject<EventKind::global_set>;              // subject: the global's name

struct FinalizerDiscarded {  // A15: associations/queued calls dropped at test end
  static constexpr EventKind kind = EventKind::finalizer_discarded;
  std::int64_t discarded = 0;   // calls dropped
  std::int64_t min_object = 0;  // objects from this id on were the test's
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(FinalizerDiscarded, discarded, count),
                      GCM_EVENT_FIELD(FinalizerDiscarded, min_object, id)};
  }
};

struct GoroutineStart {  // subject: the goroutine's label; goid of the event: its parent's
  static constexpr EventKind kind = EventKind::goroutine_start;
  std::int64_t goid = 0;    // the new goroutine
  std::int64_t parent = 0;  // the goroutine that started it
  std::int64_t system = 0;  // a runtime goroutine (the finalizer goroutine)
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(GoroutineStart, goid, id), GCM_EVENT_FIELD(GoroutineStart, parent, id),
                      GCM_EVENT_FIELD(GoroutineStart, system, flag)};
  }
};

using GoroutineEnd = Bare<EventKind::goroutine_end>;      // subject: its label
using GoroutinePanic = Bare<EventKind::goroutine_panic>;  // subject: the panic message
using GoroutineBlock = Bare<EventKind::goroutine_block>;  // subject: the wait reason
using Deadlock = Bare<EventKind::deadlock>;

struct FrameRelease {  // subject: the frame's label
  static constexpr EventKind kind = EventKind::frame_release;
  std::int64_t slots = 0;  // root slots dropped
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(FrameRelease, slots, count)}; }
};

struct Hook {  // subject: the hook point's name
  static constexpr EventKind kind = EventKind::hook;
  std::int64_t armed = 0;  // the profile runs a GC here
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(Hook, armed, flag)}; }
};

// ---- testing (gotest/) ----

struct TestStart {  // subject: the test's name
  static constexpr EventKind kind = EventKind::test_start;
  std::int64_t depth = 0;  // 0 = top-level test, 1 = subtest
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(TestStart, depth, index)}; }
};

struct TestBodyReturn {
  static constexpr EventKind kind = EventKind::test_body_return;
  std::int64_t panicked = 0;  // the body panicked
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(TestBodyReturn, panicked, flag)}; }
};

struct TestCleanupRegister {  // subject: the cleanup's label
  static constexpr EventKind kind = EventKind::test_cleanup_register;
  std::int64_t index = 0;    // its slot in the test's cleanup list
  std::int64_t foreign = 0;  // registered from a goroutine other than the test's (A8)
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(TestCleanupRegister, index, index),
                      GCM_EVENT_FIELD(TestCleanupRegister, foreign, flag)};
  }
};

struct TestCleanupRun {  // subject: the cleanup's label; cause: its registration
  static constexpr EventKind kind = EventKind::test_cleanup_run;
  std::int64_t index = 0;  // its slot in the test's cleanup list
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(TestCleanupRun, index, index)}; }
};

struct TestCleanupRejected {  // subject: the test's name
  static constexpr EventKind kind = EventKind::test_cleanup_rejected;
  std::int64_t late = 0;     // after the test completed (O3)
  std::int64_t foreign = 0;  // from a goroutine other than the test's (A8)
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(TestCleanupRejected, late, flag),
                      GCM_EVENT_FIELD(TestCleanupRejected, foreign, flag)};
  }
};

struct TestContextCancel {  // subject: the test's name
  static constexpr EventKind kind = EventKind::test_context_cancel;
  std::int64_t before_cleanups = 0;  // O9 (Go 1.24+): cancelled before the cleanups run
  static constexpr auto fields() { return std::array{GCM_EVENT_FIELD(TestContextCancel, before_cleanups, flag)}; }
};

struct TestEnd {  // subject: the test's name
  static constexpr EventKind kind = EventKind::test_end;
  std::int64_t status = 0;       // gotest::TestStatus
  std::int64_t duration_ns = 0;  // test_start → test_end
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(TestEnd, status, code), GCM_EVENT_FIELD(TestEnd, duration_ns, ns)};
  }
};

struct TestTimeout {  // subject: the test running when the alarm fired
  static constexpr EventKind kind = EventKind::test_timeout;
  std::int64_t limit_ns = 0;  // the limit that fired
  std::int64_t ran_ns = 0;    // how long that test had run
  std::int64_t per_test = 0;  // 1: a per-test limit; 0: the binary's one -timeout alarm (O7)
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(TestTimeout, limit_ns, ns), GCM_EVENT_FIELD(TestTimeout, ran_ns, ns),
                      GCM_EVENT_FIELD(TestTimeout, per_test, flag)};
  }
};

using TestNotRun = Bare<EventKind::test_not_run>;    // subject: the test's name; cause: the abort
using TestLog = Bare<EventKind::test_log>;           // subject: "<test>: <line>"
using BinaryAbort = Bare<EventKind::binary_abort>;   // subject: the reason (O7 timeout, O8 panic)

struct Mark {  // a workload's own marker; subject: "<what> grows"
  static constexpr EventKind kind = EventKind::mark;
  std::int64_t bytes = 0;    // what it grew by
  std::int64_t cleared = 0;  // the workload clears it each test
  static constexpr auto fields() {
    return std::array{GCM_EVENT_FIELD(Mark, bytes, bytes), GCM_EVENT_FIELD(Mark, cleared, flag)};
  }
};

}  // namespace ev
}  // namespace gcm::rt
