// enum_names.hpp — the spelling of every enum a profile names, in YAML and in
// reports. Main entries: to_string(), parse_enum<E>(), allowed_values<E>().
//
// A name is exactly the C++ enumerator (`after_cleanups`, `per_iteration`), so
// a profile, a report and the code read the same. Each table lists the
// enumerators in declaration order; the static_asserts below keep it so.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "gotest/testing_policy.hpp"
#include "runtime/gc_config.hpp"

namespace gcm::policy {

// Which source a profile models (BEHAVIOUR.md, "two families").
enum class Family : std::uint8_t {
  documented,  // the article's claims A1–A23, even where real Go disagrees
  observed,    // real Go toolchains: O1–O12
};

template <class E>
struct EnumNames;  // specialised per enum: `entries`, in declaration order

template <>
struct EnumNames<Family> {
  static constexpr std::array<std::pair<Family, std::string_view>, 2> entries{{
      {Family::documented, "documented"},
      {Family::observed, "observed"},
  }};
};

template <>
struct EnumNames<gotest::FrameRelease> {
  using E = gotest::FrameRelease;
  static constexpr std::array<std::pair<E, std::string_view>, 2> entries{{
      {E::after_cleanups, "after_cleanups"},    // A2
      {E::before_cleanups, "before_cleanups"},  // O2
  }};
};

template <>
struct EnumNames<gotest::ForeignCleanup> {
  using E = gotest::ForeignCleanup;
  static constexpr std::array<std::pair<E, std::string_view>, 3> entries{{
      {E::allow, "allow"},    // O3
      {E::panic, "panic"},    // A8
      {E::ignore, "ignore"},  // A8, "or silently ignored"
  }};
};

template <>
struct EnumNames<gotest::LateCleanup> {
  using E = gotest::LateCleanup;
  static constexpr std::array<std::pair<E, std::string_view>, 2> entries{{
      {E::drop, "drop"},    // O3
      {E::panic, "panic"},  // A8, stricter reading
  }};
};

template <>
struct EnumNames<gotest::RunInCleanup> {
  using E = gotest::RunInCleanup;
  static constexpr std::array<std::pair<E, std::string_view>, 2> entries{{
      {E::allow, "allow"},  // Go <= 1.19
      {E::panic, "panic"},  // O6
  }};
};

template <>
struct EnumNames<gotest::FinalizerEligibility> {
  using E = gotest::FinalizerEligibility;
  static constexpr std::array<std::pair<E, std::string_view>, 4> entries{{
      {E::free, "free"},              // O4
      {E::suppressed, "suppressed"},  // A11
      {E::window, "window"},          // A12
      {E::never, "never"},            // A13
  }};
};

template <>
struct EnumNames<gotest::LoopVar> {
  using E = gotest::LoopVar;
  static constexpr std::array<std::pair<E, std::string_view>, 2> entries{{
      {E::shared, "shared"},                // A9, O5
      {E::per_iteration, "per_iteration"},  // O5
  }};
};

template <>
struct EnumNames<gotest::TimeoutMode> {
  using E = gotest::TimeoutMode;
  static constexpr std::array<std::pair<E, std::string_view>, 2> entries{{
      {E::binary, "binary"},      // O7
      {E::per_test, "per_test"},  // A22
  }};
};

template <>
struct EnumNames<rt::SchedKind> {
  using E = rt::SchedKind;
  static constexpr std::array<std::pair<E, std::string_view>, 3> entries{{
      {E::yield_only, "yield_only"},  // the documented family: switches only at yields
      {E::random, "random"},          // uniform at every scheduling point (baseline)
      {E::pct, "pct"},                // Burckhardt et al. 2010 (O15)
  }};
};

// True when entry i names the enumerator with underlying value i: no gaps, no
// reordering. A new enumerator appended to an enum must be added by hand.
template <class E>
constexpr bool enum_table_in_order() {
  const auto& entries = EnumNames<E>::entries;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (static_cast<std::size_t>(entries[i].first) != i) return false;
  }
  return true;
}
static_assert(enum_table_in_order<Family>());
static_assert(enum_table_in_order<gotest::FrameRelease>());
static_assert(enum_table_in_order<gotest::ForeignCleanup>());
static_assert(enum_table_in_order<gotest::LateCleanup>());
static_assert(enum_table_in_order<gotest::RunInCleanup>());
static_assert(enum_table_in_order<gotest::FinalizerEligibility>());
static_assert(enum_table_in_order<gotest::LoopVar>());
static_assert(enum_table_in_order<gotest::TimeoutMode>());
static_assert(enum_table_in_order<rt::SchedKind>());

template <class E>
constexpr std::string_view enum_name(E value) noexcept {
  for (const auto& [enumerator, name] : EnumNames<E>::entries) {
    if (enumerator == value) return name;
  }
  return "invalid";  // only for a value cast from outside the enum's range
}

inline std::string_view to_string(Family v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::FrameRelease v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::ForeignCleanup v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::LateCleanup v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::RunInCleanup v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::FinalizerEligibility v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::LoopVar v) noexcept { return enum_name(v); }
inline std::string_view to_string(gotest::TimeoutMode v) noexcept { return enum_name(v); }
inline std::string_view to_string(rt::SchedKind v) noexcept { return enum_name(v); }

// The enumerator spelled exactly `text` (case-sensitive), or nullopt.
template <class E>
constexpr std::optional<E> parse_enum(std::string_view text) noexcept {
  for (const auto& [enumerator, name] : EnumNames<E>::entries) {
    if (name == text) return enumerator;
  }
  return std::nullopt;
}

// "a, b, c": the allowed spellings, for error messages and docs.
template <class E>
std::string allowed_values() {
  std::string out;
  for (const auto& [enumerator, name] : EnumNames<E>::entries) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace gcm::policy
