// table_format.hpp — picks a comparison-table writer from the output file's
// extension. Main entries: format_from_extension(), write_table().
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "report/comparison_table.hpp"
#include "report/table_text.hpp"

namespace gcm::report {

enum class TableFormat : std::uint8_t {
  text,      // .txt
  markdown,  // .md  ($GITHUB_STEP_SUMMARY)
  csv,       // .csv
  json,      // .json
};

// By extension, lower case as listed; anything else is std::invalid_argument
// naming the path and the accepted extensions.
TableFormat format_from_extension(const std::filesystem::path& path);

std::string render_table(const Table& table, TableFormat format,
                         const TextTableOptions& text_options = {});

// render_table in the format of `path`'s extension, written atomically.
void write_table(const std::filesystem::path& path, const Table& table);

}  // namespace gcm::report
