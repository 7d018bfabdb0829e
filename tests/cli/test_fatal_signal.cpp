// test_fatal_signal.cpp — the crash-signal line and the handler, in forked
// children that really fault (fatal_signal.hpp).
#define BOOST_TEST_MODULE cli_fatal_signal
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "cli/fatal_signal.hpp"

namespace {

std::string line_of(int signo, long sender, std::uintptr_t address) {
  char buffer[600];
  return std::string(gcm::cli::format_fatal_signal_line(buffer, sizeof buffer, signo, sender, address));
}

struct Child {
  int status = 0;
  std::string err;
};

// Runs `body` in a child whose stderr is a pipe; returns its wait status and
// stderr. The executable runs with --catch_system_errors=no (CMakeLists.txt):
// the child starts with the dispositions gcmatrix has before its first case,
// no Boost.Test handler among them (a sanitizer's may be).
template <class Body>
Child run_child(Body body) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    body();
    ::_exit(0);
  }
  ::close(fds[1]);
  Child c;
  char chunk[512];
  for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) c.err.append(chunk, static_cast<std::size_t>(n));
  ::close(fds[0]);
  BOOST_REQUIRE(::waitpid(pid, &c.status, 0) == pid);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(line_names_the_case_the_signal_and_its_origin) {
  gcm::cli::fatal_signal_case_started("go1.22/goroutine-leak");
  BOOST_TEST(line_of(SIGILL, 4711, 0) ==
             "gcmatrix: internal error: go1.22/goroutine-leak did not finish: signal SIGILL (sent by pid 4711); the run "
             "stopped there, the files written so far hold the cases finished before it (exit 3)\n");
  BOOST_TEST(line_of(SIGSEGV, -1, 0x7f00dead0) ==
             "gcmatrix: internal error: go1.22/goroutine-leak did not finish: signal SIGSEGV (a fault at 0x7f00dead0); "
             "the run stopped there, the files written so far hold the cases finished before it (exit 3)\n");
  BOOST_TEST(line_of(SIGABRT, ::getpid(), 0).find("signal SIGABRT (raised by gcmatrix itself: an abort);") != std::string::npos);
  gcm::cli::fatal_signal_case_finished();
  BOOST_TEST(line_of(SIGBUS, -1, 0) ==
             "gcmatrix: internal error: signal SIGBUS (a fault at 0x0) outside any case; the run stopped there, the files "
             "written so far hold the cases finished before it (exit 3)\n");
}

BOOST_AUTO_TEST_CASE(case_names_are_escaped_and_bounded_and_the_line_always_ends) {
  gcm::cli::fatal_signal_case_started(std::string("p/w\x1b[2J\n"));
  BOOST_TEST(line_of(SIGILL, 1, 0).find("p/w\\x1b[2J\\x0a did not finish") != std::string::npos);
  gcm::cli::fatal_signal_case_started(std::string(5000, 'x'));
  const std::string long_line = line_of(SIGILL, 1, 0);
  BOOST_TEST(long_line.find(std::string(400, 'x') + " did not finish") != std::string::npos);
  BOOST_TEST(long_line.find(std::string(401, 'x')) == std::string::npos);
  char small[40];
  const std::string_view cut = gcm::cli::format_fatal_signal_line(small, sizeof small, SIGILL, 1, 0);
  BOOST_TEST(cut.size() <= sizeof small);
  BOOST_TEST(cut.back() == '\n');
  gcm::cli::fatal_signal_case_finished();
}

BOOST_AUTO_TEST_CASE(a_real_fault_in_a_case_exits_3_with_the_line) {
  // __builtin_trap: ud2, a SIGILL fault (si_code ILL_ILLOPN), which no sanitizer owns.
  const Child c = run_child([] {
    gcm::cli::install_fatal_signal_handlers();
    gcm::cli::fatal_signal_case_started("go1.22/trap");
    __builtin_trap();
  });
  BOOST_TEST_REQUIRE(WIFEXITED(c.status));
  BOOST_TEST(WEXITSTATUS(c.status) == 3);
  BOOST_TEST(c.err.rfind("gcmatrix: internal error: go1.22/trap did not finish: signal SIGILL (a fault at 0x", 0) == 0, c.err);
}

BOOST_AUTO_TEST_CASE(a_stack_overflow_still_reports_on_the_alternate_stack) {
  // SIGSEGV on the guard page: the handler needs a stack of its own. Under
  // AddressSanitizer SIGSEGV is its own (left alone): then its report, not ours.
  const Child c = run_child([] {
    gcm::cli::install_fatal_signal_handlers();
    gcm::cli::fatal_signal_case_started("go1.22/deep");
    struct Recurse {
      static int down(int n) {
        volatile char pad[4096];
        pad[0] = static_cast<char>(n);
        return n > (1 << 30) ? 0 : down(n + 1) + pad[0];  // never reached: the guard page first
      }
    };
    Recurse::down(0);
  });
  if (c.err.find("AddressSanitizer") != std::string::npos) {
    const bool failed = !WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0;
    BOOST_TEST(failed);
    return;
  }
  BOOST_TEST_REQUIRE(WIFEXITED(c.status), c.err);
  BOOST_TEST(WEXITSTATUS(c.status) == 3);
  BOOST_TEST(c.err.rfind("gcmatrix: internal error: go1.22/deep did not finish: signal SIGSEGV (a fault at 0x", 0) == 0, c.err);
}

BOOST_AUTO_TEST_CASE(a_handler_already_installed_is_left_alone) {
  const Child c = run_child([] {
    struct sigaction mine {};
    mine.sa_handler = [](int) { ::_exit(42); };
    ::sigaction(SIGILL, &mine, nullptr);
    gcm::cli::install_fatal_signal_handlers();
    ::raise(SIGILL);
  });
  BOOST_TEST_REQUIRE(WIFEXITED(c.status));
  BOOST_TEST(WEXITSTATUS(c.status) == 42);
}
