// dominators.hpp — immediate dominators of a flowgraph and the weight each
// node dominates. Main entries: immediate_dominators(), dominated_weight(),
// FlowGraph::check(), check_dominator_tree().
//
// Why: retention (retention.hpp) asks "what becomes garbage if this root lets
// go?" — the objects a root dominates in the graph virtual root → roots →
// objects, whose summed size heap profilers call the retained size.
//
// Algorithm: Lengauer & Tarjan, "A fast algorithm for finding dominators in a
// flowgraph", ACM TOPLAS 1(1), 1979 — the "simple" version (EVAL with path
// compression, LINK without balancing), O(E log V). No recursion anywhere:
// the depth-first search, the path compression and the tree walks keep their
// own stacks, because an emulated heap can hold a linked chain 10 million
// objects deep. State lives in flat vectors allocated per call, none per node.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gcm::rt {

// A directed graph in compressed-sparse-row form; node 0 is the entry (the
// retention report's virtual root).
//
// Invariant (check): either both vectors are empty (no node), or
//   edge_begin.size() == node_count() + 1, node_count() < kNoDominator,
//   edge_begin[0] == 0, edge_begin[v] <= edge_begin[v+1] for every v,
//   edge_begin.back() == edge_to.size() <= UINT32_MAX,
//   edge_to[e] < node_count() for every e.
// Self-loops and repeated edges are allowed.
struct FlowGraph {
  std::vector<std::uint32_t> edge_begin;  // size node_count()+1, non-decreasing, edge_begin[0]==0, back()==edge_to.size()
  std::vector<std::uint32_t> edge_to;     // successors of v: edge_to[edge_begin[v] .. edge_begin[v+1])

  std::uint32_t node_count() const noexcept;  // edge_begin.size()-1 (0 if empty)
  // Validator: problems (at most a screenful), empty when the invariant holds.
  std::vector<std::string> check() const;
};

// Builds a FlowGraph from an edge list (helper for tests and callers): n
// nodes, edges (from, to), keeps edge order per source. Throws
// std::invalid_argument when an endpoint is >= node_count or there are more
// than UINT32_MAX edges. O(node_count + edges), a counting sort.
FlowGraph flow_graph_from_edges(std::uint32_t node_count,
                                const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges);

inline constexpr std::uint32_t kNoDominator = UINT32_MAX;  // idom of a node unreachable from 0

// Immediate dominators by Lengauer–Tarjan (the "simple" version with path
// compression, O(E log V)), iterative. idom[0] == 0; idom[v] == kNoDominator
// for v unreachable from 0; otherwise idom[v] is the strict dominator of v
// that every other strict dominator of v dominates. Edges out of unreachable
// nodes are ignored. Throws std::invalid_argument when g.check() is not empty.
std::vector<std::uint32_t> immediate_dominators(const FlowGraph& g);

// Sum of `weight` over each node's dominator subtree (the node itself
// included): the "retained size" of heap profilers. Unreachable nodes (and
// any node whose idom chain does not reach 0) get 0. O(V), iterative: a
// preorder of the dominator tree (explicit stack), summed in reverse. Throws
// std::invalid_argument when the sizes differ or an idom is out of range.
// Sums wrap modulo 2^64 (callers pass bytes or counts, far below that).
std::vector<std::uint64_t> dominated_weight(const std::vector<std::uint32_t>& idom,
                                            const std::vector<std::uint64_t>& weight);

// Validator for a computed tree: g is well-formed, idom has one entry per
// node, idom[0]==0, every reachable node's idom is reachable and the idom
// chain from any reachable node reaches 0 without cycles, unreachable nodes
// have kNoDominator. When that tree holds, also the parent property of
// Georgiadis & Tarjan ("Dominator tree certification and divergent spanning
// trees", 2016): for every edge u→v out of a reachable u, v != 0, idom[v] is
// u or a tree ancestor of u — which certifies every idom[v] is a dominator of
// v (it does not certify it is the nearest one). O(V + E), iterative.
// Returns problems (at most a screenful), empty when consistent.
std::vector<std::string> check_dominator_tree(const FlowGraph& g, const std::vector<std::uint32_t>& idom);

}  // namespace gcm::rt
