// test_errors.cpp — the scenario error catalogue: every file in malformed/
// fails with exactly the one-line message recorded in malformed/expected.txt
// ("<file><TAB><message>", paths relative to malformed/; '#' comments).
// Set GCM_PRINT_ACTUAL=1 to print the actual messages in that format.
#define BOOST_TEST_MODULE scenario_errors
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "policy/profile_error.hpp"
#include "scenario/loader.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(GCM_MALFORMED_DIR);

std::map<std::string, std::string> expected_messages() {
  std::ifstream file(kDir / "expected.txt");
  BOOST_REQUIRE_MESSAGE(file, "cannot open malformed/expected.txt");
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    BOOST_REQUIRE_MESSAGE(tab != std::string::npos, "line without a tab: " + line);
    out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

// The message for `file`, loaded as `gcmatrix --scenario malformed/<file>`
// would load it, with the path shown relative to malformed/.
std::string actual_message(const std::string& file) {
  const fs::path cwd = fs::current_path();
  fs::current_path(kDir);
  std::string message = "(loaded without an error)";
  try {
    (void)gcm::scenario::load_scenario_file(file);
  } catch (const gcm::policy::ProfileError& e) {
    message = e.what();
  }
  fs::current_path(cwd);
  return message;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_malformed_file_has_its_exact_message) {
  const auto expected = expected_messages();
  const bool print = std::getenv("GCM_PRINT_ACTUAL") != nullptr;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    const std::string actual = actual_message(name);
    if (print) std::cout << name << '\t' << actual << '\n';
    BOOST_TEST_CONTEXT(name) {
      const auto found = expected.find(name);
      BOOST_TEST_REQUIRE((found != expected.end()), "no expected message for " << name);
      BOOST_TEST(actual == found->second);
      BOOST_TEST(actual.find('\n') == std::string::npos);  // one line
    }
  }
  BOOST_TEST(files >= 20u);
  BOOST_TEST(files == expected.size());  // no stale entries
}

BOOST_AUTO_TEST_CASE(missing_file_and_folder) {
  BOOST_CHECK_EXCEPTION(gcm::scenario::load_scenario_file("no/such.yaml"), gcm::policy::ProfileError,
                        [](const gcm::policy::ProfileError& e) {
                          return std::string(e.what()) == "no/such.yaml:1:1: (file): cannot be opened: No such file or directory (expected a readable scenario file)";
                        });
  BOOST_CHECK_THROW(gcm::scenario::scenario_files("no/such/folder"), gcm::policy::ProfileError);
}

BOOST_AUTO_TEST_CASE(file_larger_than_the_limit) {
  const fs::path big = fs::temp_directory_path() / "gcm_scenario_big.yaml";
  {
    std::ofstream out(big);
    out << "scenario: x\ndescription: d\n#" << std::string(300 * 1024, 'x') << "\n";
  }
  BOOST_CHECK_EXCEPTION(gcm::scenario::load_scenario_file(big), gcm::policy::ProfileError,
                        [](const gcm::policy::ProfileError& e) {
                          return std::string(e.what()).ends_with("(file): is larger than 256 KiB (expected a readable scenario file)");
                        });
  fs::remove(big);
}

// Before, load_scenario_file opened the file with std::ifstream: on a FIFO
// with no writer that open never returned (`gcmatrix export-go FIFO` hung).
// Now it goes through the bounded read, which refuses it by name at once.
BOOST_AUTO_TEST_CASE(a_fifo_is_refused_not_waited_on) {
  const fs::path dir = fs::temp_directory_path() / ("gcm_scenario_fifo_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fifo = dir / "s.yaml";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  BOOST_TEST(gcm::scenario::scenario_files(fifo) == std::vector<fs::path>{fifo});  // not "no such file"
  BOOST_CHECK_EXCEPTION(gcm::scenario::load_scenario_file(fifo), gcm::policy::ProfileError,
                        [&](const gcm::policy::ProfileError& e) {
                          return std::string(e.what()) ==
                                 fifo.string() + ":1:1: (file): is a FIFO (expected a readable scenario file)";
                        });
  fs::remove_all(dir);
}
