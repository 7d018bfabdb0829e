// events_test.cpp — typed event payloads (event_fields.hpp): one table gives
// the serialised keys, their order and the reader; the log's cap is counted.
#define BOOST_TEST_MODULE runtime events
#include <boost/test/unit_test.hpp>

#include <string>

#include "runtime/events.hpp"

using namespace gcm::rt;

BOOST_AUTO_TEST_CASE(a_payload_serialises_in_table_order_with_member_names_as_keys) {
  EventLog log;
  const std::uint64_t seq =
      log.emit(1'500, 3, ev::TestTimeout{.limit_ns = 60, .ran_ns = 61, .per_test = 1}, "TestX", /*cause_seq=*/0);
  BOOST_TEST(seq == 1u);
  BOOST_TEST(EventLog::canonical_line(log.events().front()) ==
             "1 1500 g3 test_timeout \"TestX\" limit_ns=60 ran_ns=61 per_test=1\n");
  const ev::TestTimeout back = read<ev::TestTimeout>(log.events().front());
  BOOST_TEST(back.limit_ns == 60);
  BOOST_TEST(back.ran_ns == 61);
  BOOST_TEST(back.per_test == 1);
}

BOOST_AUTO_TEST_CASE(a_bare_kind_has_no_fields_and_keeps_its_cause) {
  EventLog log;
  const std::uint64_t abort = log.emit(7, 1, ev::BinaryAbort{}, "panic: boom");
  log.emit(7, 0, ev::TestNotRun{}, "TestY", abort);
  BOOST_TEST(EventLog::canonical_line(log.events().back()) == "2 7 g0 test_not_run \"TestY\" cause=1\n");
}

BOOST_AUTO_TEST_CASE(read_finds_a_field_out_of_table_order) {
  // A log built by hand (not through emit) may list fields otherwise.
  Event e{1, 0, 0, EventKind::gc_end, "heap", {{"gc_ns", 40}, {"cycle", 2}}, 0};
  const ev::GcEnd g = read<ev::GcEnd>(e);
  BOOST_TEST(g.cycle == 2);
  BOOST_TEST(g.gc_ns == 40);
  BOOST_TEST(g.heap_live_bytes == 0);  // absent: 0
}

BOOST_AUTO_TEST_CASE(every_table_has_units_and_distinct_keys) {
  const auto defs = ev::GcEnd::fields();
  BOOST_TEST(defs.size() == 15u);
  for (std::size_t i = 0; i < defs.size(); ++i)
    for (std::size_t j = i + 1; j < defs.size(); ++j) BOOST_TEST(std::string(defs[i].key) != std::string(defs[j].key));
  BOOST_TEST((defs[10].unit == Unit::ns));  // gc_ns
  BOOST_TEST(std::string(defs[10].key) == "gc_ns");
}

BOOST_AUTO_TEST_CASE(a_full_log_refuses_and_counts_what_it_dropped) {
  EventLog log(/*events_max=*/3);
  for (int i = 0; i < 3; ++i) BOOST_TEST(log.emit(i, 0, ev::Mark{.bytes = i}, "m") == static_cast<std::uint64_t>(i + 1));
  BOOST_TEST(!log.overflowed());
  BOOST_TEST(log.emit(9, 0, ev::Mark{}, "m") == 0u);
  BOOST_TEST(log.emit(9, 0, ev::Mark{}, "m") == 0u);
  BOOST_TEST(log.overflowed());
  BOOST_TEST(log.dropped() == 2u);
  BOOST_TEST(log.size() == 3u);
}

// Reports hold an event by reference (BySeq, facts) while nothing appends,
// and the log is written while a case runs: growing it must not copy the
// events already written (it did: a vector, 31 % of goroutine-leak's page
// faults at 10^5 goroutines were its doublings).
BOOST_AUTO_TEST_CASE(an_event_stays_where_it_was_written_while_the_log_grows) {
  EventLog log;
  log.emit(1, 0, ev::BinaryAbort{}, "first");
  const Event* first = &log.events().front();
  for (int i = 0; i < 50'000; ++i) log.emit(2 + i, 1, ev::TestNotRun{}, "TestY", 1);
  BOOST_TEST(&log.events().front() == first);
  BOOST_TEST(first->subject == "first");
  BOOST_TEST(log.events().size() == 50'001u);
  BOOST_TEST(log.events().back().seq == 50'001u);
}
