// exec_steps.cpp — what each step does on the emulated runtime, through gotest::T.
#include <algorithm>

#include "scenario/interpreter.hpp"

namespace gcm::scenario {

namespace {

std::string format_key(const std::string& format, std::int64_t i) {
  const std::size_t at = format.find("%d");
  if (at == std::string::npos) return format;
  return format.substr(0, at) + std::to_string(i) + format.substr(at + 2);
}

std::string top_test(const std::string& test) { return test.substr(0, test.find('/')); }

}  // namespace

void Interpreter::exec_let(const Step& st, Env& env) {
  if (env.locals == nullptr) {  // a closure body's first let opens its frame
    env.locals = rt_.open_frame(env.test + "." + st.var);
    env.own_locals = true;
  }
  const std::string key = top_test(env.test) + "/" + st.var;
  std::vector<rt::ObjectId>& ids = tracked_[key];
  ids.clear();
  rt::Object* cell = nullptr;
  if (st.value == ValueKind::trie) {
    // m := NewMap(); for i := 0; i < N; i++ { m = m.Set(fmt.Sprintf(key, i), fmt.Sprintf(value, i)) }
    // with m a variable (a cell in the frame), as the article's §1 builds it.
    if (!tries_) tries_.emplace(rt_);
    cell = rt_.new_cell(nullptr);
    env.locals->set(st.var, cell);
    for (std::int64_t i = 0; i < st.count; ++i) {
      cell->slot(0) = tries_->set(cell->slot(0), format_key(st.key_format, i), format_key(st.value_format, i));
      rt_.safepoint();
    }
    tries_->for_each_node(cell->slot(0), [&ids](const rt::Object* n, auto) { ids.push_back(n->id); });
  } else {
    rt::Object* value = nullptr;
    switch (st.value) {
      case ValueKind::bytes: value = rt_.alloc_buffer(static_cast<std::uint64_t>(st.bytes)); break;
      case ValueKind::object: value = rt_.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 2, 16); break;
      case ValueKind::map: value = rt_.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, 48); break;
      case ValueKind::tiny: value = rt_.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), static_cast<std::uint16_t>(st.count), 0); break;
      case ValueKind::trie: break;
    }
    cell = rt_.new_cell(value);
    env.locals->set(st.var, cell);
    if (st.value != ValueKind::tiny) ids.push_back(value->id);
    // xs := make([]*[B]byte, N); for i := range xs { xs[i] = new([B]byte) }: N
    // separate tiny allocations, each its own object for finalizers (O4, O13).
    for (std::int64_t i = 0; st.value == ValueKind::tiny && i < st.count; ++i) {
      rt::Object* o = rt_.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, static_cast<std::uint32_t>(st.bytes));
      value->slot(static_cast<std::uint32_t>(i)) = o;
      ids.push_back(o->id);
    }
    kinds_[value->id] = st.value;
    if (st.value == ValueKind::map) map_of_let_[key] = value->id;
  }
  latest_let_[st.var] = key;
  env.vars.push_back(Binding{st.var, cell});
}

rt::Object* Interpreter::finalizer_fn(const std::string& label, const std::string& test) {
  // func(*T) { record(label) }: a func value with no captures.
  return rt_.new_closure("main." + label, {}, [this, label, test](rt::Object*, rt::Object*) {
    ++finalized_[label];
    record(test, label);
  });
}

void Interpreter::exec_object_step(const Step& st, Env& env) {
  rt::Object* value = st.var.empty() ? nullptr : env.cell(st.var)->slot(0);
  switch (st.kind) {
    case StepKind::assign_nil:
      if (!st.global.empty()) globals_.at(st.global)->clear();  // cache = nil
      else env.cell(st.var)->slot(0) = nullptr;                 // m = nil
      return;
    case StepKind::append:  // cache = append(cache, m) / append(cache, make([]byte, N))
      globals_.at(st.global)->push(value != nullptr || !st.var.empty() ? value : rt_.alloc_buffer(static_cast<std::uint64_t>(st.bytes)));
      return;
    case StepKind::remove: globals_.at(st.global)->remove_one(value); return;
    case StepKind::write: {  // mu.Lock(); seen[k]++; mu.Unlock()
      if (value == nullptr) throw rt::GoPanic("assignment to entry in nil map");
      const std::int64_t key = st.key_var.empty() ? st.key_value : gotest::T::int_of(env.cell(st.key_var)->slot(0));
      ++maps_[value->id][key];
      return;
    }
    default: break;
  }
  // runtime.SetFinalizer(o, f) / runtime.AddCleanup(o, f, nil); on tiny
  // objects one per object.
  if (value == nullptr) throw rt::GoPanic(std::string("runtime.") + (st.kind == StepKind::finalizer ? "SetFinalizer" : "AddCleanup") + ": object is nil");
  rt::Object* fn = finalizer_fn(st.text, env.test);
  const auto kind = kinds_.find(value->id);
  const bool tiny = kind != kinds_.end() && kind->second == ValueKind::tiny;
  for (std::uint32_t i = 0; i < (tiny ? value->slot_count : 1u); ++i) {
    rt::Object* target = tiny ? value->slot(i) : value;
    if (target == nullptr) continue;
    if (st.kind == StepKind::finalizer) rt_.set_finalizer(target, fn);
    else rt_.add_cleanup(target, fn, nullptr);
  }
}

}  // namespace gcm::scenario
