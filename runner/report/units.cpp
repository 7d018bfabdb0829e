// units.cpp — fixed-point formatting with std::to_chars and unit scaling.
#include "report/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <ctime>

namespace gcm::report {
namespace {

struct Scale {
  double factor;
  const char* suffix;
};

// Picks the largest scale whose factor is <= |value|; scales ascend.
template <std::size_t N>
std::string scaled(double value, const std::array<Scale, N>& scales) {
  const double magnitude = std::fabs(value);
  const Scale* pick = &scales[0];
  for (const Scale& s : scales)
    if (magnitude >= s.factor) pick = &s;
  if (pick == &scales[0]) return fixed_decimal(value / pick->factor, 0) + " " + pick->suffix;
  return fixed_decimal(value / pick->factor, 1) + " " + pick->suffix;
}

constexpr std::array<Scale, 4> kBytes{{
    {1.0, "B"}, {1024.0, "KiB"}, {1024.0 * 1024, "MiB"}, {1024.0 * 1024 * 1024, "GiB"}}};
constexpr std::array<Scale, 4> kNanoseconds{{
    {1.0, "ns"}, {1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}}};

}  // namespace

std::string fixed_decimal(double value, int decimals) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  if (value == 0) value = 0;  // no "-0.000000"
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                                 std::chars_format::fixed, decimals);
  if (ec != std::errc{}) return "overflow";  // |value| >= 1e57: not a report figure
  std::string out(buf.data(), end);
  if (out.starts_with("-") && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

std::string plain_number(double value) {
  constexpr double kExactIntegerMax = 9007199254740992.0;  // 2^53
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < kExactIntegerMax)
    return fixed_decimal(value, 0);
  if (!std::isfinite(value)) return fixed_decimal(value, 0);
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return ec == std::errc{} ? std::string(buf.data(), end) : "overflow";
}

std::string seconds_from_ns(double ns) { return fixed_decimal(ns / 1e9, 6); }

std::string human_value(double value, std::string_view unit) {
  if (unit == "bytes") return scaled(value, kBytes);
  if (unit == "ns") return scaled(value, kNanoseconds);
  const bool integral = value == std::trunc(value);
  const std::string number = fixed_decimal(value, integral ? 0 : 1);
  if (unit == "percent") return number + " %";
  if (unit == "bool") return value != 0 ? "true" : "false";
  if (unit == "count" || unit.empty()) return number;
  return number + " " + std::string(unit);
}

std::string human_value(std::int64_t value, std::string_view unit) {
  // Only scaled units go through double: a count above 2^53 stays exact.
  if (unit == "bytes" || unit == "ns") return human_value(static_cast<double>(value), unit);
  if (unit == "bool") return value != 0 ? "true" : "false";
  const std::string number = std::to_string(value);
  if (unit == "percent") return number + " %";
  if (unit == "count" || unit.empty()) return number;
  return number + " " + std::string(unit);
}

std::string utc_now_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);  // not std::gmtime: its static result is shared between threads
  char iso[32];
  std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return iso;
}

}  // namespace gcm::report
