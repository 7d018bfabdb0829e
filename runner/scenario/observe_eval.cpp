// observe_eval.cpp — reading an observation now, and the package's results.
#include <algorithm>

#include "scenario/check_eval.hpp"
#include "scenario/interpreter.hpp"

namespace gcm::scenario {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::vector<rt::ObjectId> Interpreter::tracked(const Observe& o) const {
  std::string key = o.test.empty() ? std::string() : o.test + "/" + o.subject;
  if (key.empty()) {
    const auto latest = latest_let_.find(o.subject);
    if (latest == latest_let_.end()) return {};  // its let has not run (yet)
    key = latest->second;
  }
  const auto found = tracked_.find(key);
  return found == tracked_.end() ? std::vector<rt::ObjectId>{} : found->second;
}

// `result` is the package's outcome when read after the run, else nullptr.
Value Interpreter::read(const Observe& o, const gotest::PackageResult* result) const {
  switch (o.kind) {
    case ObserveKind::live: {
      std::int64_t n = 0;
      for (rt::ObjectId id : tracked(o)) n += rt_.heap().is_live(id);
      return Value::of(n);
    }
    case ObserveKind::finalized: {
      const auto f = finalized_.find(o.subject);
      return Value::of(f == finalized_.end() ? std::int64_t{0} : f->second);
    }
    case ObserveKind::heap_alloc: return Value::of(static_cast<std::int64_t>(rt_.heap().heap_live_bytes()));
    case ObserveKind::goroutines: {
      // runtime.NumGoroutine(): user goroutines not yet exited.
      std::int64_t n = 0;
      for (const auto& g : rt_.scheduler().goroutines()) n += !g->system && g->status != rt::GStatus::dead;
      return Value::of(n);
    }
    case ObserveKind::map_keys:
    case ObserveKind::map_count:
    case ObserveKind::map_size: {
      const auto key = latest_let_.find(o.subject);
      const auto id = key == latest_let_.end() ? map_of_let_.end() : map_of_let_.find(key->second);
      const auto m = id == map_of_let_.end() ? maps_.end() : maps_.find(id->second);
      if (o.kind == ObserveKind::map_size) return Value::of(static_cast<std::int64_t>(m == maps_.end() ? 0 : m->second.size()));
      if (o.kind == ObserveKind::map_count) {
        const auto at = m == maps_.end() ? decltype(m->second.end()){} : m->second.find(o.key);
        return Value::of(m == maps_.end() || at == m->second.end() ? std::int64_t{0} : at->second);
      }
      std::vector<std::string> pairs;
      if (m != maps_.end())
        for (const auto& [k, count] : m->second) pairs.push_back(std::to_string(k) + ":" + std::to_string(count));
      return Value::of(join(pairs));
    }
    case ObserveKind::records: {
      const auto r = records_.find(o.subject);
      return Value::of(r == records_.end() ? std::string() : join(r->second));
    }
    case ObserveKind::len: return Value::of(static_cast<std::int64_t>(globals_.at(o.subject)->slots().size()));
    case ObserveKind::status: {
      const gotest::TestResult* t = result == nullptr ? nullptr : result->find(o.subject);
      return Value::of(std::string(t == nullptr ? "not_run" : gotest::to_string(t->status)));
    }
    case ObserveKind::rejected_cleanups: {
      std::int64_t n = 0;
      for (const rt::Event& e : rt_.events().events()) n += e.kind == rt::EventKind::test_cleanup_rejected;
      return Value::of(n);
    }
    case ObserveKind::aborted: return Value::of(std::int64_t{result != nullptr && result->aborted ? 1 : 0});
  }
  return Value::of(std::int64_t{0});
}

ScenarioResult Interpreter::finish(const gotest::PackageResult& result) {
  for (const Observe& o : s_.observe) store(o, read(o, &result));
  ScenarioResult out;
  out.observations = observations_;
  for (std::size_t i = 0; i < s_.checks.size(); ++i) {
    const Check& c = s_.checks[i];
    const Value* v = nullptr;
    if (!c.at_cleanup_of.empty()) {
      const auto found = at_cleanup_.find(i);
      v = found == at_cleanup_.end() ? nullptr : &found->second;
    } else {
      for (const auto& [name, value] : observations_)
        if (name == c.observe) v = &value;
    }
    CheckResult r = judge_check(c, v);
    if (v == nullptr && !c.at_cleanup_of.empty())
      r.message = "the t.Cleanup of " + c.at_cleanup_of + " that reads " + c.observe + " never ran";
    out.checks.push_back(std::move(r));
  }
  return out;
}

}  // namespace gcm::scenario
