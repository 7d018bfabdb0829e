// step_kinds.cpp — one reader per step kind (the table of scenarios/README.md).
#include <algorithm>
#include <optional>

#include "policy/quote.hpp"
#include "scenario/limits.hpp"
#include "scenario/step_reader.hpp"

namespace gcm::scenario {

using policy::quote;

namespace {

std::int64_t count_of(const NodeReader& r, const Field& f, std::int64_t max, std::string_view what) {
  return r.integer(f, 1, max, std::string(what) + " from 1 to " + std::to_string(max));
}

std::string with_percent_d(const NodeReader& r, const Field& f) {
  const std::string t = r.text(f, "a format with at most one %d");
  const std::size_t first = t.find('%');
  const bool ok = t.size() <= kNameCharsMax && (first == std::string::npos ||
                                                (t.compare(first, 2, "%d") == 0 && t.find('%', first + 1) == std::string::npos));
  if (!ok) r.fail_expected(f, quote(t) + " is not a key format", "at most 64 characters with at most one %d, e.g. key-%d");
  return t;
}

}  // namespace

Step StepReader::read_step(const Field& f, Frame& frame) {
  Step st;
  st.where = Where{f.key_path, f.key_where};
  const std::string& k = f.key;
  static const std::map<std::string, StepKind> kinds{
      {"let", StepKind::let},         {"assign", StepKind::assign_nil}, {"append", StepKind::append},
      {"remove", StepKind::remove},   {"finalizer", StepKind::finalizer}, {"add_cleanup", StepKind::add_cleanup},
      {"cleanup", StepKind::cleanup}, {"gc", StepKind::gc},             {"sleep", StepKind::sleep},
      {"go", StepKind::go},           {"block", StepKind::block},       {"cancel", StepKind::cancel},
      {"write", StepKind::write},     {"record", StepKind::record},     {"run", StepKind::run},
      {"panic", StepKind::panic},     {"fatal", StepKind::fatal},       {"skip", StepKind::skip},
      {"observe", StepKind::observe}};
  st.kind = kinds.at(k);
  std::map<std::string, VarType> scope;  // a body's variables: its captures (and a go loop's variable)
  std::optional<Field> body;             // the `steps` of a cleanup, go or run
  switch (st.kind) {
    case StepKind::let: read_let(KeyedMap(reader_, f, {"var", "trie", "bytes", "tiny", "object", "map"}, "a map {var: NAME, <kind>: …}"), st, frame); break;
    case StepKind::assign_nil: read_global_step(KeyedMap(reader_, f, {"var", "global", "nil"}, "a map {var: NAME, nil: true}"), st, frame); break;
    case StepKind::append: read_global_step(KeyedMap(reader_, f, {"global", "var", "bytes"}, "a map {global: NAME, var: NAME}"), st, frame); break;
    case StepKind::remove: read_global_step(KeyedMap(reader_, f, {"global", "var"}, "a map {global: NAME, var: NAME}"), st, frame); break;
    case StepKind::cleanup: {
      const KeyedMap m(reader_, f, {"name", "captures", "steps"}, "a map {name, captures, steps}");
      read_closure(m, st, frame, scope);
      body = m.need("steps", "a list of steps");
      break;
    }
    case StepKind::go: {
      const KeyedMap m(reader_, f, {"name", "loop", "captures", "wait", "steps"}, "a map {name, loop, captures, wait, steps}");
      read_go(m, st, frame, scope);
      count_goroutines(f, frame, std::max<std::int64_t>(st.count, 1));
      body = m.need("steps", "a list of steps");
      break;
    }
    case StepKind::run: {
      const KeyedMap m(reader_, f, {"name", "parallel", "count", "captures", "steps"}, "a map {name, parallel, count, captures, steps}");
      read_run(m, st);
      count_goroutines(f, frame, std::max<std::int64_t>(st.count, 1));
      read_closure(m, st, frame, scope);
      body = m.need("steps", "a list of steps");
      break;
    }
    case StepKind::observe: st.observe = read_observe(f, false); break;
    default: read_simple(f, st, frame); break;
  }
  if (body) {
    s_.blocks.emplace_back();
    st.body = s_.blocks.size() - 1;
    push_body(*body, frame, st, std::move(scope));  // `frame` is stale from here
  }
  return st;
}

void StepReader::read_let(const KeyedMap& m, Step& st, Frame& frame) {
  const Field& var = m.need("var", "the variable's name");
  st.var = name(var, NameKind::variable);
  if (frame.scope.contains(st.var))
    reader_.fail(var, quote(st.var) + " is already declared in this scope (expected a new name: Go's := needs one)");
  const Field& v = m.one_of({"trie", "bytes", "tiny", "object", "map"}, "value kind");
  VarType type = VarType::object;
  if (v.key == "trie") {
    const KeyedMap t(reader_, v, {"keys", "key", "value"}, "a map {keys: N, key: FORMAT, value: FORMAT}");
    st.value = ValueKind::trie, type = VarType::trie;
    st.count = count_of(reader_, t.need("keys", "the number of keys"), kTrieKeysMax, "a number of keys");
    charge(t.need("keys", ""), frame, st.count);
    if (const Field* key = t.get("key")) st.key_format = with_percent_d(reader_, *key);
    if (const Field* value = t.get("value")) st.value_format = with_percent_d(reader_, *value);
  } else if (v.key == "bytes") {
    st.value = ValueKind::bytes, type = VarType::bytes;
    st.bytes = static_cast<std::int64_t>(reader_.size_bytes(v, 1, kBytesMax, "a size from 1 to 1GiB, e.g. 1MiB or 4096"));
  } else if (v.key == "tiny") {
    const KeyedMap t(reader_, v, {"count", "bytes"}, "a map {count: N, bytes: B}");
    st.value = ValueKind::tiny, type = VarType::tiny;
    st.count = count_of(reader_, t.need("count", "the number of objects"), kTinyCountMax, "a number of objects");
    charge(t.need("count", ""), frame, st.count);
    st.bytes = reader_.integer(t.need("bytes", "the size of each object"), 1, kTinyBytesMax, "a size from 1 to 15 bytes (Go's tiny objects are under 16 B)");
  } else {
    const KeyedMap empty(reader_, v, {}, "an empty map {}", true);
    st.value = v.key == "map" ? ValueKind::map : ValueKind::object;
    type = v.key == "map" ? VarType::map : VarType::object;
  }
  frame.scope[st.var] = type;
  declared_[st.var] = type;
  declared_in_[frame.test].insert(st.var);
}

void StepReader::read_closure(const KeyedMap& m, Step& st, Frame& frame, std::map<std::string, VarType>& scope) {
  st.text = name(m.need("name", "the closure's name"), st.kind == StepKind::run ? NameKind::subtest : NameKind::variable);
  if (const Field* caps = m.get("captures")) {
    if (!caps->value.IsSequence()) reader_.fail_expected(*caps, "got " + policy::describe_node(caps->value), "a list of variable names");
    if (caps->value.size() > kCapturesMax)
      reader_.fail_expected(*caps, std::to_string(caps->value.size()) + " captures", "at most " + std::to_string(kCapturesMax));
    Frame view = frame;  // the loop variable of a go step is visible to its captures
    for (const auto& [var, type] : scope) view.scope[var] = type;
    for (std::size_t i = 0; i < caps->value.size(); ++i) {
      const Location at = policy::location_of(caps->value[i], caps->where);
      const Field item{caps->value[i], {}, caps->key_path + "[" + std::to_string(i) + "]", at, at};
      const VarType type = use(item, view);
      const std::string var = caps->value[i].Scalar();
      if (std::find(st.captures.begin(), st.captures.end(), var) != st.captures.end())
        reader_.fail(item, quote(var) + " is captured twice (expected each variable once)");
      st.captures.push_back(var);
      scope[var] = type;
    }
  }
  // The loop variable is declared by the loop, visible only when captured.
  if (!st.loop_var.empty() && std::find(st.captures.begin(), st.captures.end(), st.loop_var) == st.captures.end())
    scope.erase(st.loop_var);
}

void StepReader::read_go(const KeyedMap& m, Step& st, Frame& frame, std::map<std::string, VarType>& scope) {
  if (const Field* loop = m.get("loop")) {
    const KeyedMap l(reader_, *loop, {"var", "count"}, "a map {var: i, count: N}");
    st.loop_var = name(l.need("var", "the loop variable's name"), NameKind::variable);
    st.count = count_of(reader_, l.need("count", "the number of iterations"), kLoopCountMax, "a loop count");
    scope[st.loop_var] = VarType::integer;
  } else {
    st.count = 1;
  }
  if (const Field* wait = m.get("wait")) st.wait = reader_.boolean(*wait);
  read_closure(m, st, frame, scope);
}

void StepReader::read_run(const KeyedMap& m, Step& st) {
  st.count = 0;  // no count: one subtest, its name as written
  if (const Field* parallel = m.get("parallel")) st.parallel = reader_.boolean(*parallel);
  if (const Field* count = m.get("count")) st.count = count_of(reader_, *count, kLoopCountMax, "a number of subtests");
  const Field& n = m.need("name", "the subtest's name");
  const std::string spelled = reader_.text(n, "a subtest name");
  const bool has_d = spelled.find("%d") != std::string::npos;
  if (st.count != 0 && !has_d) reader_.fail_expected(n, quote(spelled) + " has no %d", "a name with %d when count is given, e.g. Test%d");
  if (st.count == 0 && spelled.find('%') != std::string::npos)
    reader_.fail_expected(n, quote(spelled) + " has a %", "a plain name (a %d needs count:)");
}

}  // namespace gcm::scenario

