// comparison_table_test.cpp — column order, cells, the differs marks and
// their footnotes, and the four writers (CSV quoting, Markdown escaping).
#define BOOST_TEST_MODULE report.comparison_table
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "report/comparison_table.hpp"
#include "report/table_csv.hpp"
#include "report/table_format.hpp"
#include "report/table_json.hpp"
#include "report/table_markdown.hpp"
#include "report/table_text.hpp"
#include "report/text_wrap.hpp"
#include "sample_run.hpp"

using namespace gcm::report;

namespace {

const TableRow& row(const Table& t, const std::string& workload, const std::string& name) {
  for (const TableRow& r : t.rows)
    if (r.workload == workload && r.name == name) return r;
  BOOST_FAIL("no row " + workload + "/" + name);
  return t.rows.front();
}

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(columns_pair_families_by_go_version) {
  RunResult run;
  run.profiles = {sample::observed("1.25"), sample::documented("1.22"), sample::observed("1.19"),
                  sample::observed("1.20"), sample::documented("1.20"), sample::observed("1.22"),
                  sample::documented("1.21"), {"custom", "observed", "tip", ""}};
  const Table t = build_comparison_table(run);
  std::vector<std::string> names;
  for (const TableColumn& c : t.columns) names.push_back(c.profile.name);
  // By Go version, documented before observed at one version; unparsable last.
  BOOST_TEST((names == std::vector<std::string>{"go1.19-observed", "go1.20", "go1.20-observed", "go1.21",
                                                "go1.22", "go1.22-observed", "go1.25-observed", "custom"}));
  BOOST_TEST(t.columns[0].partner == -1);  // no documented go1.19
  BOOST_TEST(t.columns[1].partner == 2);
  BOOST_TEST(t.columns[2].partner == 1);
  BOOST_TEST(t.columns[3].partner == -1);  // go1.21 has no observed column in this run
  BOOST_TEST(t.columns[5].partner == 4);
  BOOST_TEST(t.columns[6].partner == -1);
}

BOOST_AUTO_TEST_CASE(rows_are_checks_then_metrics_per_workload) {
  const Table t = build_comparison_table(sample::sample_run());
  std::vector<std::string> names;
  for (const TableRow& r : t.rows) names.push_back(r.workload + "/" + r.name);
  BOOST_TEST((names == std::vector<std::string>{
                  "cleanup-capture/no-live-nodes-after-test", "cleanup-capture/finalizer-not-during-test",
                  "cleanup-capture/live_nodes_during_cleanup", "cleanup-capture/retained_bytes",
                  "cleanup-capture/gc_pause_ns", "timeout-cascade/no-timeout",
                  "timeout-cascade/gc_cycles"}));
}

BOOST_AUTO_TEST_CASE(cells_show_outcome_expectation_and_units) {
  const Table t = build_comparison_table(sample::sample_run());
  BOOST_TEST(row(t, "cleanup-capture", "no-live-nodes-after-test").cells[0].text == "FAIL (exp)");
  BOOST_TEST(row(t, "cleanup-capture", "no-live-nodes-after-test").cells[1].text == "pass (!)");
  BOOST_TEST(row(t, "cleanup-capture", "finalizer-not-during-test").cells[0].text == "pass");
  BOOST_TEST(row(t, "cleanup-capture", "finalizer-not-during-test").cells[1].text == "FAIL (?)");
  BOOST_TEST(row(t, "timeout-cascade", "no-timeout").cells[0].text == "FAIL (!)");
  BOOST_TEST(row(t, "cleanup-capture", "retained_bytes").cells[0].text == "8.2 MiB");
  BOOST_TEST(row(t, "cleanup-capture", "gc_pause_ns").cells[0].text == "82.0 µs");
}

BOOST_AUTO_TEST_CASE(differing_cells_are_marked_and_footnoted_with_claims) {
  const Table t = build_comparison_table(sample::sample_run());
  const TableRow& leak = row(t, "cleanup-capture", "no-live-nodes-after-test");
  BOOST_TEST(leak.cells[0].differs);
  BOOST_TEST(leak.cells[1].differs);
  BOOST_REQUIRE(leak.footnote == 1);
  const Footnote& f = t.footnotes[0];
  BOOST_TEST((f.claims == std::vector<std::string>{"A2", "A3", "O2"}));
  BOOST_TEST((f.go_versions == std::vector<std::string>{"1.20"}));
  // Same value under both families: no mark, no footnote.
  const TableRow& pause = row(t, "cleanup-capture", "gc_pause_ns");
  BOOST_TEST(!pause.cells[0].differs);
  BOOST_TEST(pause.footnote == 0);
  // A metric row's footnote carries the workload's claims, naturally sorted.
  const TableRow& retained = row(t, "cleanup-capture", "retained_bytes");
  BOOST_REQUIRE(retained.footnote > 0);
  BOOST_TEST((t.footnotes[retained.footnote - 1].claims ==
              std::vector<std::string>{"A2", "A3", "A11", "O2", "O4"}));
}

BOOST_AUTO_TEST_CASE(text_is_aligned_and_plain) {
  const std::string text = render_table_text(build_comparison_table(sample::sample_run()));
  BOOST_TEST(text.starts_with("gcmatrix 0.1.0, seed 7\n\n"
                              "                                 go1.20        go1.20-observed\n"
                              "                                 (article)     (real Go)\n"
                              "cleanup-capture\n"
                              "  no-live-nodes-after-test [1]   FAIL (exp) *  pass (!) *\n"),
             text);
  BOOST_TEST(has(text, "\n  gc_pause_ns                    82.0 µs       82.0 µs\n"), text);
  BOOST_TEST(has(text, "[1] cleanup-capture / no-live-nodes-after-test: the families differ at Go "
                       "1.20; claims A2, A3, O2\n"));
  // The claims cited are defined under the footnotes, one line each.
  BOOST_TEST(has(text, "claims cited (docs/claims.md):\n  A2  the test's frame keeps its locals alive"), text);
  BOOST_TEST(!has(text, "\x1b["));
  BOOST_TEST(has(render_table_text(build_comparison_table(sample::sample_run()), {true}), "\x1b[31mFAIL"));
}

// Only the rows where profiles differ, and every line within the width:
// columns that do not fit go to a further block that repeats the labels.
BOOST_AUTO_TEST_CASE(text_fits_the_width_and_hides_identical_rows) {
  const Table t = build_comparison_table(sample::sample_run());
  const std::string all = render_table_text(t, {false, 0, false});
  const std::string differ = render_table_text(t, {false, 0, true});
  BOOST_TEST(has(all, "  gc_pause_ns "));
  BOOST_TEST(!has(differ, "  gc_pause_ns "), differ);  // 82.0 µs under both profiles
  BOOST_TEST(has(differ, "rows read the same under every profile and are not shown: --table-rows all)"));
  const std::string narrow = render_table_text(t, {false, 50, false});
  BOOST_TEST(has(narrow, "profiles 1–1 of 2:\n"), narrow);
  BOOST_TEST(has(narrow, "profiles 2–2 of 2:\n"), narrow);
  std::istringstream lines(narrow);
  for (std::string line; std::getline(lines, line);) BOOST_TEST(display_width(line) <= 50u, line);
}

BOOST_AUTO_TEST_CASE(markdown_escapes_and_has_one_table) {
  const std::string md = render_table_markdown(build_comparison_table(sample::sample_run()));
  BOOST_TEST(md.starts_with("### gcmatrix 0.1.0, seed 7\n\n| workload | row | go1.20 | go1.20-observed |\n"
                            "| --- | --- | --- | --- |\n"
                            "| **cleanup-capture** | no-live-nodes-after-test \\[1\\] | FAIL (exp) \\* | "
                            "pass (!) \\* |\n"), md);
  BOOST_TEST(has(md, "|  | retained\\_bytes \\["));
  BOOST_TEST(markdown_escape("a|b\nc<d>") == "a\\|b c&lt;d&gt;");
  // '&' too, or "&lt;" in a name renders as '<'; control bytes and bytes that
  // are not UTF-8 as \xNN, its backslash escaped (found in review 2026-12-04).
  BOOST_TEST(markdown_escape("&lt;b&gt;") == "&amp;lt;b&amp;gt;");
  BOOST_TEST(markdown_escape("a\x01" "b\x1b[2J\xff") == "a\\\\x01b\\\\x1b\\[2J\\\\xff");
}

BOOST_AUTO_TEST_CASE(csv_quotes_per_rfc_4180) {
  BOOST_TEST(csv_field("plain") == "plain");
  BOOST_TEST(csv_field("a,b") == "\"a,b\"");
  BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(csv_field("two\nlines") == "\"two\nlines\"");
  BOOST_TEST(csv_field("") == "");
  RunResult run = sample::sample_run();
  run.cases[0].obs.checks[0].name = "leak, \"big\"";
  run.cases[0].outcomes[0].check = run.cases[0].obs.checks[0].name;
  const std::string csv = render_table_csv(build_comparison_table(run));
  BOOST_TEST(csv.starts_with("workload,kind,row,unit,go1.20,go1.20-observed,differs_at,claims\r\n"));
  BOOST_TEST(has(csv, "\r\ncleanup-capture,check,\"leak, \"\"big\"\"\",,FAIL (exp),-,,\r\n"), csv);
  BOOST_TEST(has(csv, "\r\ncleanup-capture,metric,retained_bytes,bytes,8.2 MiB *,0 B *,1.20,A2 A3 A11 O2 O4\r\n"));
  BOOST_TEST(!has(csv, "\n\n"));
}

BOOST_AUTO_TEST_CASE(json_table_carries_raw_values) {
  const auto j = nlohmann::json::parse(render_table_json(build_comparison_table(sample::sample_run())));
  BOOST_TEST(j["schema"] == "gcmatrix.table/1");
  BOOST_TEST(j["columns"][0]["partner"] == "go1.20-observed");
  BOOST_TEST(j["rows"][3]["cells"][0]["value"] == 8593408);
  BOOST_TEST(j["rows"][0]["cells"][1]["passed"] == true);
  BOOST_TEST(j["rows"][0]["cells"][1]["expected"] == "fail");
  BOOST_TEST(j["footnotes"][0]["claims"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(format_comes_from_the_extension) {
  BOOST_TEST((format_from_extension("out/table.txt") == TableFormat::text));
  BOOST_TEST((format_from_extension("summary.md") == TableFormat::markdown));
  BOOST_TEST((format_from_extension("t.csv") == TableFormat::csv));
  BOOST_TEST((format_from_extension("t.json") == TableFormat::json));
  try {
    format_from_extension("report.html");
    BOOST_FAIL("expected invalid_argument");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()) == "table output report.html: unknown extension '.html' "
                                        "(expected .txt, .md, .csv or .json)");
  }
  BOOST_CHECK_THROW(format_from_extension("table"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(byte_identical_whatever_the_host_figures) {
  RunResult a = sample::sample_run(), b = sample::sample_run();
  b.host.wall_ns *= 3;
  for (CaseResult& c : b.cases) c.obs.host[0].value += 1;
  for (TableFormat f : {TableFormat::text, TableFormat::markdown, TableFormat::csv, TableFormat::json})
    BOOST_TEST(render_table(build_comparison_table(a), f) == render_table(build_comparison_table(b), f));
}
