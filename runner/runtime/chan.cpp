// chan.cpp — channels, select, WaitGroup, Mutex on the deterministic scheduler.
#include "runtime/chan.hpp"

#include <algorithm>
#include <vector>

#include "runtime/runtime.hpp"

namespace gcm::rt {

Chan::Chan(Runtime& rt, std::size_t capacity, std::string label)
    : rt_(rt), capacity_(capacity), label_(std::move(label)) {}

// A channel holds a root set only while values are in flight. Channels live
// as long as the runtime (every test's signal/release/done), so a set per
// channel made every GC and every retention snapshot walk one empty set per
// test ever started: 10,000 tests × runtime.GC each was quadratic (issue 16).
// An empty set marks nothing, so dropping it changes no mark and no event.
void Chan::sync_roots() {
  if (buffer_.empty() && sendq_.empty()) {
    if (roots_ != nullptr) rt_.drop_root_set(roots_);
    roots_ = nullptr;
    return;
  }
  if (roots_ == nullptr) roots_ = rt_.new_root_set(RootKind::channel, "chan " + label_);
  roots_->clear();
  for (Object* v : buffer_) roots_->push(v);
  for (Goroutine* s : sendq_) roots_->push(s->handoff);
}

void Chan::unlink(Goroutine* g) {
  std::erase(recvq_, g);
  std::erase(sendq_, g);
}

// Hands `value` to a parked receiver (plain receive or select) and wakes it.
// The value stays rooted in the runtime's in-flight set until it resumes.
void Chan::deliver(Goroutine* receiver, Object* value, bool ok) {
  auto& cases = receiver->waiting_on;
  receiver->selected = static_cast<int>(std::find(cases.begin(), cases.end(), this) - cases.begin());
  receiver->handoff = value;
  receiver->handoff_ok = ok;
  // Every caller has popped the receiver off this channel's queue already;
  // scanning it again made close() of a channel with n parked receivers
  // O(n^2) (issue 16: goroutine-leak's remedy at 10^5 goroutines). Only a
  // select naming this channel twice has another entry here.
  const bool twice = std::count(cases.begin(), cases.end(), this) > 1;
  for (Chan* c : cases)
    if (c != this || twice) c->unlink(receiver);
  cases.clear();
  rt_.inflight().push(value);
  rt_.scheduler().ready(receiver);
}

void Chan::send(Object* value) {
  rt_.charge(rt_.options().cost.op_ns);
  if (closed_) throw GoPanic("send on closed channel");
  if (!recvq_.empty()) {
    Goroutine* r = recvq_.front();
    recvq_.pop_front();
    deliver(r, value, true);
    return;
  }
  if (buffer_.size() < capacity_) {
    buffer_.push_back(value);
    sync_roots();
    return;
  }
  Goroutine* g = rt_.scheduler().current();
  g->handoff = value;
  g->handoff_ok = true;
  sendq_.push_back(g);
  sync_roots();
  rt_.scheduler().park("chan send");
  if (!g->handoff_ok) throw GoPanic("send on closed channel");
}

bool Chan::try_recv(Object** out, bool* ok) {
  if (!buffer_.empty()) {
    *out = buffer_.front();
    buffer_.pop_front();
    if (!sendq_.empty()) {  // a parked sender's value moves into the buffer
      Goroutine* s = sendq_.front();
      sendq_.pop_front();
      buffer_.push_back(s->handoff);
      rt_.scheduler().ready(s);
    }
    sync_roots();
    *ok = true;
    return true;
  }
  if (!sendq_.empty()) {  // unbuffered: take straight from the sender
    Goroutine* s = sendq_.front();
    sendq_.pop_front();
    *out = s->handoff;
    sync_roots();
    rt_.scheduler().ready(s);
    *ok = true;
    return true;
  }
  if (closed_) {
    *out = nullptr;
    *ok = false;
    return true;
  }
  return false;
}

Object* Chan::recv(bool* ok) {
  Chan* self = this;
  Object* v = nullptr;
  const int taken = select_recv(rt_, std::span<Chan* const>(&self, 1), -1, &v);
  if (ok != nullptr) *ok = taken == 0 && rt_.scheduler().current()->handoff_ok;
  return v;
}

void Chan::close() {
  if (closed_) throw GoPanic("close of closed channel");
  closed_ = true;
  while (!recvq_.empty()) {
    Goroutine* r = recvq_.front();
    recvq_.pop_front();
    deliver(r, nullptr, false);
  }
  while (!sendq_.empty()) {  // parked senders panic when they resume
    Goroutine* s = sendq_.front();
    sendq_.pop_front();
    s->handoff_ok = false;
    rt_.scheduler().ready(s);
  }
  sync_roots();
}

int select_recv(Runtime& rt, std::span<Chan* const> cases, std::int64_t timeout_ns, Object** out) {
  rt.charge(rt.options().cost.op_ns);
  Goroutine* g = rt.scheduler().current();
  // Ready cases first; runtime/selectgo polls them in a random order.
  std::vector<int> ready;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Chan* c = cases[i];
    if (!c->buffer_.empty() || !c->sendq_.empty() || c->closed_) ready.push_back(static_cast<int>(i));
  }
  if (!ready.empty()) {
    const int pick = ready[rt.prng().below(ready.size())];
    bool ok = false;
    cases[pick]->try_recv(out, &ok);
    g->handoff_ok = ok;
    return pick;
  }
  if (timeout_ns == 0) return -1;  // select with default
  g->waiting_on.assign(cases.begin(), cases.end());
  g->selected = -1;
  g->handoff = nullptr;
  for (Chan* c : cases) c->recvq_.push_back(g);
  if (timeout_ns > 0)
    rt.scheduler().sleep_until(rt.now_ns() + timeout_ns, cases.size() == 1 ? "chan receive" : "select");
  else
    rt.scheduler().park(cases.size() == 1 ? "chan receive" : "select");
  if (g->selected < 0) return -1;  // timer: on_timer_wake unlinked us
  *out = g->handoff;
  rt.inflight().remove_one(g->handoff);
  return g->selected;
}

void WaitGroup::add(std::int64_t delta) {
  counter_ += delta;
  if (counter_ < 0) throw GoPanic("sync: negative WaitGroup counter");
  if (counter_ != 0) return;
  while (!waiters_.empty()) {
    rt_.scheduler().ready(waiters_.front());
    waiters_.pop_front();
  }
}

void WaitGroup::wait() {
  rt_.charge(rt_.options().cost.op_ns);
  if (counter_ == 0) return;
  waiters_.push_back(rt_.scheduler().current());
  rt_.scheduler().park("sync.WaitGroup.Wait");
}

void Mutex::lock() {
  rt_.charge(rt_.options().cost.op_ns);
  if (!locked_) {
    locked_ = true;
    return;
  }
  waiters_.push_back(rt_.scheduler().current());
  rt_.scheduler().park("sync.Mutex.Lock");  // ownership is handed over by unlock
}

void Mutex::unlock() {
  if (!locked_) throw GoPanic("fatal error: sync: unlock of unlocked mutex");
  if (waiters_.empty()) {
    locked_ = false;
    return;
  }
  Goroutine* next = waiters_.front();
  waiters_.pop_front();
  rt_.scheduler().ready(next);
}

}  // namespace gcm::rt
