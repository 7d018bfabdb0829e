// events.cpp — event log and its canonical serialisation / digest.
#include "runtime/events.hpp"

#include <xxhash.h>

#include <cassert>
#include <charconv>
#include <cstdio>
#include <utility>

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

EventLog::EventLog(EventLog&& other) noexcept
    : events_(std::move(other.events_)),
      field_blocks_(std::move(other.field_blocks_)),
      field_block_used_(std::exchange(other.field_block_used_, kFieldBlockFields)),
      events_max_(other.events_max_),
      dropped_(std::exchange(other.dropped_, 0)) {
  other.field_blocks_.clear();
}

EventLog& EventLog::operator=(EventLog&& other) noexcept {
  if (this != &other) {
    events_ = std::move(other.events_);
    field_blocks_ = std::move(other.field_blocks_);
    other.field_blocks_.clear();
    field_block_used_ = std::exchange(other.field_block_used_, kFieldBlockFields);
    events_max_ = other.events_max_;
    dropped_ = std::exchange(other.dropped_, 0);
  }
  return *this;
}

EventField* EventLog::allocate_fields(std::size_t n) {
  assert(n != 0 && n <= kFieldBlockFields);
  if (field_block_used_ + n > kFieldBlockFields) {
    field_blocks_.push_back(std::make_unique_for_overwrite<EventField[]>(kFieldBlockFields));
    field_block_used_ = 0;
  }
  EventField* fields = field_blocks_.back().get() + field_block_used_;
  field_block_used_ += n;
  return fields;
}

std::uint64_t EventLog::append(std::int64_t vtime_ns, std::uint32_t goid, EventKind kind, std::string subject,
                               EventFields fields, std::uint64_t cause_seq) {
  assert(!full());  // emit() refused already
  const std::uint64_t seq = events_.size() + 1;
  events_.push_back(Event{seq, vtime_ns, goid, kind, std::move(subject), fields, cause_seq});
  return seq;
}

namespace {
template <typename Int>
void append_number(std::string& out, Int v) {
  char buf[24];  // 20 digits and a sign fit
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
}  // namespace

void EventLog::append_canonical_line(std::string& out, const Event& e) {
  append_number(out, e.seq);
  out += ' ';
  append_number(out, e.vtime_ns);
  out += " g";
  append_number(out, e.goid);
  out += ' ';
  out += to_string(e.kind);
  out += " \"";
  out += e.subject;
  out += '"';
  for (const EventField& f : e.fields) {
    out += ' ';
    out += f.key;
    out += '=';
    append_number(out, f.value);
  }
  if (e.cause_seq != 0) {
    out += " cause=";
    append_number(out, e.cause_seq);
  }
  out += '\n';
}

std::string EventLog::canonical_line(const Event& e) {
  std::string line;
  line.reserve(64 + e.subject.size() + e.fields.size() * 16);
  append_canonical_line(line, e);
  return line;
}

std::uint64_t EventLog::digest() const {
  // One buffer for all lines, hashed whenever it passes kFlushBytes (a line
  // may take it past: it is never cut, and XXH3's streaming hash is over the
  // concatenation, whatever the pieces).
  constexpr std::size_t kFlushBytes = 60 * 1024;
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::string buffer;
  buffer.reserve(kFlushBytes + 1024);
  for (const Event& e : events_) {
    append_canonical_line(buffer, e);
    if (buffer.size() >= kFlushBytes) {
      XXH3_64bits_update(state, buffer.data(), buffer.size());
      buffer.clear();
    }
  }
  XXH3_64bits_update(state, buffer.data(), buffer.size());
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
