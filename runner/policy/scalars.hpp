// scalars.hpp — strict parsing of the scalar values a profile holds: booleans,
// decimal integers, byte sizes with binary units, decimal seconds. Main
// entries: parse_bool(), parse_int(), parse_uint(), parse_size_bytes(),
// parse_seconds_ns().
//
// Every parser takes the scalar's text exactly as written (no trimming) and
// returns either a value or "what is wrong"; the caller appends
// "(expected …)". Nothing is guessed: no octal, no hex, no exponents, no
// YAML 1.1 yes/no, no decimal (MB) units.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gcm::policy {

template <class T>
struct Parsed {
  T value{};
  std::string error;  // empty when value is valid; else "'x' is not an integer"
  bool ok() const noexcept { return error.empty(); }
};

// "true" or "false" only.
Parsed<bool> parse_bool(std::string_view text);

// Decimal integer: optional '-', digits, no leading zero (so "010" is never
// read as octal), within [min, max].
Parsed<std::int64_t> parse_int(std::string_view text, std::int64_t min, std::int64_t max);

// As parse_int for a range [0, max]; "-1" is reported as negative.
Parsed<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max);

// Bytes: an unsigned decimal integer, optionally followed directly by one of
// the binary units KiB, MiB, GiB, TiB ("4MiB" = 4194304). Within [0, max].
Parsed<std::uint64_t> parse_size_bytes(std::string_view text, std::uint64_t max);

// Seconds as an unsigned decimal with at most 9 fractional digits, converted
// exactly to nanoseconds ("60" = 60000000000, "0.5" = 500000000); at most
// INT64_MAX ns (about 292 years).
Parsed<std::int64_t> parse_seconds_ns(std::string_view text);

}  // namespace gcm::policy
