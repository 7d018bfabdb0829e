// host_report_test.cpp — host.md: labelled non-deterministic, one row per case.
#define BOOST_TEST_MODULE report.host_report
#include <boost/test/unit_test.hpp>

#include "report/host_report.hpp"
#include "sample_run.hpp"

using namespace gcm::report;

BOOST_AUTO_TEST_CASE(host_report_is_labelled_and_complete) {
  const std::string md = render_host_report(sample::sample_run());
  BOOST_TEST(md.starts_with("# host (not deterministic)\n"));
  BOOST_TEST(md.find("- machine: ci-runner-1\n- started: 2024-05-01T12:00:00Z\n"
                     "- wall: 2.5 s; CPU: 2.0 s; peak RSS: 48.0 MiB\n") != std::string::npos, md);
  BOOST_TEST(md.find("| profile | workload | host\\_wall\\_ns | host\\_live\\_bytes |\n") !=
             std::string::npos);
  BOOST_TEST(md.find("| go1.20-observed | timeout-cascade | 79.0 µs | 3.5 MiB |\n") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = md.find("| go1.20"); at != std::string::npos; at = md.find("| go1.20", at + 1)) ++rows;
  BOOST_TEST(rows == 4u);
}

// issue 16: the largest case heap, committed at its peak, is named as a host figure.
BOOST_AUTO_TEST_CASE(host_report_names_the_largest_heap_peak) {
  RunResult run = sample::sample_run();
  run.cases.front().obs.host.push_back({"host_committed_bytes", 12.0 * 1024 * 1024, "bytes"});
  run.cases.back().obs.host.push_back({"host_committed_bytes", 3.0 * 1024 * 1024, "bytes"});
  const std::string md = render_host_report(run);
  BOOST_TEST(md.find("- largest mimalloc heap, committed at its peak (host): 12.0 MiB\n") != std::string::npos, md);
}
