// table_text.hpp — the comparison table for a terminal: aligned columns,
// no box drawing, plain text unless colour is asked for, and fitted to the
// terminal's width. Main entry: render_table_text().
//
// Layout: each workload is a heading line, its rows indented under it; two
// header lines per profile column, the name and its family ("(article)" for
// the documented family, "(real Go)" for the observed one). When the columns
// do not fit `width`, they are printed in blocks of as many as fit, each
// block repeating the row labels. Footnotes and the claims they cite are
// wrapped to the width. With `only_differing_rows`, a row whose cells are all
// the same ("pass" under every profile) is left out and counted.
#pragma once

#include <cstddef>
#include <string>

#include "report/comparison_table.hpp"

namespace gcm::report {

struct TextTableOptions {
  bool colour = false;               // ANSI SGR: FAIL red, pass green, * yellow (only when asked)
  std::size_t width = 0;             // terminal columns to fit; 0 = one block, no wrapping
  bool only_differing_rows = false;  // leave out rows whose cells are all equal
};

std::string render_table_text(const Table& table, const TextTableOptions& options = {});

// "(article)", "(real Go)", or "(<family>)" for a user's own family name.
std::string family_label(std::string_view family);

}  // namespace gcm::report
