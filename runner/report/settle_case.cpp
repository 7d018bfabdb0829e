// settle_case.cpp — see settle_case.hpp.
#include "report/settle_case.hpp"

#include "report/facts_of.hpp"

namespace gcm::report {

void settle_case(CaseResult& c) {
  if (!c.obs.facts) c.obs.facts = facts_of(c.obs);
}

void release_events(CaseResult& c) noexcept { c.obs.events.reset(); }

}  // namespace gcm::report
