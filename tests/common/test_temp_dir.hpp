// test_temp_dir.hpp — a fresh folder per Boost.Test case, removed after it.
// Named after a prefix, the pid and the test case, so parallel ctest runs
// and cases never share one (and nothing is written outside the temp dir).
#pragma once

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

namespace gcm::testing {

struct TestTempDir {
  std::filesystem::path path;
  explicit TestTempDir(const std::string& prefix) {
    path = std::filesystem::temp_directory_path() /
           (prefix + std::to_string(::getpid()) + "_" + boost::unit_test::framework::current_test_case().p_name.get());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  TestTempDir(const TestTempDir&) = delete;
  TestTempDir& operator=(const TestTempDir&) = delete;
  ~TestTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace gcm::testing
