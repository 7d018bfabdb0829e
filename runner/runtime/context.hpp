// context.hpp — Go's context package, reduced to cancellation (what the
// article's §3.2 pattern and t.Context() need). Main entry: Runtime::with_cancel().
//
// A cancelled context closes its Done channel and cancels its children
// (context.go cancelCtx.cancel). Err is "context canceled" or the cause.
#pragma once

#include <string>
#include <vector>

namespace gcm::rt {

class Chan;

struct Context {
  Chan* done = nullptr;            // closed on cancel; nullptr for Background (never done)
  bool cancelled = false;
  std::string err;                 // "context canceled", "context deadline exceeded"
  Context* parent = nullptr;
  std::vector<Context*> children;
};

}  // namespace gcm::rt
