// fuzz_loaders.cpp — a deterministic mutation fuzzer per loader: profiles,
// matrix files (the whole reader: profiles, workloads, seeds, params,
// scenarios), scenarios, expectations, and results.json (what `merge` and
// `--baseline` read). Each mutant either loads or fails with the loader's
// own error, one line, no raw control byte; anything else (another
// exception, a crash, a hang past CTest's timeout) fails. Inputs that once
// hung or crashed are kept as fixed regression cases.
#define BOOST_TEST_MODULE bounded.fuzz_loaders
#include <boost/test/unit_test.hpp>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <functional>
#include <string>
#include <vector>

#include "cli/matrix_file.hpp"
#include "file_text.hpp"
#include "cli/plan.hpp"
#include "policy/loader.hpp"
#include "policy/profile_error.hpp"
#include "report/expectations.hpp"
#include "report/json_input.hpp"
#include "report/results_json.hpp"
#include "runtime/prng.hpp"
#include "sample_run.hpp"
#include "scenario/loader.hpp"
#include "yamlio/document.hpp"

namespace {

// CI's budget: 20,000 mutants per loader from seed 0x16. A longer campaign
// (developers, not CI): GCM_FUZZ_ITERATIONS=N GCM_FUZZ_SEED=S, both
// decimal; a bad value fails the run instead of falling back.
constexpr std::uint64_t kIterationsPerLoader = 20'000;
constexpr std::uint64_t kFuzzSeed = 0x16;

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  std::uint64_t value = 0;
  const char* end = text + std::strlen(text);
  const auto [ptr, ec] = std::from_chars(text, end, value);
  if (*text == '\0' || ec != std::errc() || ptr != end)
    throw std::runtime_error(std::string(name) + ": '" + text + "' is not a decimal integer");
  return value;
}

std::string slurp(const std::string& path, std::size_t bytes_max) {
  std::string text = gcm::testing::file_text(path).substr(0, bytes_max);
  return text.substr(0, text.rfind('\n') + 1);  // whole lines
}

// One to four edits: YAML-significant bytes, random bytes, deletions,
// duplicated spans, and anchors/aliases (the billion-laughs shape).
std::string mutate(std::string text, gcm::rt::Prng& prng) {
  static const std::string kSignificant = ",:-[]{}&*!|>'\"#%@`?~ \n\t\r\\";
  static const std::vector<std::string> kSnippets = {"&a ", "*a", "&a [*a, *a, *a]", "---\n", "...\n",
                                                     "<<: *a\n", "!!binary ", "? ", "%YAML 1.2\n"};
  const int edits = 1 + static_cast<int>(prng.below(4));
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = text.empty() ? 0 : static_cast<std::size_t>(prng.below(text.size() + 1));
    switch (prng.below(5)) {
      case 0: text.insert(at, 1, kSignificant[prng.below(kSignificant.size())]); break;
      case 1: text.insert(at, 1, static_cast<char>(prng.below(256))); break;
      case 2: text.erase(at, static_cast<std::size_t>(prng.below(8))); break;
      case 3: text.insert(at, text.substr(at, static_cast<std::size_t>(prng.below(64)))); break;
      default: text.insert(at, kSnippets[prng.below(kSnippets.size())]); break;
    }
  }
  return text;
}

void expect_one_clean_line(const std::string& what, const std::string& input) {
  BOOST_TEST_REQUIRE(!what.empty());
  for (char c : what) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) BOOST_FAIL("raw control byte in: " << what << "\ninput: " << input);
  }
}

// True when `e` is one of the loader's own error types.
template <class... E>
bool one_of(const std::exception& e) {
  return ((dynamic_cast<const E*>(&e) != nullptr) || ...);
}

