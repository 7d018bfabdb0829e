// spec.hpp — a scenario as the loader hands it to the interpreter: a Go test
// package described in YAML (scenarios/README.md documents every key with its
// Go equivalent). Main entries: Scenario, Step, Block.
//
// Blocks are stored flat: Scenario::blocks[i] is one statement list, and a
// step that has a body (cleanup, go, run) names its block by index, so nothing
// that walks a scenario needs recursion on the depth the user chose.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "policy/profile_error.hpp"

namespace gcm::scenario {

using policy::Location;

// Where a key was written, for errors raised after loading (AddCleanup under
// a profile without it) and for JUnit file/line.
struct Where {
  std::string key_path;  // "tests[0].steps[2].cleanup"
  Location at;
};

enum class ValueKind : std::uint8_t {
  trie,    // m := NewMap(); m = m.Set(…) N times: the persistent hash trie (A3)
  bytes,   // make([]byte, N): one pointer-free object
  tiny,    // N separate tiny pointer-free objects of B bytes (O4, O13)
  object,  // &node{}: one small object with pointer fields
  map,     // map[int]int{} guarded by a mutex: counts per key
};

enum class ObserveKind : std::uint8_t {
  live,        // objects made by the variable's `let` still live (trie nodes, tiny objects, …)
  finalized,   // finalizers (or AddCleanups) that recorded the label so far
  heap_alloc,  // runtime.MemStats.HeapAlloc
  goroutines,  // runtime.NumGoroutine()
  map_keys,    // "k:count" pairs sorted by key
  map_size,    // len(map)
  map_count,   // seen[key]: the count at one key
  records,     // a test's record log, space-separated in order
  len,         // len(global slice)
  status,      // a test's outcome: passed, failed, skipped, …
  rejected_cleanups,  // t.Cleanup calls the testing package refused or ignored (A8 vs O3)
  aborted,     // 1 when the test binary died (O7, O8), else 0
};

// How an observation read several times keeps its value.
enum class Keep : std::uint8_t { last, max, sum };

struct Observe {
  std::string name;
  ObserveKind kind = ObserveKind::live;
  std::string subject;  // variable, label, map, test or global; empty for heap_alloc, goroutines, …
  std::string test;     // `live`: the test whose `let` is meant (empty: the latest let of the name)
  std::int64_t key = 0; // `map_count`: the key read
  Keep keep = Keep::last;
  Where where;
};

enum class BlockUntil : std::uint8_t { context, test_context, forever };

enum class StepKind : std::uint8_t {
  let, assign_nil, append, remove, finalizer, add_cleanup, cleanup, gc, sleep, go, block, cancel,
  write, record, run, panic, fatal, skip, observe,
};
const char* to_string(StepKind k) noexcept;  // the YAML key: "let", "assign", …

struct Step {
  StepKind kind = StepKind::record;
  Where where;
  std::string var;     // let, assign, append/remove (var), finalizer, add_cleanup, write (map)
  std::string global;  // assign/append/remove on a global slice
  ValueKind value = ValueKind::object;        // let
  std::int64_t count = 0;                     // let trie keys / tiny count; go loop count; run count; gc times
  std::int64_t bytes = 0;                     // let bytes / tiny bytes; append bytes
  std::string key_format = "key-%d", value_format = "val-%d";  // let trie
  std::string text;    // record label, finalizer/add_cleanup record, panic/fatal/skip message, name
  std::vector<std::string> captures;          // cleanup, go
  std::string loop_var;                       // go loop variable; empty = one goroutine
  bool wait = false;                          // go: WaitGroup
  bool parallel = false;                      // run: t.Parallel()
  std::int64_t sleep_ns = 0;
  BlockUntil until = BlockUntil::forever;
  std::string key_var;                        // write: variable holding the key, or
  std::int64_t key_value = 0;                 // … a literal key when key_var is empty
  Observe observe;                            // observe step
  std::size_t body = 0;                       // cleanup, go, run: index into Scenario::blocks
};

struct Block {
  std::vector<Step> steps;
};

struct Global {
  std::string name;
  Where where;
};

struct Test {
  std::string name;  // TestX
  Where where;
  std::size_t body = 0;
};

enum class CheckOp : std::uint8_t { equals, at_most, at_least, one_of };

struct Check {
  std::string name;      // kebab-case (':' allowed, as in the ports' "log-only:…")
  std::string observe;   // the top-level observation compared
  CheckOp op = CheckOp::equals;
  std::string text;                    // equals
  std::int64_t bound = 0;              // at_most / at_least
  std::vector<std::string> choices;    // one_of
  std::string at_cleanup_of;           // `at: cleanup` with `test:`: read inside that test's t.Cleanup (A23)
  std::vector<std::string> claims;
  std::map<std::string, std::string> expect;  // family ("documented", "observed") -> "pass" | "fail"
  Where where;
};

struct Scenario {
  std::string path;         // as given: error messages and JUnit `file`
  std::string name;         // [a-z0-9-]+
  std::string description;
  std::optional<int> go_minor;  // `go: "1.22"` → 22
  std::vector<std::string> claims;
  std::vector<Global> globals;
  std::vector<Test> tests;
  std::vector<Observe> observe;  // read when the package has finished
  std::vector<Check> checks;
  std::vector<Block> blocks;     // every statement list; tests and bodies index into it
  Location document_where;
  Location name_where;  // the value of `scenario:`
  std::int64_t work = 0;  // the static work count the loader bounds by kWorkMax (limits.hpp)
  // Steps a profile of Go < 1.24 cannot run (O9): runtime.AddCleanup and
  // t.Context are both new in Go 1.24. In file order.
  struct Go124Step {
    Where where;
    std::string feature;  // "runtime.AddCleanup", "t.Context"
  };
  std::vector<Go124Step> go1_24_steps;
};

}  // namespace gcm::scenario
