// registry_entries.hpp — one accessor per workload, defined in its own file.
#pragma once

#include "workloads/workload.hpp"

namespace gcm::workloads {
const Workload& cleanup_capture_workload();
const Workload& foreign_goroutine_cleanup_workload();
const Workload& loopvar_capture_workload();
const Workload& goroutine_leak_workload();
const Workload& cleanup_vs_finalizer_workload();
const Workload& explicit_recycle_workload();
const Workload& context_cleanup_workload();
const Workload& subtest_sandbox_workload();
const Workload& bench_reuse_workload();
const Workload& suite_cleanup_workload();
const Workload& timeout_cascade_workload();
}  // namespace gcm::workloads
