// export_go.hpp — the real-Go backend of a scenario: a self-contained Go module
// (go.mod, scenario_test.go; standard library only) whose tests perform the
// scenario's steps and print each observation as `GCMATRIX observe name=value`
// in the emulation's canonical form (value.hpp). Checks become t.Errorf
// assertions; `at: cleanup` checks become t.Cleanup wrappers bound to their
// test (the article's §4.4 generator, A23). Main entry: export_go() (cli/export_cmd.cpp
// writes the files, as every output).
//
// The Go text comes from four places: the support code (export_go_support.cpp:
// observations, records, finalizers, test ends), the persistent hash trie
// (export_go_trie.cpp), the scenario's tests (export_go_steps.cpp) and its
// observations and checks (export_go_checks.cpp).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "scenario/spec.hpp"

namespace gcm::scenario {

// A scenario the export cannot express in Go (one line, naming the key).
class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExportOptions {
  // go.mod's version when the scenario has no `go:` key. Unset: kDefaultGoMinor,
  // raised to 1.24 when the scenario needs runtime.AddCleanup or t.Context;
  // set below that, refused (ExportError), as a `go:` key below it is.
  std::optional<int> default_go_minor;
};

// go 1.21: every installed toolchain (1.19 too) builds it, and loop variables
// stay shared per loop as in every Go the article describes (A9; O5 needs 1.22).
inline constexpr int kDefaultGoMinor = 21;

struct GoModule {
  int go_minor = kDefaultGoMinor;  // go.mod's `go 1.N`
  std::string go_mod;
  std::string test_go;             // scenario_test.go
};

GoModule export_go(const Scenario& s, const ExportOptions& options);

// Pieces shared by the export's files.
namespace go {
std::string quote(const std::string& text);           // a Go interpreted string literal
// Text for a `//` comment line: no line break, control byte, invalid UTF-8 or
// byte order mark left (\xNN, \ufeff), so it cannot end the comment or make
// the file one go/scanner refuses.
std::string comment_text(std::string_view text);
std::string ident(const std::string& variable);       // a scenario variable as a Go identifier
std::string duration(std::int64_t ns);                // 10 * time.Millisecond
const char* support_code();                           // the gcm* helpers
const char* trie_code();                              // NewMap, Map.Set, xxh3
const char* add_cleanup_code();                       // gcmAddCleanup (Go 1.24+)
std::string observation_read(const Observe& o, bool at_end);  // a Go expression of type gcmValue
std::string package_observations(const Scenario& s);  // func gcmPackageObservations
std::string check_call(const Check& c, const std::string& reading);  // gcmEquals(t, …)
std::string checks_test(const Scenario& s);           // func TestScenarioChecks
std::string tests(const Scenario& s);                 // every test function
}  // namespace go

}  // namespace gcm::scenario
