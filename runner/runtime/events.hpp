// events.hpp — the typed, append-only event log of one emulated run, and its
// stable digest. Main entries: EventLog::emit(), EventLog::digest().
//
// Reports and traces are built from events only (ARCHITECTURE.md), so every
// lifecycle step of every layer is an event here: the vocabulary is shared.
// Determinism: events are a pure function of (profile, workload, parameters,
// seed); no host figure ever enters an event.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/chunked_vector.hpp"
#include "runtime/event_fields.hpp"
#include "runtime/event_kind.hpp"

namespace gcm::rt {

// Event fields are (static key, value) pairs, written only by EventLog::emit
// from a payload's FieldDef table (event_fields.hpp), so keys are the table's
// string literals and the log stays cheap. Text goes in `subject`.
struct EventField {
  const char* key;
  std::int64_t value;
};

// An event's fields: a view of a run of EventField that its log stores (a
// field arena of the EventLog, never moved, freed with the log), or that a
// caller building an Event by hand keeps alive.
//
// Why not a std::vector per event: every emit allocated one (and every
// event freed one), 24 bytes in the event plus a heap block rounded to its
// size class. The view is 16 bytes and the fields of 4,096 events' worth
// share one block.
class EventFields {
 public:
  EventFields() noexcept = default;
  EventFields(const EventField* data, std::size_t size) noexcept
      : data_(data), size_(static_cast<std::uint32_t>(size)) {}
  template <std::size_t N>
  explicit EventFields(const EventField (&fields)[N]) noexcept : EventFields(fields, N) {}

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const EventField& operator[](std::size_t i) const noexcept {
    assert(i < size_);
    return data_[i];
  }
  const EventField* begin() const noexcept { return data_; }
  const EventField* end() const noexcept { return data_ + size_; }

 private:
  const EventField* data_ = nullptr;
  std::uint32_t size_ = 0;
};

struct Event {
  std::uint64_t seq;        // position in the log, from 1
  std::int64_t vtime_ns;    // virtual time
  std::uint32_t goid;       // goroutine that caused it (0 = the runtime/scheduler)
  EventKind kind;
  std::string subject;      // test name, hook name, object label…
  EventFields fields;       // in its log's field arena
  std::uint64_t cause_seq;  // the event that caused this one, 0 = none
};

// The payload of `e`, whose kind must be P::kind. Field i of an emitted event
// is field i of P's table; a field missing from `e` (a log built otherwise)
// reads 0.
template <typename P>
P read(const Event& e) noexcept {
  assert(e.kind == P::kind);
  P p{};
  constexpr auto defs = P::fields();
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (i < e.fields.size() && std::string_view(e.fields[i].key) == defs[i].key) {
      p.*defs[i].member = e.fields[i].value;
      continue;
    }
    for (const EventField& f : e.fields)
      if (std::string_view(f.key) == defs[i].key) p.*defs[i].member = f.value;
  }
  return p;
}

// The log's storage: events never move once appended (chunked_vector.hpp).
using EventSeq = ChunkedVector<Event, 1024>;

class EventLog {
 public:
  static constexpr std::size_t kEventsMax = 4'000'000;  // a limit on everything (TigerBeetle)

  // events_max: the cap; past it emit() drops and counts. A full log is not
  // a result: whoever ran the workload must report overflowed() as an error
  // (workloads::EventLogFull), never a silently truncated run.
  explicit EventLog(std::size_t events_max = kEventsMax) noexcept : events_max_(events_max) {}
  // Events point into the log's field arena: a copy would share it, so the
  // log moves only. A moved-from log is empty and usable (leaked goroutines
  // unwound after a case's log was moved out still emit into it).
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  EventLog(EventLog&& other) noexcept;
  EventLog& operator=(EventLog&& other) noexcept;

  // Appends one event of kind P::kind with `payload`'s fields in table
  // order; returns its seq, 0 when the log is full.
  template <typename P>
  std::uint64_t emit(std::int64_t vtime_ns, std::uint32_t goid, const P& payload, std::string subject = {},
                     std::uint64_t cause_seq = 0) {
    constexpr auto defs = P::fields();
    static_assert(defs.size() <= kFieldBlockFields);
    if (full()) return refuse();
    EventField* fields = defs.empty() ? nullptr : allocate_fields(defs.size());
    for (std::size_t i = 0; i < defs.size(); ++i) fields[i] = EventField{defs[i].key, payload.*defs[i].member};
    return append(vtime_ns, goid, P::kind, std::move(subject), EventFields(fields, defs.size()), cause_seq);
  }
  const EventSeq& events() const noexcept { return events_; }
  std::size_t size() const noexcept { return events_.size(); }
  std::size_t events_max() const noexcept { return events_max_; }
  bool overflowed() const noexcept { return dropped_ != 0; }
  std::uint64_t dropped() const noexcept { return dropped_; }

  // xxHash3-64 over the canonical serialisation (canonical_line of each
  // event, concatenated: the lines are written into one buffer and hashed a
  // buffer at a time, the same bytes as hashing line by line).
  std::uint64_t digest() const;
  static std::string canonical_line(const Event& e);

 private:
  // Appends e's canonical line to `out` (canonical_line and digest).
  static void append_canonical_line(std::string& out, const Event& e);
  static constexpr std::size_t kFieldBlockFields = 4096;  // fields per arena block (64 KiB)

  bool full() const noexcept { return events_.size() >= events_max_; }
  std::uint64_t refuse() noexcept { return ++dropped_, 0; }
  // n contiguous fields (n <= kFieldBlockFields) that never move.
  EventField* allocate_fields(std::size_t n);
  // Appends to a log that is not full (emit checks before it takes fields).
  std::uint64_t append(std::int64_t vtime_ns, std::uint32_t goid, EventKind kind, std::string subject,
                       EventFields fields, std::uint64_t cause_seq);

  EventSeq events_;
  std::vector<std::unique_ptr<EventField[]>> field_blocks_;  // the field arena
  std::size_t field_block_used_ = kFieldBlockFields;         // fields taken from the last block
  std::size_t events_max_;
  std::uint64_t dropped_ = 0;  // events emit() refused: the log was full
};

std::string hex64(std::uint64_t v);

}  // namespace gcm::rt
