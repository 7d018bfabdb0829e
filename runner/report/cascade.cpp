// cascade.cpp — see cascade.hpp.
#include "report/cascade.hpp"

#include <algorithm>
#include <cstdint>

#include "report/facts_of.hpp"
#include "report/retention_summary.hpp"
#include "report/units.hpp"

namespace gcm::report {

namespace {

std::string mib(std::int64_t bytes) { return fixed_decimal(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MiB"; }

// "60 s" for whole seconds (a limit as written), else human_value's "61.2 s".
std::string duration(std::int64_t ns) {
  if (ns % 1'000'000'000 == 0 && ns != 0) return std::to_string(ns / 1'000'000'000) + " s";
  return human_value(ns, "ns");
}

std::string range(const std::string& first, const std::string& last) {
  return first == last ? first : first + " … " + last;
}

// The leak: the first marker's subject is "<name> grows"; the name is what leaks.
void leak_step(const facts::CaseFacts& f, Cascade& c) {
  if (f.leaks.empty()) return;
  const facts::Leak& m = f.leaks.front();
  const std::string what = m.subject.substr(0, m.subject.find(' '));
  std::string text = range(m.first_test, m.last_test) + ": `" + what + "` grows " + mib(m.bytes) + " per test";
  text += m.cleared ? " (cleared each test)" : ", never cleared (global root)";
  c.steps.push_back({"leak", text});
}

// Who holds the heap when the deadline hits (else at the peak): the
// dominator tree's largest retainer, the article's "holds 87 %".
void retainer_step(const workloads::Observation& obs, const facts::Timeout* timeout, Cascade& c) {
  const rt::RetentionSnapshot* snap =
      timeout != nullptr ? retention_at(obs, rt::RetentionPoint::test_timeout, timeout->test) : nullptr;
  const bool at_deadline = snap != nullptr;
  if (snap == nullptr) snap = peak_retention(obs);
  if (snap == nullptr || snap->reachable_bytes == 0) return;
  const std::string when = at_deadline ? "at " + snap->subject + "'s deadline" : "at its peak (" + snap->subject + ")";
  const std::string heap = mib(static_cast<std::int64_t>(snap->reachable_bytes)) + " reachable heap " + when;
  // No single root may hold the most: then the shared part, and who shares it.
  if (snap->retainers.empty() || snap->shared_bytes > snap->retainers.front().retained_bytes) {
    c.steps.push_back(
        {"retainer", "no single root retains the most of the " + heap + ": " + shared_text(*snap) + " (dominator tree)"});
    return;
  }
  const rt::Retainer& top = snap->retainers.front();
  c.steps.push_back({"retainer", retainer_label(top) + " retains " + mib(static_cast<std::int64_t>(top.retained_bytes)) +
                                     " = " + permille_text(snap->share_permille(top)) + " of the " + heap +
                                     " (dominator tree)"});
}

// The pressure: live heap and GC work across the tests that completed.
void pressure_step(const facts::CaseFacts& f, const facts::Timeout* timeout, Cascade& c) {
  std::vector<const facts::TestSpan*> done;
  for (const facts::TestSpan& t : f.tests)
    if (t.end == facts::SpanEnd::completed && t.live_after_gc_bytes >= 0) done.push_back(&t);
  if (done.empty()) return;
  const facts::TestSpan& a = *done.front();
  const facts::TestSpan& b = *done.back();
  // The timed-out test's last cycle shows the heap at the deadline.
  std::int64_t live_end = b.live_after_gc_bytes;
  if (timeout != nullptr)
    if (const facts::TestSpan* t = f.find(timeout->test); t != nullptr && t->live_after_gc_bytes >= 0)
      live_end = t->live_after_gc_bytes;
  c.steps.push_back({"pressure", "live heap " + mib(a.live_after_gc_bytes) + " → " + mib(live_end) + " across " +
                                     range(a.name, b.name) + " (" + std::to_string(done.size()) +
                                     " completed); GC cycles per test " + std::to_string(a.gc_cycles) + " → " +
                                     std::to_string(b.gc_cycles) + "; GC CPU share " +
                                     std::to_string(a.gc_share_percent()) + "% → " +
                                     std::to_string(b.gc_share_percent()) + "%"});
}

// A22: the test that passed its own limit. O7: `go test -timeout` is one
// alarm for the binary; the test running when it fires is not the one
// that took long, so say both figures.
void deadline_step(const facts::CaseFacts& f, const facts::Timeout& tt, Cascade& c) {
  std::string text;
  if (tt.per_test)
    text = tt.test + " ran " + duration(tt.ran_ns) + " (limit " + duration(tt.limit_ns) + " per test)";
  else
    text = "the binary's -timeout " + duration(tt.limit_ns) + " fired at " + duration(tt.at_ns) + ", during " +
           tt.test + " (running " + duration(tt.ran_ns) + "; one alarm for the whole binary, O7)";
  // What the victim spent its time on: GC work is the pressure made visible.
  if (const facts::TestSpan* t = f.find(tt.test); t != nullptr)
    text += "; in it " + std::to_string(t->gc_cycles) + " GC cycle" + (t->gc_cycles == 1 ? "" : "s") + ", " +
            std::to_string(t->gc_share_percent()) + "% of its time in GC";
  c.steps.push_back({"deadline", std::move(text)});
}

void abort_and_lost_steps(const facts::CaseFacts& f, Cascade& c) {
  if (!f.aborts.empty()) {
    std::string text = f.aborts.front().reason;
    if (f.cleanups_registered() > f.cleanups_run)
      text += "; " + std::to_string(f.cleanups_registered() - f.cleanups_run) + " registered cleanup(s) skipped (O7)";
    else if (!f.timeouts.empty())
      text += "; cleanups skipped (O7)";
    c.steps.push_back({"abort", text});
  }
  if (!f.lost.empty())
    c.steps.push_back({"lost", range(f.lost.front().name, f.lost.back().name) + " not run (" +
                                   std::to_string(f.lost.size()) + " test" + (f.lost.size() == 1 ? "" : "s") + ")"});
}

}  // namespace

std::optional<Cascade> explain_cascade(const workloads::Observation& obs) {
  const std::shared_ptr<const facts::CaseFacts> facts = facts_of(obs);
  if (!facts) return std::nullopt;
  const facts::CaseFacts& f = *facts;
  if (f.timeouts.empty() && f.lost.empty()) return std::nullopt;
  const facts::Timeout* timeout = f.timeouts.empty() ? nullptr : &f.timeouts.front();
  Cascade c;
  c.title = obs.workload + " @ " + obs.profile + ", seed " + std::to_string(obs.seed);
  leak_step(f, c);
  retainer_step(obs, timeout, c);
  pressure_step(f, timeout, c);
  if (timeout != nullptr) deadline_step(f, *timeout, c);
  abort_and_lost_steps(f, c);
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
