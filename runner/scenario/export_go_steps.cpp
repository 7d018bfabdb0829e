// export_go_steps.cpp — the scenario's tests as Go functions, one step one Go
// statement (scenarios/README.md, "Steps"). Bodies nest at most kBodyDepthMax
// deep (the loader's limit), so emitting a body inside its parent recurses at
// most that deep.
#include <map>
#include <vector>

#include "scenario/export_go.hpp"

namespace gcm::scenario::go {

namespace {

struct Var {
  ValueKind kind = ValueKind::object;
  bool loop = false;  // a go loop's int variable
};

// What a Go function written for a statement list is.
enum class BodyKind : std::uint8_t { test, subtest, cleanup, goroutine };
struct Body {
  BodyKind kind = BodyKind::test;
  std::string test;  // BodyKind::test: its name, for the at-cleanup checks bound to it
};

class Writer {
 public:
  explicit Writer(const Scenario& s) : s_(s) {}
  std::string test_function(const Test& test);

 private:
  void line(const std::string& text) { out_ += std::string(static_cast<std::size_t>(indent_), '\t') + text + "\n"; }
  // A statement with its comment on the line above, not trailing: gofmt
  // aligns the trailing comments of consecutive lines, which the export
  // would have to reproduce column for column to stay gofmt-clean.
  void commented(const std::string& comment, const std::string& text) {
    line("// " + comment);
    line(text);
  }
  void open(const std::string& text) { line(text); ++indent_; }
  void close(const std::string& text = "}") { --indent_; line(text); }
  void body(std::size_t block, const Body& b, const std::vector<std::string>& captures, const std::string& loop_var);
  void prologue(const Body& b, const std::vector<std::string>& captures);
  bool step(const Step& st);  // false: the step ends its function (nothing after it runs)
  void let(const Step& st);
  void track(const Step& st, const std::string& objects);
  void object_step(const Step& st);
  void finalizer_step(const Step& st);
  void cleanup(const Step& st);
  void go_statement(const Step& st);
  void run(const Step& st);
  bool wait_step(const Step& st);
  std::string at_cleanup_reading(const Check& c) const;
  const Var& var(const std::string& name) const;
  std::string targets(const Step& st) const;

  const Scenario& s_;
  std::string out_;
  int indent_ = 0;
  int waitgroups_ = 0;
  std::vector<std::map<std::string, Var>> scopes_;  // innermost last
};

const Var& Writer::var(const std::string& name) const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    const auto found = it->find(name);
    if (found != it->end()) return found->second;
  }
  throw ExportError("variable " + name + " is not in scope (a loader bug)");
}

std::string Writer::test_function(const Test& test) {
  out_.clear();
  open("func " + test.name + "(t *testing.T) {");
  body(test.body, Body{BodyKind::test, test.name}, {}, "");
  close();
  return out_;
}

// The start of every function the export writes for a statement list: the
// panic watch, the test's end (tests and subtests), the at-cleanup checks
// bound to it (registered before the body's cleanups, so they run after them:
// A23), the captured variables kept to the end (the closure holds them, O2).
void Writer::prologue(const Body& b, const std::vector<std::string>& captures) {
  line(b.kind == BodyKind::goroutine ? "defer gcmWatchGoroutine()" : "defer gcmWatch(t)");
  if (b.kind == BodyKind::test || b.kind == BodyKind::subtest) {
    line("gcmBegin(t)");
    for (const Check& c : s_.checks) {
      // A subtest's full name is known at run time only: its checks compare t.Name().
      const bool sub = c.at_cleanup_of.find('/') != std::string::npos;
      if (c.at_cleanup_of.empty() || (b.kind == BodyKind::test ? c.at_cleanup_of != b.test : !sub)) continue;
      if (sub) open("if t.Name() == " + quote(c.at_cleanup_of) + " {");
      commented("at: cleanup (A23)", "t.Cleanup(func() { " + check_call(c, at_cleanup_reading(c)) + " })");
      if (sub) close();
    }
  }
  if (captures.empty()) return;
  std::string kept;
  for (const std::string& v : captures) kept += (kept.empty() ? "&" : ", &") + ident(v);
  commented("captures", "defer gcmHold(" + kept + ")");
}

// The top-level observation an at-cleanup check reads, read inside that cleanup.
std::string Writer::at_cleanup_reading(const Check& c) const {
  for (const Observe& o : s_.observe)
    if (o.name == c.observe) return "gcmReadingOf(" + quote(c.observe) + ", " + observation_read(o, false) + ")";
  return "gcmReading{observe: " + quote(c.observe) + "}";
}

