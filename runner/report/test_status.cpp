// test_status.cpp — EmulatedTest::Status names for report files.
#include "report/test_status.hpp"

#include <array>
#include <utility>

namespace gcm::report {
namespace {

constexpr std::array<std::pair<TestStatus, std::string_view>, 6> kNames{{
    {TestStatus::passed, "passed"},
    {TestStatus::failed, "failed"},
    {TestStatus::skipped, "skipped"},
    {TestStatus::timed_out, "timed_out"},
    {TestStatus::not_run, "not_run"},
    {TestStatus::panicked, "panicked"},
}};

}  // namespace

const char* status_name(TestStatus s) noexcept {
  for (const auto& [status, name] : kNames)
    if (status == s) return name.data();  // literals: NUL-terminated
  return "unknown";
}

std::optional<TestStatus> parse_status(std::string_view name) noexcept {
  for (const auto& [status, text] : kNames)
    if (text == name) return status;
  return std::nullopt;
}

}  // namespace gcm::report
