// schema.cpp — key tables of the gc:, cost: and testing: sections, and the
// functions that set each Profile field. Claim IDs per key: policies/README.md.
#include "policy/schema.hpp"

#include <array>
#include <limits>
#include <optional>
#include <span>


namespace gcm::policy {

namespace {

using ApplyValue = void (*)(const NodeReader&, const Field&, Profile&);

struct SectionSpec;

struct KeySpec {
  std::string_view name;
  KeyKind kind;
  ApplyValue apply = nullptr;            // behaviour and tunable keys
  const SectionSpec* section = nullptr;  // section keys
};

struct SectionSpec {
  std::string_view name;      // "gc", "timeout"
  std::string_view expected;  // completes "(expected …)" when it is not a map
  std::span<const KeySpec> keys;
};

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::uint64_t kUint32Max = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kUint64Max = std::numeric_limits<std::uint64_t>::max();
constexpr std::int64_t kPpmMax = 1'000'000;  // parts per million: 1 = always

constexpr std::string_view kMinHeapExpected =
    "bytes >= 1: an integer, or one with a unit KiB, MiB, GiB or TiB, e.g. 4MiB";
constexpr std::string_view kMemoryLimitExpected =
    "off, or bytes: an integer, or one with a unit KiB, MiB, GiB or TiB, e.g. 512MiB";

// The scalar `off`, written plain (a quoted "off" is a string).
bool is_off(const Field& field) {
  return field.value.IsScalar() && field.value.Tag() == "?" && field.value.Scalar() == "off";
}

// --- gc: (rt::GcConfig) ------------------------------------------------------

// GOGC: a percent, or off (O10; A16's experiment runs with GOGC=off).
void set_gogc(const NodeReader& reader, const Field& field, Profile& profile) {
  constexpr std::string_view kExpected = "an integer percent >= 0, or off";
  if (is_off(field)) {
    profile.gc.gogc_off = true;
    return;
  }
  profile.gc.gogc_off = false;
  profile.gc.gogc_percent = static_cast<std::int32_t>(
      reader.integer(field, 0, std::numeric_limits<std::int32_t>::max(), kExpected));
}

void set_min_heap(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.gc.min_heap_bytes =
      reader.size_bytes(field, 1, kUint64Max, kMinHeapExpected);
}

// GOMEMLIMIT: off (no limit) or bytes (O10, O11). 0 also means off.
void set_memory_limit(const NodeReader& reader, const Field& field, Profile& profile) {
  if (is_off(field)) {
    profile.gc.memory_limit_bytes = 0;
    return;
  }
  profile.gc.memory_limit_bytes =
      reader.size_bytes(field, 0, kUint64Max, kMemoryLimitExpected);
}

void set_cpu_limiter(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.gc.cpu_limiter_percent =
      static_cast<std::uint32_t>(reader.integer(field, 1, 100, "a percent 1..100"));
}

void set_tiny_block(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.gc.tiny_block_bytes = static_cast<std::uint32_t>(
      reader.size_bytes(field, 1, kUint32Max, "bytes >= 1, e.g. 16"));
}

template <bool rt::GcConfig::*Member>
void set_gc_bool(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.gc.*Member = reader.boolean(field);
}

// --- cost: (rt::CostModel) ---------------------------------------------------

template <std::int64_t rt::CostModel::*Member>
void set_cost_ns(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.cost.*Member = reader.integer(field, 0, kInt64Max, "nanoseconds, an integer >= 0");
}

// --- sched: (rt::SchedConfig) -------------------------------------------------
void set_gomaxprocs(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.sched.gomaxprocs = static_cast<std::uint32_t>(reader.integer(field, 1, 256, "an integer 1..256"));
}
void set_sched_kind(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.sched.kind = reader.enumeration<rt::SchedKind>(field);
}
void set_pct_depth(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.sched.pct_depth = static_cast<std::uint32_t>(reader.integer(field, 1, 64, "an integer 1..64"));
}
void set_pct_steps(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.sched.pct_steps =
      static_cast<std::uint32_t>(reader.integer(field, 1, 100'000'000, "a step count 1..100000000"));
}

void set_work_stealing(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.sched.work_stealing = reader.boolean(field);
}
void set_wake_jitter(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.sched.wake_jitter_percent = static_cast<std::uint32_t>(reader.integer(field, 0, 100, "a percent 0..100"));
}

// --- testing: (gotest::TestingPolicy) ----------------------------------------

template <bool gotest::TestingPolicy::*Member>
void set_testing_bool(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.*Member = reader.boolean(field);
}

template <class E, E gotest::TestingPolicy::*Member>
void set_testing_enum(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.*Member = reader.enumeration<E>(field);
}

// A12: chance per opportunity that the finalizer slips through the window.
void set_window_ppm(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.finalizer_window_ppm = static_cast<std::uint32_t>(
      reader.integer(field, 0, kPpmMax, "parts per million 0..1000000"));
}

void set_timeout_mode(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.timeout_mode = reader.enumeration<gotest::TimeoutMode>(field);
}

// A22: 60 s per test; O7: -timeout 10m for the binary. Decimal seconds.
void set_timeout_seconds(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.timeout_ns =
      reader.positive_seconds_ns(field, "seconds > 0 with at most 9 decimals, e.g. 60 or 0.5");
}

template <bool gotest::GcHookPoints::*Member>
void set_hook(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.gc_hooks.*Member = reader.boolean(field);
}

void set_hook_every_n(const NodeReader& reader, const Field& field, Profile& profile) {
  profile.testing.gc_hooks.every_n_allocations = static_cast<std::uint64_t>(
      reader.integer(field, 0, kInt64Max, "an allocation count >= 0 (0 = off)"));
}

// --- tables ------------------------------------------------------------------

using gotest::GcHookPoints;
using gotest::TestingPolicy;
constexpr KeyKind kBehaviour = KeyKind::behaviour;
constexpr KeyKind kTunable = KeyKind::tunable;

constexpr std::array kGcKeys{
    KeySpec{"gogc", kBehaviour, set_gogc},
    KeySpec{"min_heap_bytes", kTunable, set_min_heap},
    KeySpec{"roots_in_goal", kBehaviour, set_gc_bool<&rt::GcConfig::roots_in_goal>},
    KeySpec{"memory_limit_bytes", kTunable, set_memory_limit},
    KeySpec{"cpu_limiter_percent", kTunable, set_cpu_limiter},
    KeySpec{"tiny_alloc_batching", kBehaviour, set_gc_bool<&rt::GcConfig::tiny_alloc_batching>},
    KeySpec{"tiny_block_bytes", kTunable, set_tiny_block},
    KeySpec{"addcleanup_concurrent", kBehaviour,
            set_gc_bool<&rt::GcConfig::addcleanup_concurrent>},
    // Tunable so that the documented family, which never names it, keeps false.
    KeySpec{"tiny_block_root", kTunable, set_gc_bool<&rt::GcConfig::tiny_block_root>},
};
// Tunables: the documented family never names them and keeps the defaults.
constexpr std::array kSchedKeys{
    KeySpec{"gomaxprocs", kTunable, set_gomaxprocs},
    KeySpec{"scheduler", kTunable, set_sched_kind},
    KeySpec{"pct_depth", kTunable, set_pct_depth},
    KeySpec{"pct_steps", kTunable, set_pct_steps},
    KeySpec{"work_stealing", kTunable, set_work_stealing},
    KeySpec{"wake_jitter_percent", kTunable, set_wake_jitter},
};

constexpr std::array kCostKeys{
    KeySpec{"alloc_ns", kTunable, set_cost_ns<&rt::CostModel::alloc_ns>},
    KeySpec{"alloc_kib_ns", kTunable, set_cost_ns<&rt::CostModel::alloc_kib_ns>},
    KeySpec{"mark_object_ns", kTunable, set_cost_ns<&rt::CostModel::mark_object_ns>},
    KeySpec{"mark_kib_ns", kTunable, set_cost_ns<&rt::CostModel::mark_kib_ns>},
    KeySpec{"sweep_object_ns", kTunable, set_cost_ns<&rt::CostModel::sweep_object_ns>},
    KeySpec{"stw_pause_ns", kTunable, set_cost_ns<&rt::CostModel::stw_pause_ns>},
    KeySpec{"switch_ns", kTunable, set_cost_ns<&rt::CostModel::switch_ns>},
    KeySpec{"op_ns", kTunable, set_cost_ns<&rt::CostModel::op_ns>},
    KeySpec{"wake_p_ns", kTunable, set_cost_ns<&rt::CostModel::wake_p_ns>},
    KeySpec{"go_ns", kTunable, set_cost_ns<&rt::CostModel::go_ns>},
};

constexpr std::array kTimeoutKeys{
    KeySpec{"mode", kBehaviour, set_timeout_mode},
    KeySpec{"seconds", kBehaviour, set_timeout_seconds},
};

constexpr std::array kGcHookKeys{
    KeySpec{"after_cleanup_register", kTunable, set_hook<&GcHookPoints::after_cleanup_register>},
    KeySpec{"before_body_return", kTunable, set_hook<&GcHookPoints::before_body_return>},
    KeySpec{"after_body_return", kTunable, set_hook<&GcHookPoints::after_body_return>},
    KeySpec{"before_each_cleanup", kTunable, set_hook<&GcHookPoints::before_each_cleanup>},
    KeySpec{"after_each_cleanup", kTunable, set_hook<&GcHookPoints::after_each_cleanup>},
    KeySpec{"at_test_complete", kTunable, set_hook<&GcHookPoints::at_test_complete>},
    KeySpec{"every_n_allocations", kTunable, set_hook_every_n},
};

constexpr SectionSpec kTimeout{"timeout", "a map with mode and seconds", kTimeoutKeys};
constexpr SectionSpec kGcHooks{"gc_hooks", "a map of GC hook points", kGcHookKeys};

constexpr std::array kTestingKeys{
    KeySpec{"frame_release", kBehaviour,
            set_testing_enum<gotest::FrameRelease, &TestingPolicy::frame_release>},
    KeySpec{"cleanups_wait_for_subtests", kBehaviour,
            set_testing_bool<&TestingPolicy::cleanups_wait_for_subtests>},
    KeySpec{"cleanups_run_on_panic", kBehaviour,
            set_testing_bool<&TestingPolicy::cleanups_run_on_panic>},
    KeySpec{"foreign_goroutine_cleanup", kBehaviour,
            set_testing_enum<gotest::ForeignCleanup, &TestingPolicy::foreign_goroutine_cleanup>},
    KeySpec{"late_cleanup", kBehaviour,
            set_testing_enum<gotest::LateCleanup, &TestingPolicy::late_cleanup>},
    KeySpec{"run_in_cleanup", kBehaviour,
            set_testing_enum<gotest::RunInCleanup, &TestingPolicy::run_in_cleanup>},
    KeySpec{"context_cancel_before_cleanup", kBehaviour,
            set_testing_bool<&TestingPolicy::context_cancel_before_cleanup>},
    KeySpec{"finalizer_eligibility", kBehaviour,
            set_testing_enum<gotest::FinalizerEligibility, &TestingPolicy::finalizer_eligibility>},
    KeySpec{"finalizer_window_ppm", kBehaviour, set_window_ppm},
    KeySpec{"discard_pending_finalizers_at_test_end", kBehaviour,
            set_testing_bool<&TestingPolicy::discard_pending_finalizers_at_test_end>},
    KeySpec{"loopvar", kBehaviour, set_testing_enum<gotest::LoopVar, &TestingPolicy::loopvar>},
    KeySpec{"timeout", KeyKind::section, nullptr, &kTimeout},
    KeySpec{"gc_hooks", KeyKind::section, nullptr, &kGcHooks},
};

constexpr SectionSpec kGc{"gc", "a map of GC pacer settings", kGcKeys};
constexpr SectionSpec kCost{"cost", "a map of virtual-time costs in ns", kCostKeys};
constexpr SectionSpec kTesting{"testing", "a map of testing-package behaviours", kTestingKeys};
constexpr SectionSpec kSched{"sched", "a map of scheduler settings", kSchedKeys};
constexpr std::array<const SectionSpec*, 4> kBodySections{&kGc, &kCost, &kSched, &kTesting};

std::vector<std::string> key_names(const SectionSpec& section) {
  std::vector<std::string> names;
  for (const KeySpec& key : section.keys) names.emplace_back(key.name);
  return names;
}

const KeySpec* find_key(const SectionSpec& section, std::string_view name) {
  for (const KeySpec& key : section.keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}


// {value: X, basis: [...]} -> the value field; records or clears the basis.
Field unwrap_basis(const NodeReader& reader, const Field& field, KeyKind kind,
                   std::map<std::string, std::vector<std::string>>& basis) {
  constexpr std::string_view kExpected = "{value: ..., basis: [claim IDs]}";
  if (!field.value.IsMap()) {
    if (kind == KeyKind::behaviour && reader.origin() == ProfileOrigin::shipped) {
      reader.fail_expected(field, describe_node(field.value) + " has no basis",
                           std::string(kExpected) + " for a behaviour key");
    }
    basis.erase(field.key_path);
    return field;
  }
  std::optional<Field> value;
  std::optional<Field> ids;
  for (const Field& part : reader.map_fields(field, kExpected)) {
    if (part.key == "value") {
      value = part;
    } else if (part.key == "basis") {
      ids = part;
    } else {
      reader.fail_unknown_key(part, {"value", "basis"});
    }
  }
  if (!value) reader.fail_expected(field, "missing key 'value'", kExpected);
  if (!ids) reader.fail_expected(field, "missing key 'basis'", kExpected);
  basis[field.key_path] = reader.claim_ids(*ids);
  return *value;
}

// Recurses once per nested section of the static schema (depth <= 2), never
// on the document's own depth: an unexpected nested map is an error first.
void apply_section(const NodeReader& reader, const Field& field, const SectionSpec& section,
                   Profile& profile, KeyLocations& written) {
  for (const Field& child : reader.map_fields(field, section.expected)) {
    const KeySpec* key = find_key(section, child.key);
    if (key == nullptr) reader.fail_unknown_key(child, key_names(section));
    written[child.key_path] = child.key_where;
    if (key->kind == KeyKind::section) {
      apply_section(reader, child, *key->section, profile, written);
      continue;
    }
    const Field value = unwrap_basis(reader, child, key->kind, profile.basis);
    key->apply(reader, value, profile);
  }
}

void collect_keys(const SectionSpec& section, const std::string& prefix,
                  std::vector<SchemaKey>& out) {
  for (const KeySpec& key : section.keys) {
    const std::string path = prefix + "." + std::string(key.name);
    out.push_back(SchemaKey{path, key.kind});
    if (key.kind == KeyKind::section) collect_keys(*key.section, path, out);
  }
}

}  // namespace

const std::vector<SchemaKey>& schema_keys() {
  static const std::vector<SchemaKey> keys = [] {
    std::vector<SchemaKey> out;
    for (const SectionSpec* section : kBodySections) {
      out.push_back(SchemaKey{std::string(section->name), KeyKind::section});
      collect_keys(*section, std::string(section->name), out);
    }
    return out;
  }();
  return keys;
}

const std::vector<std::string>& behaviour_key_paths() {
  static const std::vector<std::string> paths = [] {
    std::vector<std::string> out;
    for (const SchemaKey& key : schema_keys()) {
      if (key.kind == KeyKind::behaviour) out.push_back(key.path);
    }
    return out;
  }();
  return paths;
}

bool is_leaf_key_path(std::string_view key_path) {
  for (const SchemaKey& key : schema_keys()) {
    if (key.path == key_path) return key.kind != KeyKind::section;
  }
  return false;
}

const std::vector<std::string>& body_section_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const SectionSpec* section : kBodySections) out.emplace_back(section->name);
    return out;
  }();
  return names;
}

void apply_body_section(const NodeReader& reader, const Field& field, Profile& profile,
                        KeyLocations& written) {
  for (const SectionSpec* section : kBodySections) {
    if (section->name == field.key) {
      apply_section(reader, field, *section, profile, written);
      return;
    }
  }
  reader.fail(field.key_where, field.key_path, "not a body section (expected gc, cost, sched or testing)");
}

}  // namespace gcm::policy
