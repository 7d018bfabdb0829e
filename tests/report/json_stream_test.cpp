// json_stream_test.cpp — JsonStream writes what nlohmann's whole dump(2, ' ',
// false, replace) writes, whichever pieces a document is streamed in, and
// hands the sink bounded chunks.
#define BOOST_TEST_MODULE report.json_stream
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/json_stream.hpp"

using gcm::report::JsonStream;
using json = nlohmann::ordered_json;

namespace {

std::string whole_dump(const json& doc) { return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

// Containers down to `depth` are opened and closed through the stream; below
// it each value is handed over whole.
void stream(JsonStream& out, const json& v, int depth) {
  if (depth <= 0 || !v.is_structured()) return out.value(v);
  if (v.is_object()) {
    out.begin_object();
    for (const auto& [k, item] : v.items()) {
      out.key(k);
      stream(out, item, depth - 1);
    }
  } else {
    out.begin_array();
    for (const json& item : v) stream(out, item, depth - 1);
  }
  out.end();
}

std::string streamed(const json& doc, int depth) {
  std::string text;
  JsonStream out([&text](std::string_view bytes) { text += bytes; });
  stream(out, doc, depth);
  out.finish();
  return text;
}

// Every layout case of the pretty printer: empty and nested containers at
// several depths, scalars of each type, escapes, a newline inside a string
// (escaped, so re-indenting must not touch it) and invalid UTF-8 in a key
// and in a value (U+FFFD under the replace handler).
json awkward_document() {
  json doc = json::object();
  doc["empty_object"] = json::object();
  doc["empty_array"] = json::array();
  doc["scalars"] = json::array({nullptr, true, false, 0, -17, 18446744073709551615ull, 3.5, 1e-7, "s"});
  doc["text"] = "line one\nline \"two\"\t\x01 \xc3\xa9";
  doc["bad\xff key"] = "bad \xe2\x82 value \xfe";
  doc["nested"] = json::array({json::array(), json::object(), json::array({json::array({1, json::array()})}),
                               json{{"a", json::object()}, {"b", json::array({json{{"c", json::array({"x", "y"})}}})}}});
  doc["deep"] = json{{"l1", json{{"l2", json{{"l3", json{{"l4", json::array({json{{"l5", "end"}}})}}}}}}}};
  return doc;
}

}  // namespace

BOOST_AUTO_TEST_CASE(any_cut_into_pieces_gives_the_whole_dump) {
  const json doc = awkward_document();
  const std::string expected = whole_dump(doc);
  BOOST_REQUIRE(expected.find("\xef\xbf\xbd") != std::string::npos);  // the bad bytes were replaced
  for (int depth = 0; depth <= 8; ++depth) BOOST_TEST(streamed(doc, depth) == expected, "depth " << depth);
}

BOOST_AUTO_TEST_CASE(top_level_scalars_and_empty_containers) {
  for (const json& doc : {json(42), json("x\xff"), json(nullptr), json::object(), json::array(),
                          json::array({json::object()}), json{{"k", json::array()}}})
    for (int depth = 0; depth <= 2; ++depth) BOOST_TEST(streamed(doc, depth) == whole_dump(doc), whole_dump(doc) << " depth " << depth);
}

BOOST_AUTO_TEST_CASE(the_sink_gets_bounded_chunks_as_the_document_grows) {
  std::vector<std::size_t> chunks;
  std::string text;
  JsonStream out([&](std::string_view bytes) {
    chunks.push_back(bytes.size());
    text += bytes;
  });
  json doc = json::array();
  out.begin_array();
  for (int i = 0; i < 20'000; ++i) {
    const json item{{"name", "Test" + std::to_string(i)}, {"duration_ns", i}};
    out.value(item);
    doc.push_back(item);
  }
  out.end();
  out.finish();
  BOOST_TEST(text == whole_dump(doc));
  BOOST_TEST(text.size() > 10 * JsonStream::kFlushBytes);
  BOOST_TEST(chunks.size() >= text.size() / (2 * JsonStream::kFlushBytes));
  BOOST_TEST(*std::max_element(chunks.begin(), chunks.end()) < JsonStream::kFlushBytes + 200);
}

BOOST_AUTO_TEST_CASE(misuse_is_a_logic_error) {
  const auto sink = [](std::string_view) {};
  {
    JsonStream out(sink);
    out.begin_object();
    BOOST_CHECK_THROW(out.value(1), std::logic_error);  // no key
    out.key("k");
    BOOST_CHECK_THROW(out.key("again"), std::logic_error);
    BOOST_CHECK_THROW(out.end(), std::logic_error);  // the key's value missing
    out.value(1);
    BOOST_CHECK_THROW(out.finish(), std::logic_error);  // object still open
    out.end();
    BOOST_CHECK_THROW(out.end(), std::logic_error);  // nothing open
    BOOST_CHECK_THROW(out.value(2), std::logic_error);  // a second document
    out.finish();
  }
  {
    JsonStream out(sink);
    out.begin_array();
    BOOST_CHECK_THROW(out.key("k"), std::logic_error);  // arrays have no keys
  }
  {
    JsonStream out(sink);
    BOOST_CHECK_THROW(out.finish(), std::logic_error);  // nothing written
  }
}
