// units_test.cpp — number formats: JUnit seconds, human-readable metrics.
#define BOOST_TEST_MODULE report.units
#include <boost/test/unit_test.hpp>

#include <clocale>
#include <regex>

#include "report/units.hpp"

using namespace gcm::report;

BOOST_AUTO_TEST_CASE(seconds_have_six_decimals_and_no_exponent) {
  BOOST_TEST(seconds_from_ns(79000) == "0.000079");  // Boost 1.74 writes 7.9e-05
  BOOST_TEST(seconds_from_ns(0) == "0.000000");
  BOOST_TEST(seconds_from_ns(61.5e9) == "61.500000");
  BOOST_TEST(seconds_from_ns(1) == "0.000000");
  BOOST_TEST(seconds_from_ns(-1) == "0.000000");  // no "-0.000000"
}

BOOST_AUTO_TEST_CASE(formats_ignore_the_locale) {
  // A comma-decimal locale, if this machine has one, must not leak in.
  if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") || std::setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
    BOOST_TEST_MESSAGE("running under a comma-decimal locale");
  BOOST_TEST(seconds_from_ns(1.5e9) == "1.500000");
  BOOST_TEST(human_value(std::int64_t{1536}, "bytes") == "1.5 KiB");
  std::setlocale(LC_NUMERIC, "C");
}

BOOST_AUTO_TEST_CASE(bytes_scale_to_binary_units) {
  BOOST_TEST(human_value(std::int64_t{512}, "bytes") == "512 B");
  BOOST_TEST(human_value(std::int64_t{3174}, "bytes") == "3.1 KiB");
  BOOST_TEST(human_value(std::int64_t{8598323}, "bytes") == "8.2 MiB");
  BOOST_TEST(human_value(std::int64_t{1610612736}, "bytes") == "1.5 GiB");
}

BOOST_AUTO_TEST_CASE(nanoseconds_scale_to_time_units) {
  BOOST_TEST(human_value(std::int64_t{820}, "ns") == "820 ns");
  BOOST_TEST(human_value(std::int64_t{12400}, "ns") == "12.4 µs");
  BOOST_TEST(human_value(std::int64_t{3'000'000}, "ns") == "3.0 ms");
  BOOST_TEST(human_value(std::int64_t{61'200'000'000}, "ns") == "61.2 s");
  BOOST_TEST(human_value(std::int64_t{-12400}, "ns") == "-12.4 µs");
}

BOOST_AUTO_TEST_CASE(other_units) {
  BOOST_TEST(human_value(std::int64_t{87}, "percent") == "87 %");
  BOOST_TEST(human_value(std::int64_t{1}, "bool") == "true");
  BOOST_TEST(human_value(std::int64_t{9007199254740993}, "count") == "9007199254740993");
  BOOST_TEST(human_value(std::int64_t{3}, "goroutines") == "3 goroutines");
  BOOST_TEST(plain_number(0.5) == "0.5");
  BOOST_TEST(plain_number(79000) == "79000");
}

BOOST_AUTO_TEST_CASE(utc_now_is_iso_8601_to_the_second_in_utc) {
  const std::string now = utc_now_iso();
  BOOST_TEST(std::regex_match(now, std::regex(R"(20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z)")), now);
}
