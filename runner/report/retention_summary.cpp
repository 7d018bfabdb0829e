// retention_summary.cpp — see retention_summary.hpp.
#include "report/retention_summary.hpp"

#include <algorithm>

#include "report/units.hpp"

namespace gcm::report {

const rt::RetentionSnapshot* peak_retention(const workloads::Observation& obs) {
  const rt::RetentionSnapshot* peak = nullptr;
  for (const rt::RetentionSnapshot& s : obs.retention)
    if (peak == nullptr || s.reachable_bytes > peak->reachable_bytes) peak = &s;
  return peak;
}

const rt::RetentionSnapshot* retention_at(const workloads::Observation& obs, rt::RetentionPoint at,
                                          const std::string& test) {
  const rt::RetentionSnapshot* found = nullptr;
  for (const rt::RetentionSnapshot& s : obs.retention)
    if (s.at == at && s.subject == test) found = &s;
  return found;
}

std::string retainer_label(const rt::Retainer& r) {
  if (r.count > 1) {
    const std::string n = " ×" + std::to_string(r.count);
    switch (r.kind) {
      case rt::RootKind::frame: return "frame `" + r.name + "`" + n + " goroutines";
      case rt::RootKind::global: return "`" + r.name + "` (global)" + n;
      default: break;
    }
    rt::Retainer one = r;
    one.count = 1;
    return retainer_label(one) + n;
  }
  switch (r.kind) {
    case rt::RootKind::global: return "`" + r.name + "` (global)";
    case rt::RootKind::frame: return "frame `" + r.name + "` (g" + std::to_string(r.goid) + ")";
    case rt::RootKind::cleanup_list: return "cleanup list `" + r.name + "`";
    case rt::RootKind::finalizer: return "finalizer queue";
    case rt::RootKind::channel: return "channel `" + r.name + "`";
    case rt::RootKind::pinned: return "pinned `" + r.name + "`";
  }
  return r.name;
}

std::string permille_text(std::uint32_t permille) {
  return std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%";
}

std::string retention_line(const rt::RetentionSnapshot& snap, int top) {
  std::string at = snap.at == rt::RetentionPoint::forced_gc ? "runtime.GC (" + snap.subject + ")"
                   : snap.at == rt::RetentionPoint::test_timeout ? snap.subject + " timeout"
                                                                 : snap.subject + " end";
  std::string out = "at " + at + ": " + human_value(static_cast<std::int64_t>(snap.reachable_bytes), "bytes") + " reachable";
  const std::size_t n = std::min<std::size_t>(snap.retainers.size(), static_cast<std::size_t>(std::max(top, 0)));
  // The shared part goes where its size puts it among the retainers (they
  // are largest first): a line that opened with "frame X 0.0%" and ended
  // with "shared 99.9%" buried the one figure that explains the heap.
  const bool shared = snap.shared_bytes != 0 && snap.reachable_bytes != 0;
  const std::uint32_t shared_permille =
      shared ? static_cast<std::uint32_t>(snap.shared_bytes * 1000 / snap.reachable_bytes) : 0;
  bool shared_told = !shared;
  std::string separator = "; ";
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t permille = snap.share_permille(snap.retainers[i]);
    if (!shared_told && shared_permille > permille) {
      out += "; " + shared_text(snap);
      shared_told = true;
      separator = "; ";
    }
    out += separator + retainer_label(snap.retainers[i]) + " " + permille_text(permille);
    separator = ", ";
  }
  if (snap.retainers.size() > n) out += separator + std::to_string(snap.retainers.size() - n) + " more";
  if (!shared_told) out += "; " + shared_text(snap);
  return out;
}

std::string shared_text(const rt::RetentionSnapshot& snap) {
  std::string out = "shared " + permille_text(snap.reachable_bytes == 0 ? 0
                                              : static_cast<std::uint32_t>(snap.shared_bytes * 1000 / snap.reachable_bytes));
  if (snap.shared_by.empty()) return out;
  constexpr std::size_t kNamed = 4;  // a line, not a list of every goroutine
  out += " (by ";
  for (std::size_t i = 0; i < snap.shared_by.size() && i < kNamed; ++i)
    out += (i == 0 ? "" : i + 1 == snap.shared_by.size() ? " and " : ", ") + retainer_label(snap.shared_by[i]);
  if (snap.shared_by.size() > kNamed) out += " and " + std::to_string(snap.shared_by.size() - kNamed) + " more";
  return out + ")";
}


}  // namespace gcm::report
