// check_eval.hpp — one check judged against an observed value. Main entry: judge_check().
#pragma once

#include "scenario/interpreter.hpp"

namespace gcm::scenario {

// `value` is nullptr when the observation was never read (its step did not run).
CheckResult judge_check(const Check& check, const Value* value);

}  // namespace gcm::scenario
