// trace_writer.cpp — see trace_writer.hpp.
//
// Cost: an observed timeout-cascade case has ~4,200 GC cycles, so bytes and
// work per cycle decide both the file size and the time. Every event is
// appended into one growing byte buffer (no temporary strings, no
// nlohmann::json); records are small (ts, order, span) entries sorted
// stably; the sorted text is streamed to the file in chunks, never copied
// into a second whole-file string. Size: see kGcArgs and the counter
// de-duplication in Builder::emit().
#include "report/trace_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "report/atomic_write.hpp"

namespace gcm::report {

namespace {

using rt::Event;
using rt::EventKind;

// Append-only bytes: one capacity check per piece, then a memcpy of known
// size (string literals) or a to_chars straight into the buffer.
class Bytes {
 public:
  std::size_t size() const noexcept { return len_; }
  const char* data() const noexcept { return p_.get(); }
  void reserve(std::size_t n) {
    if (n > cap_) regrow(n);
  }
  void clear() noexcept { len_ = 0; }

  template <std::size_t N>
  void lit(const char (&s)[N]) {  // a string literal, without its '\0'
    need(N - 1);
    std::memcpy(p_.get() + len_, s, N - 1);
    len_ += N - 1;
  }
  void raw(std::string_view s) {
    need(s.size());
    if (!s.empty()) std::memcpy(p_.get() + len_, s.data(), s.size());
    len_ += s.size();
  }
  void ch(char c) {
    need(1);
    p_[len_++] = c;
  }
  template <typename Int>
  void num(Int v) {
    need(24);
    len_ = static_cast<std::size_t>(std::to_chars(p_.get() + len_, p_.get() + len_ + 24, v).ptr - p_.get());
  }
  // Microseconds with exactly 3 decimals from integer nanoseconds: no
  // floating point, so the text is the same on every platform and locale.
  void micros(std::int64_t ns) {
    const bool neg = ns < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
    if (neg) ch('-');
    num(a / 1000);
    need(4);
    const auto frac = static_cast<unsigned>(a % 1000);
    char* p = p_.get() + len_;
    p[0] = '.';
    p[1] = static_cast<char>('0' + frac / 100);
    p[2] = static_cast<char>('0' + frac / 10 % 10);
    p[3] = static_cast<char>('0' + frac % 10);
    len_ += 4;
  }
  void escaped(std::string_view s);  // a JSON string's body, without quotes
  void str(std::string_view s) {     // a JSON string
    ch('"');
    escaped(s);
    ch('"');
  }

 private:
  void need(std::size_t n) {
    if (cap_ - len_ < n) regrow(len_ + n);
  }
  void regrow(std::size_t at_least) {
    const std::size_t cap = std::max({at_least, cap_ * 2, std::size_t{4096}});
    std::unique_ptr<char[]> p(new char[cap]);
    if (len_ != 0) std::memcpy(p.get(), p_.get(), len_);
    p_ = std::move(p);
    cap_ = cap;
  }

  std::unique_ptr<char[]> p_;
  std::size_t len_ = 0, cap_ = 0;
};

// Length of the well-formed UTF-8 sequence at s[i] (a byte >= 0x80), or 0
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_len(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < n || at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  return n;
}

// '"', '\\' and control characters escaped; well-formed UTF-8 copied as is;
// any other byte becomes U+FFFD, so the output is valid JSON for any input
// (nlohmann's dump() threw on invalid UTF-8).
void Bytes::escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t n = utf8_len(s, i); n != 0) {
        i += n;
        continue;
      }
    }
    raw(s.substr(run, i - run));
    switch (c) {
      case '"': lit("\\\""); break;
      case '\\': lit("\\\\"); break;
      case '\n': lit("\\n"); break;
      case '\r': lit("\\r"); break;
      case '\t': lit("\\t"); break;
      case '\b': lit("\\b"); break;
      case '\f': lit("\\f"); break;
      default:
        if (c >= 0x80) {
          lit("\\ufffd");
        } else {
          lit("\\u00");
          ch(kHex[c >> 4]);
          ch(kHex[c & 0xF]);
        }
        break;
    }
    run = ++i;
  }
  raw(s.substr(run));
}

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

class Builder {
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
  Bytes& out() noexcept { return out_; }
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
  Bytes out_;
  std::vector<Record> records_;
};

