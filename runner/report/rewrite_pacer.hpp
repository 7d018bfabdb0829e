// rewrite_pacer.hpp — when to rewrite a file that grows with the run (the
// JUnit progress file). Main entry: RewritePacer.
//
// Why: rewriting the whole JUnit file after every case costs the sum of all
// its sizes, quadratic in the cases (10,010 cases: 167 s with --junit, 1.44 s
// without). Rewriting only when the time since the last rewrite is at least
// kWorkPerRewrite times what that rewrite took keeps rewriting to at most
// 1 / (1 + kWorkPerRewrite) of the wall time, whatever the case count, while
// a kill loses only the cases finished since the last rewrite: every case
// while the file is small, a window of about kWorkPerRewrite rewrite
// durations once it is large. The file's content never depends on timing;
// only which intermediate versions exist does. Header-only, clock injected.
#pragma once

#include <cstdint>

namespace gcm::report {

class RewritePacer {
 public:
  static constexpr std::int64_t kWorkPerRewrite = 9;  // rewriting is at most 10 % of the wall time

  // After a case ended at `now_ns`: should the file be rewritten now?
  bool due(std::int64_t now_ns) const noexcept {
    return !wrote_ || now_ns - last_end_ns_ >= kWorkPerRewrite * last_cost_ns_;
  }
  // A rewrite ran from `start_ns` to `end_ns` (render and write included).
  void wrote(std::int64_t start_ns, std::int64_t end_ns) noexcept {
    wrote_ = true;
    last_cost_ns_ = end_ns - start_ns;
    last_end_ns_ = end_ns;
  }

 private:
  bool wrote_ = false;
  std::int64_t last_cost_ns_ = 0;  // duration of the last rewrite, host steady clock
  std::int64_t last_end_ns_ = 0;   // when it ended
};

}  // namespace gcm::report
