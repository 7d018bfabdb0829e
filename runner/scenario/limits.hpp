// limits.hpp — every bound the scenario loader enforces, each named in the
// error that reports it being exceeded (TigerBeetle: a limit on everything).
#pragma once

#include <cstdint>

namespace gcm::scenario {

inline constexpr std::uint64_t kFileBytesMax = 256 * 1024;   // one scenario file
// go.mod versions a scenario's `go:` key and export-go's --go accept: 1.16
// (the oldest go line the toolchains here still build) to 1.30.
inline constexpr int kGoModMinorMin = 16;
inline constexpr int kGoModMinorMax = 30;
inline constexpr std::size_t kTestsMax = 100;                 // top-level tests
inline constexpr std::size_t kStepsMax = 2'000;               // steps in the whole file
inline constexpr int kBodyDepthMax = 6;                       // bodies inside bodies (cleanup, go, run)
inline constexpr std::size_t kGlobalsMax = 32;
inline constexpr std::size_t kObservationsMax = 200;          // top-level observe entries
inline constexpr std::size_t kChecksMax = 200;
inline constexpr std::size_t kCapturesMax = 16;               // per closure
inline constexpr std::int64_t kLoopCountMax = 10'000;         // go loop iterations, run count
inline constexpr std::int64_t kTrieKeysMax = 200'000;
inline constexpr std::int64_t kTinyCountMax = 65'535;         // one holder object's pointer slots
inline constexpr std::int64_t kTinyBytesMax = 15;             // Go's tiny allocator: under 16 B (O13)
inline constexpr std::uint64_t kBytesMax = 1ull << 30;        // one make([]byte, N)
inline constexpr std::int64_t kGcTimesMax = 100;
inline constexpr std::int64_t kSleepNsMax = 3'600'000'000'000;  // one hour of virtual time
inline constexpr std::size_t kNameCharsMax = 64;              // names, labels, variables
inline constexpr std::size_t kTextCharsMax = 200;             // messages, expected strings
inline constexpr std::size_t kDescriptionCharsMax = 2'000;
// Work, counted statically: each trie key, tiny object or other step is 1,
// each runtime.GC 10,000, multiplied by the go loops and run counts around it,
// so no file within the other limits makes a run that does not end.
inline constexpr std::int64_t kWorkMax = 50'000'000;
inline constexpr std::int64_t kGcWork = 10'000;
// Goroutines a scenario may start, counted statically as work is: each go
// loop iteration and each subtest (t.Run starts a goroutine), multiplied by
// the go loops and run counts around it. As many as goroutine-leak's largest
// run (2 x 10^5), a fifth of the runtime's own limit (Scheduler::
// kGoroutinesMax), which a run past would end in an internal error.
inline constexpr std::int64_t kGoroutinesMax = 200'000;
// YAML nesting: the root, tests[i].steps[j], then three levels per body.
inline constexpr int kYamlNestingMax = 6 + 3 * kBodyDepthMax + 4;

}  // namespace gcm::scenario
