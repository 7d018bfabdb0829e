// trace_writer.cpp — see trace_writer.hpp: the mapping of one case's events
// and facts onto trace records (trace_builder.hpp writes them).
//
// Cost: an observed timeout-cascade case has ~4,200 GC cycles, so bytes and
// work per cycle decide both the file size and the time. Every event is
// appended into one growing byte buffer (json_bytes.hpp: no temporary
// strings, no nlohmann::json); the sorted text is streamed to the file in
// chunks, never copied into a second whole-file string. Size: see kGcArgs
// and the counter de-duplication in TraceBuilder::emit().
#include "report/trace_writer.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "report/atomic_write.hpp"
#include "report/facts_of.hpp"
#include "report/trace_builder.hpp"

namespace gcm::report {

namespace {

using rt::Event;
using rt::EventKind;
using rt::EventSeq;

// Event fields as a JSON object: the subject first (unless it is the slice
// name already), then the fields in log order, then seq.
void put_args(JsonBytes& out, const Event& e, bool with_subject) {
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
rt::ev::GcEnd put_gc_args(JsonBytes& out, const Event& e) {
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
  explicit BySeq(const EventSeq& events) : events_(events) {
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
  const EventSeq& events_;
  std::unordered_map<std::uint64_t, const Event*> map_;
};

// The process track's name: profile / workload (seed).
void process_name(TraceBuilder& b, const workloads::Observation& obs) {
  JsonBytes& out = b.out();
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

// A test's slice, start → its end in the facts; a test that never ended
// (the binary died, or the log stops) ends at the abort, else at the log's end.
void test_slice(TraceBuilder& b, const Event& e, const facts::CaseFacts& f, const facts::TestSpan& t) {
  JsonBytes& out = b.out();
  const bool ended = t.end == facts::SpanEnd::completed || t.end == facts::SpanEnd::timed_out;
  const std::int64_t end = ended ? t.end_ns : (!f.aborts.empty() ? f.aborts.front().at_ns : f.last_ns);
  const std::size_t begin = b.open();
  out.lit("{\"name\":");
  out.str(e.subject);
  b.slice_middle("test", e.goid, e.vtime_ns, end - e.vtime_ns);
  put_args(out, e, /*with_subject=*/false);  // the subject is the slice name
  out.ch('}');
  b.close(e.vtime_ns, order_of(e.seq, 0), begin);
}

void gc_start_counters(TraceBuilder& b, const Event& e) {
  const rt::ev::GcStart s = rt::read<rt::ev::GcStart>(e);
  b.counter(Counter::heap_live_bytes, e.vtime_ns, s.heap_live_bytes, order_of(e.seq, 1));
  // The goal this cycle was triggered against; -1: none (GOGC=off, no limit).
  b.counter(Counter::heap_goal_bytes, e.vtime_ns, s.heap_goal_bytes, order_of(e.seq, 6));
}

// A GC slice on the runtime's track (tid 0), gc_start → gc_end, and its counters.
void gc_slice(TraceBuilder& b, const Event& e, const BySeq& by_seq, JsonBytes& scratch) {
  JsonBytes& out = b.out();
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
}

void instant(TraceBuilder& b, const Event& e) {
  const std::size_t begin = b.open();
  b.instant_head(rt::to_string(e.kind), e.goid, e.vtime_ns);
  put_args(b.out(), e, /*with_subject=*/true);
  b.out().ch('}');
  b.close(e.vtime_ns, order_of(e.seq, 0), begin);
}

// The article's cascade (A22/O7) as one arrow through its steps: the
// workload's first marker (the cache that starts growing) -> the last GC
// cycle before the deadline (bound to its slice on the runtime track) ->
// the first deadline -> the abort -> the last test never run.
void cascade_flow(TraceBuilder& b, const facts::CaseFacts& f, const BySeq& by_seq,
                  std::unordered_set<std::uint32_t>& used) {
  if (f.leaks.empty() || f.timeouts.empty() || f.aborts.empty()) return;
  const std::uint64_t mark = f.leaks.front().first_seq, timeout = f.timeouts.front().seq;
  const std::uint64_t abort = f.aborts.front().seq;
  if (!(mark < timeout && timeout < abort)) return;  // a flow runs forward in the log
  std::vector<std::uint64_t> steps{mark};
  if (const facts::GcCycle* gc = f.last_cycle_started_before(timeout); gc != nullptr && gc->start_seq > mark)
    steps.push_back(gc->start_seq);
  steps.push_back(timeout);
  steps.push_back(abort);
  if (!f.lost.empty() && f.lost.back().seq > abort) steps.push_back(f.lost.back().seq);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Event* e = by_seq.find(steps[i]);
    const std::uint32_t tid = e->kind == EventKind::gc_start ? 0 : e->goid;  // GC slices live on tid 0
    b.flow(i == 0 ? 's' : i + 1 == steps.size() ? 'f' : 't', "cascade", 1, tid, e->vtime_ns, order_of(e->seq, 5));
    used.insert(tid);
  }
}

// Thread names (metadata sorts first). Only for goroutines with something
// in the trace: a thread with no event has no track to name in Perfetto
// or chrome://tracing, and naming all of them cost 2.2 MB for the default
// matrix (goroutine-leak parks 2,000 goroutines that emit no traced event).
void thread_names(TraceBuilder& b, const facts::CaseFacts& f, const BySeq& by_seq,
                  const std::unordered_set<std::uint32_t>& used) {
  JsonBytes& out = b.out();
  std::uint64_t order = 1;
  b.metadata(0, "thread_name", "runtime (GC, scheduler)", order++);
  for (const auto& [goid, start_seq] : f.goroutines) {  // the last goroutine_start of a goid names it
    if (goid == 0 || used.count(goid) == 0) continue;
    const std::size_t begin = b.open();
    out.lit("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":");
    out.num(goid);
    out.lit(",\"args\":{\"name\":\"g");
    out.num(goid);
    out.ch(' ');
    out.escaped(by_seq.find(start_seq)->subject);
    out.lit("\"}}");
    b.close(INT64_MIN, order++, begin);
  }
}

// A flow arrow from e's cause to e; gc_end -> gc_start is the slice itself.
void cause_flow(TraceBuilder& b, const Event& e, const BySeq& by_seq, std::unordered_set<std::uint32_t>& used) {
  if (e.cause_seq == 0 || e.kind == EventKind::gc_end) return;
  const Event* c = by_seq.find(e.cause_seq);
  if (c == nullptr) return;
  b.flow('s', "cause", e.seq, c->goid, c->vtime_ns, order_of(c->seq, 3));
  b.flow('f', "cause", e.seq, e.goid, e.vtime_ns, order_of(e.seq, 4));
  used.insert(c->goid);
  used.insert(e.goid);
}

// Fills `b` (reset first) with the trace of `obs`, unsorted. Goroutines
// that own something in the trace (a test slice, an instant, a flow end)
// are `used`; tid 0, the runtime, has the GC slices and counters.
void build(TraceBuilder& b, const workloads::Observation& obs) {
  static const EventSeq kNoEvents;
  const EventSeq& events = obs.events ? obs.events->events() : kNoEvents;
  b.reset(events.size());
  process_name(b, obs);
  if (!obs.events) return;
  const std::shared_ptr<const facts::CaseFacts> facts = facts_of(obs);
  const facts::CaseFacts& f = *facts;
  const BySeq by_seq(events);
  std::unordered_set<std::uint32_t> used{0};
  JsonBytes scratch;           // a GC slice's args
  std::size_t test_index = 0;  // f.tests is in test_start order
  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::test_start:
        test_slice(b, e, f, f.tests[test_index++]);
        used.insert(e.goid);
        break;
      case EventKind::gc_start: gc_start_counters(b, e); break;
      case EventKind::gc_end: gc_slice(b, e, by_seq, scratch); break;
      default:
        if (is_instant(e.kind)) {
          instant(b, e);
          used.insert(e.goid);
        }
        break;
    }
    cause_flow(b, e, by_seq, used);
  }
  cascade_flow(b, f, by_seq, used);
  thread_names(b, f, by_seq, used);
}

TraceBuilder& thread_builder() {
  thread_local TraceBuilder b;
  return b;
}

}  // namespace

std::string trace_file_name(const workloads::Observation& obs) { return trace_file_name(obs.profile, obs.workload); }

std::string trace_file_name(std::string_view profile, std::string_view workload) {
  std::string name = std::string(profile) + "__" + std::string(workload) + ".json";
  for (char& c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      c = '_';
  return name;
}

std::string render_trace(const workloads::Observation& obs) {
  TraceBuilder& b = thread_builder();
  build(b, obs);
  std::string text;
  text.reserve(b.size_bound());
  b.emit([&text](std::string_view piece) { text.append(piece); });
  return text;
}

void write_trace(const std::filesystem::path& path, const workloads::Observation& obs, Durability durability) {
  TraceBuilder& b = thread_builder();
  build(b, obs);
  write_file_atomically(path, [&b](const Sink& sink) { b.emit(sink); }, durability);
}

}  // namespace gcm::report
