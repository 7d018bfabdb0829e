// units.hpp — locale-independent number formatting for reports.
// Main entries: fixed_decimal(), seconds_from_ns(), human_value(), utc_now_iso().
//
// snprintf("%f") follows LC_NUMERIC (a German locale writes "0,5"), and
// Boost's JUNIT logger writes "7.9e-05"; report numbers go through
// std::to_chars instead, which is neither locale- nor platform-dependent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gcm::report {

// `value` in fixed notation with exactly `decimals` digits after the point.
std::string fixed_decimal(double value, int decimals);

// The shortest text that reads back as `value`; integral values below 2^53
// print without a fraction or exponent ("1234", "0.5", "1e+300").
std::string plain_number(double value);

// Nanoseconds as seconds with 6 decimals: 79000 -> "0.000079". The JUnit
// `time` format (printf "%.6f" without the locale).
std::string seconds_from_ns(double ns);

// A metric for people, by unit: "bytes" -> "512 B", "3.1 KiB", "8.2 MiB",
// "1.5 GiB"; "ns" -> "820 ns", "12.4 µs", "3.0 ms", "61.2 s"; "percent" ->
// "87 %"; "bool" -> "true"/"false"; "count" and "" -> the integer; any other
// unit -> "<integer> <unit>". Scaled values have one decimal.
std::string human_value(std::int64_t value, std::string_view unit);
std::string human_value(double value, std::string_view unit);

// The host's current time, UTC, ISO 8601 to the second: "2026-12-02T17:40:00Z"
// (JUnit `timestamp`, the --out manifest's `started_at`). A host figure.
std::string utc_now_iso();

}  // namespace gcm::report
