// test_mutation.cpp — robustness of the loader: 1,000 seeded random
// mutations of the shipped profiles' text (delete, duplicate or re-indent a
// line, swap two characters, replace a value with garbage, insert a key).
// Each mutant either loads, and then passes check(), or throws ProfileError
// with one located line "path:line:column: key.path: … (…)". Any other
// exception fails the test; a crash fails the ctest run.
// Set GCM_PRINT_MUTANTS=1 to print each mutant's outcome.
#define BOOST_TEST_MODULE policy_mutation
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdlib>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "policy/loader.hpp"
#include "runtime/prng.hpp"
#include "text_lines.hpp"

namespace fs = std::filesystem;
namespace gp = gcm::policy;

namespace {

constexpr int kMutationsTotal = 1000;
constexpr std::uint64_t kSeed = 0x6763'6d61'7472'6978;  // "gcmatrix"

struct ShippedText {
  std::string relative_path;  // "documented/go1.20.yaml": has no ':'
  std::string text;
};

std::vector<ShippedText> shipped_texts() {
  std::vector<ShippedText> out;
  for (const char* folder : {"documented", "observed"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(GCM_POLICIES_DIR) / folder)) {
      std::ifstream file(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      out.push_back({std::string(folder) + "/" + entry.path().filename().string(), text});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.relative_path < b.relative_path; });
  return out;
}

using gcm::testing::join_lines;
using gcm::testing::split_lines;

const std::array<std::string, 32> kGarbage{
    "-1", "off", "4MB?", "{", "[", "}", "]", "'", "\"", "&anchor", "*alias", "!!int x", "~", "",
    "|", ">", "? x", "- - -", "\t", "99999999999999999999999", "1e999", "0.0000000001", "A99",
    "[A2, A2]", "{value: 1}", "{value: x, basis: []}", ": :", "%YAML 1.2", "\x01", "\xff\xfe",
    std::string("nul\0byte", 8), "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"};

const std::array<const char*, 12> kKeys{
    "gogc", "gocg", "loopvar", "name", "extends", "testing", "gc_hooks", "value", "basis",
    "every_n_allocations", "stw_pause_ns", "bogus_key"};

enum class Mutation { delete_line, duplicate_line, swap_chars, reindent, garbage_value, insert_key };
constexpr std::size_t kMutationKinds = 6;

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : prng_(seed) {}

  std::string mutate(const std::string& text, Mutation kind) {
    std::vector<std::string> lines = split_lines(text);
    const std::size_t at = prng_.below(lines.size());
    switch (kind) {
      case Mutation::delete_line: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at)); break;
      case Mutation::duplicate_line: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(pick(lines.size())), lines[at]); break;
      case Mutation::swap_chars: return swap_chars(text);
      case Mutation::reindent: lines[at] = reindent(lines[at]); break;
      case Mutation::garbage_value: lines[at] = garbage_value(lines[at]); break;
      case Mutation::insert_key: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), random_key_line()); break;
    }
    return join_lines(lines);
  }

  std::uint64_t pick(std::uint64_t bound) { return prng_.below(bound); }

 private:
  std::string swap_chars(std::string text) {
    const std::size_t at = prng_.below(text.size() - 1);
    std::swap(text[at], text[at + 1]);
    return text;
  }

  std::string reindent(const std::string& line) {
    const std::size_t indent = line.find_first_not_of(' ');
    const std::string body = indent == std::string::npos ? "" : line.substr(indent);
    const std::array<std::string, 5> indents{"", " ", "   ", "      ", "\t"};
    return indents[prng_.below(indents.size())] + body;
  }

  // Replaces what follows a "key: " (the first or, sometimes, a later one).
  std::string garbage_value(const std::string& line) {
    std::size_t colon = line.find(": ");
    if (colon != std::string::npos && prng_.below(2) == 1) {
      const std::size_t later = line.find(": ", colon + 2);
      if (later != std::string::npos) colon = later;
    }
    const std::string& garbage = kGarbage[prng_.below(kGarbage.size())];
    if (colon == std::string::npos) return line + garbage;
    const std::size_t value_end = line.find_first_of(",}", colon + 2);
    const std::string tail = value_end == std::string::npos ? "" : line.substr(value_end);
    return line.substr(0, colon + 2) + garbage + tail;
  }

  std::string random_key_line() {
    const std::array<std::string, 3> indents{"", "  ", "    "};
    return indents[prng_.below(indents.size())] + kKeys[prng_.below(kKeys.size())] + ": " +
           kGarbage[prng_.below(kGarbage.size())];
  }

  gcm::rt::Prng prng_;
};

