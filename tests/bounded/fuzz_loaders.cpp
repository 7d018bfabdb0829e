// fuzz_loaders.cpp — a deterministic mutation fuzzer per loader: profiles,
// matrix files (the parse and tree checks the matrix reader runs) and
// expectations. Each mutant either loads or fails with the loader's own
// error, one line, no raw control byte; anything else (another exception, a
// crash, a hang past CTest's timeout) fails. Inputs that once hung or
// crashed are kept as fixed regression cases.
#define BOOST_TEST_MODULE bounded.fuzz_loaders
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "policy/loader.hpp"
#include "policy/profile_error.hpp"
#include "report/expectations.hpp"
#include "runtime/prng.hpp"
#include "yamlio/document.hpp"

namespace {

constexpr int kIterationsPerLoader = 20'000;

std::string slurp(const std::string& path, std::size_t bytes_max) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str().substr(0, bytes_max);
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

// Runs `load` on the regressions and on mutants of `seed`; `load` throws
// the loader's error type E on bad input.
template <class E>
void fuzz(const std::string& seed, const std::vector<std::string>& regressions,
          const std::function<void(const std::string&)>& load) {
  gcm::rt::Prng prng(0x16);
  std::size_t loaded = 0, refused = 0;
  std::vector<std::string> inputs = regressions;
  for (int i = 0; i < kIterationsPerLoader; ++i) inputs.push_back(mutate(seed, prng));
  for (const std::string& input : inputs) {
    try {
      load(input);
      ++loaded;
    } catch (const E& e) {
      expect_one_clean_line(e.what(), input);
      ++refused;
    } catch (const std::exception& e) {
      BOOST_FAIL("not the loader's error: " << e.what() << "\ninput: " << input);
    }
  }
  BOOST_TEST_MESSAGE(loaded << " loaded, " << refused << " refused");
  BOOST_TEST(refused > 0u);
}

const std::vector<std::string> kHangs = {",", "- a\n,", "a: 1\n---\n- b\n,", "&a [*a]",
                                         "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\na1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]\n"
                                         "a2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]\n"
                                         "a3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]\n"
                                         "a4: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]\n"
                                         "a5: &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]\n"};

}  // namespace

BOOST_AUTO_TEST_CASE(profiles) {
  const std::string seed = slurp(std::string(GCM_SOURCE_DIR) + "/policies/documented/go1.22.yaml", 4096);
  // The shipped catalog resolves `extends`, so mutants reach the body checks.
  static const gcm::policy::ProfileCatalog shipped{std::string(GCM_SOURCE_DIR) + "/policies"};
  fuzz<gcm::policy::ProfileError>(seed, kHangs, [](const std::string& text) {
    (void)gcm::policy::load_profile_text(text, "fuzz.yaml", &shipped, gcm::policy::ProfileOrigin::user);
  });
}

BOOST_AUTO_TEST_CASE(matrix_files) {
  const std::string seed = slurp(std::string(GCM_SOURCE_DIR) + "/matrix/default.yaml", 4096);
  fuzz<gcm::yamlio::LocatedError>(seed, kHangs, [](const std::string& text) {
    // What the matrix reader (cli/plan.cpp) runs before its own keys.
    (void)gcm::yamlio::read_document(gcm::yamlio::Reader("matrix.yaml"), text, {"matrix", "a map"});
  });
}

BOOST_AUTO_TEST_CASE(expectations) {
  const std::string seed = slurp(std::string(GCM_SOURCE_DIR) + "/matrix/expectations.yaml", 2048);
  fuzz<gcm::report::ExpectationsError>(seed, kHangs, [](const std::string& text) {
    (void)gcm::report::parse_expectations(text, "expectations.yaml");
  });
}
