// comparison_table.hpp — the profiles side by side: one model, four writers
// (table_text, table_markdown, table_csv, table_json; table_format picks one).
// Main entry: build_comparison_table().
//
// Layout (a choice; BEHAVIOUR.md "Where the families disagree" is what it
// must make visible):
// * Columns = profiles, by Go version ascending (go1.19-observed | go1.20 |
//   go1.20-observed | … | go1.25-observed), at one version the documented
//   profile before the observed one; then profiles whose Go version does not
//   parse, by name. Ties (two profiles of one family and version) go by name.
// * Rows = for each workload (run order): each check, then each metric, in
//   first-seen order over the columns.
// * A check cell is "pass" / "FAIL"; "FAIL (exp)" is a failure the
//   expectations call for; "(!)" marks an outcome not as expected and "(?)"
//   one with no expectation recorded. A metric cell is the value with a unit
//   (units.hpp human_value). A missing cell is "-".
// * A cell whose outcome/value differs from the first profile of the other
//   family with the same Go version is marked `differs` (writers print "*");
//   each such row gets a footnote with the Go versions where they differ and
//   the claim IDs behind the check (metric rows: the workload's claims).
// No host figure enters the table, so its output is byte-identical between runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/run_result.hpp"

namespace gcm::report {

struct TableColumn {
  ProfileInfo profile;
  std::optional<int> go_minor;  // go_minor_of(profile.go)
  int partner = -1;             // column of the other family, same Go version; -1 = none
};

enum class RowKind : std::uint8_t { check, metric };
const char* to_string(RowKind k) noexcept;  // "check", "metric"

struct TableCell {
  bool present = false;     // the case ran and produced this check/metric
  std::string text;         // "pass", "FAIL (exp)", "8.2 MiB", "-"
  bool differs = false;     // differs from the partner column's cell
  // Raw values for machine-readable writers (table_json).
  std::optional<bool> passed;            // check rows
  std::optional<Expected> expected;      // check rows
  std::optional<std::int64_t> value;     // metric rows
};

struct TableRow {
  std::string workload;
  RowKind kind = RowKind::check;
  std::string name;                 // check or metric name
  std::string unit;                 // metric rows
  std::vector<TableCell> cells;     // one per column
  int footnote = 0;                 // 1-based number in Table::footnotes; 0 = none
};

struct Footnote {
  int number = 0;
  std::string workload;
  std::string row;                  // check or metric name
  std::vector<std::string> go_versions;  // where the families differ, "1.22"
  std::vector<std::string> claims;       // sorted, unique
};

// The legend every text writer prints under the table (Table::legend).
inline constexpr const char* kTableLegend =
    "* differs from the other family at the same Go version; (exp) failure "
    "expected; (!) not as expected; (?) no expectation recorded; - not run";
// Added when some case is report-only (expectations.hpp apply()).
inline constexpr const char* kTableLegendNotGated =
    "; (not gated) no expectation recorded for the case: reported, does not change the exit code";

struct Table {
  std::string title;                // "gcmatrix 0.1.0 — seed 1"
  std::vector<TableColumn> columns;
  std::vector<TableRow> rows;
  std::vector<Footnote> footnotes;
  std::string legend = kTableLegend;  // with kTableLegendNotGated when a cell is report-only
};

Table build_comparison_table(const RunResult& run);

}  // namespace gcm::report
