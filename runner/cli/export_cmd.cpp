// export_cmd.cpp — the export-go subcommand: arguments, loading, writing, exit codes.
#include "cli/export_cmd.hpp"

#include <iostream>
#include <optional>
#include <regex>
#include <vector>

#include "cli/options.hpp"
#include "cli/output_paths.hpp"
#include "input/escape.hpp"
#include "policy/profile_error.hpp"
#include "policy/quote.hpp"
#include "report/atomic_write.hpp"
#include "scenario/export_go.hpp"
#include "scenario/limits.hpp"
#include "scenario/loader.hpp"

namespace gcm::cli {

namespace {

// The module's two files, written as every output is (output_paths.hpp,
// atomic_write.hpp): all checked before either is written; an existing
// symbolic link, directory or FIFO is refused, never followed or blocked
// on; a regular file is replaced by rename, so a hard link to it (the
// scenario itself, say) keeps its content; neither may be the scenario.
void write_module(const scenario::GoModule& m, const std::string& dir, const std::string& scenario_path) {
  ensure_folder(dir, "--out");
  const std::pair<std::string, const std::string*> files[] = {
      {(std::filesystem::path(dir) / "go.mod").string(), &m.go_mod},
      {(std::filesystem::path(dir) / "scenario_test.go").string(), &m.test_go}};
  check_outputs_distinct({{files[0].first, "--out"}, {files[1].first, "--out"}}, {{scenario_path, "the scenario"}});
  for (const auto& [path, text] : files) check_output_file(path, "--out", nullptr);
  for (const auto& [path, text] : files) report::write_file_atomically(path, *text);
}

struct ExportArgs {
  std::string scenario, out;
  std::optional<int> go_minor;
  bool help = false;
};

ExportArgs parse_export_args(int argc, char** argv) {
  ExportArgs a;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    // An option given twice, or given '' (an unset variable), is refused as
    // the run's options are: the last one silently winning hides a typo.
    const auto value = [&](const char* what, bool given) -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError("export-go: " + arg + " needs " + what);
      if (given) throw UsageError("export-go: " + arg + " given twice (give it once)");
      if (args[i + 1].empty()) throw UsageError("export-go: " + arg + ": empty value (give one, or leave the option out)");
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      a.help = true;
    } else if (arg == "-o" || arg == "--out") {
      a.out = value("a folder", !a.out.empty());
    } else if (arg == "--go") {
      const std::string& v = value("a Go version, e.g. 1.22", a.go_minor.has_value());
      std::smatch m;
      const int minor = std::regex_match(v, m, std::regex(R"(1\.(\d{1,2}))")) ? std::stoi(m[1]) : -1;
      if (minor < scenario::kGoModMinorMin || minor > scenario::kGoModMinorMax)
        throw UsageError("export-go: --go " + policy::quote(v) + ": not a go.mod version (expected 1.N from 1." +
                         std::to_string(scenario::kGoModMinorMin) + " to 1." + std::to_string(scenario::kGoModMinorMax) + ", e.g. 1.22)");
      a.go_minor = minor;
    } else if (arg.empty()) {  // an unset variable: `export-go "$SCENARIO" -o out`
      throw UsageError("export-go: a scenario file given as '': empty value (give a path, or leave it out)");
    } else if (arg[0] == '-') {
      throw UsageError("export-go: unknown option " + arg + " (see gcmatrix export-go --help)");
    } else if (a.scenario.empty()) {
      a.scenario = arg;
    } else {
      throw UsageError("export-go: one scenario file at a time (got " + a.scenario + " and " + arg + ")");
    }
  }
  if (!a.help && a.scenario.empty()) throw UsageError("export-go: no scenario file (usage: gcmatrix export-go SCENARIO.yaml -o DIR)");
  if (!a.help && a.out.empty()) throw UsageError("export-go: no output folder (-o DIR)");
  return a;
}

}  // namespace

std::string export_go_help() {
  return "Usage: gcmatrix export-go SCENARIO.yaml -o DIR [--go 1.N]\n\n"
         "Writes DIR/go.mod and DIR/scenario_test.go: the scenario as a Go test package (standard library\n"
         "only) that prints each observation as `GCMATRIX observe <name>=<value>`; checks are t.Errorf\n"
         "assertions. Run it with `cd DIR && go test -v .`.\n\n"
         "  -o, --out DIR  the module's folder (created when missing); go.mod and scenario_test.go there are\n"
         "                 replaced if they are regular files, refused if links, folders or FIFOs\n"
         "  --go 1.N       go.mod's version when the scenario has no `go:` key (default 1." +
         std::to_string(scenario::kDefaultGoMinor) +
         ", or 1.24 when it uses\n"
         "                 add_cleanup or t.Context, which refuse a lower --go); it decides loop-variable\n"
         "                 semantics (O5)\n\n"
         "Exit codes: 0 written; 2 usage, a scenario error or one Go cannot express; 3 internal error.\n";
}

int export_go_main(int argc, char** argv) {
  try {
    const ExportArgs a = parse_export_args(argc, argv);
    if (a.help) {
      std::cout << export_go_help();
      return kExitOk;
    }
    const scenario::Scenario s = scenario::load_scenario_file(a.scenario);
    const scenario::GoModule m = scenario::export_go(s, scenario::ExportOptions{a.go_minor});
    write_module(m, a.out, a.scenario);
    std::cout << "exported " << s.name << " to " << input::escape_for_terminal(a.out) << " (go.mod: go 1." << m.go_minor << "; go.mod, scenario_test.go)\n";
    return kExitOk;
  } catch (const UsageError& e) {
    std::cerr << "gcmatrix " << input::escape_for_terminal(e.what()) << "\n";
    return kExitUsage;
  } catch (const policy::ProfileError& e) {
    std::cerr << "gcmatrix export-go: " << e.what() << "\n";
    return kExitUsage;
  } catch (const scenario::ExportError& e) {
    std::cerr << "gcmatrix export-go: " << e.what() << "\n";
    return kExitUsage;
  } catch (const report::OutputError& e) {
    std::cerr << "gcmatrix export-go: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "gcmatrix export-go: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace gcm::cli
