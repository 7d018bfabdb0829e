// main.cpp — gcmatrix: plan the run, let Boost.Test run it, write reports.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/boost_suite.hpp"
#include "cli/data_dir.hpp"
#include "cli/export_cmd.hpp"
#include "cli/listing.hpp"
#include "cli/merge.hpp"
#include "cli/options.hpp"
#include "cli/outputs.hpp"
#include "cli/plan.hpp"
#include "input/escape.hpp"
#include "report/atomic_write.hpp"
#include "report/expectations.hpp"
#include "report/settle_case.hpp"
#include "runtime/host_allocator.hpp"

namespace {

gcm::cli::Plan* g_plan = nullptr;
gcm::cli::RunCollector* g_collector = nullptr;

bool init_gcmatrix_suites() {
  gcm::cli::register_plan(*g_plan, *g_collector);
  return true;
}

int run_matrix(const gcm::cli::CliOptions& o, const std::string& command) {
  using namespace gcm::cli;
  const auto start_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  Plan plan = make_plan(o);
  // Before any case: a bad output path costs no run; --out is locked and claimed.
  std::optional<gcm::report::OutDir> out_dir = check_outputs(o, plan, command);
  RunCollector collector;
  gcm::report::HostProcess host = host_process_start();
  const std::unique_ptr<gcm::report::FanOutReporter> reporters = make_reporters(o, plan, out_dir ? &*out_dir : nullptr);
  reporters->run_started(run_started_of(plan, host));
  // Nothing lost on a crash: each case is reported (its trace written) as it
  // ends, then its events are let go, so the run holds one case's events at
  // a time (settle_case.hpp).
  collector.after_case = [&] {
    gcm::report::CaseResult& c = collector.cases.back();
    gcm::report::settle_case(c);
    reporters->case_ended(c);
    gcm::report::release_events(c);
  };
  g_plan = &plan;
  g_collector = &collector;
  std::vector<std::string> boost_args = o.boost_args;
  // Boost.Test 1.74 colours its log (stdout) and report (stderr) even into a
  // file or a pipe. Colour only terminals, and never under NO_COLOR (no-color.org),
  // unless --color_output or BOOST_TEST_COLOR_OUTPUT says otherwise.
  const bool colour_chosen = std::getenv("BOOST_TEST_COLOR_OUTPUT") != nullptr ||
                             std::any_of(boost_args.begin(), boost_args.end(),
                                         [](const std::string& a) { return a.rfind("--color_output", 0) == 0; });
  const char* no_color = std::getenv("NO_COLOR");  // no-color.org: set and not empty
  if (!colour_chosen && (isatty(STDOUT_FILENO) == 0 || isatty(STDERR_FILENO) == 0 || (no_color != nullptr && *no_color != '\0')))
    boost_args.push_back("--color_output=no");
  // Rewriting the expectations, the checks that differ from the old ones are
  // the point, not failures: Boost.Test's "N failures are detected" would
  // read as an error while gcmatrix exits 0.
  const bool report_level_chosen = std::any_of(boost_args.begin(), boost_args.end(),
                                               [](const std::string& a) { return a.rfind("--report_level", 0) == 0; });
  if (o.update_expectations && !report_level_chosen) boost_args.push_back("--report_level=no");
  std::vector<char*> argv;
  for (const std::string& a : boost_args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int boost_rc = boost::unit_test::unit_test_main(&init_gcmatrix_suites, static_cast<int>(argv.size() - 1), argv.data());
  if (collector.started == 0) {  // --list_content, --help of Boost.Test, no match
    if (out_dir) out_dir->complete();
    return boost_rc == 0 ? kExitOk : kExitUsage;
  }
  host_process_finish(host, start_ns);
  const gcm::report::RunResult run = build_run_result(plan, std::move(collector.cases), host);
  reporters->run_ended(run);  // every file; the --out manifest's reporter last ("complete")
  if (o.update_expectations) {
    gcm::report::write_expectations(plan.expectations_path, run);
    std::cout << "expectations written to " << plan.expectations_path << "\n";
  }
  print_summary(o, plan, run);
  if (collector.exceptions != 0) {
    std::string cases;
    for (const std::string& name : collector.aborted_cases) (cases += cases.empty() ? "" : ", ") += name;
    const std::string why = collector.first_exception.empty() ? std::string() : ": " + collector.first_exception;
    std::cerr << "gcmatrix: internal error: "
              << gcm::input::escape_for_terminal((cases.empty() ? std::string("a case") : cases) + " did not finish" + why)
              << " (its outcomes are not counted above; exit 3)\n";
    return kExitInternal;
  }
  if (o.update_expectations) return kExitOk;
  return run.unexpected_count() != 0 || boost_rc != 0 ? kExitUnexpected : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gcm::cli;
  gcm::rt::configure_host_allocator();  // before the first runtime (host time only)
  try {
    if (argc > 1 && std::string(argv[1]) == "merge") return merge_main(argc - 1, argv + 1, command_line(argc, argv));
    if (argc > 1 && std::string(argv[1]) == "export-go") return export_go_main(argc - 1, argv + 1);
    const CliOptions o = parse_cli(argc, argv);
    if (o.help) {
      std::cout << help_text();
      return kExitOk;
    }
    if (o.version) {
      std::cout << "gcmatrix " << GCMATRIX_VERSION << "\n";
      const DataDir& data = data_dir();
      std::cout << "data: " << data.path << " (" << data.source << ")\n";
      return kExitOk;
    }
    if (!o.check_profiles.empty()) return check_profiles(o);
    if (o.list_profiles) return list_profiles(o);
    if (o.list_workloads) return list_workloads(o);
    return run_matrix(o, command_line(argc, argv));
  } catch (const UsageError& e) {
    std::cerr << "gcmatrix: " << gcm::input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::cerr << "gcmatrix: " << gcm::input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const gcm::report::OutputError& e) {  // an output path the user gave: theirs to fix
    std::cerr << "gcmatrix: " << gcm::input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "gcmatrix: internal error: " << gcm::input::escape_for_terminal(e.what()) << "\n";
    return kExitInternal;
  }
}
