// facts_of.hpp — a case's facts for reporters: the Observation's own
// (derived once by the workload's Harness), else derived here from its
// events (an Observation built by hand or read back). Main entry: facts_of().
#pragma once

#include <memory>

#include "facts/case_facts.hpp"
#include "workloads/observation.hpp"

namespace gcm::report {

// nullptr when the Observation carries no events.
std::shared_ptr<const facts::CaseFacts> facts_of(const workloads::Observation& obs);

}  // namespace gcm::report
