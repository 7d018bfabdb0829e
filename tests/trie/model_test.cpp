// model_test.cpp — the trie against std::unordered_map: random set/remove/get
// sequences, every intermediate version kept rooted and re-checked at the end
// (persistence), the same through the transient builder.
#define BOOST_TEST_MODULE trie_model
#include <boost/test/unit_test.hpp>

#include <unordered_map>

#include "trie_test_util.hpp"

namespace gcm::trie::testing {
namespace {

struct Version {
  rt::Object* root;
  std::uint64_t size;
  std::uint64_t fingerprint;
};

struct RunSpec {
  std::uint64_t seed;
  int ops;
  std::uint64_t keyspace;
  int recheck_every;  // 1 = every version
  Options options = {};
};

// The model and its order-free fingerprint.
template <class Keys>
struct Model {
  std::unordered_map<typename Keys::key_type, typename Keys::value_type> map;
  std::uint64_t fingerprint = 0;

  // Returns whether the map changes.
  bool set(const typename Keys::key_type& k, const typename Keys::value_type& v) {
    auto [it, inserted] = map.try_emplace(k, v);
    if (!inserted) {
      if (it->second == v) return false;
      fingerprint -= entry_print(k, it->second);
      it->second = v;
    }
    fingerprint += entry_print(k, v);
    return true;
  }
  bool remove(const typename Keys::key_type& k) {
    auto it = map.find(k);
    if (it == map.end()) return false;
    fingerprint -= entry_print(k, it->second);
    map.erase(it);
    return true;
  }
};

template <class Keys, class Get>
void require_get(const Model<Keys>& model, const typename Keys::key_type& k, Get got, int op) {
  auto it = model.map.find(k);
  if (it == model.map.end()) {
    TRIE_REQUIRE(!got.has_value(), "op " << op << ": key " << k << " found, model has none");
  } else {
    TRIE_REQUIRE(got.has_value(), "op " << op << ": key " << k << " missing");
    TRIE_REQUIRE(*got == it->second, "op " << op << ": key " << k << " has " << *got << ", model " << it->second);
  }
}

template <class Map>
void recheck_versions(const Map& m, const std::vector<Version>& history, int every) {
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (every > 1 && i % every != 0 && i + 1 != history.size()) continue;
    const Version& v = history[i];
    TRIE_REQUIRE(Map::size(v.root) == v.size, "version " << i << ": size changed");
    const auto [fp, n] = fingerprint(m, v.root);
    TRIE_REQUIRE(n == v.size, "version " << i << ": iteration yields " << n << " entries, size " << v.size);
    TRIE_REQUIRE(fp == v.fingerprint, "version " << i << ": contents changed after later operations");
  }
}

template <class Keys>
void final_checks(const typename Keys::map_type& m, rt::Object* root, const Model<Keys>& model) {
  require_ok(m, root, "final version");
  for (const auto& [k, v] : model.map) require_get(model, k, m.get(root, k), -1);
}

// Persistent API: each op's result is a new version; all stay rooted.
template <class Keys>
void run_persistent(const RunSpec& spec) {
  rt::Runtime rt(runtime_options(spec.seed, /*verify_gc=*/true, /*gogc_off=*/spec.seed % 4 != 0));
  typename Keys::map_type m(rt, spec.options);
  rt::RootSet* versions = rt.new_root_set(rt::RootKind::pinned, "versions");
  rt::Prng prng(spec.seed * 7919 + 1);
  Model<Keys> model;
  std::vector<Version> history;
  history.reserve(spec.ops);
  rt::Object* root = m.empty();
  for (int op = 0; op < spec.ops; ++op) {
    const std::uint64_t dice = prng.below(100);
    const auto k = Keys::key(prng.below(spec.keyspace));
    if (dice < 50) {
      const auto v = Keys::value(prng);
      rt::Object* next = m.set(root, k, v);
      const bool changed = model.set(k, v);
      TRIE_REQUIRE(changed == (next != root), "op " << op << ": set changed=" << changed);
      root = next;
    } else if (dice < 75) {
      rt::Object* next = m.remove(root, k);
      const bool removed = model.remove(k);
      TRIE_REQUIRE(removed == (next != root), "op " << op << ": remove removed=" << removed);
      root = next;
    } else {
      require_get(model, k, m.get(root, k), op);
    }
    TRIE_REQUIRE(m.size(root) == model.map.size(), "op " << op << ": size " << m.size(root));
    versions->push(root);
    history.push_back({root, model.map.size(), model.fingerprint});
    rt.safepoint();  // pacer cycles land between operations
    if (op == spec.ops / 2) {
      rt.gc();
      require_clean(rt);
      require_ok(m, root, "mid-run version");
    }
  }
  rt.gc();
  require_clean(rt);
  final_checks(m, root, model);
  recheck_versions(m, history, spec.recheck_every);
}

// Transient API: one builder, frozen at random points; the frozen versions stay rooted.
template <class Keys>
void run_transient(const RunSpec& spec) {
  rt::Runtime rt(runtime_options(spec.seed, /*verify_gc=*/true, /*gogc_off=*/spec.seed % 4 != 0));
  typename Keys::map_type m(rt, spec.options);
  rt::RootSet* versions = rt.new_root_set(rt::RootKind::pinned, "versions");
  rt::Prng prng(spec.seed * 104729 + 3);
  Model<Keys> model;
  std::vector<Version> history;
  auto t = m.transient();
  for (int op = 0; op < spec.ops; ++op) {
    const std::uint64_t dice = prng.below(100);
    const auto k = Keys::key(prng.below(spec.keyspace));
    if (dice < 50) {
      const auto v = Keys::value(prng);
      const bool added = t.set(k, v);
      const bool was = model.map.count(k) != 0;
      model.set(k, v);
      TRIE_REQUIRE(added == !was, "op " << op << ": set added=" << added);
    } else if (dice < 75) {
      const bool removed = t.remove(k);
      TRIE_REQUIRE(removed == model.remove(k), "op " << op << ": remove removed=" << removed);
    } else {
      require_get(model, k, t.get(k), op);
    }
    TRIE_REQUIRE(t.size() == model.map.size(), "op " << op << ": size " << t.size());
    if (prng.below(100) < 2) {  // freeze: this version must never change again
      rt::Object* frozen = t.freeze();
      versions->push(frozen);
      history.push_back({frozen, model.map.size(), model.fingerprint});
    }
    rt.safepoint();
    if (op == spec.ops / 2) {
      rt.gc();
      require_clean(rt);
      const CheckResult c = t.check();
      TRIE_REQUIRE(c.ok(), "mid-run transient: " << c.problems.front());
    }
  }
  rt::Object* root = t.freeze();
  versions->push(root);
  history.push_back({root, model.map.size(), model.fingerprint});
  rt.gc();
  require_clean(rt);
  final_checks(m, root, model);
  recheck_versions(m, history, spec.recheck_every);
  BOOST_TEST_MESSAGE("seed " << spec.seed << ": pool hits " << m.pool_stats().hits);
}

constexpr int kSeeds = 100;
constexpr int kFullRecheckSeeds = 4;  // every version re-checked; the others sampled

BOOST_AUTO_TEST_CASE(u64_persistent_100_seeds_x_10000_ops) {
  for (int s = 0; s < kSeeds; ++s)
    run_persistent<U64Keys>({static_cast<std::uint64_t>(s + 1), 10'000, 3'000, s < kFullRecheckSeeds ? 1 : 53});
}

BOOST_AUTO_TEST_CASE(u64_transient_100_seeds_x_10000_ops) {
  for (int s = 0; s < kSeeds; ++s)
    run_transient<U64Keys>({static_cast<std::uint64_t>(s + 1), 10'000, 3'000, 1});
}

BOOST_AUTO_TEST_CASE(string_persistent_100_seeds_x_2000_ops) {
  for (int s = 0; s < kSeeds; ++s)
    run_persistent<StringKeys>({static_cast<std::uint64_t>(s + 1), 2'000, 700, s < kFullRecheckSeeds ? 1 : 13});
}

BOOST_AUTO_TEST_CASE(string_transient_100_seeds_x_2000_ops) {
  for (int s = 0; s < kSeeds; ++s)
    run_transient<StringKeys>({static_cast<std::uint64_t>(s + 1), 2'000, 700, 1});
}

// The two mixed map types share the algorithm; a smoke run of each.
struct U64ToStringKeys {
  using map_type = U64StringMap;
  using key_type = std::uint64_t;
  using value_type = std::string;
  static key_type key(std::uint64_t i) noexcept { return U64Keys::key(i); }
  static value_type value(rt::Prng& p) { return StringKeys::value(p); }
};
struct StringToU64Keys {
  using map_type = StringU64Map;
  using key_type = std::string;
  using value_type = std::uint64_t;
  static key_type key(std::uint64_t i) { return StringKeys::key(i); }
  static value_type value(rt::Prng& p) noexcept { return U64Keys::value(p); }
};

BOOST_AUTO_TEST_CASE(mixed_map_types) {
  for (std::uint64_t s = 1; s <= 5; ++s) {
    run_persistent<U64ToStringKeys>({s, 3'000, 800, 1});
    run_transient<U64ToStringKeys>({s, 3'000, 800, 1});
    run_persistent<StringToU64Keys>({s, 3'000, 800, 1});
    run_transient<StringToU64Keys>({s, 3'000, 800, 1});
  }
}

// A small pool (and none at all) must not change any result.
BOOST_AUTO_TEST_CASE(transient_with_tiny_pool_and_without_pool) {
  for (std::uint32_t pool_max : {0u, 3u})
    for (int s = 0; s < 5; ++s) {
      Options o;
      o.pool_nodes_max = pool_max;
      run_transient<U64Keys>({static_cast<std::uint64_t>(s + 1000), 5'000, 2'000, 1, o});
    }
}

// A transient started from a persistent version never writes into it.
BOOST_AUTO_TEST_CASE(transient_from_persistent_root_leaves_it_unchanged) {
  rt::Runtime rt(runtime_options(5, true));
  U64Map m(rt);
  rt::RootSet* roots = rt.new_root_set(rt::RootKind::pinned, "roots");
  rt::Object* v1 = m.empty();
  for (std::uint64_t i = 0; i < 2000; ++i) v1 = m.set(v1, U64Keys::key(i), i);
  roots->set("v1", v1);
  const std::string before = m.dump(v1);
  auto t = m.transient(v1);
  rt::Prng prng(9);
  for (int i = 0; i < 3000; ++i) {
    const auto k = U64Keys::key(prng.below(3000));
    if (prng.below(3) == 0)
      t.remove(k);
    else
      t.set(k, prng.next());
    rt.safepoint();
  }
  rt::Object* v2 = t.freeze();
  roots->set("v2", v2);
  for (int i = 0; i < 1000; ++i) t.set(U64Keys::key(prng.below(4000)), prng.next());  // after freeze: copies
  const std::string v2_dump = m.dump(v2);
  rt::Object* v3 = t.freeze();
  roots->set("v3", v3);
  rt.gc();
  require_clean(rt);
  BOOST_TEST(m.dump(v1) == before);
  BOOST_TEST(m.dump(v2) == v2_dump);
  require_ok(m, v1, "v1");
  require_ok(m, v2, "v2");
  require_ok(m, v3, "v3");
}

// Edge cases of the persistent API.
BOOST_AUTO_TEST_CASE(no_op_updates_return_the_same_root) {
  rt::Runtime rt(runtime_options(1, false));
  StringMap m(rt);
  rt::Object* r = m.set(m.empty(), "key-1", "val-1");
  BOOST_TEST(m.set(r, "key-1", "val-1") == r);
  BOOST_TEST(m.remove(r, "key-2") == r);
  BOOST_TEST(m.remove(m.empty(), "key-2") == m.empty());
  BOOST_TEST(m.remove(r, "key-1") == m.empty());
  BOOST_TEST(m.size(r) == 1u);
  BOOST_TEST(*m.get(r, "key-1") == "val-1");
  BOOST_TEST(!m.get(m.empty(), "key-1").has_value());
  rt::Object* r2 = m.set(r, "key-1", "val-2");
  BOOST_TEST(*m.get(r2, "key-1") == "val-2");
  BOOST_TEST(*m.get(r, "key-1") == "val-1");
  BOOST_TEST(m.check(m.empty()).ok());
}

}  // namespace
}  // namespace gcm::trie::testing
