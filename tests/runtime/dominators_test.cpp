// Dominator trees (runtime/dominators.hpp): Lengauer–Tarjan on graphs whose
// dominators are known by hand, against a naive reference on random graphs,
// on 10-million-node chains (no recursion), and the validators on broken input.
#define BOOST_TEST_MODULE runtime dominators
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runtime/dominators.hpp"
#include "runtime/prng.hpp"

using namespace gcm::rt;
namespace tt = boost::test_tools;

namespace {
using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
using Idoms = std::vector<std::uint32_t>;
using Weights = std::vector<std::uint64_t>;
constexpr std::uint32_t kNo = kNoDominator;

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += p + "; ";
  return out;
}

bool mentions(const std::vector<std::string>& problems, const std::string& word) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(word) != std::string::npos; });
}

// Validates the graph, computes its dominators and validates the tree.
Idoms idoms_of(const FlowGraph& g) {
  const std::vector<std::string> graph_problems = g.check();
  BOOST_TEST(graph_problems.empty(), joined(graph_problems));
  Idoms idom = immediate_dominators(g);
  const std::vector<std::string> tree_problems = check_dominator_tree(g, idom);
  BOOST_TEST(tree_problems.empty(), joined(tree_problems));
  return idom;
}

// ---- naive reference: the definitions, nothing clever -------------------

// Nodes reachable from 0 by paths that avoid `removed` (kNo: avoid nothing).
std::vector<char> reachable_avoiding(const FlowGraph& g, std::uint32_t removed) {
  std::vector<char> seen(g.node_count(), 0);
  if (g.node_count() == 0 || removed == 0) return seen;
  std::vector<std::uint32_t> queue{0};
  seen[0] = 1;
  for (std::size_t i = 0; i < queue.size(); ++i)
    for (std::uint32_t e = g.edge_begin[queue[i]]; e < g.edge_begin[queue[i] + 1]; ++e) {
      const std::uint32_t v = g.edge_to[e];
      if (v == removed || seen[v]) continue;
      seen[v] = 1;
      queue.push_back(v);
    }
  return seen;
}

struct Naive {
  std::vector<std::vector<char>> dominates;  // [d][v]: v reachable, and d == v or v unreachable without d
  Idoms idom;
};

// idom(v) = the strict dominator s of v that every other strict dominator of
// v dominates. Strict dominators are totally ordered, so the candidate is the
// one with the most dominators; the definition is then checked in full.
Naive naive_dominators(const FlowGraph& g) {
  const std::uint32_t n = g.node_count();
  const std::vector<char> reach = reachable_avoiding(g, kNo);
  Naive r;
  r.dominates.assign(n, std::vector<char>(n, 0));
  for (std::uint32_t d = 0; d < n; ++d) {
    const std::vector<char> without_d = reachable_avoiding(g, d);
    for (std::uint32_t v = 0; v < n; ++v) r.dominates[d][v] = reach[v] && (d == v || !without_d[v]);
  }
  std::vector<std::uint32_t> dominator_count(n, 0);
  for (std::uint32_t d = 0; d < n; ++d)
    for (std::uint32_t v = 0; v < n; ++v) dominator_count[v] += r.dominates[d][v];
  r.idom.assign(n, kNo);
  if (n > 0) r.idom[0] = 0;
  for (std::uint32_t v = 1; v < n; ++v) {
    if (!reach[v]) continue;
    std::uint32_t best = kNo;
    for (std::uint32_t s = 0; s < n; ++s)
      if (s != v && r.dominates[s][v] && (best == kNo || dominator_count[s] > dominator_count[best])) best = s;
    BOOST_REQUIRE(best != kNo);  // 0 strictly dominates every reachable v != 0
    for (std::uint32_t t = 0; t < n; ++t)
      if (t != v && r.dominates[t][v]) BOOST_REQUIRE(r.dominates[t][best]);
    r.idom[v] = best;
  }
  return r;
}

