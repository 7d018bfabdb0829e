// table_csv.hpp — the comparison table as RFC 4180 CSV: CRLF line ends,
// fields with a comma, quote, CR or LF double-quoted, quotes doubled.
// Columns: workload, kind, row, unit, one per profile (cell text, " *" when
// it differs), differs_at (Go versions), claims (of differing rows).
#pragma once

#include <string>
#include <string_view>

#include "report/comparison_table.hpp"

namespace gcm::report {

std::string csv_field(std::string_view field);  // quoted only when RFC 4180 requires it
std::string render_table_csv(const Table& table);

}  // namespace gcm::report
