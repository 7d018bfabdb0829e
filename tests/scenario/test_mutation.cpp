// test_mutation.cpp — robustness of the scenario loader: 1,200 seeded random
// mutations of the shipped scenarios' text (delete, duplicate or re-indent a
// line, swap two characters, replace a value with garbage or a huge number,
// insert a key or a step, nest a body). Each mutant either loads or throws
// ProfileError with one located line "path:line:column: key.path: …". Any
// other exception fails the test; a crash or hang fails the ctest run
// (TIMEOUT below). Set GCM_PRINT_MUTANTS=1 to print each outcome.
#define BOOST_TEST_MODULE scenario_mutation
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "policy/profile_error.hpp"
#include "runtime/prng.hpp"
#include "scenario/loader.hpp"
#include "text_lines.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kMutationsTotal = 1200;
constexpr std::uint64_t kSeed = 0x7363'656e'6172'696f;  // "scenario"

struct Shipped {
  std::string name;
  std::string text;
};

std::vector<Shipped> shipped() {
  std::vector<Shipped> out;
  for (const fs::path& p : gcm::scenario::scenario_files(GCM_SCENARIOS_DIR)) {
    std::ifstream file(p, std::ios::binary);
    out.push_back({p.filename().string(), std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>())});
  }
  return out;
}

using gcm::testing::join_lines;
using gcm::testing::split_lines;

const std::array<std::string, 30> kGarbage{
    "-1", "0", "99999999999999999999999", "1000001", "10001", "16", "1e9", "{", "[", "}", "]", "'", "\"",
    "&a", "*a", "!!int x", "~", "", "|", "? x", "- - -", "\t", "1GiB", "2GiB", "10 seconds", "forever",
    "{var: zz, object: {}}", "[i, i]", "\x01", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"};

const std::array<const char*, 14> kLines{
    "      - record: x",      "      - gc: {times: 100}", "      - let: {var: m, object: {}}",
    "      - assign: {var: m, nil: true}", "      - write: {map: m, key: i}", "      - sleep: 1h",
    "      - cleanup: {name: c, captures: [m], steps: [{cleanup: {name: d, steps: []}}]}",
    "      - go: {name: g, loop: {var: i, count: 10000}, captures: [i], steps: []}",
    "      - run: {name: S%d, count: 5, steps: [{run: {name: T, steps: []}}]}",
    "  - {name: extra, observe: nothing, equals: x}", "bogus: 1", "    steps: []",
    "      - observe: {name: n, live: m, keep: max}", "      - observe: {name: s, status: TestX}"};

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : prng_(seed) {}

  std::string mutate(const std::string& text, std::uint64_t kind) {
    std::vector<std::string> lines = split_lines(text);
    const std::size_t at = prng_.below(lines.size());
    switch (kind) {
      case 0: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at)); break;
      case 1: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(prng_.below(lines.size())), lines[at]); break;
      case 2: {
        std::string t = text;
        const std::size_t c = prng_.below(t.size() - 1);
        std::swap(t[c], t[c + 1]);
        return t;
      }
      case 3: {
        const std::size_t indent = lines[at].find_first_not_of(' ');
        const std::array<std::string, 5> indents{"", " ", "   ", "        ", "\t"};
        lines[at] = indents[prng_.below(indents.size())] + (indent == std::string::npos ? "" : lines[at].substr(indent));
        break;
      }
      case 4: lines[at] = garbage_value(lines[at]); break;
      default: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), kLines[prng_.below(kLines.size())]); break;
    }
    return join_lines(lines);
  }

 private:
  std::string garbage_value(const std::string& line) {
    std::size_t colon = line.find(": ");
    for (std::uint64_t skip = prng_.below(3); skip > 0 && colon != std::string::npos; --skip) {
      const std::size_t later = line.find(": ", colon + 2);
      if (later == std::string::npos) break;
      colon = later;
    }
    const std::string& garbage = kGarbage[prng_.below(kGarbage.size())];
    if (colon == std::string::npos) return line + garbage;
    const std::size_t value_end = line.find_first_of(",}", colon + 2);
    return line.substr(0, colon + 2) + garbage + (value_end == std::string::npos ? "" : line.substr(value_end));
  }

  gcm::rt::Prng prng_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_mutant_loads_or_fails_with_one_located_line) {
  const std::vector<Shipped> texts = shipped();
  BOOST_REQUIRE(texts.size() >= 9u);
  const std::regex located(R"(^[a-z0-9-]+\.yaml:[0-9]+:[0-9]+: [^ ]+: .+$)");
  Mutator m(kSeed);
  const bool print = std::getenv("GCM_PRINT_MUTANTS") != nullptr;
  int loaded = 0, refused = 0;
  for (int i = 0; i < kMutationsTotal; ++i) {
    const Shipped& s = texts[static_cast<std::size_t>(i) % texts.size()];
    const std::string mutant = m.mutate(s.text, static_cast<std::uint64_t>(i / static_cast<int>(texts.size())) % 6);
    try {
      const gcm::scenario::Scenario parsed = gcm::scenario::parse_scenario(mutant, s.name);
      BOOST_TEST(!parsed.tests.empty());
      ++loaded;
      if (print) std::cout << i << " " << s.name << ": loads\n";
    } catch (const gcm::policy::ProfileError& e) {
      ++refused;
      const std::string what = e.what();
      if (print) std::cout << i << " " << what << "\n";
      BOOST_TEST(std::regex_match(what, located), "mutant " << i << " of " << s.name << ": " << what);
    } catch (const std::exception& e) {
      BOOST_ERROR("mutant " << i << " of " << s.name << " threw " << e.what());
    }
  }
  BOOST_TEST_MESSAGE(loaded << " mutants loaded, " << refused << " refused");
  BOOST_TEST(loaded + refused == kMutationsTotal);
  BOOST_TEST(refused > kMutationsTotal / 4);  // the mutations are not all harmless
  BOOST_TEST(loaded > 0);
}
