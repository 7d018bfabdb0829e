// host_allocator_test.cpp — freed memory stays committed, and huge pages are
// asked for, unless the user's environment says otherwise. (The effect on page faults is a host figure,
// measured in the README's goroutine-leak figures, not asserted here: when
// mimalloc decommits depends on host time.)
#define BOOST_TEST_MODULE runtime_host_allocator
#include <boost/test/unit_test.hpp>

#include <mimalloc.h>

#include <cstdlib>

#include "runtime/host_allocator.hpp"

BOOST_AUTO_TEST_CASE(freed_memory_is_kept_committed_by_default) {
  ::unsetenv("MIMALLOC_ALLOW_DECOMMIT");
  mi_option_enable(mi_option_allow_decommit);  // mimalloc's own default
  gcm::rt::keep_freed_memory_committed();
  BOOST_TEST(!mi_option_is_enabled(mi_option_allow_decommit));
}

BOOST_AUTO_TEST_CASE(the_users_environment_wins) {
  ::setenv("MIMALLOC_ALLOW_DECOMMIT", "1", 1);
  mi_option_enable(mi_option_allow_decommit);  // as mimalloc read it at start
  gcm::rt::keep_freed_memory_committed();
  BOOST_TEST(mi_option_is_enabled(mi_option_allow_decommit));
  ::unsetenv("MIMALLOC_ALLOW_DECOMMIT");
}

BOOST_AUTO_TEST_CASE(huge_pages_are_asked_for_by_default) {
  ::unsetenv("MIMALLOC_LARGE_OS_PAGES");
  ::unsetenv("MIMALLOC_ALLOW_DECOMMIT");
  mi_option_disable(mi_option_large_os_pages);  // mimalloc's own default
  gcm::rt::configure_host_allocator();
  BOOST_TEST(mi_option_is_enabled(mi_option_large_os_pages));
  BOOST_TEST(!mi_option_is_enabled(mi_option_allow_decommit));
}

BOOST_AUTO_TEST_CASE(the_users_huge_page_choice_wins) {
  ::setenv("MIMALLOC_LARGE_OS_PAGES", "0", 1);
  mi_option_disable(mi_option_large_os_pages);  // as mimalloc read it at start
  gcm::rt::use_transparent_huge_pages();
  BOOST_TEST(!mi_option_is_enabled(mi_option_large_os_pages));
  ::unsetenv("MIMALLOC_LARGE_OS_PAGES");
}
