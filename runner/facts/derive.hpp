// derive.hpp — CaseFacts from an event log, in one pass. Main entry: derive().
#pragma once

#include "facts/case_facts.hpp"
#include "runtime/events.hpp"

namespace gcm::facts {

// Cost: linear in the events, plus, per gc_end, the tests running at that
// moment (one, unless tests run in parallel) — never a rescan of the log.
CaseFacts derive(const rt::EventLog& log);

}  // namespace gcm::facts
