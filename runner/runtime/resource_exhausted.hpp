// resource_exhausted.hpp — a host or emulator limit was hit. Main entry:
// ResourceExhausted.
//
// Why a type of its own: the emulated runtime turns a C++ exception thrown
// by a goroutine or test body into an emulated Go panic (an outcome that is
// then judged). Running out of host memory, of mappings for fiber stacks
// (vm.max_map_count) or of the emulator's goroutine table is no property of
// the Go program: the results would depend on the machine. Such failures
// are never caught as panics; they end the case as an internal error (exit 3)
// whose message names the resource.
#pragma once

#include <exception>
#include <new>
#include <stdexcept>
#include <string>

namespace gcm::rt {

class ResourceExhausted : public std::runtime_error {
 public:
  explicit ResourceExhausted(const std::string& what) : std::runtime_error("resource exhausted: " + what) {}
};

// True for the exceptions that mean "the host (or the emulator) ran out",
// std::bad_alloc included: to be passed on, never turned into a Go panic.
inline bool is_resource_exhaustion(const std::exception& e) noexcept {
  return dynamic_cast<const ResourceExhausted*>(&e) != nullptr || dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
}

}  // namespace gcm::rt
