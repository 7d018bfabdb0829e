// test_status.cpp — TestStatus names for report files (gotest::to_string).
#include "report/test_status.hpp"

#include <array>

namespace gcm::report {
namespace {

constexpr std::array<TestStatus, 6> kStatuses{TestStatus::passed,    TestStatus::failed,  TestStatus::skipped,
                                              TestStatus::timed_out, TestStatus::not_run, TestStatus::panicked};

}  // namespace

// gotest/'s spelling is the files' spelling: one name per status.
const char* status_name(TestStatus s) noexcept { return gotest::to_string(s); }

std::optional<TestStatus> parse_status(std::string_view name) noexcept {
  for (TestStatus s : kStatuses)
    if (name == gotest::to_string(s)) return s;
  return std::nullopt;
}

}  // namespace gcm::report
