// package.hpp — an emulated Go test binary: a sequence of tests sharing one
// runtime (heap, globals), run by tRunner under a TestingPolicy, with a
// binary-wide or per-test timeout. Main entry: Package::run().
//
// testing.go tRunner, reduced to what the policy decides: run the function,
// fire GC hooks, wait for subtests, cancel the context, release the frame,
// runCleanup LIFO, mark the test completed, drop or keep its finalizers.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "gotest/finalizer_gate.hpp"
#include "gotest/retention_budget.hpp"
#include "gotest/t.hpp"
#include "gotest/testing_policy.hpp"

namespace gcm::gotest {

// Names of the GC hook points the lifecycle fires (GcHookPoints, A16).
namespace hook {
inline const std::string after_cleanup_register = "after_cleanup_register";
inline const std::string before_body_return = "before_body_return";
inline const std::string after_body_return = "after_body_return";
inline const std::string before_each_cleanup = "before_each_cleanup";
inline const std::string after_each_cleanup = "after_each_cleanup";
inline const std::string at_test_complete = "at_test_complete";
}  // namespace hook

class Package {
 public:
  static constexpr std::size_t kTestsMax = 100'000;

  Package(rt::Runtime& rt, const TestingPolicy& policy, std::string name = "pkg");
  ~Package();

  void add(std::string name, TestFn fn);
  PackageResult run();

  const TestingPolicy& policy() const noexcept { return policy_; }
  rt::Runtime& rt() noexcept { return rt_; }
  FinalizerGate& gate() noexcept { return gate_; }
  // Test-end and timeout snapshots skipped by the RetentionBudget.
  std::uint64_t retention_skipped() const noexcept { return retention_budget_.skipped(); }

 private:
  friend class T;
  T* new_test(T* parent, std::string name);
  void t_runner(T& t, const TestFn& fn);
  void start(T& t);
  void finish_body(T& t);
  void run_cleanups(T& t);
  void complete(T& t);
  void release_frame(T& t);
  void start_watchdog(T* t, std::int64_t deadline_ns, rt::Chan* done);
  [[noreturn]] void abort_binary(const std::string& reason);
  void fire(const std::string& hook_name);
  void snapshot_retention(rt::RetentionPoint at, const T& t);
  TestResult& result(const T& t) { return results_[t.result_index_]; }

  rt::Runtime& rt_;
  TestingPolicy policy_;
  std::string name_;
  FinalizerGate gate_;
  RetentionBudget retention_budget_;
  std::vector<std::pair<std::string, TestFn>> tests_;
  std::vector<std::unique_ptr<T>> ts_;
  std::deque<TestResult> results_;   // stable addresses
  std::vector<T*> running_;          // tests started and not completed
  bool aborted_ = false;
  std::string abort_reason_;
  std::uint64_t abort_seq_ = 0;  // the binary_abort event: the cause of every test_not_run
};

}  // namespace gcm::gotest
