// cleanup_capture.cpp — article §1 (A1–A4) vs O2: a 1,000-key hash trie built
// by `m = m.Set(…)`; three tests whose cleanup (a) only logs, (b) captures m,
// (c) sets m = nil; each cleanup forces a GC and counts m's live nodes.
#include <algorithm>

#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"
#include "workloads/trie_nodes.hpp"

namespace gcm::workloads {

namespace {
enum class Variant { log_only, captures_m, sets_m_nil };
struct Seen {
  std::vector<rt::ObjectId> ids;       // nodes of the final version of m
  std::int64_t live_during_cleanup = -1;
  std::int64_t live_after_test = -1;
};

void add_test(Harness& h, trie::StringMap& map, const std::string& name, Variant v, int keys, Seen* seen) {
  h.pkg().add(name, [&map, v, keys, seen](gotest::T& t) {
    rt::Runtime& rt = t.rt();
    rt::Object* m = build_article_map(rt, map, t.frame(), keys);
    seen->ids = node_ids(map, m->slot(0));
    auto measure = [&rt, seen] {
      rt.gc();  // runtime.GC(): only to verify (A4)
      seen->live_during_cleanup = live_count(rt, seen->ids);
    };
    switch (v) {
      case Variant::log_only:  // t.Cleanup(func() { t.Log("cleanup triggered") })
        t.cleanup("logOnly", {}, [&t, measure] {
          t.log("cleanup triggered — but m is still reachable?");
          measure();
        });
        break;
      case Variant::captures_m:  // t.Cleanup(func() { _ = m.Len(); runtime.GC() })
        t.cleanup("capturesM", {m}, [measure] { measure(); });
        break;
      case Variant::sets_m_nil:  // t.Cleanup(func() { m = nil; runtime.GC() })
        t.cleanup("setsMNil", {m}, [m, measure] {
          m->slot(0) = nullptr;
          measure();
        });
        break;
    }
  });
}
}  // namespace

static Observation run_cleanup_capture(const RunInput& in) {
  Harness h(cleanup_capture_workload(), in);
  trie::StringMap map(h.rt());
  const int keys = static_cast<int>(in.params.get("keys"));
  Seen log_only, captures, sets_nil;
  add_test(h, map, "TestLogOnlyCleanup", Variant::log_only, keys, &log_only);
  add_test(h, map, "TestCapturingCleanup", Variant::captures_m, keys, &captures);
  add_test(h, map, "TestSetNilCleanup", Variant::sets_m_nil, keys, &sets_nil);
  h.pkg().add("TestAfterAll", [&](gotest::T& t) {  // the three tests have completed
    t.rt().gc();
    for (Seen* s : {&log_only, &captures, &sets_nil}) s->live_after_test = live_count(t.rt(), s->ids);
  });
  h.run();
  const std::int64_t nodes = static_cast<std::int64_t>(log_only.ids.size());
  const std::pair<const char*, Seen*> variants[] = {{"log-only", &log_only}, {"captures-m", &captures}, {"sets-m-nil", &sets_nil}};
  for (const auto& [label, s] : variants)
    h.check(std::string(label) + ":nodes-free-during-cleanup", s->live_during_cleanup == 0,
            std::to_string(s->live_during_cleanup) + " of " + std::to_string(s->ids.size()) +
                " nodes of m live while its cleanup ran (after runtime.GC)",
            {"A1", "A2", "A4", "O2"});
  for (const auto& [label, s] : variants)
    h.check(std::string(label) + ":no-live-nodes-after-test", s->live_after_test == 0,
            std::to_string(s->live_after_test) + " nodes of m live after its test completed", {"A1", "A3"});
  h.metric("trie_nodes", nodes, "count");
  h.metric("log_only_live_nodes_during_cleanup", log_only.live_during_cleanup, "count");
  h.metric("captures_m_live_nodes_during_cleanup", captures.live_during_cleanup, "count");
  h.metric("sets_m_nil_live_nodes_during_cleanup", sets_nil.live_during_cleanup, "count");
  return h.finish();
}

const Workload& cleanup_capture_workload() {
  static const Workload w{"cleanup-capture", "1", {"A1", "A2", "A3", "A4", "O2"},
                          "1,000-key trie; cleanup logs only / captures m / sets m = nil: live nodes during cleanup",
                          {{"keys", 1000, 1, 1'000'000, "count", "keys set into the trie"}},
                          &run_cleanup_capture, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
