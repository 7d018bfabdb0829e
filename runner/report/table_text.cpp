// table_text.cpp — the terminal writer of the comparison table.
#include "report/table_text.hpp"

#include <algorithm>

namespace gcm::report {
namespace {

// Terminal columns of UTF-8 text: one per code point ("µs" is 2), which holds
// for everything the table prints (no wide or combining characters).
std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string cell_text(const TableCell& cell) { return cell.differs ? cell.text + " *" : cell.text; }

std::string row_label(const TableRow& row) {
  return row.footnote ? row.name + " [" + std::to_string(row.footnote) + "]" : row.name;
}

std::string paint(const std::string& text, bool colour) {
  if (!colour) return text;
  std::string out = text;
  auto wrap = [&out](std::string_view word, std::string_view sgr) {
    auto at = out.find(word);
    if (at != std::string::npos)
      out.replace(at, word.size(), "\x1b[" + std::string(sgr) + "m" + std::string(word) + "\x1b[0m");
  };
  wrap("FAIL", "31");
  wrap("pass", "32");
  if (!out.empty() && out.back() == '*') out.replace(out.size() - 1, 1, "\x1b[33m*\x1b[0m");
  return out;
}

using Grid = std::vector<std::vector<std::string>>;

Grid grid_of(const Table& t) {
  Grid g;
  std::vector<std::string> header{"workload", "row"};
  for (const TableColumn& c : t.columns) header.push_back(c.profile.name);
  g.push_back(header);
  const std::string* previous = nullptr;
  for (const TableRow& row : t.rows) {
    // The workload is named on its first row only: the eye reads groups.
    std::vector<std::string> line{previous && *previous == row.workload ? "" : row.workload,
                                  row_label(row)};
    for (const TableCell& cell : row.cells) line.push_back(cell_text(cell));
    g.push_back(std::move(line));
    previous = &row.workload;
  }
  return g;
}

}  // namespace

std::string render_table_text(const Table& t, const TextTableOptions& options) {
  const Grid g = grid_of(t);
  std::vector<std::size_t> widths(g.front().size(), 0);
  for (const auto& line : g)
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], display_width(line[i]));

  std::string out = t.title + "\n\n";
  for (std::size_t r = 0; r < g.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < g[r].size(); ++i) {
      const bool data = r > 0 && i >= 2;
      line += data ? paint(g[r][i], options.colour) : g[r][i];
      if (i + 1 < g[r].size()) line += std::string(widths[i] - display_width(g[r][i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "\n" + std::string(t.legend) + "\n";
  for (const Footnote& f : t.footnotes) {
    std::string versions, claims;
    for (const std::string& v : f.go_versions) versions += (versions.empty() ? "" : ", ") + v;
    for (const std::string& c : f.claims) claims += (claims.empty() ? "" : ", ") + c;
    out += std::string("[") + std::to_string(f.number) + "] " + f.workload + " / " + f.row +
           ": the families differ at Go " + versions + "; claims " +
           (claims.empty() ? "(none recorded)" : claims) + "\n";
  }
  return out;
}

}  // namespace gcm::report
