// table_markdown.hpp — the comparison table as GitHub-flavoured Markdown,
// sized for $GITHUB_STEP_SUMMARY (one table, a legend, a footnote list).
#pragma once

#include <string>
#include <string_view>

#include "report/comparison_table.hpp"

namespace gcm::report {

std::string render_table_markdown(const Table& table);

// `text` safe inside a GFM table cell: structure, emphasis, link and HTML
// characters escaped, line breaks turned into spaces.
std::string markdown_escape(std::string_view text);

}  // namespace gcm::report
