// annotations.hpp — GitHub Actions workflow commands (`::error file=…::…`)
// for what a merge found wrong, most important first, capped as GitHub caps
// them. Main entries: Annotation, render_annotations().
//
// GitHub's rules (docs "Workflow commands for GitHub Actions"; actions/toolkit
// `command.ts` escapeData/escapeProperty):
// * a message escapes % CR LF as %25 %0D %0A; a property value also : and ,
//   as %3A %2C;
// * at most 10 annotations of each type (error, warning, notice) per step and
//   50 per job are shown; the rest are dropped silently.
// So we print at most kErrorsPerStep errors, most important first, and one
// notice that says how many more were left out (the step summary lists all).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::cli {

inline constexpr std::size_t kErrorsPerStep = 10;  // GitHub: per type per step
inline constexpr std::size_t kAnnotationsPerJob = 50;

// Ranks, most important first: a stable order that the annotations keep.
enum class Severity : std::uint8_t {
  missing_leg,        // a profile or case of the plan has no results at all
  unexpected_fail,    // a check that should pass failed
  unexpected_pass,    // a check that should fail passed (the emulation changed)
  regression,         // a baseline figure moved beyond its tolerance
  no_expectation,     // a check without a recorded expectation
};

struct Annotation {
  Severity severity = Severity::unexpected_fail;
  std::string file;   // repository-relative; empty: no file property
  int line = 0;       // 0: no line property
  std::string title;
  std::string message;
};

std::string escape_data(std::string_view text);      // % CR LF
std::string escape_property(std::string_view text);  // % CR LF : ,

// One "::error file=…,line=…,title=…::message" line.
std::string render_annotation(const Annotation& a);

// The lines to print: `annotations` sorted by severity (stable), the first
// `errors_max` as ::error, then one ::notice counting the rest when any.
std::string render_annotations(std::vector<Annotation> annotations, std::size_t errors_max = kErrorsPerStep);

}  // namespace gcm::cli