// Event fields as a JSON object: the subject first (unless it is the slice
// name already), then the fields in log order, then seq.
void put_args(Bytes& out, const Event& e, bool with_subject) {
  out.ch('{');
  if (with_subject && !e.subject.empty()) {
    out.lit("\"subject\":");
    out.str(e.subject);
    out.ch(',');
  }
  for (const rt::EventField& f : e.fields) {
    out.str(f.key);
    out.ch(':');
    out.num(f.value);
    out.ch(',');
  }
  out.lit("\"seq\":");
  out.num(e.seq);
  out.ch('}');
}

// The gc_end fields a GC slice keeps as args, in log order: what explains
// the cycle's cost — the mark work (marked_bytes, mark_ns), what it freed,
// the GC CPU share after it — and, only when non-zero, the rare ones
// (limiter engaged, finalizers/cleanups queued). Left out as duplicates:
// cycle and trigger (the slice name), gc_ns (the slice's dur),
// heap_live_bytes (its counter track at the slice's end; equal to
// marked_bytes in every cycle of the default matrix), heap_goal_bytes (its own counter track: a step that rarely
// moves, so a few samples instead of 27 bytes on every slice), seq (flows
// refer to the events they join, never to gc_end). Left out as noise on
// thousands of slices: the object counts and pause_ns (the profile's fixed
// stop-the-world cost; dur - mark_ns is pause + sweep). A field not listed
// is not written.
struct GcArg {
  std::int64_t rt::ev::GcEnd::*member;
  bool only_nonzero;
};
using G = rt::ev::GcEnd;
constexpr GcArg kGcArgs[] = {
    {&G::marked_bytes, false},   {&G::freed_bytes, false}, {&G::mark_ns, false},
    {&G::gc_cpu_percent, false}, {&G::limiter, true},      {&G::finalizers_queued, true},
    {&G::cleanups_queued, true},
};

// The gc_end's payload, its kept fields written as args in table (= log) order.
rt::ev::GcEnd put_gc_args(Bytes& out, const Event& e) {
  const rt::ev::GcEnd g = rt::read<rt::ev::GcEnd>(e);
  out.ch('{');
  bool first = true;
  for (const rt::FieldDef<G>& d : G::fields()) {
    const GcArg* a =
        std::find_if(std::begin(kGcArgs), std::end(kGcArgs), [&](const GcArg& k) { return k.member == d.member; });
    const std::int64_t value = g.*d.member;
    if (a == std::end(kGcArgs) || (a->only_nonzero && value == 0)) continue;
    if (!first) out.ch(',');
    first = false;
    out.ch('"');
    out.escaped(d.key);
    out.lit("\":");
    out.num(value);
  }
  out.ch('}');
  return g;
}

bool is_instant(EventKind k) {
  switch (k) {
    case EventKind::test_cleanup_register:
    case EventKind::test_cleanup_run:
    case EventKind::test_cleanup_rejected:
    case EventKind::finalizer_queued:
    case EventKind::finalizer_run:
    case EventKind::finalizer_discarded:
    case EventKind::cleanup_queued:
    case EventKind::cleanup_run:
    case EventKind::frame_release:
    case EventKind::test_context_cancel:
    case EventKind::test_timeout:
    case EventKind::test_not_run:
    case EventKind::binary_abort:
    case EventKind::goroutine_panic:
    case EventKind::deadlock:
    case EventKind::mark:
      return true;
    default:
      return false;
  }
}

std::uint64_t order_of(std::uint64_t seq, unsigned sub) { return seq * 8 + sub; }

// seq -> event. An EventLog numbers its events 1, 2, … in order, so this is
// an index; the map is only a fallback for a log numbered otherwise.
class BySeq {
 public:
  explicit BySeq(const std::vector<Event>& events) : events_(events) {
    for (std::size_t i = 0; i < events.size(); ++i)
      if (events[i].seq != i + 1) {
        for (const Event& e : events) map_.emplace(e.seq, &e);
        break;
      }
  }
  const Event* find(std::uint64_t seq) const {
    if (map_.empty()) return seq >= 1 && seq <= events_.size() ? &events_[seq - 1] : nullptr;
    auto it = map_.find(seq);
    return it != map_.end() ? it->second : nullptr;
  }

 private:
  const std::vector<Event>& events_;
  std::unordered_map<std::uint64_t, const Event*> map_;
};

