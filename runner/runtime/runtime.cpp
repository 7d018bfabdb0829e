// runtime.cpp — the Runtime facade: allocation and pacing, GC cycles and
// their events, finalizer goroutine, goroutine frames, leak census.
#include "runtime/runtime.hpp"

#include <cstring>
#include <stdexcept>

namespace gcm::rt {

namespace {
// The pacer's goal as an event field: -1 when there is none (GOGC=off and
// no memory limit, Pacer::kNoGoal).
std::int64_t heap_goal_or_none(const Pacer& pacer) {
  return pacer.heap_goal_bytes() == Pacer::kNoGoal ? -1 : static_cast<std::int64_t>(pacer.heap_goal_bytes());
}
}  // namespace

Runtime::Runtime(Options options)
    : options_(std::move(options)),
      prng_(options_.seed),
      pacer_(options_.gc),
      collector_(heap_, roots_, finalizers_, tiny_, options_.cost),
      sched_(prng_, clock_, events_, options_.cost, options_.sched, options_.seed),
      globals_(roots_.open(RootKind::global, "globals")),
      inflight_(roots_.open(RootKind::channel, "in-flight")) {
  auto owned = std::make_unique<Context>();
  background_ = owned.get();
  contexts_.push_back(std::move(owned));
  sched_.at_yield = [this] { collect_if_requested(); };
  sched_.at_body_end = [this](Goroutine* g) { release_goroutine_frames(g); };
  sched_.before_pick = [this] {
    if (finalizer_goroutine_wanted()) wake_finalizer_goroutine();
  };
  sched_.on_timer_wake = [](Goroutine* g) {
    // A select woken by its timeout leaves the channels it waited on.
    for (Chan* c : g->waiting_on) c->cancel_wait(g);
    g->waiting_on.clear();
  };
}

// Goroutines are unwound before the heap and tables they reference go away.
Runtime::~Runtime() { sched_.unwind_all(); }

// ---- heap -------------------------------------------------------------------

Object* Runtime::account(Object* o) {
  const std::uint64_t bytes = o->emulated_bytes();
  ++burst_objects_;
  burst_bytes_ += bytes;
  // Virtual cost: alloc_ns + KiB × alloc_kib_ns (zeroing). Virtual payloads
  // are not zeroed by anyone (the workload's "1 MiB buffer" is a model).
  const std::uint64_t zeroed = o->is(object_flag::virtual_payload) ? 0 : bytes;
  clock_.advance(options_.cost.alloc_ns + static_cast<std::int64_t>(zeroed / 1024) * options_.cost.alloc_kib_ns);
  if (every_n_allocations_ != 0 && ++allocs_since_hook_gc_ >= every_n_allocations_) {
    allocs_since_hook_gc_ = 0;
    if (gc_request_.empty()) {
      gc_request_ = "hook:every_n_allocations";
      gc_request_alloc_id_ = o->id;
    }
  }
  if (gc_request_.empty() && pacer_.should_start(heap_.heap_live_bytes(), clock_.now_ns())) {
    gc_request_ = pacer_.limit_driven(heap_.heap_live_bytes()) ? "memory_limit" : "pacer";
    gc_request_alloc_id_ = o->id;
  }
  return o;
}

Object* Runtime::alloc(std::uint8_t kind, std::uint16_t slot_count, std::uint32_t payload_bytes) {
  Object* o = heap_.allocate(kind, slot_count, payload_bytes);
  // runtime/malloc.go mallocgc: noscan && size < maxTinySize takes the tiny path.
  if (options_.gc.tiny_alloc_batching && slot_count == 0 && payload_bytes != 0 &&
      payload_bytes < options_.gc.tiny_block_bytes) {
    if (options_.gc.tiny_block_root) {
      const Goroutine* g = sched_.current();
      tiny_.place_on_p(o, options_.gc.tiny_block_bytes, g != nullptr ? g->p : 0);
    } else {
      tiny_.place(o, options_.gc.tiny_block_bytes);
    }
  }
  return account(o);
}

Object* Runtime::alloc_virtual(std::uint8_t kind, std::uint16_t slot_count, std::uint32_t payload_bytes) {
  return account(heap_.allocate(kind, slot_count, payload_bytes, /*virtual_payload=*/true));
}

Object* Runtime::alloc_buffer(std::uint64_t bytes) {
  if (bytes > 0xFFFFFFFFull) throw std::length_error("alloc_buffer: at most 4 GiB per object");
  return account(heap_.allocate(static_cast<std::uint8_t>(ObjectKind::buffer), 0,
                                static_cast<std::uint32_t>(bytes), /*virtual_payload=*/true));
}

Object* Runtime::new_string(std::string_view text) {
  Object* s = alloc(static_cast<std::uint8_t>(ObjectKind::string), 0, static_cast<std::uint32_t>(text.size()));
  if (!text.empty()) std::memcpy(s->payload(), text.data(), text.size());
  return s;
}

std::string_view Runtime::string_of(const Object* s) {
  if (s == nullptr || s->payload() == nullptr) return {};
  return {reinterpret_cast<const char*>(s->payload()), s->payload_bytes};
}

Object* Runtime::new_cell(Object* value) {
  Object* c = alloc(static_cast<std::uint8_t>(ObjectKind::cell), 1, 0);
  c->slot(0) = value;
  return c;
}

Object* Runtime::new_closure(std::string label, std::initializer_list<Object*> captures, ClosureFn fn) {
  return new_closure(std::move(label), std::span<Object* const>(captures.begin(), captures.size()), std::move(fn));
}

Object* Runtime::new_closure(std::string label, std::span<Object* const> captures, ClosureFn fn) {
  // Never a tiny object: Go's capture-free func values are static, and a
  // closure sharing a tiny block would keep its block mates alive.
  Object* c = account(heap_.allocate(static_cast<std::uint8_t>(ObjectKind::closure),
                                     static_cast<std::uint16_t>(captures.size()), 8));
  std::uint32_t i = 0;
  for (Object* o : captures) c->slot(i++) = o;
  closures_.emplace(c->id, ClosureInfo{std::move(fn), std::move(label)});
  return c;
}

void Runtime::call(Object* closure, Object* arg) {
  auto it = closures_.find(closure->id);
  if (it == closures_.end()) throw std::logic_error("call of a non-closure object");
  ClosureFn fn = it->second.fn;  // a copy: the call may allocate and rehash closures_
  fn(closure, arg);
}

const std::string& Runtime::closure_label(const Object* closure) const {
  static const std::string none;
  auto it = closures_.find(closure->id);
  return it == closures_.end() ? none : it->second.label;
}

// ---- roots ----------------------------------------------------------------------

RootSet* Runtime::open_frame(std::string label) {
  Goroutine* g = sched_.current();
  RootSet* f = roots_.open(RootKind::frame, std::move(label), g ? g->id : 0);
  if (g != nullptr) g->frames.push_back(f);
  return f;
}

void Runtime::release_frame(RootSet* frame, std::uint64_t cause_seq) {
  const std::uint32_t owner = frame->goid();
  emit(ev::FrameRelease{.slots = static_cast<std::int64_t>(frame->slots().size())}, frame->label(), cause_seq);
  if (Goroutine* g = sched_.find(owner)) std::erase(g->frames, frame);
  roots_.release(frame);
}

void Runtime::release_goroutine_frames(Goroutine* g) {
  while (!g->frames.empty()) {
    RootSet* f = g->frames.back();
    g->frames.pop_back();
    roots_.release(f);
  }
}

void Runtime::set_global(std::string_view name, Object* value) {
  globals_->set(name, value);
  emit(ev::GlobalSet{.object = value ? static_cast<std::int64_t>(value->id) : 0}, std::string(name));
}

RootSet* Runtime::new_root_set(RootKind kind, std::string label) { return roots_.open(kind, std::move(label)); }

std::uint64_t Runtime::roots_bytes() const noexcept {
  // Go counts stacks and globals as GC roots in the goal (1.18+). A goroutine
  // stack is at least 2 KiB (runtime/stack.go _StackMin); a root slot is a word.
  std::uint64_t live_goroutines = 0;
  for (const auto& g : sched_.goroutines()) live_goroutines += g->status != GStatus::dead;
  return roots_.root_slot_count() * 8 + live_goroutines * 2048;
}

// ---- GC -----------------------------------------------------------------------

void Runtime::collect_if_requested() {
  if (gc_request_.empty() || in_gc_) return;
  const std::string trigger = gc_request_;  // collect() clears the request
  collect(trigger, gc_request_alloc_id_);
  // The profile's every-N-allocations hook is a forced cycle too (its
  // gc_start subject says "hook:…"): who retains the heap is asked there.
  if (trigger.rfind("hook:", 0) == 0) snapshot_after_forced_gc(trigger);
}

void Runtime::safepoint() {
  collect_if_requested();
  // A goroutine that ran 10 ms is preempted here (Scheduler::preempt_due):
  // the emulated counterpart of Go's asynchronous preemption. The finalizer
  // goroutine counts as other work once before_pick would ready it.
  // The gate is asked only once a slice is used up: a window's one draw
  // (FinalizerGate) is then followed by the scheduling decision it is for.
  if (in_gc_) return;
  if (sched_.multi_p()) {
    scheduling_point();
    return;
  }
  if (!sched_.ran_a_slice()) return;
  if (sched_.preempt_due(finalizer_goroutine_wanted())) sched_.gosched();
}

void Runtime::scheduling_point() {
  if (sched_.current() == nullptr || in_gc_) return;
  if (finalizer_goroutine_wanted()) wake_finalizer_goroutine();
  // Go ≥ 1.14's 10 ms preemption (proc.go retake) still applies.
  if (sched_.preempt_due()) {
    sched_.gosched();
    return;
  }
  sched_.preempt_point();
}

void Runtime::wake_finalizer_goroutine() {
  fing_idle_ = false;
  sched_.ready(fing_);
  if (sched_.multi_p()) sched_.promote(fing_);
}

bool Runtime::finalizer_goroutine_wanted() const {
  return fing_ != nullptr && fing_idle_ && !finalizers_.queue_empty() && (!finalizer_gate || finalizer_gate());
}

GcCycleStats Runtime::gc(std::string trigger) {
  GcCycleStats st = collect(trigger, heap_.last_id());
  snapshot_after_forced_gc(std::move(trigger));
  // runtime.GC returns after sweep; the end of a cycle is a yield point, so
  // the finalizer goroutine (if now runnable) may run before the caller.
  if (sched_.current() != nullptr) sched_.gosched();
  return st;
}

void Runtime::snapshot_after_forced_gc(std::string trigger) {
  if (!options_.retention_snapshots) return;
  if (gc_snapshot_gate.admit && !gc_snapshot_gate.admit()) return;
  const std::size_t before = retention_.size();
  snapshot_retention(RetentionPoint::forced_gc, std::move(trigger));
  if (gc_snapshot_gate.charge)
    gc_snapshot_gate.charge(retention_.size() > before ? retention_.back().reachable_objects : 0);
}

void Runtime::snapshot_retention(RetentionPoint at, std::string subject) {
  if (!options_.retention_snapshots) return;
  if (retention_.size() >= kRetentionSnapshotsMax) {
    ++retention_dropped_;
    return;
  }
  // Called from inside goroutines (test end, the alarm): a failure here must
  // not become an emulated panic and change the run's events. It is kept and
  // reported as an internal error once the run is over (retention_error()).
  try {
    RetentionSnapshot snap = take_retention_snapshot(heap_, roots_, finalizers_);
    snap.at = at;
    snap.subject = std::move(subject);
    snap.vtime_ns = clock_.now_ns();
    retention_.push_back(std::move(snap));
  } catch (const std::exception& e) {
    if (retention_error_.empty()) retention_error_ = std::string(to_string(at)) + " " + subject + ": " + e.what();
  }
}

void Runtime::fire_hook(const std::string& name) {
  const bool armed = hook_armed(name);
  emit(ev::Hook{.armed = armed ? 1 : 0}, name);
  if (armed) gc("hook:" + name);
}

GcCycleStats Runtime::collect(const std::string& trigger, std::uint64_t trigger_alloc_id) {
  in_gc_ = true;
  flush_alloc_burst();
  const std::uint64_t start_seq =
      emit(ev::GcStart{.cycle = static_cast<std::int64_t>(collector_.cycles() + 1),
                       .heap_live_bytes = static_cast<std::int64_t>(heap_.heap_live_bytes()),
                       .heap_goal_bytes = heap_goal_or_none(pacer_),
                       .trigger_alloc_id = static_cast<std::int64_t>(trigger_alloc_id)},
           trigger);
  std::vector<QueuedCall> queued;
  const GcCycleStats st = collector_.collect(
      [this](Object* o) {
        if (o->kind == static_cast<std::uint8_t>(ObjectKind::closure)) closures_.erase(o->id);
      },
      queued, options_.verify_gc);
  clock_.advance(st.total_ns);
  gc_total_ns_ += st.total_ns;
  pacer_.end_cycle(st.live_after_bytes, roots_bytes(), clock_.now_ns(), st.total_ns);
  // The collector appended the new calls to the table's queue; number their events.
  std::vector<QueuedCall>& queue = finalizers_.queue();
  for (std::size_t i = queue.size() - queued.size(); i < queue.size(); ++i) {
    QueuedCall& q = queue[i];
    const bool fin = q.kind == QueuedCall::Kind::finalizer;
    const auto object = static_cast<std::int64_t>(q.object_id);
    q.queued_event_seq = fin ? emit(ev::FinalizerQueued{.object = object}, {}, start_seq)
                             : emit(ev::CleanupQueued{.object = object}, {}, start_seq);
  }
  emit(ev::GcEnd{.cycle = static_cast<std::int64_t>(st.cycle),
                 .marked_objects = static_cast<std::int64_t>(st.marked_objects),
                 .marked_bytes = static_cast<std::int64_t>(st.marked_bytes),
                 .freed_objects = static_cast<std::int64_t>(st.freed_objects),
                 .freed_bytes = static_cast<std::int64_t>(st.freed_bytes),
                 .heap_live_bytes = static_cast<std::int64_t>(st.live_after_bytes),
                 .heap_live_objects = static_cast<std::int64_t>(st.live_after_objects),
                 .heap_goal_bytes = heap_goal_or_none(pacer_),
                 .pause_ns = st.pause_ns,
                 .mark_ns = st.mark_ns,
                 .gc_ns = st.total_ns,
                 .gc_cpu_percent = pacer_.gc_cpu_percent(),
                 .limiter = pacer_.limiter_engaged() ? 1 : 0,
                 .finalizers_queued = static_cast<std::int64_t>(st.finalizers_queued),
                 .cleanups_queued = static_cast<std::int64_t>(st.cleanups_queued)},
       trigger, start_seq);
  if (options_.verify_gc)
    verify_problems_.insert(verify_problems_.end(), collector_.verify_problems().begin(),
                            collector_.verify_problems().end());
  gc_request_.clear();
  allocs_since_hook_gc_ = 0;
  in_gc_ = false;
  check_phase_end("GC end");
  return st;
}

// ---- finalizers ---------------------------------------------------------------

void Runtime::ensure_finalizer_goroutine() {
  // runtime/mfinal.go createfing: the finalizer goroutine is started lazily
  // by the first SetFinalizer.
  if (fing_ != nullptr) return;
  fing_ = sched_.spawn("runtime.runfinq", [this] { finalizer_loop(); }, /*system=*/true);
  // With another P idle it starts there at once (proc.go newproc → wakep).
  if (sched_.multi_p()) sched_.promote(fing_);
}

void Runtime::set_finalizer(Object* object, Object* fn) {
  finalizers_.set_finalizer(object, fn);
  emit(ev::FinalizerSet{.object = static_cast<std::int64_t>(object->id)}, closure_label(fn));
  ensure_finalizer_goroutine();
}

void Runtime::add_cleanup(Object* object, Object* fn, Object* arg) {
  finalizers_.add_cleanup(object, fn, arg);
  ensure_finalizer_goroutine();
}

std::size_t Runtime::discard_finalizers_from(ObjectId min_object_id, std::uint64_t cause_seq) {
  const std::size_t dropped = finalizers_.drop_from(min_object_id);
  if (dropped != 0)
    emit(ev::FinalizerDiscarded{.discarded = static_cast<std::int64_t>(dropped),
                                .min_object = static_cast<std::int64_t>(min_object_id)},
         {}, cause_seq);
  return dropped;
}

// One queued call per wake-up: every finalizer run is one scheduling
// opportunity that the gate (policy) may allow or refuse.
void Runtime::finalizer_loop() {
  RootSet* frame = open_frame("runtime.runfinq");
  for (;;) {
    fing_idle_ = true;
    sched_.park("finalizer wait");
    if (finalizers_.queue_empty()) continue;
    const QueuedCall q = finalizers_.pop();
    frame->set("obj", q.object);
    frame->set("fn", q.fn);
    frame->set("arg", q.arg);
    if (q.kind == QueuedCall::Kind::cleanup && options_.gc.addcleanup_concurrent) {
      // Go 1.25: AddCleanup functions run concurrently and in parallel (O9).
      go("runtime.cleanup", [this, q] {
        RootSet* f = open_frame("runtime.cleanup");
        f->set("fn", q.fn);
        f->set("arg", q.arg);
        run_queued(q);
      });
    } else {
      run_queued(q);
    }
    frame->clear();
  }
}

void Runtime::run_queued(const QueuedCall& q) {
  const bool fin = q.kind == QueuedCall::Kind::finalizer;
  const auto object = static_cast<std::int64_t>(q.object_id);
  if (fin)
    emit(ev::FinalizerRun{.object = object}, closure_label(q.fn), q.queued_event_seq);
  else
    emit(ev::CleanupRun{.object = object}, closure_label(q.fn), q.queued_event_seq);
  charge(options_.cost.op_ns);
  call(q.fn, fin ? q.object : q.arg);
}

// ---- goroutines ------------------------------------------------------------------

Goroutine* Runtime::go(std::string label, std::function<void()> body, bool system) {
  Goroutine* g = start_goroutine(std::move(label), std::move(body), system);
  scheduling_point();  // proc.go newproc → wakep: another P may take it now
  return g;
}

Goroutine* Runtime::start_goroutine(std::string label, std::function<void()> body, bool system) {
  // The goroutine's stack frames die with it, however it ends: released by
  // the scheduler's at_body_end (set in the constructor).
  return sched_.spawn(std::move(label), std::move(body), system);
}

Goroutine* Runtime::go_func(std::string label, Object* fn, Object* arg) {
  Goroutine* g = start_goroutine(std::move(label), [this, fn, arg] { call(fn, arg); }, false);
  RootSet* frame = roots_.open(RootKind::frame, g->label, g->id);
  g->frames.push_back(frame);
  frame->set("fn", fn);
  frame->set("arg", arg);
  scheduling_point();  // after the frame roots fn and arg
  return g;
}

void Runtime::sleep(std::int64_t duration_ns) { sched_.sleep_until(clock_.now_ns() + duration_ns, "sleep"); }

RunReport Runtime::run(std::string label, std::function<void()> main_body) {
  Goroutine* main = start_goroutine(std::move(label), std::move(main_body), false);
  RunReport report{sched_.run(main), {}, {}};
  if (const Goroutine* p = sched_.panicked_goroutine()) report.panic_message = p->panic_message;
  std::vector<const Goroutine*> leaked;
  std::vector<std::uint32_t> leaked_ids;
  for (const auto& g : sched_.goroutines()) {
    if (g->system || g->status == GStatus::dead || g.get() == main) continue;
    leaked.push_back(g.get());
    leaked_ids.push_back(g->id);
  }
  // One census pass for all of them (linear in the heap, not per goroutine).
  const std::vector<Collector::Retained> retained = collector_.retained_by_each_goroutine(leaked_ids);
  for (std::size_t i = 0; i < leaked.size(); ++i)
    report.leaks.push_back(
        LeakedGoroutine{leaked[i]->id, leaked[i]->label, leaked[i]->wait_reason, retained[i].bytes, retained[i].objects});
  return report;
}

Chan* Runtime::make_chan(std::size_t capacity, std::string label) {
  chans_.push_back(std::make_unique<Chan>(*this, capacity, std::move(label)));
  return chans_.back().get();
}

WaitGroup* Runtime::make_waitgroup() {
  waitgroups_.push_back(std::make_unique<WaitGroup>(*this));
  return waitgroups_.back().get();
}

Mutex* Runtime::make_mutex() {
  mutexes_.push_back(std::make_unique<Mutex>(*this));
  return mutexes_.back().get();
}

Context* Runtime::with_cancel(Context* parent) {
  auto owned = std::make_unique<Context>();
  Context* c = owned.get();
  contexts_.push_back(std::move(owned));
  c->done = make_chan(0, "ctx.Done");
  c->parent = parent;
  if (parent != nullptr) {
    parent->children.push_back(c);
    if (parent->cancelled) cancel(c, parent->err);
  }
  return c;
}

// context.go cancelCtx.cancel: close Done, then cancel the children. The tree
// is walked with an explicit stack (its depth is the workload's to choose).
void Runtime::cancel(Context* ctx, std::string err) {
  std::vector<Context*> stack{ctx};
  while (!stack.empty()) {
    Context* c = stack.back();
    stack.pop_back();
    if (c->cancelled) continue;
    c->cancelled = true;
    c->err = err;
    if (c->done != nullptr) c->done->close();
    for (Context* child : c->children) stack.push_back(child);
  }
}

// ---- events ---------------------------------------------------------------------

void Runtime::flush_alloc_burst() {
  if (burst_objects_ == 0) return;
  emit(ev::AllocBurst{.objects = static_cast<std::int64_t>(burst_objects_),
                      .bytes = static_cast<std::int64_t>(burst_bytes_),
                      .heap_live_bytes = static_cast<std::int64_t>(heap_.heap_live_bytes())});
  burst_objects_ = burst_bytes_ = 0;
}

std::vector<std::string> Runtime::check_invariants() const {
  std::vector<std::string> problems = heap_.check_invariants();
  for (std::string& p : sched_.check()) problems.push_back(std::move(p));
  if (finalizers_.queue_size() > FinalizerTable::kQueueMax) problems.push_back("finalizer queue over its limit");
  return problems;
}

}  // namespace gcm::rt
