// events_test.cpp — typed event payloads (event_fields.hpp): one table gives
// the serialised keys, their order and the reader; the log's cap is counted.
#define BOOST_TEST_MODULE runtime events
#include <boost/test/unit_test.hpp>

#include <string>

#include <xxhash.h>

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
  const EventField fields[] = {{"gc_ns", 40}, {"cycle", 2}};
  Event e{1, 0, 0, EventKind::gc_end, "heap", EventFields(fields), 0};
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

// Fields live in the log's arena: they stay put while the log grows (a new
// arena block never moves the old ones), they move with the log, and a
// moved-from log is empty and takes new events with their own fields.
BOOST_AUTO_TEST_CASE(fields_stay_with_their_event_through_growth_and_a_move) {
  EventLog log;
  log.emit(1, 2, ev::GoroutineStart{.goid = 7, .parent = 1, .system = 0}, "w");
  const EventField* first_fields = log.events().front().fields.begin();
  for (int i = 0; i < 20'000; ++i) log.emit(2 + i, 1, ev::TestTimeout{.limit_ns = i, .ran_ns = i + 1, .per_test = 1}, "T");
  BOOST_TEST(log.events().front().fields.begin() == first_fields);
  EventLog moved(std::move(log));
  BOOST_TEST(moved.size() == 20'001u);
  BOOST_TEST(EventLog::canonical_line(moved.events().front()) == "1 1 g2 goroutine_start \"w\" goid=7 parent=1 system=0\n");
  BOOST_TEST(EventLog::canonical_line(moved.events().back()) ==
             "20001 20001 g1 test_timeout \"T\" limit_ns=19999 ran_ns=20000 per_test=1\n");
  BOOST_TEST(log.size() == 0u);  // NOLINT(bugprone-use-after-move): moved-from is specified here
  BOOST_TEST(log.emit(5, 0, ev::Mark{.bytes = 3}, "m") == 1u);
  BOOST_TEST(EventLog::canonical_line(log.events().front()) == "1 5 g0 mark \"m\" bytes=3 cleared=0\n");
  BOOST_TEST(moved.events().back().fields[1].value == 20'000);
}

// The digest hashes the lines in 60 KiB pieces: it equals the hash of the
// lines one by one, which is how it was defined (and every recorded digest).
BOOST_AUTO_TEST_CASE(the_digest_is_the_hash_of_the_canonical_lines_concatenated) {
  EventLog log;
  std::string all;
  for (int i = 0; i < 5'000; ++i) {
    log.emit(i * 3, static_cast<std::uint32_t>(i % 7), ev::TestTimeout{.limit_ns = -i, .ran_ns = i, .per_test = i % 2},
             std::string(static_cast<std::size_t>(i % 40), 'x'), i % 5 == 0 ? 0u : static_cast<std::uint64_t>(i));
  }
  for (const Event& e : log.events()) all += EventLog::canonical_line(e);
  BOOST_TEST(all.size() > 2 * 60 * 1024u);
  BOOST_TEST(log.digest() == XXH3_64bits(all.data(), all.size()));
}
