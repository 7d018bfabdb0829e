// collision_test.cpp — weak hashes (constant, 2-bit, 8-bit) through the hash
// seam; canonical form after removal (structural dumps); iteration order as
// a function of the key set only.
#define BOOST_TEST_MODULE trie_collisions
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <numeric>

#include "trie_test_util.hpp"

namespace gcm::trie::testing {
namespace {

Options with_hash(hash_fn h) {
  Options o;
  o.hasher = h;
  return o;
}

// Random set/remove/get against std::map, check() after every operation.
template <class Keys>
void model_with_hash(hash_fn h, std::uint64_t seed, int ops, std::uint64_t keyspace, bool transient) {
  rt::Runtime rt(runtime_options(seed, false));
  typename Keys::map_type m(rt, with_hash(h));
  rt::RootSet* roots = rt.new_root_set(rt::RootKind::pinned, "roots");
  std::map<typename Keys::key_type, typename Keys::value_type> model;
  rt::Prng prng(seed);
  rt::Object* root = m.empty();
  auto t = m.transient();
  for (int op = 0; op < ops; ++op) {
    const auto k = Keys::key(prng.below(keyspace));
    const std::uint64_t dice = prng.below(100);
    if (dice < 55) {
      const auto v = Keys::value(prng);
      if (transient)
        t.set(k, v);
      else
        root = m.set(root, k, v);
      model[k] = v;
    } else if (dice < 85) {
      if (transient)
        t.remove(k);
      else
        root = m.remove(root, k);
      model.erase(k);
    } else {
      const auto got = transient ? t.get(k) : m.get(root, k);
      const auto it = model.find(k);
      TRIE_REQUIRE(got.has_value() == (it != model.end()), "op " << op << " key " << k);
      if (got) TRIE_REQUIRE(*got == it->second, "op " << op << " key " << k);
    }
    const CheckResult c = transient ? t.check() : m.check(root);
    TRIE_REQUIRE(c.ok(), "op " << op << ": " << c.problems.front());
    TRIE_REQUIRE((transient ? t.size() : m.size(root)) == model.size(), "op " << op << ": size");
    roots->set("root", root);
    rt.safepoint();
  }
  if (transient) root = t.freeze();
  for (const auto& [k, v] : model) TRIE_REQUIRE(m.get(root, k) == v, "final: key " << k);
  BOOST_TEST(m.size(root) == model.size());
  BOOST_TEST(m.check(root).ok());
}

BOOST_AUTO_TEST_CASE(constant_hash_is_one_collision_node) {
  rt::Runtime rt(runtime_options(1, false));
  U64Map m(rt, with_hash(&constant_hash));
  rt::Object* root = m.empty();
  for (std::uint64_t i = 0; i < 300; ++i) root = m.set(root, U64Keys::key(i), i);
  const CheckResult c = m.check(root);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c.collision_nodes == 1u);
  BOOST_TEST(c.depth_max == kMaxDepth);
  BOOST_TEST(c.nodes == kMaxDepth + 1);  // a chain of single-child nodes, then the collision node
  for (std::uint64_t i = 0; i < 300; ++i) BOOST_TEST(*m.get(root, U64Keys::key(i)) == i);
  BOOST_TEST(!m.get(root, U64Keys::key(301)).has_value());
  // Iteration follows the collision node's key order.
  std::vector<std::uint64_t> keys;
  for (auto [k, v] : m.entries(root)) keys.push_back(k);
  BOOST_TEST(std::is_sorted(keys.begin(), keys.end()));
  BOOST_TEST(keys.size() == 300u);
  // Removing down to one entry collapses the whole chain into the root.
  rt::Prng prng(3);
  std::vector<std::uint64_t> order(300);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[prng.below(i)]);
  for (std::size_t i = 0; i + 1 < order.size(); ++i) {
    root = m.remove(root, U64Keys::key(order[i]));
    require_ok(m, root, "after removal " + std::to_string(i));
  }
  const CheckResult last = m.check(root);
  BOOST_TEST(last.nodes == 1u);
  BOOST_TEST(m.size(root) == 1u);
  root = m.remove(root, U64Keys::key(order.back()));
  BOOST_TEST(root == m.empty());
}

