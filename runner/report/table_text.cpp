// table_text.cpp — the terminal writer of the comparison table (see table_text.hpp).
#include "report/table_text.hpp"

#include <algorithm>
#include <set>

#include "report/claim_catalogue.hpp"
#include "report/text_wrap.hpp"

namespace gcm::report {
namespace {

constexpr std::size_t kGap = 2;     // spaces between columns
constexpr std::size_t kIndent = 2;  // rows under their workload heading

std::string cell_text(const TableCell& cell) { return cell.differs ? cell.text + " *" : cell.text; }

std::string row_label(const TableRow& row) {
  return row.footnote ? row.name + " [" + std::to_string(row.footnote) + "]" : row.name;
}

std::string paint(const std::string& text, bool colour) {
  if (!colour) return text;
  std::string out = text;
  auto wrap_word = [&out](std::string_view word, std::string_view sgr) {
    auto at = out.find(word);
    if (at != std::string::npos)
      out.replace(at, word.size(), "\x1b[" + std::string(sgr) + "m" + std::string(word) + "\x1b[0m");
  };
  wrap_word("FAIL", "31");
  wrap_word("pass", "32");
  if (!out.empty() && out.back() == '*') out.replace(out.size() - 1, 1, "\x1b[33m*\x1b[0m");
  return out;
}

// A row worth showing when only differences are asked for: two cells that
// read differently, or an outcome that is not as expected.
bool row_differs(const TableRow& row) {
  const std::string* first = nullptr;
  for (const TableCell& c : row.cells) {
    if (c.text.find("(!)") != std::string::npos || c.text.find("(?)") != std::string::npos) return true;
    if (c.text.find("(not gated)") != std::string::npos) return true;  // a report-only case: the user's own question
    if (first != nullptr && *first != c.text) return true;
    first = &c.text;
  }
  return row.footnote != 0;
}

struct Layout {
  std::vector<const TableRow*> rows;  // in table order, after the filter
  std::size_t label_width = 0;        // the indented row labels and the workload headings
  std::vector<std::size_t> widths;    // per profile column
};

Layout layout_of(const Table& t, bool only_differing) {
  only_differing = only_differing && t.columns.size() > 1;  // one profile: nothing to compare, every row shown
  Layout l;
  l.widths.assign(t.columns.size(), 0);
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    l.widths[i] = std::max(display_width(t.columns[i].profile.name), display_width(family_label(t.columns[i].profile.family)));
  for (const TableRow& row : t.rows) {
    if (only_differing && !row_differs(row)) continue;
    l.rows.push_back(&row);
    l.label_width = std::max({l.label_width, kIndent + display_width(row_label(row)), display_width(row.workload)});
    for (std::size_t i = 0; i < row.cells.size() && i < l.widths.size(); ++i)
      l.widths[i] = std::max(l.widths[i], display_width(cell_text(row.cells[i])));
  }
  return l;
}

bool fits(const Layout& l, std::size_t width, std::size_t begin, std::size_t end) {
  std::size_t used = l.label_width;
  for (std::size_t i = begin; i < end; ++i) used += kGap + l.widths[i];
  return width == 0 || end - begin <= 1 || used <= width;
}

// The same number of blocks as `greedy`, with column counts as even as they
// fit (4 + 4 + 3 rather than 5 + 5 + 1), else `greedy` itself.
std::vector<std::pair<std::size_t, std::size_t>> balanced(const Layout& l, std::size_t width,
                                                          std::vector<std::pair<std::size_t, std::size_t>> greedy) {
  const std::size_t n = l.widths.size(), k = greedy.size();
  if (k <= 1) return greedy;
  std::vector<std::pair<std::size_t, std::size_t>> even;
  for (std::size_t b = 0, begin = 0; b < k; ++b) {
    const std::size_t end = begin + (n - begin + (k - b) - 1) / (k - b);  // ceil of what is left over the blocks left
    if (!fits(l, width, begin, end)) return greedy;
    even.emplace_back(begin, end);
    begin = end;
  }
  return even;
}

// Column blocks [begin, end) that each fit `width` beside the labels (at least one column each).
std::vector<std::pair<std::size_t, std::size_t>> blocks_of(const Layout& l, std::size_t width) {
  std::vector<std::pair<std::size_t, std::size_t>> blocks;
  std::size_t begin = 0, used = l.label_width;
  for (std::size_t i = 0; i < l.widths.size(); ++i) {
    const std::size_t need = kGap + l.widths[i];
    if (width != 0 && i > begin && used + need > width) {
      blocks.emplace_back(begin, i);
      begin = i;
      used = l.label_width;
    }
    used += need;
  }
  blocks.emplace_back(begin, l.widths.size());
  return balanced(l, width, blocks);
}

std::string padded(const std::string& s, std::size_t width) {
  return s + std::string(width > display_width(s) ? width - display_width(s) : 0, ' ');
}

std::string trimmed(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

std::string render_block(const Table& t, const Layout& l, std::size_t begin, std::size_t end, bool colour) {
  std::string names = padded("", l.label_width), families = names;
  for (std::size_t i = begin; i < end; ++i) {
    names += std::string(kGap, ' ') + padded(t.columns[i].profile.name, l.widths[i]);
    families += std::string(kGap, ' ') + padded(family_label(t.columns[i].profile.family), l.widths[i]);
  }
  std::string out = trimmed(names) + trimmed(families);
  const std::string* workload = nullptr;
  for (const TableRow* row : l.rows) {
    if (workload == nullptr || *workload != row->workload) out += row->workload + "\n";
    workload = &row->workload;
    std::string line = padded(std::string(kIndent, ' ') + row_label(*row), l.label_width);
    for (std::size_t i = begin; i < end && i < row->cells.size(); ++i) {
      const std::string text = cell_text(row->cells[i]);
      line += std::string(kGap, ' ') + paint(text, colour) + std::string(l.widths[i] - display_width(text), ' ');
    }
    out += trimmed(line);
  }
  return out;
}

std::string render_footnotes(const Table& t, std::size_t width) {
  std::string out;
  std::set<std::string> cited;
  // Consecutive footnotes of one workload with the same versions and claims
  // are one line: "[15]–[20] timeout-cascade / a, b, …".
  for (std::size_t i = 0; i < t.footnotes.size();) {
    const Footnote& f = t.footnotes[i];
    std::size_t j = i + 1;
    while (j < t.footnotes.size() && t.footnotes[j].workload == f.workload &&
           t.footnotes[j].go_versions == f.go_versions && t.footnotes[j].claims == f.claims)
      ++j;
    std::string versions, claims, rows;
    for (const std::string& v : f.go_versions) versions += (versions.empty() ? "" : ", ") + v;
    for (const std::string& c : f.claims) claims += (claims.empty() ? "" : ", ") + c, cited.insert(c);
    for (std::size_t k = i; k < j; ++k) rows += (rows.empty() ? "" : ", ") + t.footnotes[k].row;
    const std::string numbers = j - i == 1 ? concat({"[", std::to_string(f.number), "]"})
                                           : concat({"[", std::to_string(f.number), "]–[", std::to_string(t.footnotes[j - 1].number), "]"});
    out += wrap(concat({numbers, " ", f.workload, " / ", rows, ": the families differ at Go ", versions, "; claims ",
                        claims.empty() ? "(none recorded)" : claims}),
                width, 4);
    i = j;
  }
  if (cited.empty()) return out;
  out += "claims cited (docs/claims.md):\n";
  for (const ClaimLine& c : claim_catalogue())
    if (cited.contains(std::string(c.id)))
      out += wrap("  " + padded(std::string(c.id), 4) + std::string(c.statement) + " (" + std::string(c.source) + ")", width, 8);
  for (const std::string& id : cited)
    if (claim_statement(id) == nullptr) out += "  " + padded(id, 4) + "(not in gcmatrix's catalogue: the scenario's or profile's own ID)\n";
  return out;
}

}  // namespace

std::string family_label(std::string_view family) {
  if (family == kFamilyDocumented) return "(article)";
  if (family == kFamilyObserved) return "(real Go)";
  std::string label = "(";  // built in steps: GCC 12 warns falsely (-Wrestrict) on "(" + std::string
  label += family;
  label += ')';
  return label;
}

std::string render_table_text(const Table& t, const TextTableOptions& options) {
  const Layout l = layout_of(t, options.only_differing_rows);
  const auto blocks = blocks_of(l, options.width);
  std::string out = t.title + "\n\n";
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (blocks.size() > 1)
      out += concat({b ? "\n" : "", "profiles ", std::to_string(blocks[b].first + 1), "–", std::to_string(blocks[b].second),
                     " of ", std::to_string(t.columns.size()), ":\n"});
    out += render_block(t, l, blocks[b].first, blocks[b].second, options.colour);
  }
  if (l.rows.size() < t.rows.size())
    out += wrap(concat({"(", std::to_string(t.rows.size() - l.rows.size()), " of ", std::to_string(t.rows.size()),
                        " rows read the same under every profile and are not shown: --table-rows all)"}),
                options.width, 1);
  out += '\n';
  out += wrap(t.legend, options.width, 0);
  return out + render_footnotes(t, options.width);
}

}  // namespace gcm::report
