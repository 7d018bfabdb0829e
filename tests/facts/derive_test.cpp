// derive_test.cpp — facts::derive() on small hand-built logs: spans and
// their ends, GC per test and its share (one definition), links, leaks,
// timeouts, aborts, lost tests.
#define BOOST_TEST_MODULE facts derive
#include <boost/test/unit_test.hpp>

#include "facts/derive.hpp"

using namespace gcm;
namespace ev = rt::ev;
using facts::SpanEnd;

BOOST_AUTO_TEST_CASE(a_cycle_that_began_before_the_test_counts_only_its_part_inside) {
  // TestA starts at 1,000; a 3,000 ns cycle ends at 2,000 (began at -1,000):
  // only 1,000 ns of it is TestA's. TestA ends at 5,000 (4,000 ns long).
  // Whole cycles (the mutant reverting commit 421c1e0) would say 75 %.
  rt::EventLog log;
  log.emit(1'000, 2, ev::TestStart{}, "TestA");
  log.emit(2'000, 0, ev::GcEnd{.cycle = 1, .heap_live_bytes = 10, .gc_ns = 3'000}, "heap");
  log.emit(3'000, 0, ev::GcEnd{.cycle = 2, .heap_live_bytes = 20, .gc_ns = 500}, "heap");
  log.emit(5'000, 2, ev::TestEnd{.status = 0}, "TestA");
  const facts::CaseFacts f = facts::derive(log);
  BOOST_REQUIRE(f.tests.size() == 1u);
  const facts::TestSpan& t = f.tests.front();
  BOOST_TEST(t.gc_cycles == 2);
  BOOST_TEST(t.gc_in_test_ns == 1'500);
  BOOST_TEST(t.gc_share_percent() == 37);  // 1,500 / 4,000
  BOOST_TEST(t.live_after_gc_bytes == 20);
  BOOST_TEST((t.end == SpanEnd::completed));
  BOOST_TEST((t.status == gotest::TestStatus::passed));
}

BOOST_AUTO_TEST_CASE(the_share_never_passes_100_percent) {
  rt::EventLog log;
  log.emit(10, 2, ev::TestStart{}, "TestShort");
  log.emit(20, 0, ev::GcEnd{.gc_ns = 1'000'000}, "heap");  // a long cycle that ends 10 ns into the test
  log.emit(20, 2, ev::TestEnd{}, "TestShort");
  const facts::CaseFacts f = facts::derive(log);
  BOOST_TEST(f.tests.front().gc_share_percent() == 100);
}

BOOST_AUTO_TEST_CASE(a_cycle_belongs_to_every_running_test_and_not_to_ended_ones) {
  rt::EventLog log;
  log.emit(0, 2, ev::TestStart{}, "TestA");
  log.emit(0, 3, ev::TestStart{}, "TestB");
  log.emit(100, 2, ev::TestEnd{}, "TestA");
  log.emit(200, 0, ev::GcEnd{.gc_ns = 50}, "heap");
  log.emit(300, 3, ev::TestEnd{}, "TestB");
  const facts::CaseFacts f = facts::derive(log);
  BOOST_TEST(f.find("TestA")->gc_cycles == 0);
  BOOST_TEST(f.find("TestB")->gc_cycles == 1);
  BOOST_TEST(f.find("TestC") == nullptr);
}

BOOST_AUTO_TEST_CASE(timeout_abort_and_lost_tests) {
  rt::EventLog log;
  log.emit(0, 2, ev::TestStart{}, "TestSlow");
  log.emit(0, 3, ev::TestStart{}, "TestBystander");
  log.emit(60, 2, ev::TestTimeout{.limit_ns = 50, .ran_ns = 60, .per_test = 0}, "TestSlow");
  const std::uint64_t abort = log.emit(60, 2, ev::BinaryAbort{}, "panic: test timed out after 50ns");
  log.emit(60, 0, ev::TestNotRun{}, "TestNever", abort);
  const facts::CaseFacts f = facts::derive(log);
  BOOST_TEST((f.find("TestSlow")->end == SpanEnd::timed_out));
  BOOST_TEST((f.find("TestSlow")->status == gotest::TestStatus::timed_out));
  BOOST_TEST(f.find("TestSlow")->duration_ns() == 60);
  BOOST_TEST((f.find("TestBystander")->end == SpanEnd::died));  // gotest: failed with the binary
  BOOST_TEST((f.find("TestBystander")->status == gotest::TestStatus::failed));
  BOOST_REQUIRE(f.timeouts.size() == 1u);
  BOOST_TEST(!f.timeouts.front().per_test);
  BOOST_TEST(f.timeouts.front().limit_ns == 50);
  BOOST_REQUIRE(f.aborts.size() == 1u);
  BOOST_TEST(f.aborts.front().reason == "panic: test timed out after 50ns");
  BOOST_REQUIRE(f.lost.size() == 1u);
  BOOST_TEST(f.lost.front().name == "TestNever");
  BOOST_TEST(f.lost.front().cause_seq == abort);
}

BOOST_AUTO_TEST_CASE(cleanup_and_finalizer_links_join_cause_to_effect) {
  rt::EventLog log;
  log.emit(0, 2, ev::TestStart{}, "TestA");
  const std::uint64_t r0 = log.emit(1, 2, ev::TestCleanupRegister{.index = 0}, "TestA.func1");
  const std::uint64_t r1 = log.emit(2, 2, ev::TestCleanupRegister{.index = 1}, "TestA.func2");
  const std::uint64_t gc = log.emit(3, 0, ev::GcStart{.cycle = 1}, "heap");
  const std::uint64_t q = log.emit(3, 0, ev::FinalizerQueued{.object = 9}, "", gc);
  log.emit(4, 0, ev::GcEnd{.cycle = 1}, "heap", gc);
  const std::uint64_t run1 = log.emit(5, 2, ev::TestCleanupRun{.index = 1}, "TestA.func2", r1);
  const std::uint64_t fin = log.emit(6, 1, ev::FinalizerRun{.object = 9}, "fin", q);
  const facts::CaseFacts f = facts::derive(log);
  BOOST_REQUIRE(f.cleanup_links.size() == 2u);
  BOOST_TEST(f.cleanup_links[0].from_seq == r0);
  BOOST_TEST(f.cleanup_links[0].to_seq == 0u);  // never ran
  BOOST_TEST(f.cleanup_links[1].to_seq == run1);
  BOOST_TEST(f.cleanups_registered() == 2);
  BOOST_TEST(f.cleanups_run == 1);
  BOOST_REQUIRE(f.finalizer_links.size() == 1u);
  BOOST_TEST(f.finalizer_links[0].to_seq == fin);
  BOOST_REQUIRE(f.gc_cycles.size() == 1u);
  BOOST_TEST(f.gc_cycles[0].start_seq == gc);
  BOOST_TEST(f.last_cycle_started_before(q) == &f.gc_cycles[0]);
  BOOST_TEST(f.last_cycle_started_before(gc) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_marker_names_the_leak_and_the_tests_it_spans) {
  rt::EventLog log;
  log.emit(0, 2, ev::TestStart{}, "TestOrders01");
  log.emit(1, 2, ev::Mark{.bytes = 1 << 20}, "orderCache grows");
  log.emit(2, 2, ev::TestEnd{}, "TestOrders01");
  log.emit(3, 3, ev::TestStart{}, "TestOrders02");
  log.emit(4, 3, ev::Mark{.bytes = 1 << 20}, "orderCache grows");
  log.emit(5, 4, ev::Mark{.bytes = 5}, "other grows");
  const facts::CaseFacts f = facts::derive(log);
  BOOST_REQUIRE(f.leaks.size() == 2u);
  BOOST_TEST(f.leaks[0].subject == "orderCache grows");
  BOOST_TEST(f.leaks[0].first_test == "TestOrders01");
  BOOST_TEST(f.leaks[0].last_test == "TestOrders02");
  BOOST_TEST(f.leaks[0].count == 2);
  BOOST_TEST(f.leaks[1].first_test == "(no test)");
}
