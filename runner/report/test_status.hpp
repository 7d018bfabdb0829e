// test_status.hpp — the spelling of gotest::TestStatus in report files
// (results.json "status", JUnit property "status"), both ways.
//
// The reports own this spelling because results.json must be read back
// (merge), which needs the parse direction; the names are gotest::to_string's.
#pragma once

#include <optional>
#include <string_view>

#include "workloads/observation.hpp"

namespace gcm::report {

using TestStatus = gotest::TestStatus;  // = workloads::EmulatedTest::Status

const char* status_name(TestStatus s) noexcept;  // "passed", "timed_out", "not_run", …
std::optional<TestStatus> parse_status(std::string_view name) noexcept;

}  // namespace gcm::report
