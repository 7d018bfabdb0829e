// table_markdown.cpp — the GFM writer of the comparison table.
#include "report/table_markdown.hpp"

#include "input/escape.hpp"

namespace gcm::report {
namespace {

std::string md(std::string_view s) { return markdown_escape(s); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string row_line(const TableRow& row, bool first_of_workload) {
  std::string line = "| " + (first_of_workload ? "**" + md(row.workload) + "**" : std::string()) +
                     " | " + md(row.name);
  if (row.footnote) line += " \\[" + std::to_string(row.footnote) + "\\]";
  for (const TableCell& cell : row.cells) line += " | " + md(cell.differs ? cell.text + " *" : cell.text);
  return line + " |\n";
}

}  // namespace

// A line break would end the table row, so it becomes a space. '&' is
// escaped too, or "&lt;" in a name would render as '<'; other control
// characters and bytes that are not UTF-8 become \xNN (input/escape.hpp),
// whose backslash is then escaped like any other.
std::string markdown_escape(std::string_view text) {
  std::string flat(text);
  for (char& c : flat)
    if (c == '\n' || c == '\r') c = ' ';
  const std::string s = input::escape_for_terminal(flat);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '|': case '[': case ']':
        out += '\\';
        out += c;
        break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_table_markdown(const Table& t) {
  std::string out = "### " + md(t.title) + "\n\n| workload | row |";
  std::string rule = "| --- | --- |";
  for (const TableColumn& c : t.columns) {
    (out += " ") += md(c.profile.name) + " |";
    rule += " --- |";
  }
  out += "\n" + rule + "\n";
  const std::string* previous = nullptr;
  for (const TableRow& row : t.rows) {
    out += row_line(row, !previous || *previous != row.workload);
    previous = &row.workload;
  }
  (out += "\n") += md(t.legend) + "\n";
  if (!t.footnotes.empty()) out += "\n";
  for (const Footnote& f : t.footnotes)
    out += "- \\[" + std::to_string(f.number) + "\\] " + md(f.workload) + " / " + md(f.row) +
           ": the families differ at Go " + md(join(f.go_versions)) + "; claims " +
           (f.claims.empty() ? "(none recorded)" : md(join(f.claims))) + "\n";
  return out;
}

}  // namespace gcm::report
