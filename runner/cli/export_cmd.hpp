// export_cmd.hpp — `gcmatrix export-go SCENARIO.yaml -o DIR [--go 1.N]`: the
// scenario as a Go module (scenario/export_go.hpp). Main entry: export_go_main().
#pragma once

#include <string>

namespace gcm::cli {

int export_go_main(int argc, char** argv);  // argv[0] == "export-go"
std::string export_go_help();

}  // namespace gcm::cli