struct Outcome {
  bool loaded = false;
  std::string message;  // what() of the ProfileError, or the problem
};

Outcome load(const ShippedText& source, const std::string& text, const gp::ProfileCatalog& catalog) {
  try {
    const gp::Profile profile = gp::load_profile_text(text, source.relative_path, &catalog);
    const auto problems = gp::check(profile);
    return {true, problems.empty() ? "" : "loaded but check() says: " + problems.front()};
  } catch (const gp::ProfileError& error) {
    return {false, error.what()};
  } catch (const std::exception& error) {
    return {false, std::string("not a ProfileError: ") + error.what()};
  } catch (...) {
    return {false, "not a std::exception"};
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_thousand_mutants_load_or_fail_with_one_located_line) {
  const gp::ProfileCatalog catalog{fs::path(GCM_POLICIES_DIR)};
  const auto sources = shipped_texts();
  BOOST_TEST_REQUIRE(sources.size() == 11u);
  const std::regex located(R"(^[^:]+:\d+:\d+: \S+: [^\n]+\)$)");
  Mutator mutator(kSeed);
  const bool print = std::getenv("GCM_PRINT_MUTANTS") != nullptr;
  std::map<Mutation, std::pair<int, int>> loaded_failed;
  for (int i = 0; i < kMutationsTotal; ++i) {
    const ShippedText& source = sources[static_cast<std::size_t>(i) % sources.size()];
    const auto kind = static_cast<Mutation>(mutator.pick(kMutationKinds));
    const std::string mutant = mutator.mutate(source.text, kind);
    const Outcome outcome = load(source, mutant, catalog);
    if (print) std::cout << i << '\t' << (outcome.loaded ? "loaded" : outcome.message) << '\n';
    BOOST_TEST_CONTEXT("mutant " << i << " of " << source.relative_path << ":\n" << mutant) {
      if (outcome.loaded) {
        BOOST_TEST(outcome.message.empty(), outcome.message);
        ++loaded_failed[kind].first;
      } else {
        BOOST_TEST(std::regex_match(outcome.message, located), outcome.message);
        ++loaded_failed[kind].second;
      }
      // Deterministic: the same text gives the same outcome.
      BOOST_TEST(load(source, mutant, catalog).message == outcome.message);
    }
  }
  int loaded = 0, failed = 0;
  for (const auto& [kind, counts] : loaded_failed) {
    BOOST_TEST_MESSAGE("mutation " << static_cast<int>(kind) << ": loaded " << counts.first
                                   << ", failed " << counts.second);
    loaded += counts.first;
    failed += counts.second;
  }
  BOOST_TEST(loaded + failed == kMutationsTotal);
  // The mutations reach both outcomes: neither all harmless nor all fatal.
  BOOST_TEST(failed >= kMutationsTotal / 3);
  BOOST_TEST(loaded >= kMutationsTotal / 20);
  BOOST_TEST(loaded_failed.size() == kMutationKinds);
}

// The unmutated texts load: the mutation results above are about the mutations.
BOOST_AUTO_TEST_CASE(unmutated_texts_load) {
  const gp::ProfileCatalog catalog{fs::path(GCM_POLICIES_DIR)};
  for (const ShippedText& source : shipped_texts()) {
    BOOST_TEST(load(source, source.text, catalog).loaded, source.relative_path);
  }
}
