// table_json.cpp — the JSON writer of the comparison table (ordered keys).
#include "report/table_json.hpp"

#include <nlohmann/json.hpp>

namespace gcm::report {
namespace {

using json = nlohmann::ordered_json;

json cell_json(const TableColumn& col, const TableCell& cell) {
  json j{{"profile", col.profile.name}, {"present", cell.present}, {"text", cell.text},
         {"differs", cell.differs}};
  if (cell.passed) j["passed"] = *cell.passed;
  if (cell.expected) j["expected"] = to_string(*cell.expected);
  if (cell.value) j["value"] = *cell.value;
  return j;
}

json row_json(const Table& t, const TableRow& row) {
  json cells = json::array();
  for (std::size_t i = 0; i < row.cells.size(); ++i) cells.push_back(cell_json(t.columns[i], row.cells[i]));
  return json{{"workload", row.workload}, {"kind", to_string(row.kind)}, {"name", row.name},
              {"unit", row.unit},         {"footnote", row.footnote},    {"cells", cells}};
}

}  // namespace

std::string render_table_json(const Table& t) {
  json columns = json::array();
  for (const TableColumn& c : t.columns)
    columns.push_back(json{{"profile", c.profile.name}, {"family", c.profile.family},
                           {"go", c.profile.go},
                           {"partner", c.partner < 0 ? json(nullptr)
                                                     : json(t.columns[c.partner].profile.name)}});
  json rows = json::array();
  for (const TableRow& row : t.rows) rows.push_back(row_json(t, row));
  json footnotes = json::array();
  for (const Footnote& f : t.footnotes)
    footnotes.push_back(json{{"number", f.number}, {"workload", f.workload}, {"row", f.row},
                             {"go_versions", f.go_versions}, {"claims", f.claims}});
  json doc{{"schema", kTableSchema}, {"title", t.title},   {"legend", t.legend},
           {"columns", columns},     {"rows", rows},       {"footnotes", footnotes}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace gcm::report