void Writer::body(std::size_t block, const Body& b, const std::vector<std::string>& captures, const std::string& loop_var) {
  scopes_.emplace_back();
  if (!loop_var.empty()) scopes_.back()[loop_var] = Var{ValueKind::object, true};
  prologue(b, captures);
  const std::vector<Step>& steps = s_.blocks[block].steps;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (step(steps[i])) continue;
    if (i + 1 < steps.size()) line("// the steps after this one never run");
    break;
  }
  scopes_.pop_back();
}

bool Writer::step(const Step& st) {
  switch (st.kind) {
    case StepKind::let: let(st); return true;
    case StepKind::assign_nil:
    case StepKind::append:
    case StepKind::remove:
    case StepKind::write: object_step(st); return true;
    case StepKind::finalizer:
    case StepKind::add_cleanup: finalizer_step(st); return true;
    case StepKind::cleanup: cleanup(st); return true;
    case StepKind::go: go_statement(st); return true;
    case StepKind::run: run(st); return true;
    case StepKind::gc:
      commented("runtime.GC() × " + std::to_string(st.count) + ", each after a sentinel for live reads", "gcmGC(" + std::to_string(st.count) + ")");
      return true;
    case StepKind::sleep: line("time.Sleep(" + duration(st.sleep_ns) + ")"); return true;
    case StepKind::block:
    case StepKind::cancel: return wait_step(st);
    case StepKind::record: line("gcmRecord(t.Name(), " + quote(st.text) + ")"); return true;
    case StepKind::panic: line("panic(" + quote(st.text) + ")"); return false;
    case StepKind::fatal: line("t.Fatal(" + quote(st.text) + ")"); return false;
    case StepKind::skip: line("t.Skip(" + quote(st.text) + ")"); return false;
    case StepKind::observe: {
      static const char* const keep[] = {"gcmKeepLast", "gcmKeepMax", "gcmKeepSum"};
      line("gcmStore(" + quote(st.observe.name) + ", " + keep[static_cast<int>(st.observe.keep)] + ", " +
           observation_read(st.observe, false) + ")");
      return true;
    }
  }
  return true;
}

void Writer::let(const Step& st) {
  const std::string v = ident(st.var);
  switch (st.value) {
    case ValueKind::trie: {
      line(v + " := NewMap()");
      // The interpreter substitutes the first %d only; Sprintf is used where it means the same.
      const auto fmt = [](const std::string& f) {
        const bool plain = f.find('%') == f.find("%d") && f.find('%', f.find("%d") + 1) == std::string::npos;
        return plain && f.find("%d") != std::string::npos ? "fmt.Sprintf(" + quote(f) + ", gcmI)"
                                                          : "strings.Replace(" + quote(f) + ", \"%d\", strconv.Itoa(gcmI), 1)";
      };
      open("for gcmI := 0; gcmI < " + std::to_string(st.count) + "; gcmI++ {");
      line(v + " = " + v + ".Set(" + fmt(st.key_format) + ", " + fmt(st.value_format) + ")");
      close();
      track(st, v + ".tags()");
      break;
    }
    case ValueKind::bytes:
      line(v + " := make([]byte, " + std::to_string(st.bytes) + ")");
      track(st, "gcmBytes(" + v + ")");
      break;
    case ValueKind::tiny:
      line(v + " := make([]*[" + std::to_string(st.bytes) + "]byte, " + std::to_string(st.count) + ")");
      open("for gcmI := range " + v + " {");
      line(v + "[gcmI] = new([" + std::to_string(st.bytes) + "]byte) // tiny: pointer-free and under 16 B (O13)");
      close();
      track(st, "gcmTiny(" + v + ")");
      break;
    case ValueKind::object:
      line(v + " := &node{}");
      track(st, v + ".tags()");
      break;
    case ValueKind::map:
      line(v + " := newCountMap(t.Name(), " + quote(st.var) + ")");
      track(st, v + ".tags()");
      break;
  }
  commented("in scope until the function returns, as the emulated frame (O2)", "defer gcmHold(&" + v + ")");
  scopes_.back()[st.var] = Var{st.value, false};
}

// Only a variable some `live` observation names is tracked (gcmTrack's comment says why).
void Writer::track(const Step& st, const std::string& objects) {
  bool observed = false;
  for (const Block& b : s_.blocks)
    for (const Step& o : b.steps) observed = observed || (o.kind == StepKind::observe && o.observe.kind == ObserveKind::live && o.observe.subject == st.var);
  for (const Observe& o : s_.observe) observed = observed || (o.kind == ObserveKind::live && o.subject == st.var);
  if (observed) line("gcmTrack(t.Name(), " + quote(st.var) + ", " + objects + ")");
}

