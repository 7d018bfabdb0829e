// profile.cpp — validation of a resolved profile. Main entry: check().
#include "policy/profile.hpp"

#include <string>

#include "policy/claims.hpp"
#include "policy/quote.hpp"
#include "policy/schema.hpp"

namespace gcm::policy {

namespace {

constexpr std::size_t kNameMaxChars = 64;
constexpr std::uint32_t kPpmMax = 1'000'000;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-';
}

void check_identity(const Profile& profile, std::vector<std::string>& problems) {
  if (!is_valid_profile_name(profile.name)) {
    problems.push_back("name: " + quote(profile.name) +
                       " is not a profile name (expected letters, digits, '.', '_', '-';"
                       " at most 64 characters)");
  }
  if (!go_minor(profile.go)) {
    problems.push_back("go: " + quote(profile.go) +
                       " is not a Go version (expected 1.<minor>, e.g. 1.22)");
  }
  if (profile.description.empty()) {
    problems.push_back("description: is empty (expected what the profile models)");
  }
}

void check_gc(const rt::GcConfig& gc, std::vector<std::string>& problems) {
  if (gc.gogc_percent < 0) {
    problems.push_back("gc.gogc: " + std::to_string(gc.gogc_percent) +
                       " is negative (expected an integer percent >= 0, or off)");
  }
  if (gc.min_heap_bytes == 0) {
    problems.push_back("gc.min_heap_bytes: is 0 (expected bytes >= 1; Go uses 4MiB, O10)");
  }
  if (gc.cpu_limiter_percent == 0 || gc.cpu_limiter_percent > 100) {
    problems.push_back("gc.cpu_limiter_percent: " + std::to_string(gc.cpu_limiter_percent) +
                       " is out of range (expected a percent 1..100)");
  }
  if (gc.tiny_alloc_batching && gc.tiny_block_bytes == 0) {
    problems.push_back("gc.tiny_block_bytes: is 0 while tiny_alloc_batching is true"
                       " (expected bytes >= 1, e.g. 16)");
  }
}

void check_cost(const rt::CostModel& cost, std::vector<std::string>& problems) {
  const std::pair<const char*, std::int64_t> costs[] = {
      {"alloc_ns", cost.alloc_ns},         {"alloc_kib_ns", cost.alloc_kib_ns},
      {"mark_object_ns", cost.mark_object_ns}, {"mark_kib_ns", cost.mark_kib_ns},
      {"sweep_object_ns", cost.sweep_object_ns}, {"stw_pause_ns", cost.stw_pause_ns},
      {"switch_ns", cost.switch_ns},       {"op_ns", cost.op_ns},
      {"wake_p_ns", cost.wake_p_ns},     {"go_ns", cost.go_ns},
  };
  for (const auto& [key, ns] : costs) {
    if (ns < 0) {
      problems.push_back(std::string("cost.") + key + ": " + std::to_string(ns) +
                         " is negative (expected nanoseconds, an integer >= 0)");
    }
  }
}

// A12: the window exists exactly when eligibility is window; a probability of
// zero would make window mean never (A13), a leftover one would be ignored.
void check_testing(const gotest::TestingPolicy& testing, std::vector<std::string>& problems) {
  const bool window = testing.finalizer_eligibility == gotest::FinalizerEligibility::window;
  const std::string ppm = std::to_string(testing.finalizer_window_ppm);
  if (testing.finalizer_window_ppm > kPpmMax) {
    problems.push_back("testing.finalizer_window_ppm: " + ppm +
                       " is out of range (expected parts per million 0..1000000)");
  } else if (window && testing.finalizer_window_ppm == 0) {
    problems.push_back("testing.finalizer_window_ppm: is 0 while finalizer_eligibility is window"
                       " (expected 1..1000000 parts per million, A12)");
  } else if (!window && testing.finalizer_window_ppm != 0) {
    problems.push_back("testing.finalizer_window_ppm: is " + ppm +
                       " while finalizer_eligibility is " +
                       std::string(to_string(testing.finalizer_eligibility)) +
                       " (expected 0 unless eligibility is window)");
  }
  if (testing.timeout_ns <= 0) {
    problems.push_back("testing.timeout.seconds: " + std::to_string(testing.timeout_ns) +
                       " ns is not positive (expected seconds > 0)");
  }
}

void check_basis(const Profile& profile, std::vector<std::string>& problems) {
  const bool user = profile.origin == ProfileOrigin::user;
  for (const std::string& key : behaviour_key_paths()) {
    const auto entry = profile.basis.find(key);
    if (!user && (entry == profile.basis.end() || entry->second.empty())) {
      problems.push_back(key + ": no basis (expected {value: ..., basis: [claim IDs]}"
                               " here or in a parent profile)");
    }
  }
  for (const auto& [key, ids] : profile.basis) {
    if (!is_leaf_key_path(key)) {
      problems.push_back("basis: " + quote(key) +
                         " is not a profile key (expected a key path such as testing.loopvar)");
      continue;
    }
    for (const std::string& id : ids) {
      const std::string problem = user ? user_claim_id_problem(id) : claim_id_problem(id);
      if (!problem.empty()) problems.push_back(key + ": basis " + problem);
    }
  }
}

}  // namespace

bool is_valid_profile_name(std::string_view name) {
  if (name.empty() || name.size() > kNameMaxChars) return false;
  if (name.front() == '.' || name.front() == '_' || name.front() == '-') return false;
  for (char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

std::optional<int> go_minor(std::string_view go) {
  if (go.size() < 3 || go.size() > 5 || go.substr(0, 2) != "1.") return std::nullopt;
  const std::string_view digits = go.substr(2);
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  int minor = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    minor = minor * 10 + (c - '0');
  }
  return minor;
}

std::vector<std::string> check(const Profile& profile) {
  std::vector<std::string> problems;
  check_identity(profile, problems);
  check_gc(profile.gc, problems);
  check_cost(profile.cost, problems);
  check_testing(profile.testing, problems);
  check_basis(profile, problems);
  return problems;
}

}  // namespace gcm::policy
