// dominators.cpp — see dominators.hpp. Lengauer & Tarjan, "A fast algorithm
// for finding dominators in a flowgraph", ACM TOPLAS 1(1):121–141, 1979; the
// step numbers below are the paper's.
//
// Inside the algorithm vertices are named by their depth-first preorder
// number, 1..reached (the entry is 1), so that 0 can mean "none" — the
// paper's convention — and the hot arrays are dense.
#include "runtime/dominators.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <stdexcept>

namespace gcm::rt {

namespace {

constexpr std::uint32_t kNone = 0;         // "no vertex" among preorder numbers
constexpr std::size_t kProblemsMax = 16;   // a validator reports a screenful, then counts

// Collects a validator's problems: the first kProblemsMax, then a count.
class Problems {
 public:
  void add(std::string problem) {
    if (kept_.size() < kProblemsMax)
      kept_.push_back(std::move(problem));
    else
      ++dropped_;
  }
  bool any() const noexcept { return !kept_.empty(); }
  std::vector<std::string> take() && {
    if (dropped_ != 0) kept_.push_back("... and " + std::to_string(dropped_) + " more problems");
    return std::move(kept_);
  }

 private:
  std::vector<std::string> kept_;
  std::uint64_t dropped_ = 0;
};

std::string str(std::uint64_t x) { return std::to_string(x); }

// Step 1: a depth-first search from node 0, numbering vertices in preorder.
// Invariant: for 1 <= k <= reached, number_of[vertex[k]] == k and
// parent[k] < k (parent[1] == kNone); the successors of k, as preorder
// numbers in edge order, are succ[succ_begin[k] .. succ_begin[k+1]).
//
// Why the successor lists: the DFS looks up every edge's target number once
// anyway; keeping it lets the predecessor lists be built by reading succ in
// order instead of chasing number_of[edge_to[e]] again, a cache miss per edge
// on large graphs (10^6 nodes, 3·10^6 random edges: ~1.7 s -> ~1.0 s of CPU
// on a 2-core VM, together with the prefetches below).
struct Preorder {
  std::vector<std::uint32_t> number_of;   // node id -> preorder number; kNone if unreachable
  std::vector<std::uint32_t> vertex;      // preorder number -> node id (index 0 unused)
  std::vector<std::uint32_t> parent;      // preorder number -> its DFS-tree parent's number
  std::vector<std::uint32_t> succ_begin;  // preorder number -> first slot of its successors
  std::vector<std::uint32_t> succ;        // successors' preorder numbers; sized E, tail unused
  std::uint32_t reached = 0;              // nodes reachable from 0, node 0 included
};

// Prefetching the targets' numbers of a vertex the DFS enters turns the
// misses of its first edges from one-after-another into overlapping ones.
constexpr std::uint32_t kPrefetchEdgesMax = 8;

// Iterative: the path from 0 to the current vertex is an explicit stack of
// (vertex, next unexplored edge), which visits in the order recursion would.
Preorder depth_first_preorder(const FlowGraph& g) {
  const std::uint32_t n = g.node_count();
  Preorder pre;
  pre.number_of.assign(n, kNone);
  pre.vertex.assign(std::size_t{n} + 1, 0);
  pre.parent.assign(std::size_t{n} + 1, kNone);
  pre.succ_begin.assign(std::size_t{n} + 2, 0);
  pre.succ.resize(g.edge_to.size());
  struct Frame {
    std::uint32_t number;     // preorder number of a vertex on the DFS path
    std::uint32_t next_edge;  // its next unexplored edge, an index into edge_to
    std::uint32_t next_slot;  // where that edge's target number goes in succ
  };
  std::vector<Frame> path;
  path.reserve(n);
  const auto enter = [&](std::uint32_t w, std::uint32_t number) {  // number w, push it
    pre.number_of[w] = number;
    pre.vertex[number] = w;
    pre.succ_begin[number + 1] = pre.succ_begin[number] + (g.edge_begin[w + 1] - g.edge_begin[w]);
    path.push_back(Frame{number, g.edge_begin[w], pre.succ_begin[number]});
    for (std::uint32_t e = g.edge_begin[w]; e < g.edge_begin[w + 1] && e - g.edge_begin[w] < kPrefetchEdgesMax; ++e)
      __builtin_prefetch(&pre.number_of[g.edge_to[e]]);  // GCC/Clang builtin; a hint only
  };
  pre.reached = 1;
  enter(0, 1);
  while (!path.empty()) {  // ends: each turn pops a frame or consumes one of the E edges
    Frame& top = path.back();
    if (top.next_slot == pre.succ_begin[top.number + 1]) {
      path.pop_back();
      continue;
    }
    const std::uint32_t w = g.edge_to[top.next_edge++];
    std::uint32_t& slot = pre.succ[top.next_slot++];
    if (pre.number_of[w] != kNone) {
      slot = pre.number_of[w];
      continue;
    }
    const std::uint32_t number = ++pre.reached;
    assert(number <= n);
    slot = number;
    pre.parent[number] = top.number;
    enter(w, number);  // invalidates top: not used after
  }
  return pre;
}

// The reverse graph restricted to reachable vertices, in preorder numbers:
// the predecessors of w are from[begin[w] .. begin[w+1]), 1 <= w <= reached.
struct Predecessors {
  std::vector<std::uint32_t> begin;
  std::vector<std::uint32_t> from;
};

// Counting sort of the successor lists by target, with the cursor trick of
// tree_children (counts at begin[w+2], cursor at begin[w+1]).
Predecessors predecessors_in_preorder(const Preorder& pre) {
  const std::uint32_t reached = pre.reached;
  const std::uint32_t edges = pre.succ_begin[std::size_t{reached} + 1];  // out of reachable vertices
  Predecessors p;
  p.begin.assign(std::size_t{reached} + 3, 0);
  for (std::uint32_t s = 0; s < edges; ++s) ++p.begin[pre.succ[s] + 2];
  std::partial_sum(p.begin.begin(), p.begin.end(), p.begin.begin());
  p.from.resize(edges);
  for (std::uint32_t k = 1; k <= reached; ++k)
    for (std::uint32_t s = pre.succ_begin[k]; s < pre.succ_begin[k + 1]; ++s) p.from[p.begin[pre.succ[s] + 1]++] = k;
  p.begin.pop_back();
  return p;
}

// The paper's forest of LINK/EVAL, simple version, over preorder numbers:
// LINK(v, w) sets ancestor(w) = v; EVAL(v) returns, among the vertices on the
// forest path from v up to (excluding) its tree's root, one with the least
// semi — v itself if v is a root. Path compression keeps it O(log V)
// amortised. It also holds semi(v), which EVAL compares.
class SemidominatorForest {
 public:
  explicit SemidominatorForest(std::uint32_t reached) : slot_(std::size_t{reached} + 1) {
    for (std::uint32_t v = 0; v <= reached; ++v) slot_[v] = Slot{v, v, kNone};  // semi(v) = v until step 2
  }

