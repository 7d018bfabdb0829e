// table_format.cpp — extension -> writer dispatch for the comparison table.
#include "report/table_format.hpp"

#include "report/atomic_write.hpp"
#include "report/table_csv.hpp"
#include "report/table_json.hpp"
#include "report/table_markdown.hpp"

namespace gcm::report {

TableFormat format_from_extension(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".txt") return TableFormat::text;
  if (ext == ".md") return TableFormat::markdown;
  if (ext == ".csv") return TableFormat::csv;
  if (ext == ".json") return TableFormat::json;
  throw std::invalid_argument("table output " + path.string() + ": unknown extension '" + ext +
                              "' (expected .txt, .md, .csv or .json)");
}

std::string render_table(const Table& table, TableFormat format,
                         const TextTableOptions& text_options) {
  switch (format) {
    case TableFormat::text: return render_table_text(table, text_options);
    case TableFormat::markdown: return render_table_markdown(table);
    case TableFormat::csv: return render_table_csv(table);
    case TableFormat::json: return render_table_json(table);
  }
  return render_table_text(table, text_options);
}

void write_table(const std::filesystem::path& path, const Table& table) {
  write_file_atomically(path, render_table(table, format_from_extension(path)));
}

}  // namespace gcm::report
