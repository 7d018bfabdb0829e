// xml_text_test.cpp — sanitising bad bytes and XML escaping.
#define BOOST_TEST_MODULE report.xml_text
#include <boost/test/unit_test.hpp>

#include "report/xml_text.hpp"

using namespace gcm::report;
using namespace std::string_literals;

BOOST_AUTO_TEST_CASE(well_formed_text_passes_unchanged) {
  const std::string s = "plain ASCII, µs, ≈1000 MiB, 🙂, tab\tLF\nCR\r";
  BOOST_TEST(sanitize_utf8(s) == s);
}

BOOST_AUTO_TEST_CASE(control_characters_are_stripped) {
  BOOST_TEST(sanitize_utf8("a\x01" "b\x1f" "c\x7f"s + "d\0e"s) == "abcde");
  BOOST_TEST(sanitize_utf8("x\xc2\x85y") == "xy");          // U+0085 NEL, a C1 control
  BOOST_TEST(sanitize_utf8("x\xef\xbf\xbfy") == "xy");      // U+FFFF, not an XML Char
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_stripped) {
  BOOST_TEST(sanitize_utf8("a\xff" "b") == "ab");               // never valid
  BOOST_TEST(sanitize_utf8("a\x80" "b") == "ab");               // stray continuation
  BOOST_TEST(sanitize_utf8("a\xc0\xaf" "b") == "ab");           // overlong '/'
  BOOST_TEST(sanitize_utf8("a\xe0\x80\xaf" "b") == "ab");       // overlong, 3 bytes
  BOOST_TEST(sanitize_utf8("a\xed\xa0\x80" "b") == "ab");       // surrogate U+D800
  BOOST_TEST(sanitize_utf8("a\xf4\x90\x80\x80" "b") == "ab");   // above U+10FFFF
  BOOST_TEST(sanitize_utf8("a\xe2\x82") == "a");                // truncated at the end
  BOOST_TEST(sanitize_utf8("\xe2\x82" "a\xe2\x82\xac") == "a\xe2\x82\xac");  // resync, then €
}

BOOST_AUTO_TEST_CASE(attributes_escape_quotes_and_whitespace) {
  BOOST_TEST(xml_attr("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;'&lt;/a&gt;");
  BOOST_TEST(xml_attr("l1\nl2\tx\r") == "l1&#10;l2&#9;x&#13;");
  BOOST_TEST(xml_attr("bad\x01\xff") == "bad");
}

BOOST_AUTO_TEST_CASE(text_escapes_markup_keeps_newlines) {
  BOOST_TEST(xml_text("a < b && c > d\n]]>") == "a &lt; b &amp;&amp; c &gt; d\n]]&gt;");
  BOOST_TEST(xml_text("x\x02y") == "xy");
}

BOOST_AUTO_TEST_CASE(first_line_stops_at_any_line_break) {
  BOOST_TEST(first_line("one  \ntwo") == "one");
  BOOST_TEST(first_line("one\r\ntwo") == "one");
  BOOST_TEST(first_line("only") == "only");
  BOOST_TEST(first_line("") == "");
}
