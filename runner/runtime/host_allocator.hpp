// host_allocator.hpp — how the host allocator keeps memory between runs.
// Main entry: keep_freed_memory_committed().
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

}  // namespace gcm::rt
