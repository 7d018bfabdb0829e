// trace_builder.hpp — Chrome trace-event records (slices, instants,
// counters, flows, metadata) written into one buffer, sorted by (ts, log
// order) and streamed out in chunks. Knows the trace format, not the event
// log: trace_writer.cpp maps events onto it. Main entry: TraceBuilder.
//
// Size: counter samples equal to the previous one are dropped in emit().
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/json_bytes.hpp"

namespace gcm::report {

// Counter tracks. A sample is written only when its value differs from the
// previous sample of the same counter: lossless, since a counter track is a
// step function.
enum class Counter : std::uint8_t { none, heap_live_bytes, heap_goal_bytes, gc_cpu_percent };
constexpr std::size_t kCounters = 4;

// One trace event: its text is bytes [begin, end) of the builder's buffer.
struct Record {
  std::int64_t ts_ns;    // sort key 1 (metadata first: INT64_MIN)
  std::uint64_t order;   // sort key 2: log position, so equal times keep log order
  std::size_t begin, end;
  std::int64_t value;    // a counter sample's value
  Counter counter;
};

class TraceBuilder {
 public:
  // Empties the builder for a log of `events` events, keeping its memory:
  // one builder per thread is reused, so the pages of a multi-MB trace are
  // faulted in once per run rather than once per trace. Reserved
  // generously: pages never written are never touched, and a regrow copies
  // everything written so far.
  void reset(std::size_t events) {
    records_.clear();
    out_.clear();
    records_.reserve(events + 64);
    out_.reserve(events * 160 + 4096);
  }
  // At least the file's size (de-duplicated counter samples are left out).
  std::size_t size_bound() const noexcept { return out_.size() + 2 * records_.size() + 64; }

  // Each event is open() … close(); in between the caller appends its text to
  // out() (the helpers below write the fixed parts).
  JsonBytes& out() noexcept { return out_; }
  std::size_t open() const noexcept { return out_.size(); }
  void close(std::int64_t ts, std::uint64_t order, std::size_t begin, Counter c = Counter::none,
             std::int64_t value = 0) {
    records_.push_back({ts, order, begin, out_.size(), value, c});
  }

  void metadata(std::uint32_t tid, std::string_view key, std::string_view name, std::uint64_t order) {
    const std::size_t begin = open();
    out_.lit("{\"name\":");
    out_.str(key);
    out_.lit(",\"ph\":\"M\",\"pid\":1,\"tid\":");
    out_.num(tid);
    out_.lit(",\"args\":{\"name\":");
    out_.str(name);
    out_.lit("}}");
    close(INT64_MIN, order, begin);
  }
  // The part of a slice after its name, up to "args": — the caller writes the
  // args object and the closing brace.
  void slice_middle(std::string_view cat, std::uint32_t tid, std::int64_t ts, std::int64_t dur) {
    out_.lit(",\"cat\":");
    out_.str(cat);
    out_.lit(",\"ph\":\"X\",\"pid\":1,\"tid\":");
    out_.num(tid);
    out_.lit(",\"ts\":");
    out_.micros(ts);
    out_.lit(",\"dur\":");
    out_.micros(std::max<std::int64_t>(dur, 0));
    out_.lit(",\"args\":");
  }
  // An instant up to "args": — the caller writes the args and the brace.
  void instant_head(std::string_view name, std::uint32_t tid, std::int64_t ts) {
    out_.lit("{\"name\":");
    out_.str(name);
    out_.lit(",\"cat\":\"event\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":");
    out_.num(tid);
    out_.lit(",\"ts\":");
    out_.micros(ts);
    out_.lit(",\"args\":");
  }
  void counter(Counter c, std::int64_t ts, std::int64_t value, std::uint64_t order) {
    const std::size_t begin = open();
    switch (c) {
      case Counter::heap_live_bytes: out_.lit("{\"name\":\"heap_live_bytes\""); break;
      case Counter::heap_goal_bytes: out_.lit("{\"name\":\"heap_goal_bytes\""); break;
      default: out_.lit("{\"name\":\"gc_cpu_percent\""); break;
    }
    out_.lit(",\"ph\":\"C\",\"pid\":1,\"tid\":0,\"ts\":");
    out_.micros(ts);
    switch (c) {
      case Counter::heap_live_bytes: out_.lit(",\"args\":{\"heap_live_bytes\":"); break;
      case Counter::heap_goal_bytes: out_.lit(",\"args\":{\"heap_goal_bytes\":"); break;
      default: out_.lit(",\"args\":{\"gc_cpu_percent\":"); break;
    }
    out_.num(value);
    out_.lit("}}");
    close(ts, order, begin, c, value);
  }
  // ph 's', 't' or 'f'; "bp":"e" binds the arrow to the enclosing slice.
  // name and cat are the same for every flow gcmatrix writes.
  void flow(char ph, std::string_view name, std::uint64_t id, std::uint32_t tid, std::int64_t ts,
            std::uint64_t order) {
    const std::size_t begin = open();
    out_.lit("{\"name\":\"");
    out_.raw(name);
    out_.lit("\",\"cat\":\"");
    out_.raw(name);
    out_.lit("\",\"ph\":\"");
    out_.ch(ph);
    out_.lit("\",\"id\":");
    out_.num(id);
    out_.lit(",\"pid\":1,\"tid\":");
    out_.num(tid);
    out_.lit(",\"ts\":");
    out_.micros(ts);
    if (ph != 's') out_.lit(",\"bp\":\"e\"");
    out_.ch('}');
    close(ts, order, begin);
  }

  // Sorts by (ts, order) — per thread, ts never decreases in the file — and
  // passes the file's text to `sink` in pieces of up to 64 KiB.
  template <typename Sink>
  void emit(Sink&& sink) {
    // Stable: records with equal keys (a cause with several effects) keep
    // their order. Merge sort is also the fast one here: the records come
    // almost sorted (only GC slices and flow starts go back in time).
    std::stable_sort(records_.begin(), records_.end(), [](const Record& a, const Record& b) {
      return a.ts_ns != b.ts_ns ? a.ts_ns < b.ts_ns : a.order < b.order;
    });
    constexpr std::size_t kChunk = 64 * 1024;
    std::string chunk;
    chunk.reserve(kChunk + 1024);
    chunk += "{\"traceEvents\":[";
    bool seen[kCounters] = {};
    std::int64_t last[kCounters] = {};
    const char* sep = "\n";
    for (const Record& r : records_) {
      if (r.counter != Counter::none) {
        const auto c = static_cast<std::size_t>(r.counter);
        if (seen[c] && last[c] == r.value) continue;  // unchanged: the track already shows it
        seen[c] = true;
        last[c] = r.value;
      }
      chunk += sep;
      sep = ",\n";
      chunk.append(out_.data() + r.begin, r.end - r.begin);
      if (chunk.size() >= kChunk) {
        sink(std::string_view(chunk));
        chunk.clear();
      }
    }
    chunk += "\n],\"displayTimeUnit\":\"ms\"}\n";
    sink(std::string_view(chunk));
  }

 private:
  JsonBytes out_;
  std::vector<Record> records_;
};

}  // namespace gcm::report
