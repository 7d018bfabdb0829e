// subtest_sandbox.cpp — article §3.3 (A19): parallel subtests, each with its
// own fresh trie; no state leaks between them, nothing left behind.
#include <memory>

#include "workloads/harness.hpp"
#include "workloads/registry_entries.hpp"
#include "workloads/trie_nodes.hpp"

namespace gcm::workloads {

static Observation run_subtest_sandbox(const RunInput& in) {
  Harness h(subtest_sandbox_workload(), in);
  trie::StringMap map(h.rt());
  const int subtests = static_cast<int>(in.params.get("subtests"));
  const int keys = static_cast<int>(in.params.get("keys"));
  auto ids = std::make_shared<std::vector<rt::ObjectId>>();
  std::int64_t residue = 0, wrong_size = 0, live_after = -1;
  h.pkg().add("TestSandbox", [&](gotest::T& t) {
    for (int s = 0; s < subtests; ++s)
      t.run("sub" + std::to_string(s), [&, s](gotest::T& sub) {
        sub.parallel();
        rt::Runtime& rt = sub.rt();
        rt::Object* m = rt.new_cell(nullptr);  // m := NewMap() per subtest
        sub.frame().set("m", m);
        for (int k = 0; k < keys; ++k) {
          m->slot(0) = map.set(m->slot(0), "sub" + std::to_string(s) + "-key-" + std::to_string(k), "v");
          if (k % 16 == 15) rt.gosched();  // parallel subtests interleave
        }
        for (const auto& [key, value] : map.entries(m->slot(0)))
          residue += key.rfind("sub" + std::to_string(s) + "-", 0) != 0;
        wrong_size += trie::StringMap::size(m->slot(0)) != static_cast<std::uint64_t>(keys);
        const auto mine = node_ids(map, m->slot(0));
        ids->insert(ids->end(), mine.begin(), mine.end());
      });
  });
  h.pkg().add("TestAfterSandbox", [&](gotest::T& t) {
    t.rt().gc();
    live_after = live_count(t.rt(), *ids);
  });
  h.run();
  h.check("no-residue-across-subtests", residue == 0 && wrong_size == 0 && h.status("TestSandbox") == gotest::TestStatus::passed,
          std::to_string(residue) + " foreign keys seen, " + std::to_string(wrong_size) + " maps of the wrong size", {"A19"});
  h.check("all-nodes-free-after-parent", live_after == 0,
          std::to_string(live_after) + " of " + std::to_string(ids->size()) + " subtest trie nodes live after TestSandbox",
          {"A19", "O1"});
  h.metric("subtest_trie_nodes", static_cast<std::int64_t>(ids->size()), "count");
  h.metric("live_nodes_after_parent", live_after, "count");
  return h.finish();
}

const Workload& subtest_sandbox_workload() {
  static const Workload w{"subtest-sandbox", "3.3", {"A19", "A7", "O1"},
                          "parallel subtests each with a fresh trie: residue and leftovers",
                          {{"subtests", 4, 1, 1000, "count", "parallel subtests"},
                           {"keys", 200, 1, 1'000'000, "count", "keys per subtest"}},
                          &run_subtest_sandbox, std::source_location::current()};
  return w;
}

}  // namespace gcm::workloads
