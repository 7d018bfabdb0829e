// explicit_recycle.cpp — article §3.1 (A17): walk the trie, zero its pointer
// fields, return its nodes to a pool; and refuse to recycle a tree that
// another root (a closure holding an old version) still reaches.
#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"
#include "workloads/trie_nodes.hpp"

namespace gcm::workloads {

static Observation run_explicit_recycle(const RunInput& in) {
  Harness h(explicit_recycle_workload(), in);
  trie::StringMap map(h.rt());
  const int keys = static_cast<int>(in.params.get("keys"));
  std::vector<rt::ObjectId> ids;
  trie::RecycleResult recycled, refused;
  std::int64_t linked_after = -1, live_unpooled_after = -1;
  h.pkg().add("TestExplicitRecycle", [&](gotest::T& t) {
    rt::Runtime& rt = t.rt();
    rt::Object* root = build_article_map(rt, map, t.frame(), keys)->slot(0);
    t.frame().set("m", root);  // m is a plain local from here on (no closure captures it)
    ids = node_ids(map, root);
    recycled = map.recycle(root, {true, &t.frame(), "m"});
    t.frame().set("m", nullptr);  // the variable must not keep the pooled root
    rt.gc();
    // Every surviving node of the old tree must be in the pool, zeroed.
    linked_after = 0;
    for (rt::ObjectId id : ids)
      if (const rt::Object* n = rt.heap().find(id))
        for (std::uint32_t s = 0; s < n->slot_count; ++s) linked_after += n->slot(s) != nullptr;
    live_unpooled_after = live_count(rt, ids) - static_cast<std::int64_t>(map.pool_stats().pooled_nodes);
  });
  h.pkg().add("TestRecycleSharedTreeRefused", [&](gotest::T& t) {
    rt::Runtime& rt = t.rt();
    rt::Object* root = build_article_map(rt, map, t.frame(), keys / 10 + 1)->slot(0);
    t.frame().set("m", root);
    // A closure keeps the current version: m2 := m; defer func() { _ = m2 }()
    rt::Object* keep = rt.new_closure("holdsOldVersion", {rt.new_cell(root)}, [](rt::Object*, rt::Object*) {});
    t.frame().set("keep", keep);
    refused = map.recycle(root, {true, &t.frame(), "m"});
  });
  h.run();
  h.check("zero-live-nodes-after-recycle", recycled.status == trie::RecycleStatus::recycled && linked_after == 0 &&
                                                live_unpooled_after <= 0,
          std::string(trie::to_string(recycled.status)) + ": " + std::to_string(recycled.nodes) + " nodes walked, " +
              std::to_string(recycled.pooled) + " pooled; " + std::to_string(linked_after) + " pointers left",
          {"A17"});
  h.check("shared-tree-not-recycled", refused.status == trie::RecycleStatus::shared,
          std::string(trie::to_string(refused.status)) + (refused.shared_via.empty() ? "" : " via " + refused.shared_via),
          {"A17", "A3"});
  h.metric("nodes_recycled", static_cast<std::int64_t>(recycled.nodes), "count");
  h.metric("nodes_pooled", static_cast<std::int64_t>(recycled.pooled), "count");
  return h.finish();
}

const Workload& explicit_recycle_workload() {
  static const Workload w{"explicit-recycle", "3.1", {"A17", "A3"},
                          "walk the trie, zero its pointers, pool its nodes; refuse a tree another root reaches",
                          {{"keys", 1000, 1, 1'000'000, "count", "keys set into the trie"}},
                          &run_explicit_recycle, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