// Fills `b` (reset first) with the trace of `obs`, unsorted.
void build(Builder& b, const workloads::Observation& obs) {
  static const std::vector<Event> kNoEvents;
  const std::vector<Event>& events = obs.events ? obs.events->events() : kNoEvents;
  b.reset(events.size());
  Bytes& out = b.out();
  {
    const std::size_t begin = b.open();
    out.lit("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"");
    out.escaped(obs.profile);
    out.lit(" / ");
    out.escaped(obs.workload);
    out.lit(" (seed ");
    out.num(obs.seed);
    out.lit(")\"}}");
    b.close(INT64_MIN, 0, begin);
  }
  if (!obs.events) return;

  // Pre-scan: who starts each goroutine, where each test ends, the cascade's events.
  std::map<std::uint32_t, const Event*> started;  // goid -> its goroutine_start
  std::unordered_map<std::string_view, std::int64_t> test_end;  // test name -> end vtime
  const BySeq by_seq(events);
  std::int64_t last_ns = 0, abort_ns = -1;
  const Event* first_mark = nullptr;
  const Event* first_timeout = nullptr;
  const Event* abort = nullptr;
  const Event* last_gc = nullptr;       // the last GC cycle started before the first deadline
  const Event* last_not_run = nullptr;  // the last test the abort cost
  for (const Event& e : events) {
    last_ns = std::max(last_ns, e.vtime_ns);
    switch (e.kind) {
      case EventKind::goroutine_start:
        started[static_cast<std::uint32_t>(rt::read<rt::ev::GoroutineStart>(e).goid)] = &e;  // the last one names it
        break;
      case EventKind::test_end:
        test_end.emplace(e.subject, e.vtime_ns);
        break;
      case EventKind::test_timeout:
        test_end.emplace(e.subject, e.vtime_ns);  // the alarm ends the test: no test_end follows (O7)
        if (first_timeout == nullptr) first_timeout = &e;
        break;
      case EventKind::binary_abort:
        if (abort == nullptr) abort = &e, abort_ns = e.vtime_ns;
        break;
      case EventKind::mark:
        if (first_mark == nullptr) first_mark = &e;
        break;
      case EventKind::gc_start:
        if (first_timeout == nullptr) last_gc = &e;
        break;
      case EventKind::test_not_run:
        last_not_run = &e;
        break;
      default:
        break;
    }
  }

  // Goroutines that own something in the trace (a test slice, an instant, a
  // flow end); tid 0, the runtime, has the GC slices and counters.
  std::unordered_set<std::uint32_t> used{0};
  Bytes scratch;  // a GC slice's args
  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::test_start: {
        // A test that never ended (the binary died) ends at the abort.
        auto it = test_end.find(e.subject);
        const std::int64_t end = it != test_end.end() ? it->second : (abort_ns >= 0 ? abort_ns : last_ns);
        const std::size_t begin = b.open();
        out.lit("{\"name\":");
        out.str(e.subject);
        b.slice_middle("test", e.goid, e.vtime_ns, end - e.vtime_ns);
        put_args(out, e, /*with_subject=*/false);  // the subject is the slice name
        out.ch('}');
        b.close(e.vtime_ns, order_of(e.seq, 0), begin);
        used.insert(e.goid);
        break;
      }
      case EventKind::gc_start: {
        const rt::ev::GcStart s = rt::read<rt::ev::GcStart>(e);
        b.counter(Counter::heap_live_bytes, e.vtime_ns, s.heap_live_bytes, order_of(e.seq, 1));
        // The goal this cycle was triggered against; -1: none (GOGC=off, no limit).
        b.counter(Counter::heap_goal_bytes, e.vtime_ns, s.heap_goal_bytes, order_of(e.seq, 6));
        break;
      }
      case EventKind::gc_end: {
        const Event* start_event = e.cause_seq != 0 ? by_seq.find(e.cause_seq) : nullptr;
        if (start_event != nullptr && start_event->kind != EventKind::gc_start) start_event = nullptr;
        const std::size_t begin = b.open();
        // The args are read (and written aside) before the name: one pass.
        scratch.clear();
        const rt::ev::GcEnd g = put_gc_args(scratch, e);
        const std::int64_t start = start_event != nullptr ? start_event->vtime_ns : e.vtime_ns - g.gc_ns;
        out.lit("{\"name\":\"GC ");
        out.num(g.cycle);
        out.lit(" (");
        out.escaped(e.subject);
        out.lit(")\"");
        b.slice_middle("gc", 0, start, e.vtime_ns - start);
        out.raw(std::string_view(scratch.data(), scratch.size()));
        out.ch('}');
        b.close(start, order_of(start_event != nullptr ? start_event->seq : e.seq, 0), begin);
        b.counter(Counter::heap_live_bytes, e.vtime_ns, g.heap_live_bytes, order_of(e.seq, 1));
        b.counter(Counter::gc_cpu_percent, e.vtime_ns, g.gc_cpu_percent, order_of(e.seq, 2));
        b.counter(Counter::heap_goal_bytes, e.vtime_ns, g.heap_goal_bytes, order_of(e.seq, 6));  // the next cycle's goal
        break;
      }
      default:
        if (is_instant(e.kind)) {
          const std::size_t begin = b.open();
          b.instant_head(rt::to_string(e.kind), e.goid, e.vtime_ns);
          put_args(out, e, /*with_subject=*/true);
          out.ch('}');
          b.close(e.vtime_ns, order_of(e.seq, 0), begin);
          used.insert(e.goid);
        }
        break;
    }
    // A flow arrow from the cause to this event; gc_end -> gc_start is the slice itself.
    if (e.cause_seq != 0 && e.kind != EventKind::gc_end) {
      if (const Event* c = by_seq.find(e.cause_seq); c != nullptr) {
        b.flow('s', "cause", e.seq, c->goid, c->vtime_ns, order_of(c->seq, 3));
        b.flow('f', "cause", e.seq, e.goid, e.vtime_ns, order_of(e.seq, 4));
        used.insert(c->goid);
        used.insert(e.goid);
      }
    }
  }
  // The article's cascade (A22/O7) as one arrow through its steps: the
  // workload's first marker (the cache that starts growing) -> the last GC
  // cycle before the deadline (bound to its slice on the runtime track) ->
  // the first deadline -> the abort -> the last test never run.
  if (first_mark != nullptr && first_timeout != nullptr && abort != nullptr && first_mark->seq < first_timeout->seq &&
      first_timeout->seq < abort->seq) {  // a flow runs forward in the log
    std::vector<const Event*> steps{first_mark};
    if (last_gc != nullptr && last_gc->seq > first_mark->seq) steps.push_back(last_gc);
    steps.push_back(first_timeout);
    steps.push_back(abort);
    if (last_not_run != nullptr && last_not_run->seq > abort->seq) steps.push_back(last_not_run);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Event* e = steps[i];
      const std::uint32_t tid = e->kind == EventKind::gc_start ? 0 : e->goid;  // GC slices live on tid 0
      b.flow(i == 0 ? 's' : i + 1 == steps.size() ? 'f' : 't', "cascade", 1, tid, e->vtime_ns, order_of(e->seq, 5));
      used.insert(tid);
    }
  }

  // Thread names (metadata sorts first). Only for goroutines with something
  // in the trace: a thread with no event has no track to name in Perfetto
  // or chrome://tracing, and naming all of them cost 2.2 MB for the default
  // matrix (goroutine-leak parks 2,000 goroutines that emit no traced event).
  std::uint64_t order = 1;
  b.metadata(0, "thread_name", "runtime (GC, scheduler)", order++);
  for (const auto& [goid, start] : started) {
    if (goid == 0 || used.count(goid) == 0) continue;
    const std::size_t begin = b.open();
    out.lit("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":");
    out.num(goid);
    out.lit(",\"args\":{\"name\":\"g");
    out.num(goid);
    out.ch(' ');
    out.escaped(start->subject);
    out.lit("\"}}");
    b.close(INT64_MIN, order++, begin);
  }
}

Builder& thread_builder() {
  thread_local Builder b;
  return b;
}

}  // namespace

std::string trace_file_name(const workloads::Observation& obs) {
  std::string name = obs.profile + "__" + obs.workload + ".json";
  for (char& c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      c = '_';
  return name;
}

std::string render_trace(const workloads::Observation& obs) {
  Builder& b = thread_builder();
  build(b, obs);
  std::string text;
  text.reserve(b.size_bound());
  b.emit([&text](std::string_view piece) { text.append(piece); });
  return text;
}

void write_trace(const std::filesystem::path& path, const workloads::Observation& obs, Durability durability) {
  Builder& b = thread_builder();
  build(b, obs);
  write_file_atomically(path, [&b](const Sink& sink) { b.emit(sink); }, durability);
}

}  // namespace gcm::report