// Runs `load` on the regressions and on mutants of `seed`; `load` throws
// one of the loader's error types E... on bad input.
template <class... E>
void fuzz(const std::string& seed, const std::vector<std::string>& regressions,
          const std::function<void(const std::string&)>& load) {
  // The seed itself loads, so mutants start from a valid file and reach the
  // loader's own checks, not only the YAML or JSON parser's.
  BOOST_REQUIRE_NO_THROW(load(seed));
  gcm::rt::Prng prng(env_number("GCM_FUZZ_SEED", kFuzzSeed));
  const std::uint64_t iterations = env_number("GCM_FUZZ_ITERATIONS", kIterationsPerLoader);
  std::size_t loaded = 0, refused = 0;
  // Mutants are made one at a time (a long campaign holds one, not all).
  for (std::uint64_t i = 0; i < regressions.size() + iterations; ++i) {
    const std::string input = i < regressions.size() ? regressions[i] : mutate(seed, prng);
    try {
      load(input);
      ++loaded;
    } catch (const std::exception& e) {
      if (!one_of<E...>(e)) BOOST_FAIL("not the loader's error: " << e.what() << "\ninput: " << input);
      expect_one_clean_line(e.what(), input);
      ++refused;
    }
  }
  BOOST_TEST_MESSAGE(loaded << " loaded, " << refused << " refused");
  BOOST_TEST(refused > 0u);
  BOOST_TEST(loaded > 0u);
}

const std::vector<std::string> kHangs = {",", "- a\n,", "a: 1\n---\n- b\n,", "&a [*a]",
                                         "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\na1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]\n"
                                         "a2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]\n"
                                         "a3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]\n"
                                         "a4: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]\n"
                                         "a5: &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]\n"};

}  // namespace

BOOST_AUTO_TEST_CASE(profiles) {
  // Loaded as a user's file, which may not take a catalog profile's name: renamed.
  std::string seed = slurp(std::string(GCM_SOURCE_DIR) + "/policies/documented/go1.22.yaml", 4096);
  const std::size_t name = seed.find("name: go1.22\n");
  BOOST_REQUIRE(name != std::string::npos);
  seed.replace(name, std::string("name: go1.22\n").size(), "name: go1.22-fuzz\n");
  // The shipped catalog resolves `extends`, so mutants reach the body checks.
  static const gcm::policy::ProfileCatalog shipped{std::string(GCM_SOURCE_DIR) + "/policies"};
  fuzz<gcm::policy::ProfileError>(seed, kHangs, [](const std::string& text) {
    (void)gcm::policy::load_profile_text(text, "fuzz.yaml", &shipped, gcm::policy::ProfileOrigin::user);
  });
}

BOOST_AUTO_TEST_CASE(matrix_files) {
  // Every key the reader knows, with values for the mutants to break (the
  // shipped matrix/default.yaml is four short lines).
  const std::string seed =
      "# a matrix file\nprofiles: [go1.22, go1.23-observed]\nworkloads: all\nseeds: [1, 2, 18446744073709551615]\n"
      "params:\n  goroutine-leak:\n    goroutines: 100\n    buffer_kib: 64\nscenarios: [a.yaml, sub/]\n";
  fuzz<gcm::cli::ConfigError>(seed, kHangs, [](const std::string& text) {
    (void)gcm::cli::read_matrix_text(text, "matrix.yaml");  // the whole reader, as --matrix runs it
  });
  fuzz<gcm::cli::ConfigError>("seeds: 1..1000\n", kHangs,
                              [](const std::string& text) { (void)gcm::cli::read_matrix_text(text, "matrix.yaml"); });
}

BOOST_AUTO_TEST_CASE(scenarios) {
  const std::string seed = slurp(std::string(GCM_SOURCE_DIR) + "/scenarios/foreign-cleanup-order.yaml", 4096);
  fuzz<gcm::yamlio::LocatedError>(seed, kHangs, [](const std::string& text) {
    (void)gcm::scenario::parse_scenario(text, "fuzz.yaml");
  });
}

BOOST_AUTO_TEST_CASE(results_json) {
  // What `merge` reads for each leg and `--baseline` reads: the strict reader.
  const std::string seed = gcm::report::render_results_json(gcm::report::sample::sample_run());
  fuzz<gcm::report::ResultsError, gcm::report::JsonInputError>(seed, {"", "{", "[1e400]", "{\"schema\": 1e400}",
                                                                // a key with a newline and an ESC sequence,
                                                                // then a syntax error: echoed raw once
                                                                R"({"k\n\u001b]0;t\u0007": [1,})"},
                                                               [](const std::string& text) {
                                                                 (void)gcm::report::parse_results_json(text, "results.json");
                                                               });
}

BOOST_AUTO_TEST_CASE(expectations) {
  const std::string seed = slurp(std::string(GCM_SOURCE_DIR) + "/matrix/expectations.yaml", 2048);
  fuzz<gcm::report::ExpectationsError>(seed, kHangs, [](const std::string& text) {
    (void)gcm::report::parse_expectations(text, "expectations.yaml");
  });
}
