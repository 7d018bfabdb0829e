// roots_test.cpp — the root registry: sets released in any order, with
// compactions in between, leave exactly the others, in opening order.
#define BOOST_TEST_MODULE runtime roots
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "runtime/prng.hpp"
#include "runtime/roots.hpp"

using namespace gcm::rt;

namespace {
std::vector<std::uint64_t> visited_ids(const RootRegistry& roots) {
  std::vector<std::uint64_t> ids;
  roots.for_each([&](const RootSet& s) { ids.push_back(s.id()); });
  return ids;
}
}  // namespace

BOOST_AUTO_TEST_CASE(releases_in_any_order_across_compactions_leave_the_rest_in_opening_order) {
  RootRegistry roots;
  Prng prng(16);
  std::vector<RootSet*> open;
  std::set<std::uint64_t> live;
  for (int round = 0; round < 20'000; ++round) {
    // Open more than release early on, then drain: compactions happen while
    // sets opened before and after them are still live.
    const bool opening = open.empty() || (round < 12'000 ? prng.below(3) != 0 : prng.below(4) == 0);
    if (opening) {
      RootSet* s = roots.open(RootKind::frame, "f", 1);
      open.push_back(s);
      live.insert(s->id());
    } else {
      const std::size_t k = static_cast<std::size_t>(prng.below(open.size()));
      live.erase(open[k]->id());
      roots.release(open[k]);
      open[k] = open.back();
      open.pop_back();
    }
    BOOST_REQUIRE_EQUAL(roots.size(), live.size());
  }
  const std::vector<std::uint64_t> ids = visited_ids(roots);
  BOOST_TEST(ids == std::vector<std::uint64_t>(live.begin(), live.end()), boost::test_tools::per_element());
  for (RootSet* s : open) roots.release(s);
  BOOST_TEST(roots.size() == 0u);
  BOOST_TEST(visited_ids(roots).empty());
}
