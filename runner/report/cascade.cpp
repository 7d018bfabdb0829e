// cascade.cpp — see cascade.hpp.
#include "report/cascade.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <unordered_map>

#include "report/retention_summary.hpp"
#include "report/units.hpp"

namespace gcm::report {

namespace {

using rt::Event;
using rt::EventKind;

std::string mib(std::int64_t bytes) { return fixed_decimal(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MiB"; }

// "60 s" for whole seconds (a limit as written), else human_value's "61.2 s".
std::string duration(std::int64_t ns) {
  if (ns % 1'000'000'000 == 0 && ns != 0) return std::to_string(ns / 1'000'000'000) + " s";
  return human_value(ns, "ns");
}

// One test's window and what GC did inside it.
struct TestSpan {
  std::string name;
  std::int64_t start_ns = 0, end_ns = -1;
  bool completed = false;     // a test_end, not a timeout/abort
  std::int64_t gc_cycles = 0, gc_ns = 0;
  std::int64_t live_after_gc = -1;  // heap_live_bytes of the last gc_end inside it
};

std::string range(const std::string& first, const std::string& last) {
  return first == last ? first : first + " … " + last;
}

}  // namespace

std::optional<Cascade> explain_cascade(const workloads::Observation& obs) {
  if (!obs.events) return std::nullopt;
  const std::vector<Event>& events = obs.events->events();

  std::vector<TestSpan> tests;                         // in start order
  std::unordered_map<std::string, std::size_t> index;  // name -> tests[i]
  std::unordered_map<std::uint32_t, std::size_t> running_on;  // goid -> its test
  struct Marker {
    std::string first_test, last_test;
    std::int64_t bytes = 0, cleared = 0, count = 0;
  };
  std::map<std::string, Marker> markers;  // subject -> growth; map: stable order
  std::string first_marker;
  const Event* timeout = nullptr;
  const Event* abort = nullptr;
  std::vector<std::string> not_run;
  std::int64_t registered = 0, ran = 0;

  for (const Event& e : events) {
    switch (e.kind) {
      case EventKind::test_start:
        index[e.subject] = tests.size();
        running_on[e.goid] = tests.size();
        tests.push_back({e.subject, e.vtime_ns});
        break;
      case EventKind::test_end:
        if (auto it = index.find(e.subject); it != index.end()) {
          tests[it->second].end_ns = e.vtime_ns;
          tests[it->second].completed = true;
        }
        break;
      case EventKind::test_timeout:
        if (auto it = index.find(e.subject); it != index.end()) tests[it->second].end_ns = e.vtime_ns;
        if (timeout == nullptr) timeout = &e;
        break;
      case EventKind::gc_end:
        // A GC cycle belongs to every test running when it ended (the workload's own rule).
        for (TestSpan& t : tests)
          if (t.end_ns < 0 && e.vtime_ns > t.start_ns) {
            ++t.gc_cycles;
            // Only the part of a cycle inside the test: one that began
            // before it started would push the share past 100 %.
            t.gc_ns += std::min(e.field("gc_ns"), e.vtime_ns - t.start_ns);
            t.live_after_gc = e.field("heap_live_bytes");
          }
        break;
      case EventKind::mark: {
        auto it = running_on.find(e.goid);
        const std::string test = it != running_on.end() ? tests[it->second].name : std::string("(no test)");
        Marker& m = markers[e.subject];
        if (m.count++ == 0) {
          m.first_test = test;
          m.bytes = e.field("bytes");
          if (first_marker.empty()) first_marker = e.subject;
        }
        m.last_test = test;
        m.cleared = std::max(m.cleared, e.field("cleared"));
        break;
      }
      case EventKind::binary_abort:
        if (abort == nullptr) abort = &e;
        break;
      case EventKind::test_not_run:
        not_run.push_back(e.subject);
        break;
      case EventKind::test_cleanup_register:
        ++registered;
        break;
      case EventKind::test_cleanup_run:
        ++ran;
        break;
      default:
        break;
    }
  }
  if (timeout == nullptr && not_run.empty()) return std::nullopt;

  Cascade c;
  c.title = obs.workload + " @ " + obs.profile + ", seed " + std::to_string(obs.seed);
  if (!first_marker.empty()) {
    const Marker& m = markers[first_marker];
    // The marker's subject is "<name> grows"; the name is what leaks.
    const std::string what = first_marker.substr(0, first_marker.find(' '));
    std::string text = range(m.first_test, m.last_test) + ": `" + what + "` grows " + mib(m.bytes) + " per test";
    text += m.cleared ? " (cleared each test)" : ", never cleared (global root)";
    c.steps.push_back({"leak", text});
  }
  // Who holds the heap when the deadline hits (else at the peak): the
  // dominator tree's largest retainer, the article's "holds 87 %".
  const rt::RetentionSnapshot* snap =
      timeout != nullptr ? retention_at(obs, rt::RetentionPoint::test_timeout, timeout->subject) : nullptr;
  const bool at_deadline = snap != nullptr;
  if (snap == nullptr) snap = peak_retention(obs);
  if (snap != nullptr && snap->reachable_bytes != 0) {
    const std::string when = at_deadline ? "at " + snap->subject + "'s deadline" : "at its peak (" + snap->subject + ")";
    const std::string heap = mib(static_cast<std::int64_t>(snap->reachable_bytes)) + " reachable heap " + when;
    // No single root may hold the most: then the shared part, and who shares it.
    if (snap->retainers.empty() || snap->shared_bytes > snap->retainers.front().retained_bytes) {
      c.steps.push_back({"retainer", "no single root retains the most of the " + heap + ": " + shared_text(*snap) +
                                         " (dominator tree)"});
    } else {
      const rt::Retainer& top = snap->retainers.front();
      c.steps.push_back({"retainer", retainer_label(top) + " retains " +
                                         mib(static_cast<std::int64_t>(top.retained_bytes)) + " = " +
                                         permille_text(snap->share_permille(top)) + " of the " + heap +
                                         " (dominator tree)"});
    }
  }
  std::vector<const TestSpan*> done;
  for (const TestSpan& t : tests)
    if (t.completed && t.live_after_gc >= 0) done.push_back(&t);
  if (!done.empty()) {
    const TestSpan& a = *done.front();
    const TestSpan& b = *done.back();
    // The timed-out test's last cycle shows the heap at the deadline.
    std::int64_t live_end = b.live_after_gc;
    if (timeout != nullptr)
      if (auto it = index.find(timeout->subject); it != index.end() && tests[it->second].live_after_gc >= 0)
        live_end = tests[it->second].live_after_gc;
    auto share = [](const TestSpan& t) {
      const std::int64_t d = t.end_ns - t.start_ns;
      return d > 0 ? t.gc_ns * 100 / d : 0;
    };
    c.steps.push_back({"pressure", "live heap " + mib(a.live_after_gc) + " → " + mib(live_end) + " across " +
                                       range(a.name, b.name) + " (" + std::to_string(done.size()) +
                                       " completed); GC cycles per test " + std::to_string(a.gc_cycles) + " → " +
                                       std::to_string(b.gc_cycles) + "; GC CPU share " + std::to_string(share(a)) +
                                       "% → " + std::to_string(share(b)) + "%"});
  }
  if (timeout != nullptr) {
    // A22: the test that passed its own limit. O7: `go test -timeout` is one
    // alarm for the binary; the test running when it fires is not the one
    // that took long, so say both figures.
    std::string text;
    if (timeout->field("per_test", 1) != 0)
      text = timeout->subject + " ran " + duration(timeout->field("ran_ns")) + " (limit " +
             duration(timeout->field("limit_ns")) + " per test)";
    else
      text = "the binary's -timeout " + duration(timeout->field("limit_ns")) + " fired at " +
             duration(timeout->vtime_ns) + ", during " + timeout->subject + " (running " +
             duration(timeout->field("ran_ns")) + "; one alarm for the whole binary, O7)";
    // What the victim spent its time on: GC work is the pressure made visible.
    if (auto it = index.find(timeout->subject); it != index.end()) {
      const TestSpan& t = tests[it->second];
      const std::int64_t d = t.end_ns - t.start_ns;
      text += "; in it " + std::to_string(t.gc_cycles) + " GC cycle" + (t.gc_cycles == 1 ? "" : "s") + ", " +
              std::to_string(d > 0 ? t.gc_ns * 100 / d : 0) + "% of its time in GC";
    }
    c.steps.push_back({"deadline", std::move(text)});
  }
  if (abort != nullptr) {
    std::string text = abort->subject;
    if (registered > ran)
      text += "; " + std::to_string(registered - ran) + " registered cleanup(s) skipped (O7)";
    else if (timeout != nullptr)
      text += "; cleanups skipped (O7)";
    c.steps.push_back({"abort", text});
  }
  if (!not_run.empty())
    c.steps.push_back({"lost", range(not_run.front(), not_run.back()) + " not run (" + std::to_string(not_run.size()) +
                                   " test" + (not_run.size() == 1 ? "" : "s") + ")"});
  return c;
}

std::string render_cascade_text(const Cascade& c) {
  std::string out = c.title + "\n";
  for (const CascadeStep& s : c.steps) {
    std::string label = s.label;
    label.resize(std::max<std::size_t>(label.size(), 8), ' ');
    out += "  " + label + " " + s.text + "\n";
  }
  return out;
}

std::string render_cascade_markdown(const std::vector<Cascade>& cascades) {
  std::string out = "# Cascades\n\n";
  if (cascades.empty()) return out + "No test timed out or was left unrun.\n";
  for (const Cascade& c : cascades) {
    out += "## " + c.title + "\n\n";
    for (const CascadeStep& s : c.steps) out += "- **" + s.label + "** " + s.text + "\n";
    out += "\n";
  }
  return out;
}

}  // namespace gcm::report
