// scalars.cpp — strict scalar parsers for profile values.
#include "policy/scalars.hpp"

#include <array>
#include <limits>
#include <utility>

#include "policy/quote.hpp"

namespace gcm::policy {

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::size_t kFractionDigitsMax = 9;  // 1 ns resolution

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Digits only, no leading zero unless the number is 0; false on overflow.
bool read_decimal(std::string_view digits, std::uint64_t& out) {
  out = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (out > (kMax - digit) / 10) return false;
    out = out * 10 + digit;
  }
  return true;
}

template <class T>
Parsed<T> failure(std::string error) {
  return Parsed<T>{T{}, std::move(error)};
}

// Shared checks of the magnitude: digits, leading zero, overflow, max.
Parsed<std::uint64_t> parse_magnitude(std::string_view text, std::string_view digits,
                                      std::uint64_t max, std::string_view what) {
  if (!all_digits(digits)) return failure<std::uint64_t>(quote(text) + " is not " + std::string(what));
  if (digits.size() > 1 && digits.front() == '0') {
    return failure<std::uint64_t>(quote(text) + " has a leading zero");
  }
  std::uint64_t magnitude = 0;
  if (!read_decimal(digits, magnitude) || magnitude > max) {
    return failure<std::uint64_t>(quote(text) + " is out of range");
  }
  return Parsed<std::uint64_t>{magnitude, {}};
}

}  // namespace

Parsed<bool> parse_bool(std::string_view text) {
  if (text == "true") return Parsed<bool>{true, {}};
  if (text == "false") return Parsed<bool>{false, {}};
  return failure<bool>(quote(text) + " is not a boolean");
}

Parsed<std::int64_t> parse_int(std::string_view text, std::int64_t min, std::int64_t max) {
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (negative && min >= 0 && all_digits(digits)) {
    return failure<std::int64_t>(quote(text) + " is negative");
  }
  // |min| of int64 is max + 1: compare magnitudes in uint64.
  const std::uint64_t limit = negative ? 0 - static_cast<std::uint64_t>(min)
                                       : static_cast<std::uint64_t>(max);
  const auto magnitude = parse_magnitude(text, digits, limit, "an integer");
  if (!magnitude.ok()) return failure<std::int64_t>(magnitude.error);
  const std::int64_t value = negative ? static_cast<std::int64_t>(0 - magnitude.value)
                                      : static_cast<std::int64_t>(magnitude.value);
  if (value < min || value > max) return failure<std::int64_t>(quote(text) + " is out of range");
  return Parsed<std::int64_t>{value, {}};
}

Parsed<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
  if (!text.empty() && text.front() == '-' && all_digits(text.substr(1))) {
    return failure<std::uint64_t>(quote(text) + " is negative");
  }
  return parse_magnitude(text, text, max, "an integer");
}

Parsed<std::uint64_t> parse_size_bytes(std::string_view text, std::uint64_t max) {
  static constexpr std::array<std::pair<std::string_view, unsigned>, 4> kUnits{{
      {"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"TiB", 40}}};
  if (!text.empty() && text.front() == '-') {
    return failure<std::uint64_t>(quote(text) + " is negative");
  }
  std::size_t digits_end = 0;
  while (digits_end < text.size() && is_digit(text[digits_end])) ++digits_end;
  const std::string_view digits = text.substr(0, digits_end);
  const std::string_view unit = text.substr(digits_end);
  if (digits.empty()) return failure<std::uint64_t>(quote(text) + " is not a size");
  unsigned shift = 0;
  if (!unit.empty()) {
    bool known = false;
    for (const auto& [name, unit_shift] : kUnits) {
      if (name == unit) { known = true; shift = unit_shift; }
    }
    if (!known) return failure<std::uint64_t>(quote(text) + " has an unknown unit " + quote(unit));
  }
  const auto count = parse_magnitude(text, digits, max >> shift, "a size");
  if (!count.ok()) return count;
  return Parsed<std::uint64_t>{count.value << shift, {}};
}

Parsed<std::int64_t> parse_seconds_ns(std::string_view text) {
  if (!text.empty() && text.front() == '-') return failure<std::int64_t>(quote(text) + " is negative");
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{}
                                                                 : text.substr(dot + 1);
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(fraction))) {
    return failure<std::int64_t>(quote(text) + " is not a decimal number of seconds");
  }
  if (fraction.size() > kFractionDigitsMax) {
    return failure<std::int64_t>(quote(text) + " is finer than 1 ns");
  }
  constexpr auto kSecondsMax = static_cast<std::uint64_t>(
      std::numeric_limits<std::int64_t>::max() / kNsPerSecond - 1);  // room for the fraction
  const auto seconds = parse_magnitude(text, whole, kSecondsMax, "a decimal number of seconds");
  if (!seconds.ok()) return failure<std::int64_t>(seconds.error);
  std::uint64_t fraction_ns = 0;
  read_decimal(fraction, fraction_ns);  // at most 9 digits: cannot overflow
  for (std::size_t i = fraction.size(); i < kFractionDigitsMax; ++i) fraction_ns *= 10;
  return Parsed<std::int64_t>{
      static_cast<std::int64_t>(seconds.value) * kNsPerSecond + static_cast<std::int64_t>(fraction_ns),
      {}};
}

}  // namespace gcm::policy
