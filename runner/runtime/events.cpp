// events.cpp — event log and its canonical serialisation / digest.
#include "runtime/events.hpp"

#include <xxhash.h>

#include <cstdio>

namespace gcm::rt {

std::string_view to_string(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::alloc_burst: return "alloc_burst";
    case EventKind::gc_start: return "gc_start";
    case EventKind::gc_end: return "gc_end";
    case EventKind::finalizer_set: return "finalizer_set";
    case EventKind::finalizer_queued: return "finalizer_queued";
    case EventKind::finalizer_run: return "finalizer_run";
    case EventKind::finalizer_discarded: return "finalizer_discarded";
    case EventKind::cleanup_queued: return "cleanup_queued";
    case EventKind::cleanup_run: return "cleanup_run";
    case EventKind::goroutine_start: return "goroutine_start";
    case EventKind::goroutine_end: return "goroutine_end";
    case EventKind::goroutine_panic: return "goroutine_panic";
    case EventKind::goroutine_block: return "goroutine_block";
    case EventKind::deadlock: return "deadlock";
    case EventKind::frame_release: return "frame_release";
    case EventKind::global_set: return "global_set";
    case EventKind::hook: return "hook";
    case EventKind::test_start: return "test_start";
    case EventKind::test_body_return: return "test_body_return";
    case EventKind::test_cleanup_register: return "test_cleanup_register";
    case EventKind::test_cleanup_run: return "test_cleanup_run";
    case EventKind::test_cleanup_rejected: return "test_cleanup_rejected";
    case EventKind::test_context_cancel: return "test_context_cancel";
    case EventKind::test_end: return "test_end";
    case EventKind::test_timeout: return "test_timeout";
    case EventKind::test_not_run: return "test_not_run";
    case EventKind::test_log: return "test_log";
    case EventKind::binary_abort: return "binary_abort";
    case EventKind::mark: return "mark";
  }
  return "unknown";
}

std::uint64_t EventLog::append(std::int64_t vtime_ns, std::uint32_t goid, EventKind kind, std::string subject,
                               std::vector<EventField> fields, std::uint64_t cause_seq) {
  if (events_.size() >= events_max_) {
    ++dropped_;
    return 0;
  }
  const std::uint64_t seq = events_.size() + 1;
  events_.push_back(Event{seq, vtime_ns, goid, kind, std::move(subject), std::move(fields), cause_seq});
  return seq;
}

std::string EventLog::canonical_line(const Event& e) {
  std::string line;
  line.reserve(64 + e.subject.size() + e.fields.size() * 16);
  line += std::to_string(e.seq);
  line += ' ';
  line += std::to_string(e.vtime_ns);
  line += " g";
  line += std::to_string(e.goid);
  line += ' ';
  line += to_string(e.kind);
  line += " \"";
  line += e.subject;
  line += '"';
  for (const EventField& f : e.fields) {
    line += ' ';
    line += f.key;
    line += '=';
    line += std::to_string(f.value);
  }
  if (e.cause_seq != 0) {
    line += " cause=";
    line += std::to_string(e.cause_seq);
  }
  line += '\n';
  return line;
}

std::uint64_t EventLog::digest() const {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const Event& e : events_) {
    const std::string line = canonical_line(e);
    XXH3_64bits_update(state, line.data(), line.size());
  }
  const std::uint64_t d = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return d;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace gcm::rt
