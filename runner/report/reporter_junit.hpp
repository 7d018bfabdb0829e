// reporter_junit.hpp — the two JUnit outputs as reporters. Main entries:
// make_junit_reporter(), make_junit_go_reporter().
#pragma once

#include <filesystem>
#include <memory>

#include "report/reporter.hpp"

namespace gcm::report {

// junit.xml (junit_writer.hpp), the gate. While the run is in progress the
// file is rewritten atomically (not fsynced) after a case when RewritePacer
// says so — after every case while the file is small, then spaced so
// rewriting stays under 10 % of the wall time — so a crash or a kill loses
// only the cases since the last rewrite. Each progress version carries one
// error testcase (JunitDocument::render_in_progress_to) that only the final
// write drops: a killed run's file never reads as a smaller green run. A progress write that fails (a full
// disk) stops the progress writes; the final write, synced, reports it. The
// rewrites render from a spill file in the output's folder, not from memory
// (spill_file.hpp). A character device (a tty, /dev/null, /dev/full) gets
// only the final write: a device cannot be replaced, so each rewrite would
// append one more whole document.
std::unique_ptr<Reporter> make_junit_reporter(std::filesystem::path path);

// junit-go.xml (junit_go_writer.hpp): the emulated Go tests, at the end.
std::unique_ptr<Reporter> make_junit_go_reporter(std::filesystem::path path);

}  // namespace gcm::report