  std::uint32_t& semi(std::uint32_t v) noexcept { return slot_[v].semi; }
  void link(std::uint32_t v, std::uint32_t w) noexcept { slot_[w].ancestor = v; }
  void prefetch(std::uint32_t v) const noexcept { __builtin_prefetch(&slot_[v]); }

  std::uint32_t eval(std::uint32_t v) {
    if (slot_[v].ancestor == kNone) return v;
    compress(v);
    return slot_[v].label;
  }

 private:
  struct Slot {              // by preorder number; side by side because COMPRESS reads them together
    std::uint32_t semi;      // semidominator's preorder number (step 2)
    std::uint32_t label;     // least-semi vertex on the compressed path
    std::uint32_t ancestor;  // forest parent; kNone for a tree root
  };

  // COMPRESS is recursive in the paper: it first compresses ancestor(v), then
  // relaxes v. Here the vertices the recursion would visit are stacked walking
  // up, then relaxed top-down — the order in which the recursion returns.
  void compress(std::uint32_t v) {
    stack_.clear();
    while (slot_[slot_[v].ancestor].ancestor != kNone) {  // slot_[kNone].ancestor == kNone stops it
      stack_.push_back(v);
      v = slot_[v].ancestor;
    }
    while (!stack_.empty()) {
      Slot& s = slot_[stack_.back()];
      stack_.pop_back();
      const Slot& a = slot_[s.ancestor];
      if (slot_[a.label].semi < slot_[s.label].semi) s.label = a.label;
      s.ancestor = a.ancestor;
    }
  }

