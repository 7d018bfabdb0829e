// output_paths.hpp — the checks every output path passes before any work, and
// the --out folder taken, shared by a run (outputs.cpp) and `gcmatrix merge`
// (merge.cpp), so both refuse the same paths with the same words.
// Main entries: lock_out_folder(), check_output_file().
//
// Errors are report::OutputError (exit 2), one line starting with the
// option that chose the path ("--junit: cannot write P: it is a symbolic
// link ..."); the binary's entry point prefixes "gcmatrix: " or
// "gcmatrix merge: ".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/out_dir.hpp"

namespace gcm::cli {

// An existing directory (a symbolic link to one is fine: only files are
// never replaced through links), or created with its parents. `what` names
// the option ("--out", "--trace-dir").
void ensure_folder(const std::string& dir, std::string_view what);

// --out DIR: the folder exists or is created, then is locked (out_dir.hpp):
// a concurrent gcmatrix into it is named before any other path is probed.
report::OutDir lock_out_folder(const std::string& dir);

// `path` can be written as an output (report::check_output_path) and is not
// the --out folder's own manifest or lock (`out_dir`: the locked folder, or
// null without --out).
void check_output_file(const std::string& path, std::string_view what, const report::OutDir* out_dir);

// Outputs and inputs as (path, the option that named it). Throws OutputError
// when an output is one of the inputs (the same file, however named: by
// device and inode when it exists, else by its canonical path), or two
// outputs name one file: "--junit: cannot write s.yaml: it is an input of
// this run (--scenario)", "--table: cannot write x.json: --json writes it
// too". Checked before any case runs; --update-expectations, which
// rewrites the expectations it read, is not passed as an output here.
void check_outputs_distinct(const std::vector<std::pair<std::string, std::string>>& outputs,
                            const std::vector<std::pair<std::string, std::string>>& inputs);

// The table's format follows from its extension (report/table_format.hpp).
void check_table_extension(const std::string& path, std::string_view what);

// The paths of `paths` that lie inside the folder, relative to it, in order,
// empty ones skipped: what the manifest lists before they are written.
std::vector<std::string> files_inside(const report::OutDir& dir, const std::vector<std::string>& paths);

}  // namespace gcm::cli
