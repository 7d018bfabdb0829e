// goroutine.hpp — one emulated goroutine: a stackful fiber (Boost.Context)
// plus what the scheduler needs to park and wake it.
#pragma once

#include <boost/context/fiber.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/object.hpp"

namespace gcm::rt {

class Chan;
struct TeardownTarget;  // teardown_unwind.hpp
class RootSet;

enum class GStatus : std::uint8_t {
  runnable,  // in the run queue
  running,   // the one goroutine on the (single) emulated P
  waiting,   // parked on a channel, WaitGroup, mutex, select, or the finalizer queue
  sleeping,  // parked with a timer only (time.Sleep)
  dead,
};

// A Go panic travelling up a goroutine's stack (C++ exception inside the fiber).
struct GoPanic : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// runtime.Goexit: unwinds the goroutine, running its deferred calls (destructors).
struct GoExit {};

struct Goroutine {
  std::uint32_t id;
  std::string label;         // where it was started ("TestX/worker")
  std::uint32_t parent_id;
  bool system;               // the finalizer goroutine: not in deadlock checks or leak census
  GStatus status = GStatus::runnable;
  std::string wait_reason;   // Go's waitReason strings: "chan receive", "sleep", "select", …
  boost::context::fiber fiber;
  std::function<void()> body;
  std::vector<RootSet*> frames;  // its stack frames, innermost last

  // Park/wake hand-off (channels, select, timers).
  std::int64_t wake_ns = -1;         // timer, -1 = none
  std::uint64_t timer_seq = 0;
  std::vector<Chan*> waiting_on;     // channels whose recvq/sendq hold this goroutine
  int selected = -1;                 // select: index of the case that fired, -1 = timer
  Object* handoff = nullptr;         // value received / value to send
  bool handoff_ok = false;           // false: channel closed

  std::int64_t scheduled_ns = 0;     // virtual time it last started running (preemption)
  // PCT priority (higher runs first), written by Scheduler::spawn/demote/promote only.
  std::int64_t priority = 0;
  // The P it runs on, 0 … gomaxprocs-1 (tiny blocks are per P); written by
  // Scheduler::spawn (creator's P: proc.go newproc → runqput(pp, newg, true))
  // and Scheduler::promote (the finalizer goroutine, taken by an idle P).
  std::uint32_t p = 0;
  // Its slot in the scheduler's RunQueue while runnable (run_queue.hpp), else kNoRunSlot.
  static constexpr std::size_t kNoRunSlot = SIZE_MAX;
  std::size_t run_slot = kNoRunSlot;

  bool panicked = false;
  std::string panic_message;
  // Set by its entry frame while its body runs: where a teardown unwind
  // stops (teardown_unwind.hpp). nullptr before it is entered and after it ends.
  TeardownTarget* teardown = nullptr;
};

}  // namespace gcm::rt
