// runtime_bench.cpp — mark rate, allocation cost, goroutine switch cost.
// Targets (issue: runtime): mark ≥ 100 M objects/s over a 1,000,000-object
// 32-way tree. A plain explicit-stack walk over the same mimalloc objects is
// measured in the same process as the baseline (BM_PlainWalk).
#include <benchmark/benchmark.h>

#include <vector>

#include "runtime/runtime.hpp"

using namespace gcm::rt;

namespace {
constexpr int kObjects = 1'000'000;

// A complete 32-way tree of kObjects nodes (inner nodes 32 slots, leaves
// pointer-free with 16 payload bytes), rooted in a pinned set.
Object* build_tree(Runtime& rt) {
  std::vector<Object*> all;
  all.reserve(kObjects);
  const int inner = (kObjects - 1 + 31) / 32;
  for (int i = 0; i < kObjects; ++i)
    all.push_back(i < inner ? rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 32, 0)
                            : rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 0, 16));
  for (int i = 1; i < kObjects; ++i) all[(i - 1) / 32]->slot(static_cast<std::uint32_t>((i - 1) % 32)) = all[i];
  rt.new_root_set(RootKind::pinned, "tree")->set("root", all[0]);
  return all[0];
}

Runtime::Options no_pacer() {
  Runtime::Options o;
  o.gc.gogc_off = true;
  o.retention_snapshots = false;  // rt.gc() would take one; BM_RetentionSnapshot measures it alone
  return o;
}
}  // namespace

static void BM_MarkTree(benchmark::State& state) {
  Runtime rt(no_pacer());
  build_tree(rt);
  for (auto _ : state) benchmark::DoNotOptimize(rt.collector().reachable());
  state.counters["objects_per_s"] = benchmark::Counter(static_cast<double>(kObjects), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MarkTree)->Unit(benchmark::kMillisecond);

static void BM_FullGc(benchmark::State& state) {  // mark + sweep + events
  Runtime rt(no_pacer());
  build_tree(rt);
  for (auto _ : state) benchmark::DoNotOptimize(rt.gc());
  state.counters["objects_per_s"] = benchmark::Counter(static_cast<double>(kObjects), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FullGc)->Unit(benchmark::kMillisecond);

// Who retains the heap (retention.hpp): breadth-first discovery, the flow
// graph, Lengauer–Tarjan and the dominated sums over the same 1,000,000
// objects. Compare objects_per_s with BM_MarkTree's: the ratio is what a
// snapshot costs against a mark of the same heap.
static void BM_RetentionSnapshot(benchmark::State& state) {
  Runtime rt(no_pacer());
  build_tree(rt);
  for (auto _ : state) benchmark::DoNotOptimize(take_retention_snapshot(rt.heap(), rt.roots(), rt.finalizers()));
  state.counters["objects_per_s"] = benchmark::Counter(static_cast<double>(kObjects), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RetentionSnapshot)->Unit(benchmark::kMillisecond);

// Baseline: the same objects walked with an explicit stack and a side bitmap of
// visited flags in the header byte, no bookkeeping.
static void BM_PlainWalk(benchmark::State& state) {
  Runtime rt(no_pacer());
  Object* root = build_tree(rt);
  std::vector<Object*> stack;
  for (auto _ : state) {
    std::size_t seen = 0;
    stack.push_back(root);
    root->flags ^= 0x80;
    const std::uint8_t want = root->flags & 0x80;
    while (!stack.empty()) {
      Object* o = stack.back();
      stack.pop_back();
      ++seen;
      for (std::uint32_t i = 0; i < o->slot_count; ++i)
        if (Object* c = o->slot(i); c != nullptr && (c->flags & 0x80) != want) {
          c->flags ^= 0x80;
          stack.push_back(c);
        }
    }
    benchmark::DoNotOptimize(seen);
  }
  for (Object* o : rt.heap().objects()) o->flags &= 0x7F;
  state.counters["objects_per_s"] = benchmark::Counter(static_cast<double>(kObjects), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PlainWalk)->Unit(benchmark::kMillisecond);

static void BM_Alloc(benchmark::State& state) {
  Runtime rt(no_pacer());
  for (auto _ : state) benchmark::DoNotOptimize(rt.alloc(static_cast<std::uint8_t>(ObjectKind::plain), 2, 16));
}
BENCHMARK(BM_Alloc);

static void BM_GoroutineSwitch(benchmark::State& state) {  // two goroutines ping-ponging via gosched
  for (auto _ : state) {
    Runtime rt(Runtime::Options{});
    constexpr int kYields = 100'000;
    rt.run("main", [&] {
      rt.go("other", [&] {
        for (int i = 0; i < kYields; ++i) rt.gosched();
      });
      for (int i = 0; i < kYields; ++i) rt.gosched();
    });
    state.counters["switch_ns"] = benchmark::Counter(2.0 * kYields, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  }
}
BENCHMARK(BM_GoroutineSwitch)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
