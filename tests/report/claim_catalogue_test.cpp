// claim_catalogue_test.cpp — the one-line catalogue in code defines exactly
// the IDs of docs/claims.md, in its order, each with a short statement.
#define BOOST_TEST_MODULE report_claim_catalogue
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "report/claim_catalogue.hpp"
#include "report/text_wrap.hpp"

namespace gr = gcm::report;

BOOST_AUTO_TEST_CASE(same_ids_as_docs_claims_md) {
  std::ifstream file(GCM_CLAIMS_MD);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  BOOST_TEST_REQUIRE(!text.empty(), "cannot read " GCM_CLAIMS_MD);
  std::vector<std::string> documented;
  const std::regex row(R"(\n\| ([AO]\d+) \|)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it)
    documented.push_back((*it)[1]);
  std::vector<std::string> in_code;
  for (const gr::ClaimLine& c : gr::claim_catalogue()) in_code.emplace_back(c.id);
  BOOST_TEST(in_code == documented, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(statements_are_short_single_lines) {
  for (const gr::ClaimLine& c : gr::claim_catalogue()) {
    BOOST_TEST(!c.statement.empty(), c.id);
    BOOST_TEST(c.statement.find('\n') == std::string_view::npos, c.id);
    BOOST_TEST(gr::display_width(c.statement) <= 95u, c.id);
  }
  BOOST_TEST(gr::claim_statement("O7") != nullptr);
  BOOST_TEST(gr::claim_statement("TEAM-1") == nullptr);
}

BOOST_AUTO_TEST_CASE(wrap_breaks_at_spaces_with_a_hanging_indent) {
  BOOST_TEST(gr::wrap("aaa bbb ccc", 7, 2) == "aaa bbb\n  ccc\n");
  BOOST_TEST(gr::wrap("short", 80, 4) == "short\n");
  BOOST_TEST(gr::wrap("averyveryverylongword x", 5, 1) == "averyveryverylongword\n x\n");
  BOOST_TEST(gr::wrap("  indented text here", 13, 4) == "  indented\n    text here\n");
  BOOST_TEST(gr::profiles_phrase({"a", "b"}, {{"a", "documented"}, {"b", "observed"}}) == "every profile");
  BOOST_TEST(gr::profiles_phrase({"a", "c"}, {{"a", "documented"}, {"b", "observed"}, {"c", "documented"}}) ==
             "every documented profile");
  BOOST_TEST(gr::profiles_phrase({"a"}, {{"a", "documented"}, {"b", "observed"}}) == "a");
}
