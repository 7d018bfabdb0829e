// observe_reader.cpp — one observation, as a step or a top-level entry.
#include "policy/quote.hpp"
#include "scenario/step_reader.hpp"

namespace gcm::scenario {

namespace {

struct KindKey {
  const char* key;
  ObserveKind kind;
  enum Subject { variable, label, test, global, flag } subject;
};

constexpr KindKey kKinds[] = {
    {"live", ObserveKind::live, KindKey::variable},          {"finalized", ObserveKind::finalized, KindKey::label},
    {"heap_alloc", ObserveKind::heap_alloc, KindKey::flag},  {"goroutines", ObserveKind::goroutines, KindKey::flag},
    {"map_keys", ObserveKind::map_keys, KindKey::variable},  {"map_size", ObserveKind::map_size, KindKey::variable},
    {"map_count", ObserveKind::map_count, KindKey::variable},
    {"records", ObserveKind::records, KindKey::test},        {"len", ObserveKind::len, KindKey::global},
    {"status", ObserveKind::status, KindKey::test},          {"rejected_cleanups", ObserveKind::rejected_cleanups, KindKey::flag},
    {"aborted", ObserveKind::aborted, KindKey::flag},
};

}  // namespace

Observe StepReader::read_observe(const Field& f, bool top_level) {
  std::vector<std::string> known{"name", "test", "keep", "key"}, kinds;
  for (const KindKey& k : kKinds) known.push_back(k.key), kinds.push_back(k.key);
  const KeyedMap m(reader_, f, known, "a map {name: NAME, <kind>: SUBJECT}");
  Observe o;
  o.where = Where{f.key_path, f.key_where};
  o.name = name(m.need("name", "the observation's name"), NameKind::observation);
  const Field& which = m.one_of(kinds, "observation kind");
  const KindKey* kind = nullptr;
  for (const KindKey& k : kKinds)
    if (which.key == k.key) kind = &k;
  o.kind = kind->kind;
  switch (kind->subject) {
    case KindKey::flag:
      if (!reader_.boolean(which)) reader_.fail_expected(which, "false", "true");
      break;
    case KindKey::label: o.subject = name(which, NameKind::label); break;
    case KindKey::global: {
      o.subject = name(which, NameKind::variable);
      bool known_global = false;
      for (const Global& g : s_.globals) known_global |= g.name == o.subject;
      if (!known_global) reader_.fail(which, policy::quote(o.subject) + " is not a declared global (expected a name from globals:)");
      break;
    }
    case KindKey::test: {
      o.subject = reader_.text(which, "a test name, e.g. TestX or TestX/Sub");
      const std::string top = o.subject.substr(0, o.subject.find('/'));
      bool known_test = false;
      for (const Test& t : s_.tests) known_test |= t.name == top;
      if (!known_test) reader_.fail(which, policy::quote(o.subject) + " is not a test of this scenario (expected a name from tests:)");
      break;
    }
    case KindKey::variable: {
      o.subject = name(which, NameKind::variable);
      const auto found = declared_.find(o.subject);
      if (found == declared_.end())
        reader_.fail(which, "observes " + policy::quote(o.subject) + " before its let (expected a variable let earlier in the file)");
      if ((o.kind == ObserveKind::map_keys || o.kind == ObserveKind::map_size || o.kind == ObserveKind::map_count) &&
          found->second != VarType::map)
        reader_.fail(which, policy::quote(o.subject) + " is not a map (expected a variable let as map: {})");
      break;
    }
  }
  if (const Field* t = m.get("test")) {
    if (o.kind != ObserveKind::live) reader_.fail(t->key_where, t->key_path, "test: applies to live only (expected no test: here)");
    o.test = name(*t, NameKind::test);
    const auto lets = declared_in_.find(o.test);
    if (lets == declared_in_.end() || !lets->second.contains(o.subject))
      reader_.fail(*t, policy::quote(o.subject) + " is not let in " + policy::quote(o.test) +
                           " before this point (expected a test whose steps let it)");
  }
  if (o.kind == ObserveKind::map_count) {
    o.key = reader_.integer(m.need("key", "the key whose count is read"), -1'000'000'000, 1'000'000'000, "an integer key");
  } else if (const Field* key = m.get("key")) {
    reader_.fail(key->key_where, key->key_path, "key: applies to map_count only (expected no key: here)");
  }
  if (!top_level && (o.kind == ObserveKind::status || o.kind == ObserveKind::aborted))
    reader_.fail(which.key_where, which.key_path, which.key + " is known when the package has finished (expected it in the top-level observe: list)");
  if (const Field* keep = m.get("keep")) {
    const std::string k = reader_.text(*keep, "last, max or sum");
    if (k == "last") o.keep = Keep::last;
    else if (k == "max") o.keep = Keep::max;
    else if (k == "sum") o.keep = Keep::sum;
    else reader_.fail_expected(*keep, "unknown value " + policy::quote(k), "one of: last, max, sum");
    if (o.keep != Keep::last && (o.kind == ObserveKind::records || o.kind == ObserveKind::map_keys || o.kind == ObserveKind::status))
      reader_.fail_expected(*keep, policy::quote(k) + " of a text observation", "keep: max or sum only on numbers");
  }
  if (!top_level) step_observations_.emplace(o.name, o);
  return o;
}

}  // namespace gcm::scenario
