// stack_pool.cpp — guarded mmap'ed stacks on a thread-local free list.
#include "runtime/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>
#include <vector>

namespace gcm::rt {

namespace {
struct FreeList {
  std::vector<void*> bases;  // mapping bases (guard page first)
  ~FreeList() {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    for (void* b : bases) munmap(b, StackPool::kStackBytes + page);
  }
};
thread_local FreeList free_list;

std::size_t page_bytes() noexcept { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }
}  // namespace

boost::context::stack_context StackPool::allocate() {
  const std::size_t page = page_bytes();
  void* base = nullptr;
  if (!free_list.bases.empty()) {
    base = free_list.bases.back();
    free_list.bases.pop_back();
  } else {
    base = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) throw std::bad_alloc();
    if (mprotect(base, page, PROT_NONE) != 0) {  // guard page: stacks grow down into it
      munmap(base, kStackBytes + page);
      throw std::bad_alloc();
    }
  }
  boost::context::stack_context sctx;
  sctx.size = kStackBytes;
  sctx.sp = static_cast<char*>(base) + page + kStackBytes;  // the top: stacks grow down
  return sctx;
}

void StackPool::deallocate(boost::context::stack_context& sctx) noexcept {
  const std::size_t page = page_bytes();
  void* base = static_cast<char*>(sctx.sp) - kStackBytes - page;
  if (free_list.bases.size() < kCachedMax) {
    free_list.bases.push_back(base);
    return;
  }
  munmap(base, kStackBytes + page);
}

std::size_t StackPool::cached() noexcept { return free_list.bases.size(); }

}  // namespace gcm::rt
