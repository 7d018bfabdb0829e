// table_csv.cpp — the CSV writer of the comparison table.
#include "report/table_csv.hpp"

namespace gcm::report {
namespace {

std::string line_of(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) (out += (i ? "," : "")) += csv_field(fields[i]);
  return out + "\r\n";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string render_table_csv(const Table& t) {
  std::vector<std::string> header{"workload", "kind", "row", "unit"};
  for (const TableColumn& c : t.columns) header.push_back(c.profile.name);
  header.insert(header.end(), {"differs_at", "claims"});
  std::string out = line_of(header);
  for (const TableRow& row : t.rows) {
    std::vector<std::string> fields{row.workload, to_string(row.kind), row.name, row.unit};
    for (const TableCell& cell : row.cells) fields.push_back(cell.differs ? cell.text + " *" : cell.text);
    const Footnote* note = row.footnote ? &t.footnotes[row.footnote - 1] : nullptr;
    fields.push_back(note ? joined(note->go_versions) : "");
    fields.push_back(note ? joined(note->claims) : "");
    out += line_of(fields);
  }
  return out;
}

}  // namespace gcm::report
