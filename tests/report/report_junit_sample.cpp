// report_junit_sample.cpp — writes the sample run's JUnit XML to argv[1] so
// that check_junit.py can read it with a real JUnit parser (junitparser).
#include <cstdio>
#include <exception>

#include "report/junit_writer.hpp"
#include "sample_run.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.xml\n", argv[0]);
    return 2;
  }
  try {
    gcm::report::write_junit(argv[1], gcm::report::sample::sample_run(),
                             {gcm::report::sample::kTimestamp, gcm::report::sample::kHostname});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "report_junit_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
