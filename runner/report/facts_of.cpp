// facts_of.cpp — see facts_of.hpp.
#include "report/facts_of.hpp"

#include "facts/derive.hpp"

namespace gcm::report {

std::shared_ptr<const facts::CaseFacts> facts_of(const workloads::Observation& obs) {
  if (obs.facts) return obs.facts;
  if (!obs.events) return nullptr;
  return std::make_shared<const facts::CaseFacts>(facts::derive(*obs.events));
}

}  // namespace gcm::report