BOOST_AUTO_TEST_CASE(constant_hash_model) {
  model_with_hash<U64Keys>(&constant_hash, 11, 1500, 200, false);
  model_with_hash<U64Keys>(&constant_hash, 12, 1500, 200, true);
  model_with_hash<StringKeys>(&constant_hash, 13, 1000, 150, false);
  model_with_hash<StringKeys>(&constant_hash, 14, 1000, 150, true);
}

BOOST_AUTO_TEST_CASE(two_bit_hash_model) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    model_with_hash<U64Keys>(&two_bit_hash, seed, 3000, 300, seed % 2 == 0);
    model_with_hash<StringKeys>(&two_bit_hash, seed + 100, 2000, 200, seed % 2 == 1);
  }
}

BOOST_AUTO_TEST_CASE(eight_bit_hash_model) {
  model_with_hash<U64Keys>(&eight_bit_hash, 21, 4000, 2000, false);
  model_with_hash<U64Keys>(&eight_bit_hash, 22, 4000, 2000, true);
}

// The map of `keys` built by persistent sets in the given order.
template <class Map, class Keys>
rt::Object* build(Map& m, const std::vector<typename Keys::key_type>& keys) {
  rt::Object* root = m.empty();
  for (const auto& k : keys) root = m.set(root, k, Keys::value_of(k));
  return root;
}

struct U64Vals : U64Keys {
  static std::uint64_t value_of(std::uint64_t k) { return k ^ 0xABCDEF; }
};
struct StrVals : StringKeys {
  static std::string value_of(const std::string& k) { return "val-" + k.substr(4); }
};

