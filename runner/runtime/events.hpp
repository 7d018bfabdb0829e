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

struct Event {
  std::uint64_t seq;        // position in the log, from 1
  std::int64_t vtime_ns;    // virtual time
  std::uint32_t goid;       // goroutine that caused it (0 = the runtime/scheduler)
  EventKind kind;
  std::string subject;      // test name, hook name, object label…
  std::vector<EventField> fields;
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

  // Appends one event of kind P::kind with `payload`'s fields in table
  // order; returns its seq, 0 when the log is full.
  template <typename P>
  std::uint64_t emit(std::int64_t vtime_ns, std::uint32_t goid, const P& payload, std::string subject = {},
                     std::uint64_t cause_seq = 0) {
    constexpr auto defs = P::fields();
    std::vector<EventField> fields;
    fields.reserve(defs.size());
    for (const FieldDef<P>& d : defs) fields.push_back(EventField{d.key, payload.*d.member});
    return append(vtime_ns, goid, P::kind, std::move(subject), std::move(fields), cause_seq);
  }
  const EventSeq& events() const noexcept { return events_; }
  std::size_t size() const noexcept { return events_.size(); }
  std::size_t events_max() const noexcept { return events_max_; }
  bool overflowed() const noexcept { return dropped_ != 0; }
  std::uint64_t dropped() const noexcept { return dropped_; }

  // xxHash3-64 over the canonical serialisation (canonical_line of each event).
  std::uint64_t digest() const;
  static std::string canonical_line(const Event& e);

 private:
  std::uint64_t append(std::int64_t vtime_ns, std::uint32_t goid, EventKind kind, std::string subject,
                       std::vector<EventField> fields, std::uint64_t cause_seq);

  EventSeq events_;
  std::size_t events_max_;
  std::uint64_t dropped_ = 0;  // events emit() refused: the log was full
};

std::string hex64(std::uint64_t v);

}  // namespace gcm::rt
