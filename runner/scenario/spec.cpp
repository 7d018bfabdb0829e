// spec.cpp — names of step kinds, as the YAML spells them.
#include "scenario/spec.hpp"

namespace gcm::scenario {

const char* to_string(StepKind k) noexcept {
  switch (k) {
    case StepKind::let: return "let";
    case StepKind::assign_nil: return "assign";
    case StepKind::append: return "append";
    case StepKind::remove: return "remove";
    case StepKind::finalizer: return "finalizer";
    case StepKind::add_cleanup: return "add_cleanup";
    case StepKind::cleanup: return "cleanup";
    case StepKind::gc: return "gc";
    case StepKind::sleep: return "sleep";
    case StepKind::go: return "go";
    case StepKind::block: return "block";
    case StepKind::cancel: return "cancel";
    case StepKind::write: return "write";
    case StepKind::record: return "record";
    case StepKind::run: return "run";
    case StepKind::panic: return "panic";
    case StepKind::fatal: return "fatal";
    case StepKind::skip: return "skip";
    case StepKind::observe: return "observe";
  }
  return "?";
}

}  // namespace gcm::scenario
