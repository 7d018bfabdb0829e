// settle_case.hpp — a finished case without its events. Main entries:
// settle_case(), release_events().
//
// Why: every case kept its whole event log until the run ended, for the
// traces written then. suite-cleanup at 10,000 tests kept 66 MB per case:
// 239 MB peak RSS under one profile, 897 MB under all 11 (issue 16, RSS per
// object). Everything else the reports read of the events is in the case's
// facts (facts/derive.hpp: cascades, the HTML series, the table), so once its
// facts are derived and its trace written (reporter_traces.hpp, when the case
// ends) the log is released: the run holds one case's events at a time.
#pragma once

#include "report/run_result.hpp"

namespace gcm::report {

// Derives obs.facts from the events when the Observation has none yet (one
// built without a Harness). Idempotent.
void settle_case(CaseResult& c);

// After every reporter has seen the case end (case_ended): drops the event
// log. The digest and the event count stay in the Observation.
void release_events(CaseResult& c) noexcept;

}  // namespace gcm::report
