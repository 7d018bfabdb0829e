// teardown_unwind.cpp — _Unwind_ForcedUnwind with a stop function that
// longjmps into the goroutine's entry frame.
#include "runtime/teardown_unwind.hpp"

#include <cstdio>
#include <cstdlib>

namespace gcm::rt {
namespace {

// "GCM\0TDWN": not a C++ exception class, so no typed catch matches it.
constexpr _Unwind_Exception_Class kTeardownClass = 0x47434d005444574eull;

// Called before each frame's cleanups. The first frame running the entry
// function is where the setjmp is: the frames below it are unwound, so jump
// into it, before any cleanup of its own runs.
_Unwind_Reason_Code stop_at_entry(int, _Unwind_Action actions, _Unwind_Exception_Class, _Unwind_Exception*,
                                  _Unwind_Context* context, void* param) {
  auto* target = static_cast<TeardownTarget*>(param);
  if ((actions & _UA_END_OF_STACK) != 0 || _Unwind_GetRegionStart(context) == target->entry_function)
    std::longjmp(target->entry, 1);
  return _URC_NO_REASON;
}

void no_cleanup(_Unwind_Reason_Code, _Unwind_Exception*) {}

}  // namespace

void unwind_to(TeardownTarget& target) {
  target.exception = {};
  target.exception.exception_class = kTeardownClass;
  target.exception.exception_cleanup = &no_cleanup;
  const _Unwind_Reason_Code rc = _Unwind_ForcedUnwind(&target.exception, &stop_at_entry, &target);
  std::fprintf(stderr, "gcmatrix: internal error: a goroutine's teardown unwind failed (reason %d)\n", static_cast<int>(rc));
  std::abort();
}

}  // namespace gcm::rt
