// table_json.hpp — the comparison table as JSON, schema "gcmatrix.table/1":
// {schema, title, legend, columns: [{profile, family, go, partner}],
//  rows: [{workload, kind, name, unit, footnote, cells: [{profile, present,
//  text, differs, passed?, expected?, value?}]}],
//  footnotes: [{number, workload, row, go_versions, claims}]}
#pragma once

#include <string>
#include <string_view>

#include "report/comparison_table.hpp"

namespace gcm::report {

inline constexpr std::string_view kTableSchema = "gcmatrix.table/1";

std::string render_table_json(const Table& table);

}  // namespace gcm::report
