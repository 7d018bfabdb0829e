// test_errors.cpp — the error catalogue: every profile in malformed/ fails
// with exactly the one-line message recorded in malformed/expected.txt.
//
// expected.txt: one case per line, "<case><TAB><message>"; '#' starts a
// comment line. A case is a file (loaded with load_profile_file against the
// shipped catalog, as `--profile x.yaml` is) or a folder ending in '/'
// (loaded as a ProfileCatalog). Messages name paths relative to malformed/.
// Set GCM_PRINT_ACTUAL=1 to print the actual messages in the same format.
#define BOOST_TEST_MODULE policy_errors
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "policy/loader.hpp"

namespace fs = std::filesystem;
using gcm::policy::ProfileCatalog;
using gcm::policy::ProfileError;

namespace {

struct Expectation {
  std::string case_name;  // "empty.yaml" or "cycle/"
  std::string message;
};

const fs::path& malformed_dir() {
  static const fs::path dir = fs::path(GCM_MALFORMED_DIR).lexically_normal();
  return dir;
}

std::vector<Expectation> read_expectations() {
  std::ifstream file(malformed_dir() / "expected.txt");
  BOOST_REQUIRE_MESSAGE(file, "cannot open malformed/expected.txt");
  std::vector<Expectation> out;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    BOOST_REQUIRE_MESSAGE(tab != std::string::npos, "expected.txt line without a tab: " + line);
    out.push_back(Expectation{line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

std::string relative_to_malformed(std::string message) {
  std::string prefix = malformed_dir().string();
  if (prefix.back() != '/') prefix += '/';
  for (std::size_t at = message.find(prefix); at != std::string::npos; at = message.find(prefix)) {
    message.erase(at, prefix.size());
  }
  return message;
}

const ProfileCatalog& shipped() {
  static const ProfileCatalog catalog{fs::path(GCM_POLICIES_DIR)};
  return catalog;
}

std::string actual_message(const std::string& case_name) {
  try {
    if (case_name.ends_with('/')) {
      ProfileCatalog catalog(malformed_dir() / case_name.substr(0, case_name.size() - 1));
    } else {
      (void)gcm::policy::load_profile_file(malformed_dir() / case_name, &shipped());
    }
  } catch (const ProfileError& error) {
    return relative_to_malformed(error.what());
  }
  return "<loaded without error>";
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_malformed_profile_fails_with_its_exact_message) {
  const auto expectations = read_expectations();
  const bool print = std::getenv("GCM_PRINT_ACTUAL") != nullptr;
  for (const Expectation& expected : expectations) {
    const std::string actual = actual_message(expected.case_name);
    if (print) std::cout << expected.case_name << '\t' << actual << '\n';
    BOOST_TEST_CONTEXT("case " << expected.case_name) { BOOST_TEST(actual == expected.message); }
  }
}

BOOST_AUTO_TEST_CASE(every_fixture_has_an_expectation_and_every_expectation_a_fixture) {
  std::set<std::string> fixtures;
  for (const auto& entry : fs::directory_iterator(malformed_dir())) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory()) fixtures.insert(name + "/");
    else if (entry.path().extension() == ".yaml") fixtures.insert(name);
  }
  std::set<std::string> expected;
  for (const Expectation& e : read_expectations()) {
    BOOST_TEST(expected.insert(e.case_name).second, "case listed twice: " << e.case_name);
  }
  BOOST_TEST(fixtures == expected, boost::test_tools::per_element());
  BOOST_TEST(expected.size() >= 22u);
}

BOOST_AUTO_TEST_CASE(every_message_is_one_located_line) {
  const std::regex located(R"(^[^:]+:\d+:\d+: \S+: .+ \(.+\)$)");
  for (const Expectation& e : read_expectations()) {
    BOOST_TEST_CONTEXT("case " << e.case_name) {
      BOOST_TEST(std::regex_match(e.message, located));
      BOOST_TEST(e.message.find('\n') == std::string::npos);
    }
  }
}

// The catalogue covers every kind of error the loader reports (policies/README.md).
BOOST_AUTO_TEST_CASE(the_catalogue_covers_every_error_kind) {
  const char* kinds[] = {
      ": (yaml): ",                 // syntax error
      "empty profile",              // empty file
      "a profile is a map, got",    // list or scalar instead of a map
      "a second YAML document",     // several documents
      "unknown key (did you mean",  // misspelt key
      "unknown key (expected one of",
      "duplicate key, first at line",
      "is not an integer",          // wrong type
      "got a map",                  // wrong type: map for a scalar
      "is not a boolean",
      "is quoted or tagged",
      "is negative",                // out of range
      "is out of range",
      "is not positive",
      "has an unknown unit",
      "unknown value",              // enum
      "missing required key",
      "is not a claim ID",          // basis form
      "is not in docs/claims.md",     // basis ID that does not exist
      "unknown profile",            // extends
      "cycle ",                     // extends cycle
      "is already defined at",      // unique names
      "has no basis",               // behaviour key without {value, basis}
      "no basis (expected",         // check(): root profile without a basis
      "while finalizer_eligibility is window",  // check(): A12 window without ppm
      "nesting deeper than",
  };
  const auto expectations = read_expectations();
  for (const char* kind : kinds) {
    bool covered = false;
    for (const Expectation& e : expectations) covered = covered || e.message.find(kind) != std::string::npos;
    BOOST_TEST(covered, "no malformed case reports: " << kind);
  }
}
