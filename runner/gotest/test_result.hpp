// test_result.hpp — outcomes of emulated Go tests and of a whole test binary.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/runtime.hpp"

namespace gcm::gotest {

enum class TestStatus : std::uint8_t {
  passed,
  failed,     // t.Error/t.Fatal, or a cleanup that panicked
  skipped,    // t.Skip
  timed_out,  // running when the (binary or per-test) deadline passed
  not_run,    // the binary died before reaching it (O7, O8)
  panicked,   // a panic in the test goroutine
};
const char* to_string(TestStatus s) noexcept;
inline std::ostream& operator<<(std::ostream& os, TestStatus s) { return os << to_string(s); }

struct TestResult {
  std::string name;               // "TestX" or "TestX/sub"
  TestStatus status = TestStatus::not_run;
  std::int64_t start_ns = 0;      // virtual
  std::int64_t end_ns = 0;
  std::string message;            // first failure / panic / timeout message
  std::vector<std::string> logs;  // t.Log lines
  std::int64_t duration_ns() const noexcept { return end_ns - start_ns; }
};

struct PackageResult {
  std::vector<TestResult> tests;  // top-level and subtests, in start order (not-run ones last)
  rt::RunReport run;              // the binary's outcome and leak census
  bool aborted = false;           // the binary died (timeout O7/A22, goroutine panic O8, test panic)
  std::string abort_reason;       // "panic: test timed out after 1m0s", …
  const TestResult* find(const std::string& name) const;
};

}  // namespace gcm::gotest
