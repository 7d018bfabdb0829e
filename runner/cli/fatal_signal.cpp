// fatal_signal.cpp — see fatal_signal.hpp. Everything the handler runs is
// async-signal-safe (POSIX.1-2017 2.4.3): write(2), getpid(2), _exit(2), and
// formatting into a buffer on its own stack; no heap, no locks, no stdio.
#include "cli/fatal_signal.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstdint>

#include "cli/options.hpp"  // kExitInternal

namespace gcm::cli {
namespace {

constexpr std::size_t kCaseNameMax = 400;  // bytes kept of a case's name (escaped)
char g_case_name[kCaseNameMax + 1] = {};
volatile std::sig_atomic_t g_in_case = 0;
bool g_installed = false;

// The alternate stack: SIGSEGV from a stack overflow (a goroutine's fiber
// stack or the main one) needs a stack to run its handler on. Static, so
// installing allocates nothing that a leak check would report.
alignas(16) char g_alt_stack[64 * 1024];

constexpr int kSignals[] = {SIGSEGV, SIGILL, SIGBUS, SIGFPE, SIGABRT, SIGPOLL};

const char* signal_name(int signo) noexcept {
  switch (signo) {
    case SIGSEGV: return "SIGSEGV";
    case SIGILL: return "SIGILL";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGPOLL: return "SIGPOLL";
    default: return "a signal";
  }
}

// Appends to a fixed buffer, dropping what does not fit (the line's end is
// kept: the last bytes are reserved for it by the caller).
struct LineBuffer {
  char* data;
  std::size_t size;
  std::size_t used = 0;

  void put(const char* s) noexcept {
    while (*s != '\0' && used < size) data[used++] = *s++;
  }
  void put_hex(std::uintptr_t v) noexcept {
    static constexpr char kHex[] = "0123456789abcdef";
    put("0x");
    int shift = static_cast<int>(sizeof v * 8) - 4;
    while (shift > 0 && ((v >> shift) & 15) == 0) shift -= 4;
    for (; shift >= 0 && used < size; shift -= 4) data[used++] = kHex[(v >> shift) & 15];
  }
  void put_number(long v) noexcept {
    char digits[24];
    std::size_t n = 0;
    unsigned long u = v < 0 ? 0UL - static_cast<unsigned long>(v) : static_cast<unsigned long>(v);
    do {
      digits[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0 && n < sizeof digits);
    if (v < 0 && used < size) data[used++] = '-';
    while (n != 0 && used < size) data[used++] = digits[--n];
  }
};

void on_fatal_signal(int signo, siginfo_t* info, void* /*context*/) {
  char buffer[kCaseNameMax + 256];
  // si_code <= 0 (SI_USER, SI_QUEUE, SI_TKILL): sent by a process, not a fault.
  const long sender = info != nullptr && info->si_code <= 0 ? static_cast<long>(info->si_pid) : -1;
  const auto address = info != nullptr && sender < 0 ? reinterpret_cast<std::uintptr_t>(info->si_addr) : 0;
  const std::string_view line = format_fatal_signal_line(buffer, sizeof buffer, signo, sender, address);
  const char* p = line.data();
  std::size_t left = line.size();
  while (left != 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) break;  // EINTR cannot happen here (the signal is blocked while handled); give up otherwise
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::_exit(kExitInternal);
}

}  // namespace

std::string_view format_fatal_signal_line(char* buffer, std::size_t size, int signo, long sender_pid,
                                          std::uintptr_t fault_address) noexcept {
  constexpr std::size_t kTailReserve = 2;  // "…" is not needed; the newline always fits
  LineBuffer out{buffer, size > kTailReserve ? size - kTailReserve : 0};
  out.put("gcmatrix: internal error: ");
  std::atomic_signal_fence(std::memory_order_acquire);
  if (g_in_case != 0) {
    out.put(g_case_name);
    out.put(" did not finish: signal ");
  } else {
    out.put("signal ");
  }
  out.put(signal_name(signo));
  if (sender_pid < 0) {
    out.put(" (a fault at ");
    out.put_hex(fault_address);
    out.put(")");
  } else if (sender_pid == static_cast<long>(::getpid())) {
    out.put(" (raised by gcmatrix itself: an abort)");
  } else {
    out.put(" (sent by pid ");
    out.put_number(sender_pid);
    out.put(")");
  }
  if (g_in_case == 0) out.put(" outside any case");
  out.put("; the run stopped there, the files written so far hold the cases finished before it (exit 3)");
  if (size != 0) buffer[out.used++] = '\n';
  return {buffer, out.used};
}

void fatal_signal_case_started(std::string_view full_name) noexcept {
  // Escaped as the terminal would want it (input/escape.hpp's rule, by hand:
  // no allocation here either): control bytes as \xNN.
  static constexpr char kHex[] = "0123456789abcdef";
  g_in_case = 0;
  std::atomic_signal_fence(std::memory_order_release);
  std::size_t n = 0;
  for (const char ch : full_name) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7f) {
      if (n + 4 > kCaseNameMax) break;
      g_case_name[n++] = '\\';
      g_case_name[n++] = 'x';
      g_case_name[n++] = kHex[u >> 4];
      g_case_name[n++] = kHex[u & 15];
    } else {
      if (n + 1 > kCaseNameMax) break;
      g_case_name[n++] = ch;
    }
  }
  g_case_name[n] = '\0';
  std::atomic_signal_fence(std::memory_order_release);
  g_in_case = 1;
}

void fatal_signal_case_finished() noexcept { g_in_case = 0; }

void install_fatal_signal_handlers() {
  if (g_installed) return;
  g_installed = true;
  stack_t alt{};
  alt.ss_sp = g_alt_stack;
  alt.ss_size = sizeof g_alt_stack;
  stack_t old_alt{};
  // Someone else's alternate stack (a sanitizer's) stays.
  if (::sigaltstack(nullptr, &old_alt) == 0 && (old_alt.ss_flags & SS_DISABLE) != 0) ::sigaltstack(&alt, nullptr);
  for (const int signo : kSignals) {
    struct sigaction current {};
    if (::sigaction(signo, nullptr, &current) != 0) continue;
    const bool handled = (current.sa_flags & SA_SIGINFO) != 0 ? current.sa_sigaction != nullptr
                                                               : current.sa_handler != SIG_DFL;
    if (handled) continue;  // a sanitizer's, or ignored on purpose: not ours to replace
    struct sigaction action {};
    action.sa_sigaction = &on_fatal_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&action.sa_mask);  // nothing else runs on top of the report
    ::sigaction(signo, &action, nullptr);
  }
}

}  // namespace gcm::cli