Weights naive_dominated_weight(const Naive& r, const Weights& weight) {
  Weights total(weight.size(), 0);
  for (std::size_t d = 0; d < weight.size(); ++d)
    for (std::size_t v = 0; v < weight.size(); ++v)
      if (r.dominates[d][v]) total[d] += weight[v];
  return total;
}

// ---- random graphs (seeded; gcm::rt::Prng's mapping is our own) ---------

enum class Shape { uniform, tree_plus, heap_like, dense, loops };
const char* name(Shape s) {
  switch (s) {
    case Shape::uniform: return "uniform";
    case Shape::tree_plus: return "tree_plus";
    case Shape::heap_like: return "heap_like";
    case Shape::dense: return "dense";
    case Shape::loops: return "loops";
  }
  return "?";
}

std::uint32_t pick(Prng& rng, std::uint32_t bound) { return static_cast<std::uint32_t>(rng.below(bound)); }

Edges random_edges(Prng& rng, Shape shape, std::uint32_t n) {
  Edges e;
  const auto any = [&] { return pick(rng, n); };
  switch (shape) {
    case Shape::uniform:  // often leaves nodes unreachable
      for (std::uint32_t i = 0, m = pick(rng, 3 * n + 1); i < m; ++i) e.emplace_back(any(), any());
      break;
    case Shape::tree_plus:  // a random tree from 0 with a few extra edges (back, cross, forward)
      for (std::uint32_t v = 1; v < n; ++v) e.emplace_back(pick(rng, v), v);
      for (std::uint32_t i = 0, m = pick(rng, 5); i < m; ++i) e.emplace_back(any(), any());
      break;
    case Shape::heap_like: {  // virtual root -> roots -> objects; shared objects, cycles, garbage
      const std::uint32_t roots = n < 2 ? 0 : 1 + pick(rng, std::min<std::uint32_t>(n - 1, 5));
      for (std::uint32_t r = 1; r <= roots; ++r) e.emplace_back(0, r);
      for (std::uint32_t o = roots + 1; o < n; ++o) {
        if (rng.chance_ppm(100'000)) continue;                              // garbage, unless referenced later
        e.emplace_back(1 + pick(rng, o - 1), o);                            // a referrer allocated earlier
        if (rng.chance_ppm(300'000)) e.emplace_back(1 + pick(rng, n - 1), o);  // shared, or a cycle
      }
      break;
    }
    case Shape::dense:
      for (std::uint32_t i = 0, m = n * n / 2 + 1; i < m; ++i) e.emplace_back(any(), any());
      break;
    case Shape::loops:  // a path 0..n-1 with back edges and skips: deep dominator chains, nested loops
      for (std::uint32_t v = 1; v < n; ++v) e.emplace_back(v - 1, v);
      for (std::uint32_t i = 0, m = pick(rng, n / 2 + 2); i < m; ++i) {
        const std::uint32_t a = any(), b = any();
        e.emplace_back(std::max(a, b), std::min(a, b));  // back edge (or self-loop)
        if (rng.chance_ppm(300'000)) e.emplace_back(std::min(a, b), std::max(a, b));  // skip
      }
      break;
  }
  for (std::size_t i = e.size(); i > 1; --i) std::swap(e[i - 1], e[rng.below(i)]);  // edge order drives the DFS
  return e;
}

struct Coverage {  // what the random graphs exercised, so the cross-check cannot go vacuous
  int with_unreachable = 0, with_self_loop = 0, with_repeated_edge = 0, with_idom_not_parent_in_list = 0;
  std::uint32_t deepest_tree = 0;
};

void note_coverage(const FlowGraph& g, const Edges& edges, const Idoms& idom, Coverage& c) {
  const std::uint32_t n = g.node_count();
  c.with_unreachable += std::count(idom.begin(), idom.end(), kNo) > 0;
  c.with_self_loop += std::any_of(edges.begin(), edges.end(), [](const auto& e) { return e.first == e.second; });
  Edges sorted = edges;
  std::sort(sorted.begin(), sorted.end());
  c.with_repeated_edge += std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  bool join = false;  // some v whose idom is not one of its predecessors: a real join
  for (std::uint32_t v = 1; v < n; ++v) {
    if (idom[v] == kNo) continue;
    std::uint32_t depth = 0;
    for (std::uint32_t x = v; x != 0; x = idom[x]) ++depth;
    c.deepest_tree = std::max(c.deepest_tree, depth);
    join = join || std::none_of(edges.begin(), edges.end(),
                                [&](const auto& e) { return e.second == v && e.first == idom[v]; });
  }
  c.with_idom_not_parent_in_list += join;
}

// One random graph: Lengauer–Tarjan and dominated_weight against the naive reference.
void cross_check(Prng& rng, Shape shape, std::uint32_t n, int index, Coverage& coverage) {
  const Edges edges = random_edges(rng, shape, n);
  const FlowGraph g = flow_graph_from_edges(n, edges);
  Weights weight(n);
  for (std::uint64_t& w : weight) w = rng.below(1000);
  BOOST_TEST_CONTEXT("graph " << index << " shape " << name(shape) << " n=" << n << " edges=" << edges.size()) {
    const Idoms idom = idoms_of(g);
    const Naive naive = naive_dominators(g);
    BOOST_TEST(idom == naive.idom, tt::per_element());
    BOOST_TEST(dominated_weight(idom, weight) == naive_dominated_weight(naive, weight), tt::per_element());
    note_coverage(g, edges, idom, coverage);
  }
}

// 0 -> 1 -> ... -> n-1, built directly (an edge list would double the memory).
FlowGraph chain(std::uint32_t n) {
  FlowGraph g;
  g.edge_begin.resize(std::size_t{n} + 1);
  for (std::uint32_t v = 0; v < n; ++v) g.edge_begin[v] = v;
  g.edge_begin[n] = n - 1;
  g.edge_to.resize(n - 1);
  for (std::uint32_t v = 0; v + 1 < n; ++v) g.edge_to[v] = v + 1;
  return g;
}
}  // namespace

// ---- hand-built graphs ---------------------------------------------------

BOOST_AUTO_TEST_CASE(empty_and_single_node_graphs) {
  const FlowGraph empty;
  BOOST_TEST(empty.node_count() == 0u);
  BOOST_TEST(empty.check().empty());
  BOOST_TEST(immediate_dominators(empty).empty());
  BOOST_TEST(check_dominator_tree(empty, {}).empty());
  BOOST_TEST(dominated_weight({}, {}).empty());

  const FlowGraph none = flow_graph_from_edges(0, {});
  BOOST_TEST(none.node_count() == 0u);
  BOOST_TEST(immediate_dominators(none).empty());

  for (const Edges& edges : {Edges{}, Edges{{0, 0}}}) {
    const FlowGraph one = flow_graph_from_edges(1, edges);
    BOOST_TEST(one.node_count() == 1u);
    BOOST_TEST(idoms_of(one) == Idoms{0}, tt::per_element());
    BOOST_TEST(dominated_weight({0}, {7}) == Weights{7}, tt::per_element());
  }
}

BOOST_AUTO_TEST_CASE(chain_each_node_dominates_the_rest) {
  const FlowGraph g = flow_graph_from_edges(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}});
  const Idoms idom = idoms_of(g);
  BOOST_TEST(idom == (Idoms{0, 0, 1, 2, 3}), tt::per_element());
  BOOST_TEST(dominated_weight(idom, {1, 2, 3, 4, 5}) == (Weights{15, 14, 12, 9, 5}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(diamond_join_is_dominated_by_the_fork) {
  // 0 -> {1, 2} -> 3 -> 4
  const FlowGraph g = flow_graph_from_edges(5, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}});
  const Idoms idom = idoms_of(g);
  BOOST_TEST(idom == (Idoms{0, 0, 0, 0, 3}), tt::per_element());
  BOOST_TEST(dominated_weight(idom, {1, 10, 100, 1000, 10000}) == (Weights{11111, 10, 100, 11000, 10000}),
             tt::per_element());
}

BOOST_AUTO_TEST_CASE(lengauer_tarjan_paper_example) {
  // Lengauer & Tarjan 1979, Fig. 1: R=0, A..L = 1..12, with the published
  // immediate dominators (Fig. 2): F and G under C, J under G, L under D, the
  // rest under R.
  enum : std::uint32_t { R, A, B, C, D, E, F, G, H, I, J, K, L };
  const Edges edges = {{R, A}, {R, B}, {R, C}, {A, D}, {B, A}, {B, D}, {B, E}, {C, F}, {C, G},
                       {D, L}, {E, H}, {F, I}, {G, I}, {G, J}, {H, E}, {H, K}, {I, K}, {J, I},
                       {K, I}, {K, R}, {L, H}};
  const FlowGraph g = flow_graph_from_edges(13, edges);
  const Idoms idom = idoms_of(g);
  //                      R  A  B  C  D  E  F  G  H  I  J  K  L
  const Idoms published = {R, R, R, R, R, R, C, C, R, R, G, R, D};
  BOOST_TEST(idom == published, tt::per_element());
  BOOST_TEST(naive_dominators(g).idom == published, tt::per_element());
  const Weights ones(13, 1);  // subtree sizes
  BOOST_TEST(dominated_weight(idom, ones) == (Weights{13, 1, 1, 4, 2, 1, 1, 2, 1, 1, 1, 1, 1}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(loops_and_back_edges) {
  // Natural loop 1 -> 2 -> 3 -> 1 with exits 1 -> 4 and 3 -> 4, and 3 -> 0
  // back to the entry: the header 1 dominates the body and the exit.
  const Idoms natural = idoms_of(flow_graph_from_edges(5, {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}, {1, 4}, {3, 0}}));
  BOOST_TEST(natural == (Idoms{0, 0, 1, 2, 1}), tt::per_element());
  // Irreducible loop entered at both 1 and 2: neither dominates the other.
  const Idoms irreducible = idoms_of(flow_graph_from_edges(4, {{0, 1}, {0, 2}, {1, 2}, {2, 1}, {2, 3}}));
  BOOST_TEST(irreducible == (Idoms{0, 0, 0, 2}), tt::per_element());
  // Back edge into the middle of a chain; the DFS order seen from the other side.
  const Idoms middle = idoms_of(flow_graph_from_edges(5, {{0, 4}, {4, 3}, {3, 2}, {2, 1}, {1, 3}, {0, 2}}));
  BOOST_TEST(middle == (Idoms{0, 2, 0, 0, 0}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(self_loops_change_nothing) {
  const Idoms idom = idoms_of(flow_graph_from_edges(3, {{0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}}));
  BOOST_TEST(idom == (Idoms{0, 0, 1}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(repeated_edges_change_nothing) {
  const Edges once = {{0, 1}, {1, 2}, {2, 3}, {0, 3}};
  const Edges repeated = {{0, 1}, {0, 1}, {1, 2}, {0, 1}, {1, 2}, {2, 3}, {0, 3}, {0, 3}};
  const Idoms want = {0, 0, 1, 0};
  BOOST_TEST(idoms_of(flow_graph_from_edges(4, once)) == want, tt::per_element());
  BOOST_TEST(idoms_of(flow_graph_from_edges(4, repeated)) == want, tt::per_element());
}

BOOST_AUTO_TEST_CASE(unreachable_nodes_have_no_dominator_and_weigh_nothing) {
  // 3 <-> 4 is an unreachable cycle pointing into the live part (3 -> 2): its
  // edges must not make 1 lose 2. 5 is isolated.
  const FlowGraph g = flow_graph_from_edges(6, {{0, 1}, {1, 2}, {3, 2}, {4, 3}, {3, 4}});
  const Idoms idom = idoms_of(g);
  BOOST_TEST(idom == (Idoms{0, 0, 1, kNo, kNo, kNo}), tt::per_element());
  BOOST_TEST(dominated_weight(idom, Weights(6, 10)) == (Weights{30, 20, 10, 0, 0, 0}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(heap_graph_shared_object_is_dominated_by_the_virtual_root) {
  // The retention graph: 0 virtual root; 1 global "cache", 2 a test's frame
  // (retainers, 0 bytes); objects: 3 cache entry (1 -> 3) with child 4 that
  // points back (3 <-> 4); 5 shared by cache and frame, with child 6; 7 held
  // by the frame only; 8 garbage pointing into live objects.
  const FlowGraph g = flow_graph_from_edges(
      9, {{0, 1}, {0, 2}, {1, 3}, {3, 4}, {4, 3}, {1, 5}, {2, 5}, {5, 6}, {2, 7}, {8, 5}, {8, 7}});
  const Idoms idom = idoms_of(g);
  BOOST_TEST(idom == (Idoms{0, 0, 0, 1, 3, 0, 5, 2, kNo}), tt::per_element());
  const Weights bytes = {0, 0, 0, 16, 32, 64, 8, 128, 1000};
  // cache retains 3 and 4 (48 B); the frame retains 7 (128 B); 5 and 6 (72 B)
  // are shared; reachable 248 B; the garbage 8 counts nowhere.
  BOOST_TEST(dominated_weight(idom, bytes) == (Weights{248, 48, 128, 48, 32, 72, 8, 128, 0}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(flow_graph_from_edges_keeps_order_per_source_and_rejects_bad_endpoints) {
  const FlowGraph g = flow_graph_from_edges(4, {{2, 0}, {0, 2}, {0, 1}, {2, 1}, {0, 3}});
  BOOST_TEST(g.edge_begin == (std::vector<std::uint32_t>{0, 3, 3, 5, 5}), tt::per_element());
  BOOST_TEST(g.edge_to == (std::vector<std::uint32_t>{2, 1, 3, 0, 1}), tt::per_element());
  BOOST_TEST(g.check().empty());
  BOOST_CHECK_THROW(flow_graph_from_edges(3, {{3, 0}}), std::invalid_argument);
  BOOST_CHECK_THROW(flow_graph_from_edges(3, {{0, 3}}), std::invalid_argument);
  BOOST_CHECK_THROW(flow_graph_from_edges(0, {{0, 0}}), std::invalid_argument);
  BOOST_CHECK_THROW(flow_graph_from_edges(kNoDominator, {}), std::invalid_argument);
}

// ---- validators on broken input -------------------------------------------

BOOST_AUTO_TEST_CASE(graph_check_reports_malformed_csr) {
  const FlowGraph good = flow_graph_from_edges(3, {{0, 1}, {1, 2}});
  FlowGraph bad = good;
  bad.edge_to[1] = 3;  // target out of range
  BOOST_TEST(mentions(bad.check(), "edge_to[1] == 3 >= node_count 3"), joined(bad.check()));
  BOOST_CHECK_THROW(immediate_dominators(bad), std::invalid_argument);
  BOOST_TEST(mentions(check_dominator_tree(bad, {0, 0, 1}), "graph: "));

  bad = good;
  bad.edge_begin = {1, 1, 2, 2};
  BOOST_TEST(mentions(bad.check(), "edge_begin[0] == 1"), joined(bad.check()));
  bad = good;
  bad.edge_begin.back() = 1;  // 2 edges but the last range ends at 1, and decreases
  BOOST_TEST(mentions(bad.check(), "edge_begin.back() == 1 but edge_to.size() == 2"), joined(bad.check()));
  BOOST_TEST(mentions(bad.check(), "decreases after node 2"), joined(bad.check()));
  bad = good;
  bad.edge_begin.clear();
  BOOST_TEST(mentions(bad.check(), "edge_begin is empty"), joined(bad.check()));
  BOOST_CHECK_THROW(immediate_dominators(bad), std::invalid_argument);

  bad = flow_graph_from_edges(2, {});  // a screenful, then a count
  bad.edge_to.assign(100, 7);
  bad.edge_begin = {0, 100, 100};
  const std::vector<std::string> many = bad.check();
  BOOST_TEST(many.size() <= 17u);
  BOOST_TEST(many.back() == "... and 84 more problems");
}

BOOST_AUTO_TEST_CASE(tree_check_reports_inconsistent_idoms) {
  // 0 -> {1, 2} -> 3 -> 4, and 5 -> 4 from unreachable 5.
  const FlowGraph g = flow_graph_from_edges(6, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}, {5, 4}});
  const Idoms good = {0, 0, 0, 0, 3, kNo};
  BOOST_TEST(idoms_of(g) == good, tt::per_element());
  const auto problems_with = [&](std::uint32_t v, std::uint32_t d) {
    Idoms idom = good;
    idom[v] = d;
    return check_dominator_tree(g, idom);
  };
  BOOST_TEST(mentions(check_dominator_tree(g, {0, 0, 0, 0, 3}), "5 idoms for 6 nodes"));
  BOOST_TEST(mentions(problems_with(0, 1), "idom[0] == 1, want 0"));
  BOOST_TEST(mentions(problems_with(5, 3), "node 5 is unreachable from 0: want kNoDominator"));
  BOOST_TEST(mentions(problems_with(4, kNo), "node 4 is reachable from 0"));
  BOOST_TEST(mentions(problems_with(4, 99), "out of range"));
  BOOST_TEST(mentions(problems_with(4, 5), "idom[4] == 5 is unreachable from 0"));
  BOOST_TEST(mentions(problems_with(3, 3), "enters a cycle at node 3"));
  // An idom cycle 3 -> 4 -> 3 that never reaches 0.
  BOOST_TEST(mentions(problems_with(3, 4), "enters a cycle"), joined(problems_with(3, 4)));
  // A tree rooted at 0 whose idom[3] == 1 is no dominator: the path 0 -> 2 -> 3 avoids 1.
  BOOST_TEST(mentions(problems_with(3, 1), "edge 2->3: idom[3] == 1 is neither 2 nor its ancestor"),
             joined(problems_with(3, 1)));
  // ...and idom[4] == 1 (a dominator of 3, not of 4) likewise.
  BOOST_TEST(mentions(problems_with(4, 1), "does not dominate 4"), joined(problems_with(4, 1)));
}

BOOST_AUTO_TEST_CASE(dominated_weight_rejects_bad_input_and_skips_nodes_off_the_tree) {
  BOOST_CHECK_THROW(dominated_weight({0, 0}, {1}), std::invalid_argument);
  BOOST_CHECK_THROW(dominated_weight({0, 5}, {1, 1}), std::invalid_argument);
  // 2 <-> 3 is an idom cycle off the tree: documented to get 0, not to loop.
  BOOST_TEST(dominated_weight({0, 0, 3, 2}, {1, 2, 4, 8}) == (Weights{3, 2, 0, 0}), tt::per_element());
}

// ---- random cross-check against the naive reference ------------------------

BOOST_AUTO_TEST_CASE(random_graphs_match_the_naive_reference) {
  Prng rng(0x00D0'4D1A'7025'2025ull);
  Coverage coverage;
  constexpr std::uint32_t kSizes[] = {2, 5, 12, 30, 70, 160};
  constexpr Shape kShapes[] = {Shape::uniform, Shape::tree_plus, Shape::heap_like, Shape::dense, Shape::loops};
  int index = 0;
  for (int round = 0; round < 80; ++round)
    for (const Shape shape : kShapes) {
      const std::uint32_t max_n = shape == Shape::dense ? 24 : kSizes[round % 6];
      cross_check(rng, shape, 1 + pick(rng, max_n), index++, coverage);
    }
  for (const Shape shape : {Shape::tree_plus, Shape::heap_like, Shape::loops, Shape::uniform})
    for (int i = 0; i < 2; ++i) cross_check(rng, shape, 1000 + pick(rng, 1000), index++, coverage);
  BOOST_TEST(index >= 400);
  BOOST_TEST_MESSAGE("unreachable " << coverage.with_unreachable << ", self-loop " << coverage.with_self_loop
                                    << ", repeated edge " << coverage.with_repeated_edge << ", join "
                                    << coverage.with_idom_not_parent_in_list << ", deepest tree "
                                    << coverage.deepest_tree);
  BOOST_TEST(coverage.with_unreachable >= 50);
  BOOST_TEST(coverage.with_self_loop >= 50);
  BOOST_TEST(coverage.with_repeated_edge >= 50);
  BOOST_TEST(coverage.with_idom_not_parent_in_list >= 100);
  BOOST_TEST(coverage.deepest_tree >= 100u);
}

// ---- depth: no recursion ---------------------------------------------------

BOOST_AUTO_TEST_CASE(ten_million_node_chain_without_recursion) {
  constexpr std::uint32_t kNodes = 10'000'000;
  const FlowGraph g = chain(kNodes);
  BOOST_TEST(g.check().empty());
  const Idoms idom = immediate_dominators(g);
  BOOST_TEST(check_dominator_tree(g, idom).empty());
  BOOST_TEST(idom.size() == kNodes);
  BOOST_TEST(idom[0] == 0u);
  std::uint32_t wrong_idom = 0;
  for (std::uint32_t v = 1; v < kNodes; ++v) wrong_idom += idom[v] != v - 1;
  BOOST_TEST(wrong_idom == 0u);
  const Weights retained = dominated_weight(idom, Weights(kNodes, 1));
  BOOST_TEST(retained[0] == kNodes);
  std::uint32_t wrong_weight = 0;
  for (std::uint32_t v = 0; v < kNodes; ++v) wrong_weight += retained[v] != kNodes - v;
  BOOST_TEST(wrong_weight == 0u);
}

BOOST_AUTO_TEST_CASE(ten_million_node_chain_with_a_back_edge_compresses_a_deep_path_iteratively) {
  // The tail's edge back to 2 makes EVAL(tail), when 2 is processed, walk and
  // compress the whole linked chain: a path of ~10M vertices. Dominators stay those of the chain.
  constexpr std::uint32_t kNodes = 10'000'000;
  FlowGraph g = chain(kNodes);
  g.edge_to.push_back(2);
  g.edge_begin.back() += 1;
  BOOST_TEST(g.check().empty());
  const Idoms idom = immediate_dominators(g);
  BOOST_TEST(check_dominator_tree(g, idom).empty());
  std::uint32_t wrong_idom = 0;
  for (std::uint32_t v = 1; v < kNodes; ++v) wrong_idom += idom[v] != v - 1;
  BOOST_TEST(wrong_idom == 0u);
}

// Path compression is what keeps EVAL cheap: here every node v >= 2 of a
// million-node chain also points back to 1, so step 2 for node 1 evaluates
// 10^6 vertices along one linked path. Compressed, that is ~2·10^6 steps
// (well under a second); without compression ~5·10^11 — the timeout fails it.
BOOST_AUTO_TEST_CASE(every_node_pointing_back_needs_path_compression, *boost::unit_test::timeout(120)) {
  constexpr std::uint32_t kNodes = 1'000'000;
  Edges edges;
  edges.reserve(2 * kNodes);
  for (std::uint32_t v = 0; v + 1 < kNodes; ++v) {
    edges.emplace_back(v, v + 1);  // first: the DFS follows the chain
    if (v >= 2) edges.emplace_back(v, 1);
  }
  const FlowGraph g = flow_graph_from_edges(kNodes, edges);
  const Idoms idom = idoms_of(g);
  std::uint32_t wrong_idom = 0;
  for (std::uint32_t v = 1; v < kNodes; ++v) wrong_idom += idom[v] != v - 1;
  BOOST_TEST(wrong_idom == 0u);
}
