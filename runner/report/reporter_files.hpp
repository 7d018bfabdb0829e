// reporter_files.hpp — the outputs written once, at the end of the run, each
// as a reporter. Main entries: make_results_json_reporter() and its siblings.
#pragma once

#include <filesystem>
#include <memory>

#include "report/reporter.hpp"

namespace gcm::report {

std::unique_ptr<Reporter> make_results_json_reporter(std::filesystem::path path);  // results_json.hpp
// The comparison table; the format from the extension (table_format.hpp),
// checked before the run by cli/.
std::unique_ptr<Reporter> make_table_reporter(std::filesystem::path path);
std::unique_ptr<Reporter> make_host_reporter(std::filesystem::path path);     // host_report.hpp
std::unique_ptr<Reporter> make_html_reporter(std::filesystem::path path);     // html_report.hpp
std::unique_ptr<Reporter> make_cascade_reporter(std::filesystem::path path);  // cascade.md (cascade.hpp)

}  // namespace gcm::report