  std::vector<Slot> slot_;
  std::vector<std::uint32_t> stack_;  // compress's path, reused across calls
};

// Steps 2–4. Returns dom with dom[w] = idom(w) in preorder numbers for
// 2 <= w <= reached (dom[1] = 1).
std::vector<std::uint32_t> lengauer_tarjan(const Preorder& pre, const Predecessors& preds) {
  const std::uint32_t reached = pre.reached;
  const std::size_t size = std::size_t{reached} + 1;
  SemidominatorForest forest(reached);
  std::vector<std::uint32_t> dom(size, kNone);
  // bucket(v) = {w : semi(w) = v} as singly linked lists through bucket_next.
  std::vector<std::uint32_t> bucket_head(size, kNone), bucket_next(size, kNone);
  for (std::uint32_t w = reached; w >= 2; --w) {
    // Step 2 (Theorem 4): semi(w) = min semi(EVAL(v)) over predecessors v of w.
    for (std::uint32_t i = preds.begin[w]; i < preds.begin[w + 1]; ++i) forest.prefetch(preds.from[i]);
    std::uint32_t& semi_w = forest.semi(w);
    for (std::uint32_t i = preds.begin[w]; i < preds.begin[w + 1]; ++i)
      semi_w = std::min(semi_w, forest.semi(forest.eval(preds.from[i])));
    bucket_next[w] = bucket_head[semi_w];
    bucket_head[semi_w] = w;
    const std::uint32_t p = pre.parent[w];
    forest.link(p, w);
    // Step 3 (Corollary 1): for each v with semi(v) = parent(w), u = EVAL(v)
    // is the least-semi vertex on the tree path semi(v)..v, excluding semi(v);
    // idom(v) = parent(w) if semi(u) = semi(v), else idom(v) = idom(u),
    // which step 4 resolves (dom[v] = u < v holds it meanwhile).
    for (std::uint32_t v = bucket_head[p]; v != kNone; v = bucket_next[v]) {
      const std::uint32_t u = forest.eval(v);
      dom[v] = forest.semi(u) < forest.semi(v) ? u : p;
    }
    bucket_head[p] = kNone;
  }
  // Step 4, in increasing preorder so dom[dom[w]] (dom[w] < w) is final.
  dom[1] = 1;
  for (std::uint32_t w = 2; w <= reached; ++w)
    if (dom[w] != forest.semi(w)) dom[w] = dom[dom[w]];
  return dom;
}

// The dominator tree's children lists, CSR like FlowGraph: the children of d
// are child[begin[d] .. begin[d+1]). Skips node 0 and nodes whose idom is
// kNoDominator; throws on any other idom >= idom.size().
//
// A counting sort by idom (as in flow_graph_from_edges): counts go to
// begin[d+2], so that after the prefix sum begin[d+1] is d's insertion
// cursor; filling advances it to d's end, which is where d+1 starts — no
// separate cursor array. The extra last entry is then dropped.
struct TreeChildren {
  std::vector<std::uint32_t> begin;
  std::vector<std::uint32_t> child;
};

TreeChildren tree_children(const std::vector<std::uint32_t>& idom) {
  const auto n = static_cast<std::uint32_t>(idom.size());
  TreeChildren t;
  t.begin.assign(std::size_t{n} + 2, 0);
  for (std::uint32_t v = 1; v < n; ++v) {
    if (idom[v] == kNoDominator) continue;
    if (idom[v] >= n) throw std::invalid_argument("idom[" + str(v) + "] == " + str(idom[v]) + " is out of range");
    ++t.begin[idom[v] + 2];
  }
  std::partial_sum(t.begin.begin(), t.begin.end(), t.begin.begin());
  t.child.resize(t.begin.back());
  for (std::uint32_t v = 1; v < n; ++v)
    if (idom[v] != kNoDominator) t.child[t.begin[idom[v] + 1]++] = v;
  t.begin.pop_back();
  return t;
}

// Preorder of the tree below node 0, iterative (explicit stack). Nodes whose
// idom chain does not reach 0 are absent. Every node is pushed at most once:
// it is listed under exactly one parent.
std::vector<std::uint32_t> tree_preorder(const TreeChildren& t) {
  const std::size_t n = t.begin.size() - 1;
  std::vector<std::uint32_t> order, stack;
  order.reserve(n);
  stack.reserve(n);
  stack.push_back(0);
  while (!stack.empty()) {
    const std::uint32_t v = stack.back();
    stack.pop_back();
    order.push_back(v);
    for (std::uint32_t i = t.begin[v + 1]; i-- > t.begin[v];) stack.push_back(t.child[i]);  // first child on top
  }
  assert(order.size() <= n);
  return order;
}

}  // namespace

std::uint32_t FlowGraph::node_count() const noexcept {
  return edge_begin.empty() ? 0 : static_cast<std::uint32_t>(edge_begin.size() - 1);
}

std::vector<std::string> FlowGraph::check() const {
  Problems p;
  if (edge_begin.empty()) {
    if (!edge_to.empty()) p.add("edge_begin is empty but edge_to holds " + str(edge_to.size()) + " edges");
    return std::move(p).take();
  }
  if (edge_begin.size() - 1 >= kNoDominator) {
    p.add(str(edge_begin.size() - 1) + " nodes: node_count must be below kNoDominator");
    return std::move(p).take();
  }
  if (edge_to.size() > UINT32_MAX) p.add(str(edge_to.size()) + " edges: more than UINT32_MAX");
  if (edge_begin.front() != 0) p.add("edge_begin[0] == " + str(edge_begin.front()) + ", want 0");
  if (edge_begin.back() != edge_to.size())
    p.add("edge_begin.back() == " + str(edge_begin.back()) + " but edge_to.size() == " + str(edge_to.size()));
  for (std::size_t v = 0; v + 1 < edge_begin.size(); ++v)
    if (edge_begin[v] > edge_begin[v + 1])
      p.add("edge_begin decreases after node " + str(v) + ": " + str(edge_begin[v]) + " > " + str(edge_begin[v + 1]));
  const std::uint32_t n = node_count();
  for (std::size_t e = 0; e < edge_to.size(); ++e)
    if (edge_to[e] >= n) p.add("edge_to[" + str(e) + "] == " + str(edge_to[e]) + " >= node_count " + str(n));
  return std::move(p).take();
}

FlowGraph flow_graph_from_edges(std::uint32_t node_count,
                                const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  if (node_count == kNoDominator)
    throw std::invalid_argument("flow_graph_from_edges: node_count must be below kNoDominator");
  if (edges.size() > UINT32_MAX) throw std::invalid_argument("flow_graph_from_edges: more than UINT32_MAX edges");
  FlowGraph g;
  g.edge_begin.assign(std::size_t{node_count} + 2, 0);  // the cursor trick of tree_children, popped below
  for (const auto& [from, to] : edges) {
    if (from >= node_count || to >= node_count)
      throw std::invalid_argument("flow_graph_from_edges: edge " + str(from) + "->" + str(to) + " leaves the " +
                                  str(node_count) + " nodes");
    ++g.edge_begin[from + 2];
  }
  std::partial_sum(g.edge_begin.begin(), g.edge_begin.end(), g.edge_begin.begin());
  g.edge_to.resize(edges.size());
  for (const auto& [from, to] : edges) g.edge_to[g.edge_begin[from + 1]++] = to;  // stable: keeps order per source
  g.edge_begin.pop_back();
  return g;
}

std::vector<std::uint32_t> immediate_dominators(const FlowGraph& g) {
  if (const std::vector<std::string> problems = g.check(); !problems.empty())
    throw std::invalid_argument("immediate_dominators: malformed FlowGraph: " + problems.front());
  const std::uint32_t n = g.node_count();
  if (n == 0) return {};
  Preorder pre = depth_first_preorder(g);
  const Predecessors preds = predecessors_in_preorder(pre);
  std::vector<std::uint32_t>().swap(pre.succ);  // done with both: lowers the peak before step 2
  std::vector<std::uint32_t>().swap(pre.succ_begin);
  const std::vector<std::uint32_t> dom = lengauer_tarjan(pre, preds);
  // Back to node ids. number_of is no longer needed: its storage becomes the result.
  std::vector<std::uint32_t> idom = std::move(pre.number_of);
  std::fill(idom.begin(), idom.end(), kNoDominator);
  idom[0] = 0;
  for (std::uint32_t w = 2; w <= pre.reached; ++w) idom[pre.vertex[w]] = pre.vertex[dom[w]];
  return idom;
}

std::vector<std::uint64_t> dominated_weight(const std::vector<std::uint32_t>& idom,
                                            const std::vector<std::uint64_t>& weight) {
  if (idom.size() != weight.size())
    throw std::invalid_argument("dominated_weight: " + str(idom.size()) + " idoms but " + str(weight.size()) +
                                " weights");
  if (idom.size() >= kNoDominator) throw std::invalid_argument("dominated_weight: too many nodes");
  if (idom.empty()) return {};
  const std::vector<std::uint32_t> order = tree_preorder(tree_children(idom));
  // total(v) = weight(v) + Σ total(c) over v's children c: in reverse
  // preorder every child is complete before its parent is read.
  std::vector<std::uint64_t> total(idom.size(), 0);
  for (std::size_t i = order.size(); i-- > 0;) {
    const std::uint32_t v = order[i];
    total[v] += weight[v];
    if (v != 0) total[idom[v]] += total[v];
  }
  return total;
}

namespace {

// Every reachable node's idom is in range and reachable; unreachable nodes have none.
void check_idom_entries(const Preorder& pre, const std::vector<std::uint32_t>& idom, Problems& p) {
  const auto n = static_cast<std::uint32_t>(idom.size());
  if (idom[0] != 0) p.add("idom[0] == " + str(idom[0]) + ", want 0");
  for (std::uint32_t v = 1; v < n; ++v) {
    const std::uint32_t d = idom[v];
    const auto at = [&] { return "idom[" + str(v) + "] == " + (d == kNoDominator ? "kNoDominator" : str(d)); };
    if (pre.number_of[v] == kNone) {
      if (d != kNoDominator) p.add(at() + " but node " + str(v) + " is unreachable from 0: want kNoDominator");
    } else if (d == kNoDominator) {
      p.add(at() + " but node " + str(v) + " is reachable from 0");
    } else if (d >= n) {
      p.add(at() + " is out of range (node_count " + str(n) + ")");
    } else if (pre.number_of[d] == kNone) {
      p.add(at() + " is unreachable from 0");
    }
  }
}

// The idom chain from every reachable node reaches 0 without a cycle. Each
// node is walked once: 0 unknown, 1 on the current walk, 2 reaches 0, 3 does not.
void check_idom_chains(const Preorder& pre, const std::vector<std::uint32_t>& idom, Problems& p) {
  std::vector<std::uint8_t> state(idom.size(), 0);
  std::vector<std::uint32_t> walk;
  state[0] = 2;
  for (std::uint32_t k = 2; k <= pre.reached; ++k) {
    std::uint32_t x = pre.vertex[k];
    walk.clear();
    while (state[x] == 0) {
      state[x] = 1;
      walk.push_back(x);
      x = idom[x];
    }
    if (state[x] == 1) p.add("the idom chain from node " + str(pre.vertex[k]) + " enters a cycle at node " + str(x));
    const std::uint8_t outcome = state[x] == 2 ? 2 : 3;
    for (const std::uint32_t y : walk) state[y] = outcome;
  }
}

// Parent property: for every edge u→v out of a reachable u, v != 0, idom[v]
// is u or an ancestor of u in the tree. Ancestry by preorder intervals:
// a is an ancestor-or-self of b iff first[a] <= first[b] < first[a] + size[a].
void check_parent_property(const FlowGraph& g, const Preorder& pre, const std::vector<std::uint32_t>& idom,
                           Problems& p) {
  const std::vector<std::uint32_t> order = tree_preorder(tree_children(idom));
  std::vector<std::uint32_t> first(idom.size(), 0), size(idom.size(), 1);
  for (std::uint32_t i = 0; i < order.size(); ++i) first[order[i]] = i;
  for (std::size_t i = order.size(); i-- > 1;) size[idom[order[i]]] += size[order[i]];
  for (std::uint32_t k = 1; k <= pre.reached; ++k) {
    const std::uint32_t u = pre.vertex[k];
    for (std::uint32_t e = g.edge_begin[u]; e < g.edge_begin[u + 1]; ++e) {
      const std::uint32_t v = g.edge_to[e], d = idom[v];
      if (v == 0 || (first[d] <= first[u] && first[u] < first[d] + size[d])) continue;
      p.add("edge " + str(u) + "->" + str(v) + ": idom[" + str(v) + "] == " + str(d) + " is neither " + str(u) +
            " nor its ancestor, so it does not dominate " + str(v));
    }
  }
}

}  // namespace

std::vector<std::string> check_dominator_tree(const FlowGraph& g, const std::vector<std::uint32_t>& idom) {
  Problems p;
  for (std::string& s : g.check()) p.add("graph: " + std::move(s));
  if (p.any()) return std::move(p).take();
  const std::uint32_t n = g.node_count();
  if (idom.size() != n) {
    p.add(str(idom.size()) + " idoms for " + str(n) + " nodes");
    return std::move(p).take();
  }
  if (n == 0) return {};
  const Preorder pre = depth_first_preorder(g);
  check_idom_entries(pre, idom, p);
  if (!p.any()) check_idom_chains(pre, idom, p);  // needs in-range idoms
  if (!p.any()) check_parent_property(g, pre, idom, p);  // needs a tree rooted at 0
  return std::move(p).take();
}

}  // namespace gcm::rt
