// derive.cpp — CaseFacts in one pass over the log (derive.hpp).
#include "facts/derive.hpp"

#include <algorithm>

namespace gcm::facts {

namespace {

using rt::Event;
using rt::EventKind;

// The pass's state besides the facts: which tests are running, which
// goroutine runs which test, and where each link and leak is.
class Deriver {
 public:
  CaseFacts run(const rt::EventLog& log) {
    f_.tests.reserve(64);
    for (const Event& e : log.events()) {
      f_.last_ns = std::max(f_.last_ns, e.vtime_ns);
      on(e);
    }
    return std::move(f_);
  }

 private:
  void on(const Event& e) {
    switch (e.kind) {
      case EventKind::test_start: return test_start(e);
      case EventKind::test_end: return end_test(e, SpanEnd::completed);
      case EventKind::test_timeout: return timeout(e);
      case EventKind::binary_abort: return abort(e);
      case EventKind::test_not_run: return f_.lost.push_back({e.subject, e.seq, e.cause_seq});
      case EventKind::gc_start: return gc_start(e);
      case EventKind::gc_end: return gc_end(e);
      case EventKind::mark: return mark(e);
      case EventKind::test_cleanup_register: return link_from(cleanup_at_, f_.cleanup_links, e);
      case EventKind::test_cleanup_run: ++f_.cleanups_run; return link_to(cleanup_at_, f_.cleanup_links, e);
      case EventKind::finalizer_queued:
      case EventKind::cleanup_queued: return link_from(queued_at_, f_.finalizer_links, e);
      case EventKind::finalizer_run:
      case EventKind::cleanup_run: return link_to(queued_at_, f_.finalizer_links, e);
      case EventKind::goroutine_start:
        ++f_.goroutines_started;
        f_.goroutines[static_cast<std::uint32_t>(rt::read<rt::ev::GoroutineStart>(e).goid)] = e.seq;
        return;
      case EventKind::goroutine_end: ++f_.goroutines_ended; return;
      default: return;
    }
  }

  void test_start(const Event& e) {
    const std::size_t i = f_.tests.size();
    TestSpan t;
    t.name = e.subject;
    t.goid = e.goid;
    t.depth = rt::read<rt::ev::TestStart>(e).depth;
    t.start_seq = e.seq;
    t.start_ns = e.vtime_ns;
    f_.tests.push_back(std::move(t));
    f_.by_name[e.subject] = i;
    running_on_[e.goid] = i;
    open_.push_back(i);
  }

  // Ends the open span named by e's subject (the last started under it).
  void end_test(const Event& e, SpanEnd how) {
    auto it = f_.by_name.find(e.subject);
    if (it == f_.by_name.end()) return;
    TestSpan& t = f_.tests[it->second];
    if (t.end != SpanEnd::open) return;  // the first end wins (O7: nothing follows a timeout)
    close(t, e, how);
    if (how == SpanEnd::completed) t.status = static_cast<gotest::TestStatus>(rt::read<rt::ev::TestEnd>(e).status);
    std::erase(open_, it->second);
  }

  static void close(TestSpan& t, const Event& e, SpanEnd how) {
    t.end = how;
    t.end_seq = e.seq;
    t.end_ns = e.vtime_ns;
    if (how == SpanEnd::timed_out) t.status = gotest::TestStatus::timed_out;
  }

  void timeout(const Event& e) {
    const rt::ev::TestTimeout t = rt::read<rt::ev::TestTimeout>(e);
    f_.timeouts.push_back({e.seq, e.subject, e.vtime_ns, t.limit_ns, t.ran_ns, t.per_test != 0});
    end_test(e, SpanEnd::timed_out);
  }

  // The binary died: every test still running dies with it (gotest marks them failed).
  void abort(const Event& e) {
    f_.aborts.push_back({e.seq, e.subject, e.vtime_ns});
    for (std::size_t i : open_) close(f_.tests[i], e, SpanEnd::died);
    open_.clear();
  }

  void gc_start(const Event& e) {
    GcCycle c;
    c.cycle = rt::read<rt::ev::GcStart>(e).cycle;
    c.start_seq = e.seq;
    f_.gc_cycles.push_back(c);
  }

  // A cycle belongs to every test running when it ended; each gets the part inside it.
  void gc_end(const Event& e) {
    const rt::ev::GcEnd g = rt::read<rt::ev::GcEnd>(e);
    if (f_.gc_cycles.empty() || f_.gc_cycles.back().start_seq != e.cause_seq || f_.gc_cycles.back().end_seq != 0)
      f_.gc_cycles.push_back(GcCycle{g.cycle, 0, 0, -1, 0, 0});  // no gc_start in the log
    GcCycle& c = f_.gc_cycles.back();
    c.end_seq = e.seq;
    c.end_ns = e.vtime_ns;
    c.gc_ns = g.gc_ns;
    c.heap_live_bytes = g.heap_live_bytes;
    for (std::size_t i : open_) {
      TestSpan& t = f_.tests[i];
      if (e.vtime_ns <= t.start_ns) continue;  // ended as the test began: not inside it
      ++t.gc_cycles;
      t.gc_in_test_ns += gc_part_in_test_ns(g.gc_ns, e.vtime_ns, t.start_ns);
      t.live_after_gc_bytes = g.heap_live_bytes;
    }
  }

  void mark(const Event& e) {
    const rt::ev::Mark m = rt::read<rt::ev::Mark>(e);
    auto it = running_on_.find(e.goid);
    const std::string test = it != running_on_.end() ? f_.tests[it->second].name : std::string("(no test)");
    auto [at, fresh] = leak_at_.try_emplace(e.subject, f_.leaks.size());
    if (fresh) f_.leaks.push_back(Leak{e.subject, test, test, m.bytes, 0, 0, e.seq});
    Leak& l = f_.leaks[at->second];
    ++l.count;
    l.last_test = test;
    l.cleared = std::max(l.cleared, m.cleared);
  }

  static void link_from(std::unordered_map<std::uint64_t, std::size_t>& at, std::vector<Link>& links, const Event& e) {
    at[e.seq] = links.size();
    links.push_back({e.seq, 0});
  }
  static void link_to(std::unordered_map<std::uint64_t, std::size_t>& at, std::vector<Link>& links, const Event& e) {
    if (auto it = at.find(e.cause_seq); it != at.end()) links[it->second].to_seq = e.seq;
  }

  CaseFacts f_;
  std::vector<std::size_t> open_;                          // tests running now, by index
  std::unordered_map<std::uint32_t, std::size_t> running_on_;  // goid -> the last test started on it
  std::unordered_map<std::string, std::size_t> leak_at_;       // marker subject -> leaks[i]
  std::unordered_map<std::uint64_t, std::size_t> cleanup_at_;  // register seq -> cleanup_links[i]
  std::unordered_map<std::uint64_t, std::size_t> queued_at_;   // queued seq -> finalizer_links[i]
};

}  // namespace

CaseFacts derive(const rt::EventLog& log) { return Deriver{}.run(log); }

}  // namespace gcm::facts
