// host_allocator.cpp — see host_allocator.hpp.
#include "runtime/host_allocator.hpp"

#include <mimalloc.h>

#include <cstdlib>

namespace gcm::rt {

void keep_freed_memory_committed() noexcept {
  // mimalloc read the environment when it started: a value set there is the
  // user's choice (for example MIMALLOC_ALLOW_DECOMMIT=1 to watch RSS fall
  // between cases) and stays.
  if (std::getenv("MIMALLOC_ALLOW_DECOMMIT") != nullptr) return;
  mi_option_disable(mi_option_allow_decommit);
}

void use_transparent_huge_pages() noexcept {
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) return;  // the user's choice, as above
  mi_option_enable(mi_option_large_os_pages);
}

void configure_host_allocator() noexcept {
  keep_freed_memory_committed();
  use_transparent_huge_pages();
}

}  // namespace gcm::rt
