// stack_pool.cpp — goroutine stacks: guarded mappings, then slabs; recycled.
#include "runtime/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/resource_exhausted.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

namespace gcm::rt {

namespace {

std::size_t page_bytes() noexcept { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

// ASan's shadow of a stack's usable bytes: poisoned while the stack is free,
// clean when it is handed out or unmapped (a later mapping at that address
// must not inherit the poison). No-ops without -fsanitize=address.
void poison_stack([[maybe_unused]] char* bottom) noexcept {
#if defined(__SANITIZE_ADDRESS__)
  ASAN_POISON_MEMORY_REGION(bottom, StackPool::kUsableBytes);  // the fence is read while free
#endif
}
void unpoison_stack([[maybe_unused]] char* bottom) noexcept {
#if defined(__SANITIZE_ADDRESS__)
  ASAN_UNPOISON_MEMORY_REGION(bottom, StackPool::kUsableBytes);
#endif
}

// The host's limit on mappings per process; 65,530 when it cannot be read.
std::size_t max_map_count() noexcept {
  std::size_t limit = 65'530;
  if (std::FILE* f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
    unsigned long long value = 0;
    if (std::fscanf(f, "%llu", &value) == 1 && value > 0) limit = static_cast<std::size_t>(value);
    std::fclose(f);
  }
  return limit;
}

// Per thread. Invariant: guarded_mapped = guarded stacks in use + guarded.size();
// slab stacks in use + slab_free.size() = slabs.size() * kSlabStacks.
struct Pool {
  std::vector<void*> guarded;    // free guarded stacks: mapping bases (guard page first)
  std::vector<char*> slab_free;  // free slab stacks: lowest usable address
  std::vector<char*> slabs;      // slab mapping bases, ascending (lookup in deallocate)
  std::size_t guarded_mapped = 0;
  // Guarded stacks cost two mappings each: use them while they take at most
  // half of vm.max_map_count, slabs after (two mappings per kSlabStacks).
  const std::size_t guarded_max = max_map_count() / 4;

  ~Pool() {
    const std::size_t page = page_bytes();
    for (void* b : guarded) {
      unpoison_stack(static_cast<char*>(b) + page);
      munmap(b, StackPool::kStackBytes + page);
    }
    for (char* s : slab_free) unpoison_stack(s);
    for (char* s : slabs) munmap(s, page + StackPool::kSlabStacks * StackPool::kStackBytes);
  }
};
thread_local Pool pool;

// Said in the message: each guarded stack is two mappings and the host's
// vm.max_map_count is the usual cause.
[[noreturn]] void fail_mapping(const char* step, int err) {
  throw ResourceExhausted("goroutine stack: " + std::string(step) + " failed: " + std::strerror(err) + " (" +
                          std::to_string(pool.guarded_mapped) + " guarded stacks and " +
                          std::to_string(pool.slabs.size()) + " slabs of " + std::to_string(StackPool::kSlabStacks) +
                          " stacks of " + std::to_string(StackPool::kStackBytes / 1024) +
                          " KiB mapped; vm.max_map_count " + std::to_string(max_map_count()) + ")");
}

// One mapping of `bytes` whose first page is a guard page.
char* map_guarded(std::size_t bytes) {
  const std::size_t page = page_bytes();
  void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) fail_mapping("mmap", errno);
  if (mprotect(base, page, PROT_NONE) != 0) {  // stacks grow down into it
    const int err = errno;
    munmap(base, bytes);
    fail_mapping("mprotect (guard page)", err);
  }
  return static_cast<char*>(base);
}

void new_slab() {
  const std::size_t page = page_bytes();
  char* base = map_guarded(page + StackPool::kSlabStacks * StackPool::kStackBytes);
  pool.slabs.insert(std::upper_bound(pool.slabs.begin(), pool.slabs.end(), base), base);
  for (std::size_t i = StackPool::kSlabStacks; i-- > 0;) pool.slab_free.push_back(base + page + i * StackPool::kStackBytes);
}

// The base of the slab holding the stack whose lowest address is `bottom`,
// nullptr for a guarded stack.
const char* slab_of(const char* bottom) noexcept {
  const auto after = std::upper_bound(pool.slabs.begin(), pool.slabs.end(), bottom);
  if (after == pool.slabs.begin()) return nullptr;
  const char* slab = *(after - 1);
  return bottom < slab + page_bytes() + StackPool::kSlabStacks * StackPool::kStackBytes ? slab : nullptr;
}

}  // namespace

boost::context::stack_context StackPool::allocate() {
  const std::size_t page = page_bytes();
  char* bottom = nullptr;  // lowest usable address
  if (!pool.guarded.empty()) {
    bottom = static_cast<char*>(pool.guarded.back()) + page;
    pool.guarded.pop_back();
    unpoison_stack(bottom);
  } else if (pool.guarded_mapped < pool.guarded_max) {
    bottom = map_guarded(kStackBytes + page) + page;
    ++pool.guarded_mapped;
  } else {
    if (pool.slab_free.empty()) new_slab();
    bottom = pool.slab_free.back();
    pool.slab_free.pop_back();
    // A slab stack has no guard page of its own (but the slab's lowest):
    // an overflow would run into its neighbour's fence, which stays zero
    // unless one does (the check when the stack is released). Zero, not a
    // written pattern: a fresh mapping is zero already, so nothing is
    // written before a fiber runs.
    unpoison_stack(bottom);
  }
  if (allocated_ != nullptr) *allocated_ = {bottom, kUsableBytes};
  boost::context::stack_context sctx;
  sctx.size = kUsableBytes;
  sctx.sp = bottom + kUsableBytes;  // below the fence: stacks grow down
  return sctx;
}

void StackPool::deallocate(boost::context::stack_context& sctx) noexcept {
  const std::size_t page = page_bytes();
  char* bottom = static_cast<char*>(sctx.sp) - kUsableBytes;
  if (const char* slab = slab_of(bottom); slab != nullptr) {
    // The fence this stack overflows into: the top of the stack below, whose
    // page is resident once that stack's fiber has run (no fault to read
    // it; a never-used one maps the kernel's zero page, no resident memory).
    // The slab's lowest stack has the slab's guard page below instead.
    const char* fence = bottom - kFenceBytes;
    const auto* words = reinterpret_cast<const std::uint64_t*>(fence);
    const bool lowest = bottom == slab + page;
    if (!lowest && std::any_of(words, words + kFenceBytes / sizeof(std::uint64_t),
                               [](std::uint64_t w) { return w != 0; })) {
      // Memory next to it may be corrupt: nothing after this can be trusted.
      std::fprintf(stderr, "gcmatrix: internal error: a goroutine overflowed its %zu KiB stack\n", kStackBytes / 1024);
      std::abort();
    }
    poison_stack(bottom);
    pool.slab_free.push_back(bottom);
    return;
  }
  // Kept, never unmapped before the thread ends: there are at most
  // guarded_max of them, and the next runtime's goroutines (the next
  // profile's case) find their pages resident instead of mapping and
  // faulting them in again.
  poison_stack(bottom);
  pool.guarded.push_back(bottom - page);
}

std::size_t StackPool::guarded_max() noexcept { return pool.guarded_max; }

}  // namespace gcm::rt
