// chan.hpp — channels, select, sync.WaitGroup and sync.Mutex for emulated
// goroutines. Main entries: Chan::send(), Chan::recv(), select_recv().
//
// Semantics follow runtime/chan.go and runtime/select.go for what a test can
// observe: a buffered channel blocks senders when full; an unbuffered send
// waits for a receiver; close wakes every receiver with (nil, false); receive
// order is FIFO; select picks uniformly (seeded) among ready cases.
// Values in flight are GC roots (RootKind::channel).
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>

#include "runtime/goroutine.hpp"
#include "runtime/object.hpp"

namespace gcm::rt {

class Runtime;
class RootSet;

class Chan {
 public:
  Chan(Runtime& rt, std::size_t capacity, std::string label);

  void send(Object* value);                 // blocks; panics on a closed channel
  Object* recv(bool* ok = nullptr);         // blocks; (nil, false) once closed and drained
  bool try_recv(Object** out, bool* ok);    // non-blocking: true if a case was ready
  void close();                             // panics if already closed
  std::size_t len() const noexcept { return buffer_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }
  bool closed() const noexcept { return closed_; }
  const std::string& label() const noexcept { return label_; }
  // A parked select woken by its timer leaves this channel's queues.
  void cancel_wait(Goroutine* g) { unlink(g); }

 private:
  friend int select_recv(Runtime& rt, std::span<Chan* const> cases, std::int64_t timeout_ns, Object** out);
  void unlink(Goroutine* g);
  void deliver(Goroutine* receiver, Object* value, bool ok);
  void sync_roots();

  Runtime& rt_;
  std::size_t capacity_;
  std::string label_;
  bool closed_ = false;
  std::deque<Object*> buffer_;
  std::deque<Goroutine*> recvq_;  // parked receivers (incl. selects)
  std::deque<Goroutine*> sendq_;  // parked senders; their value is g->handoff
  RootSet* roots_ = nullptr;      // buffer_ and parked senders' values; none while both are empty
};

// select { case v := <-cases[0]: … case <-cases[n-1]: … case <-time.After(timeout): }
// Returns the index of the case taken, or -1 for the timeout (timeout_ns < 0: none).
int select_recv(Runtime& rt, std::span<Chan* const> cases, std::int64_t timeout_ns, Object** out);

class WaitGroup {
 public:
  explicit WaitGroup(Runtime& rt) : rt_(rt) {}
  void add(std::int64_t delta);  // panics on a negative counter ("sync: negative WaitGroup counter")
  void done() { add(-1); }
  void wait();
  std::int64_t counter() const noexcept { return counter_; }

 private:
  Runtime& rt_;
  std::int64_t counter_ = 0;
  std::deque<Goroutine*> waiters_;
};

class Mutex {
 public:
  explicit Mutex(Runtime& rt) : rt_(rt) {}
  void lock();
  void unlock();  // "fatal error: sync: unlock of unlocked mutex"
  bool locked() const noexcept { return locked_; }

 private:
  Runtime& rt_;
  bool locked_ = false;
  std::deque<Goroutine*> waiters_;  // FIFO hand-off
};

}  // namespace gcm::rt
