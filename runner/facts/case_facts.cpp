// case_facts.cpp — lookups on derived facts (case_facts.hpp).
#include "facts/case_facts.hpp"

namespace gcm::facts {

const TestSpan* CaseFacts::find(std::string_view name) const noexcept {
  auto it = by_name.find(std::string(name));
  return it != by_name.end() ? &tests[it->second] : nullptr;
}

const GcCycle* CaseFacts::last_cycle_started_before(std::uint64_t before) const noexcept {
  for (auto it = gc_cycles.rbegin(); it != gc_cycles.rend(); ++it)
    if (it->start_seq != 0 && it->start_seq < before) return &*it;
  return nullptr;
}

}  // namespace gcm::facts
