// html_tests.hpp — report.html's view of the emulated Go tests of one
// workload: a test-boundary lane under the live-heap plot (where each
// top-level test starts and ends on the time axis, with its name) and a plot
// of each test's GC share (the share of its time spent in GC cycles).
// Main entries: tests_of(), test_groups_of(), test_lanes(), gc_share_plot().
//
// Both read the case's facts (facts/): the spans derive.cpp builds and the
// GC share gc_share.cpp defines (only the part of a cycle inside the test);
// nothing is re-derived here. Profiles whose tests ran identically (same
// spans, statuses and GC shares) share one lane and one share line, as the
// heap plot merges identical series.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facts/case_facts.hpp"

namespace gcm::report::html {

// One top-level test as drawn: its span and what the facts say of it.
struct TestBox {
  std::string name;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;  // an open span ends where the log does
  gotest::TestStatus status = gotest::TestStatus::passed;
  bool ended = true;        // false: still running when the binary died or the log ended
  std::int64_t gc_cycles = 0;
  std::int64_t gc_share_percent = 0;  // TestSpan::gc_share_percent()
  bool operator==(const TestBox&) const = default;
};

// One profile's tests in one workload run.
struct ProfileTests {
  std::string profile;
  const char* colour = "#000";
  std::vector<TestBox> tests;  // top-level tests, in start order
};

// The top-level tests of a case's facts (subtests run inside their parent's box).
std::vector<TestBox> tests_of(const facts::CaseFacts& f);

// Profiles with identical tests, in run order; members.front() gives the colour.
struct TestGroup {
  std::vector<const ProfileTests*> members;
  std::string names() const;  // "go1.20, go1.20-observed"
  std::string label() const;  // "go1.20 +1"
};
std::vector<TestGroup> test_groups_of(const std::vector<ProfileTests>& all);

// The largest end of any test (for the shared time axis); 0 without tests.
std::int64_t last_test_end_ns(const std::vector<ProfileTests>& all);

inline constexpr int kLaneHeight = 10;  // one group's lane

// <g class="tests">: one lane per group from y0 down, labelled at the left
// with the group (in its colour); a box per test, its name inside where it
// fits (else what follows the tests' common prefix, else only its <title>).
std::string test_lanes(const std::vector<TestGroup>& groups, std::int64_t t_max, int y0);

// <svg class="plot gcshare">: per group a step line of each test's GC share
// over its span, 0–100 % axis, the same time axis as the heap plot, and a
// label per line. "" when no group has a test.
std::string gc_share_plot(const std::vector<TestGroup>& groups, std::int64_t t_max);

}  // namespace gcm::report::html
