// fatal_signal.hpp — a crash signal ends the run at once, exit 3, the case
// named. Main entries: install_fatal_signal_handlers(), FatalSignalCase.
//
// Why not Boost.Test's own handling: its execution monitor leaves a case that
// took SIGSEGV, SIGILL, SIGBUS, SIGFPE or SIGABRT by siglongjmp from the signal
// handler and goes on with the next case. The signal can arrive anywhere —
// a `kill -ILL`, or a fault — including inside the allocator, whose lock the
// abandoned frame still holds: the next allocation then waits for ever. Seen:
// e2e.cli's signal test hung until ctest's 600 s timeout in CI (AddressSanitizer's
// allocator lock, 1 try in 8 here). Nothing after such a signal can be trusted
// to allocate, so the handler formats one line on its own stack, write(2)s it
// and _exit(3)s. What the run had written stays: the JUnit progress file
// holds the cases finished before its last rewrite (reporter_junit.hpp), and
// the --out manifest stays incomplete, as after a kill.
//
// Handlers are installed only where none is (Boost.Test's own rule,
// execution_monitor.ipp's signal_action): under AddressSanitizer, which owns
// SIGSEGV, SIGBUS and SIGFPE, those stay its reports. `--catch_system_errors=no`
// (Boost.Test's option: "let the signal kill the process", for a core dump)
// and `--auto_start_dbg=yes` install none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gcm::cli {

// Installs the handlers for SIGSEGV, SIGILL, SIGBUS, SIGFPE, SIGABRT and SIGPOLL
// (the signals Boost.Test 1.74 catches) that no one else handles, on an
// alternate stack (a goroutine's stack overflow still reports). Idempotent.
void install_fatal_signal_handlers();

// Which case a signal would end: set while a Boost.Test case runs. The name
// is copied into static storage (truncated past 400 bytes), so the handler reads
// no heap memory.
void fatal_signal_case_started(std::string_view full_name) noexcept;
void fatal_signal_case_finished() noexcept;

// The line the handler writes for `signo` (tests check it; the handler
// itself uses the same formatter on a stack buffer). `sender_pid` < 0: a fault
// (no sender) at `fault_address` (siginfo's si_addr: the data address of a
// SIGSEGV or SIGBUS, the instruction of a SIGILL or SIGFPE).
std::string_view format_fatal_signal_line(char* buffer, std::size_t size, int signo, long sender_pid,
                                          std::uintptr_t fault_address) noexcept;

}  // namespace gcm::cli
