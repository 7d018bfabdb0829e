// Finished tests leave no root sets behind (issue 16, scaling): each test's
// signal/release/done channels live as long as the runtime, and each held an
// empty RootKind::channel set, so every GC and retention snapshot walked one
// set per test ever started (suite-cleanup, runtime.GC per test: quadratic).
#define BOOST_TEST_MODULE gotest root sets
#include <boost/test/unit_test.hpp>

#include <string>

#include "gotest/package.hpp"

using namespace gcm;

// Failed before chan.cpp opened a set only while values are in flight:
// 2,000 subtests left 6,000+ channel sets.
BOOST_AUTO_TEST_CASE(finished_tests_leave_no_root_sets) {
  rt::Runtime::Options o;
  o.seed = 1;
  rt::Runtime rt(o);
  gotest::Package pkg(rt, gotest::TestingPolicy{});
  std::size_t during = 0, after_many = 0;
  pkg.add("TestSuite", [&](gotest::T& t) {
    for (int i = 0; i < 2000; ++i) {
      t.run("Test" + std::to_string(i), [](gotest::T& sub) { sub.rt().gc(); });
      if (i == 9) during = t.rt().roots().size();
    }
    after_many = t.rt().roots().size();
  });
  pkg.run();
  BOOST_TEST(during > 0u);
  BOOST_TEST(after_many <= during);  // constant, not one set per finished test
  BOOST_TEST(after_many < 50u);
}

// A value in flight is still a root (the set exists while it is buffered).
BOOST_AUTO_TEST_CASE(a_buffered_value_is_still_rooted) {
  rt::Runtime::Options o;
  o.seed = 1;
  rt::Runtime rt(o);
  rt::ObjectId id = 0;
  bool live_while_buffered = false, live_after_recv = true;
  rt.run("main", [&] {
    rt::Chan* c = rt.make_chan(1, "c");
    rt::Object* v = rt.alloc(static_cast<std::uint8_t>(rt::ObjectKind::plain), 0, 64);
    id = v->id;
    c->send(v);
    v = nullptr;
    rt.gc();
    live_while_buffered = rt.heap().find(id) != nullptr;
    c->recv();
    rt.gc();
    live_after_recv = rt.heap().find(id) != nullptr;
  });
  BOOST_TEST(live_while_buffered);
  BOOST_TEST(!live_after_recv);
}
