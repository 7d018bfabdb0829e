// host_allocator.hpp — how the host allocator keeps memory between runs and
// which pages it maps. Main entry: configure_host_allocator().
//
// mimalloc is the process's malloc (Debian's libmimalloc overrides it as
// soon as it is linked), so the emulated heaps, the event logs, the run
// queues and the retention snapshots all come from it. By default it hands
// freed memory back to the OS after a short delay, and a matrix frees a
// whole runtime after every case: the next case's runtime faults the same
// amount in again, each page zeroed by the kernel. goroutine-leak at 10^5
// goroutines under 11 profiles took 800,885 page faults and 3.1 s of system
// time that way, against 469,609 and 1.7 s with freed memory kept (peak RSS
// 1,136,740 -> 1,170,772 KB: a peak is reached either way).
//
// Host behaviour only: no emulated result depends on it (events, digests
// and tables are the same; the host report's RSS is labelled host).
#pragma once

namespace gcm::rt {

// Asks mimalloc to keep freed memory committed for the rest of the process
// (mi_option_allow_decommit off), unless the user set MIMALLOC_ALLOW_DECOMMIT
// in the environment, which then wins. Call once, early in main().
void keep_freed_memory_committed() noexcept;

// Asks mimalloc to map its segments on huge pages (mi_option_large_os_pages,
// the name in Debian's mimalloc 2.0.9; 2.1 calls it allow_large_os_pages),
// unless the user set MIMALLOC_LARGE_OS_PAGES, which then wins. mimalloc
// first tries MAP_HUGETLB, which succeeds only where the host reserved a
// hugetlbfs pool, then maps normally and madvise(MADV_HUGEPAGE)s the segment
// for transparent huge pages (the kernel's THP mode "madvise" is Debian's
// default).
//
// Why: marking and sweeping visit objects in pointer and id order,
// scattered over hundreds of MiB; with 4 KiB pages nearly every visit also
// missed the TLB, and the mark loop stalled on its own prefetches (71 % of
// its samples on one prefetch, cleanup-capture at 10^6 keys). Measured one
// profile at a time: cleanup-capture keys=10^6 user 8.5 -> 7.1 s (system
// +0.5 s, the kernel zeroing 2 MiB pages), explicit-recycle keys=3*10^5 x 11
// profiles 9.3 -> 8.0 s CPU; goroutine-leak (its memory is fiber stacks, not
// mimalloc's) unchanged.
void use_transparent_huge_pages() noexcept;

// Both of the above. Call once, early in main(), before the first runtime.
void configure_host_allocator() noexcept;

}  // namespace gcm::rt
