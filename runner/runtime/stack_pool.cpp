// stack_pool.cpp — guarded mmap'ed stacks on a thread-local free list.
#include "runtime/stack_pool.hpp"

#include "runtime/resource_exhausted.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace gcm::rt {

namespace {
thread_local std::size_t mapped_stacks = 0;  // stacks mapped by this thread, cached ones included

struct FreeList {
  std::vector<void*> bases;  // mapping bases (guard page first)
  ~FreeList() {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    for (void* b : bases) munmap(b, StackPool::kStackBytes + page);
    mapped_stacks -= bases.size();
  }
};
thread_local FreeList free_list;

std::size_t page_bytes() noexcept { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }


// Each stack costs two mappings (stack and guard page), so the host's
// vm.max_map_count (65,530 by default) bounds the live goroutines near
// 32,000: said in the message, since that is the usual cause.
[[noreturn]] void fail_mapping(const char* step, int err) {
  std::string limit = "unknown";
  if (std::FILE* f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
    char line[32] = {};
    if (std::fgets(line, sizeof line, f) != nullptr) limit = std::string(line, std::strcspn(line, "\n"));
    std::fclose(f);
  }
  throw ResourceExhausted("goroutine stack: " + std::string(step) + " failed: " + std::strerror(err) + " (" +
                          std::to_string(mapped_stacks) + " stacks of " + std::to_string(StackPool::kStackBytes / 1024) +
                          " KiB mapped, 2 mappings each; vm.max_map_count " + limit + ")");
}
}  // namespace

boost::context::stack_context StackPool::allocate() {
  const std::size_t page = page_bytes();
  void* base = nullptr;
  if (!free_list.bases.empty()) {
    base = free_list.bases.back();
    free_list.bases.pop_back();
  } else {
    base = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) fail_mapping("mmap", errno);
    if (mprotect(base, page, PROT_NONE) != 0) {  // guard page: stacks grow down into it
      const int err = errno;
      munmap(base, kStackBytes + page);
      fail_mapping("mprotect (guard page)", err);
    }
    ++mapped_stacks;
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
  --mapped_stacks;
}

std::size_t StackPool::cached() noexcept { return free_list.bases.size(); }

}  // namespace gcm::rt
