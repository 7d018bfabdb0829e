// cascade_groups.hpp — the terminal's cascade section: cases whose chains are
// identical (same steps, same figures) are told once, under every profile
// they hold for, and every line fits the terminal width.
// Main entry: render_cascade_groups_text().
#pragma once

#include <cstddef>
#include <string>

#include "report/run_result.hpp"

namespace gcm::report {

// "" when no case has a cascade; otherwise a heading and one block per
// distinct chain, in the order of the first case that tells it.
std::string render_cascade_groups_text(const RunResult& run, std::size_t width);

}  // namespace gcm::report