void Writer::object_step(const Step& st) {
  const std::string g = ident(st.global), v = ident(st.var);
  switch (st.kind) {
    case StepKind::assign_nil: line((st.global.empty() ? v : g) + " = nil"); return;
    case StepKind::append:
      line(g + " = append(" + g + ", " + (st.var.empty() ? "make([]byte, " + std::to_string(st.bytes) + ")" : v) + ")");
      return;
    case StepKind::remove: line(g + " = gcmRemove(" + g + ", " + v + ")"); return;
    case StepKind::write:
      line(v + ".write(" + (st.key_var.empty() ? std::to_string(st.key_value) : ident(st.key_var)) + ")");
      return;
    default: return;
  }
}

// The objects a finalizer or AddCleanup step applies to, as []any: a trie's
// root node, a buffer's first byte, each tiny object, the object itself.
std::string Writer::targets(const Step& st) const {
  const std::string v = ident(st.var);
  switch (var(st.var).kind) {
    case ValueKind::trie: return "gcmTrieRoot(" + v + ")";
    case ValueKind::bytes: return "gcmBytes(" + v + ")";
    case ValueKind::tiny: return "gcmTiny(" + v + ")";
    case ValueKind::object:
    case ValueKind::map: break;
  }
  return "gcmObject(" + v + ", " + v + " == nil)";
}

void Writer::finalizer_step(const Step& st) {
  if (st.kind == StepKind::finalizer) {
    line("gcmSetFinalizer(" + targets(st) + ", " + quote(st.text) + ", t.Name())");
    return;
  }
  const std::string v = ident(st.var);
  const std::string args = ", " + quote(st.text) + ", t.Name())";
  switch (var(st.var).kind) {
    case ValueKind::tiny:
      open("for _, gcmP := range " + v + " {");
      line("if gcmP != nil { gcmAddCleanup(gcmP" + args + " }");
      close();
      return;
    case ValueKind::bytes:
      line("gcmAddCleanup(&" + v + "[0]" + args);
      return;
    default: line("gcmAddCleanup(" + v + args); return;
  }
}

void Writer::cleanup(const Step& st) {
  open("gcmCleanup(t, func() { // " + st.text);
  body(st.body, Body{BodyKind::cleanup, ""}, st.captures, "");
  close("})");
}

void Writer::go_statement(const Step& st) {
  const std::string wg = "gcmWG" + std::to_string(++waitgroups_);
  if (st.wait) {
    line("var " + wg + " sync.WaitGroup");
    line(wg + ".Add(" + std::to_string(st.count) + ")");
  }
  if (!st.loop_var.empty()) {
    const std::string i = ident(st.loop_var);
    open("for " + i + " := 0; " + i + " < " + std::to_string(st.count) + "; " + i + "++ {");
    open("gcmStart(func() { // go " + st.text);
  } else {
    open("go func() { // " + st.text);
  }
  if (st.wait) line("defer " + wg + ".Done()");
  body(st.body, Body{BodyKind::goroutine, ""}, st.captures, st.loop_var);
  if (!st.loop_var.empty()) {
    close("})");
    close();
  } else {
    close("}()");
  }
  if (st.wait) line(wg + ".Wait()");
}

void Writer::run(const Step& st) {
  std::string name = quote(st.text);
  if (st.count != 0) {
    open("for gcmN := 1; gcmN <= " + std::to_string(st.count) + "; gcmN++ {");
    name = "strings.Replace(" + name + ", \"%d\", strconv.Itoa(gcmN), 1)";
  }
  open("t.Run(" + name + ", func(t *testing.T) {");
  if (st.parallel) line("t.Parallel()");
  body(st.body, Body{BodyKind::subtest, ""}, st.captures, "");
  close("})");
  if (st.count != 0) close();
}

bool Writer::wait_step(const Step& st) {
  if (st.kind == StepKind::cancel) {
    line("gcmCancel()");
    return true;
  }
  switch (st.until) {
    case BlockUntil::context: line("<-gcmContext.Done()"); return true;
    case BlockUntil::test_context: line("<-t.Context().Done()"); return true;
    case BlockUntil::forever: line("select {}"); return false;
  }
  return true;
}

}  // namespace

std::string tests(const Scenario& s) {
  std::string out;
  for (const Test& test : s.tests) {
    Writer w(s);
    out += '\n';  // in two steps: GCC 12 warns falsely (-Wrestrict) on "\n" + std::string
    out += w.test_function(test);
  }
  return out;
}

}  // namespace gcm::scenario::go
