// table_text.hpp — the comparison table for a terminal: aligned columns,
// no box drawing, plain text unless colour is asked for.
#pragma once

#include <string>

#include "report/comparison_table.hpp"

namespace gcm::report {

struct TextTableOptions {
  bool colour = false;  // ANSI SGR: FAIL red, pass green, * yellow (only when asked: --color)
};

std::string render_table_text(const Table& table, const TextTableOptions& options = {});

}  // namespace gcm::report
