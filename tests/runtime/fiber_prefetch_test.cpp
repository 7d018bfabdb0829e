// fiber_prefetch_test.cpp — saved_context() reads a suspended fiber's saved
// stack pointer out of boost::context::fiber, whose layout Boost does not
// promise: if a Boost update changed it, the prefetches would go to a wrong
// address (harmless, but the gain would silently vanish). These tests pin it.
#define BOOST_TEST_MODULE runtime_fiber_prefetch
#include <boost/test/unit_test.hpp>

#include <boost/context/fiber.hpp>

#include <cstdint>
#include <memory>

#include "runtime/fiber_prefetch.hpp"
#include "runtime/fiber_switch.hpp"
#include "runtime/stack_pool.hpp"

namespace ctx = boost::context;
using gcm::rt::FiberStack;
using gcm::rt::StackPool;
using gcm::rt::saved_context;

namespace {
bool inside(const void* p, const FiberStack& s) {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  const auto lo = reinterpret_cast<std::uintptr_t>(s.bottom);
  return a >= lo && a < lo + s.bytes;
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_suspended_fiber_saved_its_context_on_its_own_stack) {
  FiberStack stack;
  std::uintptr_t local_in_fiber = 0;
  ctx::fiber f(std::allocator_arg, StackPool{&stack}, [&](ctx::fiber&& back) {
    int here = 0;
    local_in_fiber = reinterpret_cast<std::uintptr_t>(&here);
    back = std::move(back).resume();  // suspended here, once
    return std::move(back);
  });
  // Made but not started: boost has saved its entry context near the top.
  BOOST_TEST_REQUIRE(saved_context(f) != nullptr);
  BOOST_TEST(inside(saved_context(f), stack));
  f = std::move(f).resume();
  // Suspended in its body: the saved stack pointer lies below the frame it
  // suspended in (stacks grow down), within a few KiB of it.
  BOOST_TEST_REQUIRE(saved_context(f) != nullptr);
  BOOST_TEST(inside(saved_context(f), stack));
  const auto sp = reinterpret_cast<std::uintptr_t>(saved_context(f));
  BOOST_TEST(sp < local_in_fiber);
  BOOST_TEST(local_in_fiber - sp < 4096u);
  f = std::move(f).resume();  // it ends
  BOOST_TEST(saved_context(f) == nullptr);
}

BOOST_AUTO_TEST_CASE(an_empty_fiber_has_no_saved_context) {
  ctx::fiber none;
  BOOST_TEST(saved_context(none) == nullptr);
  gcm::rt::prefetch_fiber(nullptr);  // no goroutine: nothing asked, nothing read
}
