// test_status.hpp — the spelling of EmulatedTest::Status in report files
// (results.json "status", JUnit property "status"), both ways.
//
// The reports own this spelling because results.json must be read back
// (merge), which needs the parse direction; it equals the enumerator names.
#pragma once

#include <optional>
#include <string_view>

#include "workloads/observation.hpp"

namespace gcm::report {

using TestStatus = workloads::EmulatedTest::Status;

const char* status_name(TestStatus s) noexcept;  // "passed", "timed_out", "not_run", …
std::optional<TestStatus> parse_status(std::string_view name) noexcept;

}  // namespace gcm::report