// Canonical form: inserting then removing a key leaves the structure of the
// map that never had it; building in any order gives the same structure.
template <class Keys>
void canonical_after_removal(hash_fn h, std::uint64_t seed, bool transient) {
  rt::Runtime rt(runtime_options(seed, false));
  typename Keys::map_type m(rt, with_hash(h));
  rt::Prng prng(seed);
  int rounds = 0;
  for (int round = 0; round < 60; ++round) {
    const std::uint64_t n = 1 + prng.below(round < 30 ? 40 : 400);
    std::vector<typename Keys::key_type> keys;
    for (std::uint64_t i = 0; i < n; ++i) keys.push_back(Keys::key(prng.below(100'000)));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const auto extra = Keys::key(100'000 + prng.below(1000));  // never among keys
    rt::Object* without = build<typename Keys::map_type, Keys>(m, keys);
    const std::string expected = m.dump(without);

    std::vector<typename Keys::key_type> shuffled = keys;
    for (std::size_t i = shuffled.size(); i > 1; --i) std::swap(shuffled[i - 1], shuffled[prng.below(i)]);
    rt::Object* with;
    if (transient) {
      auto t = m.transient();
      for (std::size_t i = 0; i < shuffled.size(); ++i) {
        t.set(shuffled[i], Keys::value_of(shuffled[i]));
        if (i == shuffled.size() / 2) t.set(extra, Keys::value_of(extra));
      }
      t.remove(extra);
      with = t.freeze();
    } else {
      with = build<typename Keys::map_type, Keys>(m, shuffled);
      with = m.set(with, extra, Keys::value_of(extra));
      require_ok(m, with, "with the extra key");
      with = m.remove(with, extra);
    }
    require_ok(m, with, "after removing the extra key");
    TRIE_REQUIRE(m.dump(with) == expected, "round " << round << ": structure differs after insert+remove\n"
                                                    << m.dump(with) << "--- expected ---\n"
                                                    << expected);
    // Removing every key but one of a random half, in random order, also matches.
    rt::Object* partial = with;
    std::vector<typename Keys::key_type> kept;
    for (const auto& k : shuffled)
      if (prng.below(2) == 0)
        partial = m.remove(partial, k);
      else
        kept.push_back(k);
    std::sort(kept.begin(), kept.end());
    rt::Object* fresh = build<typename Keys::map_type, Keys>(m, kept);
    TRIE_REQUIRE(m.dump(partial) == m.dump(fresh), "round " << round << ": partial removal not canonical");
    rt.gc();  // nothing rooted: every version of this round is garbage now
    ++rounds;
  }
  BOOST_TEST(rounds == 60);
}

BOOST_AUTO_TEST_CASE(removal_canonicalises) {
  for (hash_fn h : {&xxh3_hash, &eight_bit_hash, &two_bit_hash, &constant_hash}) {
    canonical_after_removal<U64Vals>(h, 5, false);
    canonical_after_removal<U64Vals>(h, 6, true);
    canonical_after_removal<StrVals>(h, 7, false);
    canonical_after_removal<StrVals>(h, 8, true);
  }
}

// Iteration order depends on the set of keys only: two histories, one order.
BOOST_AUTO_TEST_CASE(iteration_order_is_a_function_of_the_key_set) {
  for (hash_fn h : {&xxh3_hash, &two_bit_hash}) {
    rt::Runtime rt(runtime_options(9, false));
    StringMap m(rt, with_hash(h));
    rt::RootSet* roots = rt.new_root_set(rt::RootKind::pinned, "roots");
    rt::Prng prng(10);
    std::vector<std::string> keys;
    for (int i = 0; i < 3000; ++i) keys.push_back(StringKeys::key(i));
    rt::Object* a = m.empty();
    for (const auto& k : keys) a = m.set(a, k, "v");
    roots->set("a", a);
    auto t = m.transient();
    for (std::size_t i = keys.size(); i-- > 0;) {  // reverse order, with detours
      t.set(keys[i], "other");
      if (prng.below(4) == 0) t.set("extra-" + std::to_string(i), "x");
      t.set(keys[i], "v");
    }
    for (std::size_t i = keys.size(); i-- > 0;) t.remove("extra-" + std::to_string(i));
    rt::Object* b = t.freeze();
    roots->set("b", b);
    std::vector<std::string> order_a, order_b;
    for (auto [k, v] : m.entries(a)) order_a.emplace_back(k);
    for (auto [k, v] : m.entries(b)) order_b.emplace_back(k);
    BOOST_TEST(order_a.size() == keys.size());
    BOOST_TEST(order_a == order_b);
    BOOST_TEST(m.dump(a) == m.dump(b));
  }
}

// The check() validator itself must be able to fail.
BOOST_AUTO_TEST_CASE(check_detects_corruption) {
  rt::Runtime rt(runtime_options(1, false));
  U64Map m(rt);
  rt::Object* root = m.empty();
  for (std::uint64_t i = 0; i < 500; ++i) root = m.set(root, U64Keys::key(i), i);
  BOOST_REQUIRE(m.check(root).ok());
  NodeHeader& h = Node<u64_map_policy>::header(root);
  h.count += 1;
  BOOST_TEST(!m.check(root).ok());
  h.count -= 1;
  const bitmap_t saved = h.datamap;
  h.datamap |= h.nodemap & (~h.nodemap + 1);  // overlap one branch
  BOOST_TEST(!m.check(root).ok());
  h.datamap = saved;
  BOOST_REQUIRE(m.check(root).ok());
  // A key moved to the wrong branch: swap two inline entries' keys.
  rt::Object* small = m.empty();
  for (std::uint64_t i = 0; i < 6; ++i) small = m.set(small, U64Keys::key(i), i);
  BOOST_REQUIRE(popcount(Node<u64_map_policy>::header(small).datamap) >= 2);
  auto* b0 = Node<u64_map_policy>::entry_bytes(small, 0);
  auto* b1 = Node<u64_map_policy>::entry_bytes(small, 1);
  std::swap_ranges(b0, b0 + 8, b1);
  BOOST_TEST(!m.check(small).ok());
  std::swap_ranges(b0, b0 + 8, b1);
  BOOST_TEST(m.check(small).ok());
  BOOST_TEST(m.check(root).ok());
}

}  // namespace
}  // namespace gcm::trie::testing
