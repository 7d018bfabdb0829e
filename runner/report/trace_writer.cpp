// trace_writer.cpp — see trace_writer.hpp.
#include "report/trace_writer.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/atomic_write.hpp"

namespace gcm::report {

namespace {

using rt::Event;
using rt::EventKind;

// Microseconds with exactly 3 decimals from integer nanoseconds: no floating
// point, so the text is the same on every platform and locale.
std::string micros(std::int64_t ns) {
  const bool neg = ns < 0;
  const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  std::string frac = std::to_string(a % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  // Appends, not operator+ chains: GCC 12 -Wrestrict misfires on those.
  std::string out = neg ? "-" : "";
  out += std::to_string(a / 1000);
  out += '.';
  out += frac;
  return out;
}

std::string json_str(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

// One trace event with the keys always in the same order.
struct Record {
  std::int64_t ts_ns;    // sort key 1 (metadata first: INT64_MIN)
  std::uint64_t order;   // sort key 2: log position, so equal times keep log order
  std::string json;
};

class Builder {
 public:
  void metadata(std::uint32_t tid, std::string_view key, std::string_view name, std::uint64_t order) {
    records_.push_back({INT64_MIN, order,
                        "{\"name\":" + json_str(key) + ",\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(tid) +
                            ",\"args\":{\"name\":" + json_str(name) + "}}"});
  }
  void slice(const std::string& name, std::string_view cat, std::uint32_t tid, std::int64_t ts, std::int64_t dur,
             const std::string& args, std::uint64_t order) {
    records_.push_back({ts, order,
                        "{\"name\":" + json_str(name) + ",\"cat\":" + json_str(cat) + ",\"ph\":\"X\",\"pid\":1,\"tid\":" +
                            std::to_string(tid) + ",\"ts\":" + micros(ts) + ",\"dur\":" + micros(std::max<std::int64_t>(dur, 0)) +
                            ",\"args\":" + args + "}"});
  }
  void instant(const std::string& name, std::string_view cat, std::uint32_t tid, std::int64_t ts, const std::string& args,
               std::uint64_t order) {
    records_.push_back({ts, order,
                        "{\"name\":" + json_str(name) + ",\"cat\":" + json_str(cat) + ",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" +
                            std::to_string(tid) + ",\"ts\":" + micros(ts) + ",\"args\":" + args + "}"});
  }
  void counter(std::string_view name, std::int64_t ts, std::int64_t value, std::uint64_t order) {
    records_.push_back({ts, order,
                        "{\"name\":" + json_str(name) + ",\"ph\":\"C\",\"pid\":1,\"tid\":0,\"ts\":" + micros(ts) +
                            ",\"args\":{" + json_str(name) + ":" + std::to_string(value) + "}}"});
  }
  // ph "s", "t" or "f"; "bp":"e" binds the arrow to the enclosing slice.
  void flow(std::string_view ph, std::string_view name, std::string_view cat, std::uint64_t id, std::uint32_t tid,
            std::int64_t ts, std::uint64_t order) {
    records_.push_back({ts, order,
                        "{\"name\":" + json_str(name) + ",\"cat\":" + json_str(cat) + ",\"ph\":\"" + std::string(ph) +
                            "\",\"id\":" + std::to_string(id) + ",\"pid\":1,\"tid\":" + std::to_string(tid) +
                            ",\"ts\":" + micros(ts) + (ph == "s" ? "" : ",\"bp\":\"e\"") + "}"});
  }
  std::string finish() {
    // Stable by (ts, order): per thread, ts never decreases in the file.
    std::stable_sort(records_.begin(), records_.end(), [](const Record& a, const Record& b) {
      return a.ts_ns != b.ts_ns ? a.ts_ns < b.ts_ns : a.order < b.order;
    });
    std::string out = "{\"traceEvents\":[\n";
    for (std::size_t i = 0; i < records_.size(); ++i) {
      out += records_[i].json;
      out += i + 1 < records_.size() ? ",\n" : "\n";
    }
    out += "],\"displayTimeUnit\":\"ms\"}\n";
    return out;
  }

 private:
  std::vector<Record> records_;
};

// Event fields as a JSON object, subject first.
std::string args_of(const Event& e) {
  std::string a = "{";
  bool first = true;
  if (!e.subject.empty()) {
    a += "\"subject\":" + json_str(e.subject);
    first = false;
  }
  for (const rt::EventField& f : e.fields) {
    if (!first) a += ',';
    a += json_str(f.key);
    a += ':';
    a += std::to_string(f.value);
    first = false;
  }
  if (!first) a += ',';
  a += "\"seq\":";
  a += std::to_string(e.seq);
  a += '}';
  return a;
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

}  // namespace

std::string trace_file_name(const workloads::Observation& obs) {
  std::string name = obs.profile + "__" + obs.workload + ".json";
  for (char& c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      c = '_';
  return name;
}

std::string render_trace(const workloads::Observation& obs) {
  Builder b;
  b.metadata(0, "process_name", obs.profile + " / " + obs.workload + " (seed " + std::to_string(obs.seed) + ")", 0);
  if (!obs.events) return b.finish();
  const std::vector<Event>& events = obs.events->events();

  // Pre-scan: thread names, where each test ends, and which events are causes.
  std::map<std::uint32_t, std::string> threads{{0, "runtime (GC, scheduler)"}};
  std::unordered_map<std::string, std::int64_t> test_end;  // test name -> end vtime
  std::unordered_map<std::uint64_t, const Event*> by_seq;
  std::int64_t last_ns = 0, abort_ns = -1;
  const Event* first_mark = nullptr;
  const Event* first_timeout = nullptr;
  const Event* abort = nullptr;
  for (const Event& e : events) {
    by_seq.emplace(e.seq, &e);
    last_ns = std::max(last_ns, e.vtime_ns);
    switch (e.kind) {
      case EventKind::goroutine_start: {
        const auto goid = static_cast<std::uint32_t>(e.field("goid"));
        std::string& name = threads[goid];
        name = "g";
        name += std::to_string(goid);
        name += ' ';
        name += e.subject;
        break;
      }
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
      default:
        break;
    }
  }
  std::uint64_t order = 1;
  for (const auto& [tid, name] : threads) b.metadata(tid, "thread_name", name, order++);

  std::unordered_map<std::uint64_t, std::int64_t> gc_open;  // gc_start seq -> vtime (gc_end's cause)
  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::test_start: {
        // A test that never ended (the binary died) ends at the abort.
        auto it = test_end.find(e.subject);
        const std::int64_t end = it != test_end.end() ? it->second : (abort_ns >= 0 ? abort_ns : last_ns);
        b.slice(e.subject, "test", e.goid, e.vtime_ns, end - e.vtime_ns, args_of(e), order_of(e.seq, 0));
        break;
      }
      case EventKind::gc_start:
        gc_open.emplace(e.seq, e.vtime_ns);
        b.counter("heap_live_bytes", e.vtime_ns, e.field("heap_live_bytes"), order_of(e.seq, 1));
        break;
      case EventKind::gc_end: {
        auto it = gc_open.find(e.cause_seq);
        const std::int64_t start = it != gc_open.end() ? it->second : e.vtime_ns - e.field("gc_ns");
        b.slice("GC " + std::to_string(e.field("cycle")) + " (" + e.subject + ")", "gc", 0, start, e.vtime_ns - start,
                args_of(e), order_of(it != gc_open.end() ? it->first : e.seq, 0));
        b.counter("heap_live_bytes", e.vtime_ns, e.field("heap_live_bytes"), order_of(e.seq, 1));
        b.counter("gc_cpu_percent", e.vtime_ns, e.field("gc_cpu_percent"), order_of(e.seq, 2));
        break;
      }
      default:
        if (is_instant(e.kind)) b.instant(std::string(rt::to_string(e.kind)), "event", e.goid, e.vtime_ns, args_of(e), order_of(e.seq, 0));
        break;
    }
    // A flow arrow from the cause to this event; gc_end -> gc_start is the slice itself.
    if (e.cause_seq != 0 && e.kind != EventKind::gc_end) {
      if (auto it = by_seq.find(e.cause_seq); it != by_seq.end()) {
        const Event& c = *it->second;
        b.flow("s", "cause", "cause", e.seq, c.goid, c.vtime_ns, order_of(c.seq, 3));
        b.flow("f", "cause", "cause", e.seq, e.goid, e.vtime_ns, order_of(e.seq, 4));
      }
    }
  }
  // The article's cascade (A22/O7): the workload's first marker (the cache
  // that starts growing) -> the first deadline -> the abort.
  if (first_mark != nullptr && first_timeout != nullptr && abort != nullptr) {
    b.flow("s", "cascade", "cascade", 1, first_mark->goid, first_mark->vtime_ns, order_of(first_mark->seq, 5));
    b.flow("t", "cascade", "cascade", 1, first_timeout->goid, first_timeout->vtime_ns, order_of(first_timeout->seq, 5));
    b.flow("f", "cascade", "cascade", 1, abort->goid, abort->vtime_ns, order_of(abort->seq, 5));
  }
  return b.finish();
}

void write_trace(const std::filesystem::path& path, const workloads::Observation& obs) {
  write_file_atomically(path, render_trace(obs));
}

}  // namespace gcm::report
