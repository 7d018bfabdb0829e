// check_reader.hpp — the `checks:` list: each compares one observation with
// equals / at_most / at_least / one_of, optionally inside a test's t.Cleanup
// (`at: cleanup`, the article's §4.4, A23), optionally with inline
// expectations per profile family. Main entry: read_checks().
#pragma once

#include "scenario/step_reader.hpp"

namespace gcm::scenario {

// Numeric observations can be compared with at_most / at_least.
bool is_numeric(ObserveKind kind) noexcept;

void read_checks(const NodeReader& reader, const Field& checks, const StepReader& steps, Scenario& s);

}  // namespace gcm::scenario
