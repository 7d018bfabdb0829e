// teardown_unwind.hpp — ends a parked goroutine at the end of a run by one
// single-phase forced unwind of its fiber stack, down to its entry frame.
// Main entries: TeardownTarget, unwind_to().
//
// Why: a goroutine still parked when its runtime ends (a leak: goroutine-leak
// leaves 10^5) must have its frames' destructors run, or the host memory they
// own leaks. Boost.Context does it by throwing forced_unwind, an ordinary C++
// exception: the unwinder walks every frame twice (phase 1 looks for the
// handler in boost's fiber entry, phase 2 runs the cleanups), about 4.4 µs
// per goroutine, 4.8 s of goroutine-leak's 18.8 s at 10^5 goroutines × 11
// profiles (measured 2026-12-02 with a timer around unwind_all; 3.3 s this
// way). Here the goroutine is resumed and unwinds itself with _Unwind_ForcedUnwind (the Itanium ABI's single-phase unwind,
// the one glibc's pthread_cancel uses): every frame's cleanups run once, and
// the stop function, on reaching the goroutine's entry frame, longjmps into
// it — as glibc's does into start_thread — so the entry returns normally and
// boost ends the fiber and returns its stack as for any goroutine that ends.
//
// What runs: every destructor between the parking point and the entry, in
// order, as with forced_unwind. What does not: typed catch clauses (a forced
// unwind matches none). A catch (...) would run and must rethrow, as under
// forced_unwind; goroutine bodies have none. A noexcept frame on the way
// would terminate, as under forced_unwind.
#pragma once

#include <unwind.h>

#include <csetjmp>
#include <cstdint>

namespace gcm::rt {

// Set up in the frame that runs a goroutine's body (Scheduler::run_unwindable),
// before the body runs: where the unwinding of that goroutine stops.
struct TeardownTarget {
  std::jmp_buf entry;                  // setjmp in the entry frame
  // The function whose frame holds the setjmp (noinline, noclone): the
  // unwinding stops at the first frame running it, told by the start of its
  // code (_Unwind_GetRegionStart). Not a stack address: the compiler inlines
  // and splits the entry lambda, so an address among its locals or its frame
  // address lay above frames that were still its own (their cleanups then ran
  // twice, which ASan's fiber-switch check caught).
  std::uintptr_t entry_function = 0;
  _Unwind_Exception exception{};       // lives as long as the unwinding: in the entry frame
};

// Unwinds the calling goroutine's stack up to `target`'s entry frame and
// resumes there (setjmp returns 1). Never returns; aborts if the unwinder
// fails (no stack to walk: an internal error).
[[noreturn]] void unwind_to(TeardownTarget& target);

}  // namespace gcm::rt