namespace gcm::scenario {

void StepReader::read_global_step(const KeyedMap& m, Step& st, Frame& frame) {
  const auto global_name = [&](const Field& g) {
    const std::string n = name(g, NameKind::variable);
    const bool known = std::any_of(s_.globals.begin(), s_.globals.end(), [&](const Global& x) { return x.name == n; });
    if (!known) reader_.fail(g, quote(n) + " is not a declared global (expected a name from globals:)");
    return n;
  };
  const auto object_var = [&](const Field& v) {
    st.var = name(v, NameKind::variable);
    use(v, frame, {VarType::trie, VarType::bytes, VarType::tiny, VarType::object, VarType::map});
  };
  if (st.kind == StepKind::assign_nil) {  // m = nil, or cache = nil
    const Field& which = m.one_of({"var", "global"}, "target");
    const Field& nil = m.need("nil", "nil: true");
    if (!reader_.boolean(nil)) reader_.fail_expected(nil, "nil: false", "nil: true (the only assignment a step makes)");
    if (which.key == "var") object_var(which);
    else st.global = global_name(which);
    return;
  }
  st.global = global_name(m.need("global", "the global slice"));
  const Field& v = st.kind == StepKind::remove ? m.need("var", "the variable removed") : m.one_of({"var", "bytes"}, "value appended");
  if (v.key == "var") object_var(v);
  else st.bytes = static_cast<std::int64_t>(reader_.size_bytes(v, 1, kBytesMax, "a size from 1 to 1GiB, e.g. 1MiB"));
}

void StepReader::read_simple(const Field& f, Step& st, Frame& frame) {
  switch (st.kind) {
    case StepKind::finalizer:
    case StepKind::add_cleanup: {
      const KeyedMap m(reader_, f, {"var", "record"}, "a map {var: NAME, record: LABEL}");
      const Field& var = m.need("var", "the object's variable");
      st.var = name(var, NameKind::variable);
      use(var, frame, {VarType::trie, VarType::bytes, VarType::tiny, VarType::object, VarType::map});
      st.text = name(m.need("record", "the label the finalizer records"), NameKind::label);
      if (st.kind == StepKind::add_cleanup) s_.go1_24_steps.push_back({st.where, "runtime.AddCleanup"});
      return;
    }
    case StepKind::gc: {
      const KeyedMap m(reader_, f, {"times"}, "a map {times: N}", true);
      st.count = 1;
      if (const Field* t = m.get("times")) st.count = reader_.integer(*t, 1, kGcTimesMax, "a number of cycles from 1 to 100");
      charge(f, frame, st.count * kGcWork);
      return;
    }
    case StepKind::sleep: {
      const auto parsed = parse_duration_ns(reader_.plain(f, "a duration such as 10ms"), kSleepNsMax);
      if (!parsed.ok()) reader_.fail_expected(f, parsed.error, "a duration of at most 1h, e.g. 10ms, 1s (ns, us, ms, s, m, h)");
      st.sleep_ns = parsed.value;
      return;
    }
    case StepKind::block: {
      const KeyedMap m(reader_, f, {"until"}, "a map {until: context | test_context | forever}");
      const Field& u = m.need("until", "context, test_context or forever");
      const std::string until = reader_.text(u, "context, test_context or forever");
      if (until == "context") st.until = BlockUntil::context;
      else if (until == "test_context") {
        st.until = BlockUntil::test_context;
        s_.go1_24_steps.push_back({st.where, "t.Context"});
      } else if (until == "forever") st.until = BlockUntil::forever;
      else reader_.fail_expected(u, "unknown value " + quote(until), "one of: context, test_context, forever");
      return;
    }
    case StepKind::cancel: (void)KeyedMap(reader_, f, {}, "an empty map {}", true); return;
    case StepKind::write: {
      const KeyedMap m(reader_, f, {"map", "key"}, "a map {map: NAME, key: VAR-or-INTEGER}");
      const Field& map = m.need("map", "the map's variable");
      st.var = name(map, NameKind::variable);
      use(map, frame, {VarType::map});
      const Field& key = m.need("key", "a loop variable or an integer");
      const std::string spelled = reader_.text(key, "a loop variable or an integer");
      if (!spelled.empty() && (std::isdigit(static_cast<unsigned char>(spelled[0])) != 0 || spelled[0] == '-'))
        st.key_value = reader_.integer(key, -1'000'000'000, 1'000'000'000, "an integer key");
      else
        st.key_var = name(key, NameKind::variable), use(key, frame, {VarType::integer});
      return;
    }
    case StepKind::record: st.text = name(f, NameKind::label); return;
    default: st.text = text(f, "a message", kTextCharsMax); return;  // panic, fatal, skip
  }
}

}  // namespace gcm::scenario
