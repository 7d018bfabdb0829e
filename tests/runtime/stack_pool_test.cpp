// stack_pool_test.cpp — goroutine stacks past the guarded ones come from
// slabs: adjacent, nothing resident until a fiber uses them, and an overflow
// into a slab stack's lowest bytes is caught when it is released.
#define BOOST_TEST_MODULE runtime_stack_pool
#include <boost/test/unit_test.hpp>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "runtime/stack_pool.hpp"

using gcm::rt::StackPool;

namespace {

char* bottom_of(const boost::context::stack_context& s) { return static_cast<char*>(s.sp) - StackPool::kStackBytes; }

bool resident(const char* address) {
  const auto page_bytes = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  auto* page = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(address) & ~(page_bytes - 1));
  unsigned char vec = 0;
  BOOST_TEST_REQUIRE(mincore(page, page_bytes, &vec) == 0);
  return (vec & 1) != 0;
}

std::size_t resident_pages() {
  std::size_t size = 0, rss = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%zu %zu", &size, &rss) != 2) rss = 0;
    std::fclose(f);
  }
  return rss;
}

// Enough stacks that the pool has moved on to slabs (guarded ones take a quarter of vm.max_map_count).
std::vector<boost::context::stack_context> exhaust_guarded(StackPool& pool) {
  std::vector<boost::context::stack_context> held;
  const std::size_t n = StackPool::guarded_max() + 2 * StackPool::kSlabStacks;
  for (std::size_t i = 0; i < n; ++i) held.push_back(pool.allocate());
  return held;
}

}  // namespace

BOOST_AUTO_TEST_CASE(slab_stacks_are_adjacent_and_not_resident_until_used) {
  StackPool pool;
  auto held = exhaust_guarded(pool);
  const auto& a = held[held.size() - 2];
  const auto& b = held[held.size() - 1];
  BOOST_TEST(bottom_of(b) - bottom_of(a) == static_cast<std::ptrdiff_t>(StackPool::kStackBytes));
  // Handing a slab stack out writes nothing into it: no page of it is resident
  // (a written canary made its lowest page resident: 4 KiB per goroutine).
  BOOST_TEST(!resident(bottom_of(b)));
  BOOST_TEST(!resident(static_cast<char*>(b.sp) - 1));
  // A fiber's use touches the top only.
  static_cast<volatile char*>(b.sp)[-1] = 1;
  BOOST_TEST(resident(static_cast<char*>(b.sp) - 1));
  BOOST_TEST(!resident(bottom_of(b)));
  // Released, each slab stack's canary is read: that maps the zero page, no resident memory.
  const std::size_t slab_held = 2 * StackPool::kSlabStacks;
  for (std::size_t i = 0; i + slab_held < held.size(); ++i) pool.deallocate(held[i]);
  const std::size_t before = resident_pages();
  for (std::size_t i = held.size() - slab_held; i < held.size(); ++i) pool.deallocate(held[i]);
  const std::size_t after = resident_pages();
  BOOST_TEST_MESSAGE("resident pages " << before << " -> " << after << " over " << slab_held << " slab stacks released");
  BOOST_TEST(after < before + slab_held / 4);  // one page per stack would be slab_held more
}

BOOST_AUTO_TEST_CASE(an_overflow_into_a_slab_stack_aborts_when_released) {
  StackPool pool;
  auto held = exhaust_guarded(pool);
  std::fflush(nullptr);
  const pid_t child = fork();
  BOOST_TEST_REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGABRT, SIG_DFL);  // Boost.Test's handler would report it and go on in the child
    bottom_of(held.back())[8] = 0x5a;  // a frame ran past the stack's lowest usable bytes
    pool.deallocate(held.back());
    _exit(0);  // not reached: deallocate aborts
  }
  int status = 0;
  BOOST_TEST_REQUIRE(waitpid(child, &status, 0) == child);
  BOOST_TEST(WIFSIGNALED(status));
  BOOST_TEST(WTERMSIG(status) == SIGABRT);
  for (auto& s : held) pool.deallocate(s);
}
