// trie_nodes.hpp — the node ids of a map version, and how many of them are
// still live: the workloads' way to ask "is this test's trie still retained?"
#pragma once

#include <vector>

#include "runtime/runtime.hpp"
#include <algorithm>
#include <vector>

#include "trie/trie.hpp"

namespace gcm::workloads {

template <class Map>
std::vector<rt::ObjectId> node_ids(const Map& map, rt::Object* root) {
  std::vector<rt::ObjectId> ids;
  map.for_each_node(root, [&](const rt::Object* n, auto) { ids.push_back(n->id); });
  return ids;
}

// How many of `ids` are live (a repeated id counts each time): sorted once,
// then one forward gallop (Heap::count_live_sorted), not a binary search per id.
inline std::int64_t live_count(const rt::Runtime& rt, std::vector<rt::ObjectId> ids) {
  std::sort(ids.begin(), ids.end());
  return static_cast<std::int64_t>(rt.heap().count_live_sorted(ids));
}

// m = m.Set(fmt.Sprintf("key-%d", i), fmt.Sprintf("val-%d", i)) for i < keys,
// with `m` a captured variable (a cell in `frame`), as in the article's §1.
inline rt::Object* build_article_map(rt::Runtime& rt, trie::StringMap& map, rt::RootSet& frame, int keys) {
  rt::Object* cell = rt.new_cell(nullptr);
  frame.set("m", cell);
  for (int i = 0; i < keys; ++i) {
    const std::string k = "key-" + std::to_string(i), v = "val-" + std::to_string(i);
    cell->slot(0) = map.set(cell->slot(0), k, v);
    rt.safepoint();
  }
  return cell;
}

}  // namespace gcm::workloads
