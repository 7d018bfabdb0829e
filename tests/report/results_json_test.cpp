// results_json_test.cpp — results.json: layout, round trip, the host split,
// and refusal of other schemas and inconsistent files.
#define BOOST_TEST_MODULE report.results_json
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>

#include "report/json_stream.hpp"
#include "report/results_json.hpp"
#include "report/sweep.hpp"
#include "sample_run.hpp"

using namespace gcm::report;
using json = nlohmann::ordered_json;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_results_json(text, "results.json");
  } catch (const ResultsError& e) {
    return e.what();
  }
  return "";
}

std::string without_host(const std::string& text) {
  json j = json::parse(text);
  j.erase("host");
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string edited(const std::function<void(json&)>& edit) {
  json j = json::parse(render_results_json(sample::sample_run()));
  edit(j);
  return j.dump(2);  // parsed from our output: valid UTF-8 (U+FFFD for the sample's bad byte)
}

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(layout_and_key_order) {
  const std::string text = render_results_json(sample::sample_run());
  BOOST_TEST(text.starts_with("{\n  \"schema\": \"gcmatrix.results/1\",\n  \"gcmatrix_version\": "
                              "\"0.1.0\",\n  \"seed\": 7,\n  \"events_digest\": \""));
  BOOST_TEST(text.ends_with("}\n"));
  const json j = json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  BOOST_TEST((keys == std::vector<std::string>{"schema", "gcmatrix_version", "seed", "events_digest",
                                                "profiles", "workloads", "cases", "host"}));
  const json& c = j["cases"][0];
  BOOST_TEST(c["checks"][0]["expected"] == "fail");
  BOOST_TEST(c["checks"][0]["as_expected"] == true);
  BOOST_TEST(c["metrics"][1]["unit"] == "bytes");
  BOOST_TEST(c["events_digest"] == "0123456789abcdef");
  BOOST_TEST(j["cases"][1]["tests"][1]["status"] == "timed_out");
  BOOST_TEST(j["host"]["cases"][0]["metrics"][0]["name"] == "host_wall_ns");
  BOOST_TEST(!c.contains("host"));  // host figures live only under "host"
}

BOOST_AUTO_TEST_CASE(round_trip_is_exact) {
  const RunResult run = sample::sample_run();
  const std::string text = render_results_json(run);
  const RunResult back = parse_results_json(text, "results.json");
  BOOST_TEST(render_results_json(back) == text);
  BOOST_TEST(back.seed == run.seed);
  BOOST_TEST((back.profiles == run.profiles));
  BOOST_TEST((back.host == run.host));
  BOOST_TEST(back.digest_of_all_events == run.digest_of_all_events);
  BOOST_REQUIRE(back.cases.size() == run.cases.size());
  for (std::size_t i = 0; i < run.cases.size(); ++i) {
    BOOST_TEST((back.cases[i].outcomes == run.cases[i].outcomes));
    BOOST_TEST(back.cases[i].obs.host.size() == run.cases[i].obs.host.size());
    BOOST_TEST(back.cases[i].check().empty());
    BOOST_TEST((back.cases[i].obs.retention == run.cases[i].obs.retention));
  }
}

BOOST_AUTO_TEST_CASE(retention_is_written_in_full_and_checked_on_reading) {
  const json j = json::parse(render_results_json(sample::sample_run()));
  const json& snap = j["cases"][1]["retention"]["snapshots"][0];
  BOOST_TEST(snap["at"] == "test_timeout");
  BOOST_TEST(snap["retainers"][0]["name"] == "orderCache");
  BOOST_TEST(snap["retainers"][0]["share_permille"] == 870);
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][1]["retention"]["snapshots"][0]["retainers"][0]["kind"] = "heap"; })) ==
             "results.json: cases[1].retention.snapshots[0].retainers[0].kind: unknown root kind");
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][1]["retention"]["snapshots"][0]["at"] = "later"; })) ==
             "results.json: cases[1].retention.snapshots[0].at: expected test_end, test_timeout or forced_gc");
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][1]["retention"]["snapshots"][0]["retainers"][1]["share_permille"] = 5; })) ==
             "results.json: cases[1].retention.snapshots[0].retainers[1].share_permille: contradicts retained_bytes and reachable_bytes");
  BOOST_TEST(has(error_of(edited([](json& j) { j["cases"][1]["retention"]["snapshots"][0]["shared_bytes"] = 0; })),
                 "retained + shared bytes 9800 != reachable 10000"));
  // Files from before retention snapshots existed still read.
  const RunResult old = parse_results_json(edited([](json& j) {
                                             for (json& c : j["cases"]) c.erase("retention");
                                           }),
                                           "old.json");
  BOOST_TEST(old.cases[1].obs.retention.empty());
}

BOOST_AUTO_TEST_CASE(write_then_read_a_file) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("gcm_results_" + std::to_string(::getpid()) + ".json");
  write_results_json(file, sample::sample_run());
  BOOST_TEST(render_results_json(read_results_json(file)) == render_results_json(sample::sample_run()));
  std::filesystem::remove(file);
}

BOOST_AUTO_TEST_CASE(only_host_differs_between_runs) {
  RunResult a = sample::sample_run(), b = sample::sample_run();
  b.host.wall_ns += 12345;
  b.host.hostname = "other";
  for (CaseResult& c : b.cases) c.obs.host[0].value *= 1.7;
  const std::string ta = render_results_json(a), tb = render_results_json(b);
  BOOST_TEST(ta != tb);
  BOOST_TEST(without_host(ta) == without_host(tb));
  // Textually too: everything before the "host" key is identical.
  BOOST_TEST(ta.substr(0, ta.find("\n  \"host\"")) == tb.substr(0, tb.find("\n  \"host\"")));
}

BOOST_AUTO_TEST_CASE(stripped_host_still_reads) {
  const RunResult back = parse_results_json(without_host(render_results_json(sample::sample_run())), "x");
  BOOST_TEST(back.cases.size() == 4u);
  BOOST_TEST(back.cases[0].obs.host.empty());
}

BOOST_AUTO_TEST_CASE(other_schemas_are_refused) {
  const std::string v2 = error_of(edited([](json& j) { j["schema"] = "gcmatrix.results/2"; }));
  BOOST_TEST(v2 == "results.json: schema: unsupported results schema 'gcmatrix.results/2': this "
                   "gcmatrix reads gcmatrix.results/1 only");
  BOOST_TEST(has(error_of(edited([](json& j) { j["schema"] = "junit"; })),
                 "not a gcmatrix results file (schema 'junit'"));
  BOOST_TEST(has(error_of(edited([](json& j) { j.erase("schema"); })), "no \"schema\" key"));
  BOOST_TEST(has(error_of("[1, 2]"), "not a gcmatrix results file"));
  BOOST_TEST(error_of("{\"schema\": ") ==
             "results.json:1:12: schema: invalid JSON: syntax error while parsing value - unexpected end of input; "
             "expected '[', '{', or a literal");
}

BOOST_AUTO_TEST_CASE(inconsistent_files_are_refused_with_a_path) {
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][2]["checks"][1]["expected"] = "maybe"; })) ==
             "results.json: cases[2].checks[1].expected: expected pass, fail or missing");
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][0]["checks"][0]["as_expected"] = false; })) ==
             "results.json: cases[0].checks[0].as_expected: contradicts passed and expected");
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][0].erase("event_count"); })) ==
             "results.json: cases[0].event_count: missing");
  BOOST_TEST(error_of(edited([](json& j) { j["cases"][1]["tests"][0]["status"] = "ok"; })) ==
             "results.json: cases[1].tests[0].status: unknown test status");
  BOOST_TEST(has(error_of(edited([](json& j) { j["cases"][0]["events_digest"] = "0000000000000000"; })),
                 "events_digest: does not match"));
  BOOST_TEST(has(error_of(edited([](json& j) { j["cases"][0]["profile"] = "go9.99"; })),
                 "cases[0].profile: not listed in profiles"));
  BOOST_TEST(error_of(edited([](json& j) { j["profiles"][1]["family"] = "guessed"; })) ==
             "results.json: profiles[1].family: expected documented or observed");
  BOOST_TEST(error_of(edited([](json& j) { j["seed"] = "7"; })) ==
             "results.json: seed: expected a non-negative integer");
}

// Found by the fuzzer (GCM_FUZZ_SEED=20261203, 2026-12-03): a host entry
// naming a profile with a carriage return was echoed raw by "no case … in
// cases". Every message of the reader escapes what the file chose.
BOOST_AUTO_TEST_CASE(names_from_the_file_are_escaped_in_every_message) {
  const std::string host = error_of(edited([](json& j) { j["host"]["cases"][2]["profile"] = "go1.20-obse\rved\x1b]0;t\a"; }));
  BOOST_TEST(host == "results.json: host.cases[2]: no case go1.20-obse\\rved\\x1b]0;t\\x07/" +
                         std::string(sample::sample_run().cases[2].obs.workload) + " in cases");
  BOOST_TEST(std::none_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
}

// Found in review (2026-12-04): merge printed a leg's names raw, and in a
// GitHub Actions log a line starting with "::" is a workflow command. A leg
// whose profile, workload or check name gcmatrix's loaders would refuse was
// not written by gcmatrix: refused, located.
BOOST_AUTO_TEST_CASE(names_gcmatrix_could_not_have_written_are_refused) {
  BOOST_TEST(error_of(edited([](json& j) { j["profiles"][0]["name"] = "go1.20\n::add-mask::x"; })) ==
             "results.json: profiles[0].name: 'go1.20\\n::add-mask::x' is not a profile name (expected letters, digits, '.', "
             "'_' and '-', at most 64 characters, not starting with '.', '_' or '-')");
  BOOST_TEST(error_of(edited([](json& j) { j["workloads"][0] = "w\n::stop-commands::t"; })) ==
             "results.json: workloads[0]: 'w\\n::stop-commands::t' is not a valid name (expected lower-case letters, digits "
             "and '-', at most 64 characters)");
  BOOST_TEST(has(error_of(edited([](json& j) { j["cases"][1]["workload"] = "Cleanup Capture"; })),
                 "results.json: cases[1].workload: 'Cleanup Capture' is not a valid name"));
  BOOST_TEST(has(error_of(edited([](json& j) { j["cases"][0]["checks"][0]["name"] = "x\r::error::y"; })),
                 "results.json: cases[0].checks[0].name: 'x\\r::error::y' is not a valid name (expected lower-case letters, "
                 "digits, '-' and ':'"));
}

namespace {

// The sample run as --seeds 7..16 writes it: each case its first seed's,
// with a sweep over ten seeds in which every check fails in seeds 9 and 12
// (so checks as expected in seed 7 are flaky over the sweep).
RunResult sweep_run() {
  RunResult run = sample::sample_run();
  for (CaseResult& c : run.cases) {
    auto sweep = std::make_shared<Sweep>();
    for (std::uint64_t seed = c.obs.seed; seed < c.obs.seed + 10; ++seed) {
      CaseResult s = c;
      s.obs.seed = seed;
      s.obs.events_digest += seed;
      for (std::size_t i = 0; i < s.outcomes.size(); ++i)
        if (seed - c.obs.seed == 2 || seed - c.obs.seed == 5) {
          s.outcomes[i] = judge(s.outcomes[i].check, !s.outcomes[i].passed, s.outcomes[i].expected);
          if (!c.outcomes[i].gated) s.outcomes[i] = report_only(s.outcomes[i].check, s.outcomes[i].passed);
        }
      sweep->add(s);
    }
    c.sweep = sweep;
    apply_sweep_verdict(c);
  }
  return run;
}

std::string sweep_error_of(const std::function<void(json&)>& edit) {
  json j = json::parse(render_results_json(sweep_run()));
  edit(j);
  return error_of(j.dump(2, ' ', false, json::error_handler_t::replace));
}

}  // namespace

// issue 14 §2: merge reads legs back through this reader; before, "sweeps"
// was ignored and a flaky check's as_expected refused.
BOOST_AUTO_TEST_CASE(a_sweep_run_round_trips_with_its_sweeps) {
  const RunResult run = sweep_run();
  const std::string text = render_results_json(run);
  BOOST_TEST(has(text, "\"sweeps\": ["));
  const RunResult back = parse_results_json(text, "results.json");
  BOOST_TEST(render_results_json(back) == text);
  BOOST_REQUIRE(back.cases.size() == run.cases.size());
  std::size_t flaky = 0;
  for (std::size_t i = 0; i < run.cases.size(); ++i) {
    BOOST_REQUIRE(back.cases[i].sweep != nullptr);
    BOOST_TEST((*back.cases[i].sweep == *run.cases[i].sweep));
    BOOST_TEST((back.cases[i].outcomes == run.cases[i].outcomes));
    for (const CheckOutcome& o : back.cases[i].outcomes) flaky += o.gated && o.deviation() == Deviation::none && !o.as_expected;
  }
  BOOST_TEST(flaky > 0u);
}

BOOST_AUTO_TEST_CASE(an_inconsistent_sweep_is_refused_with_a_path) {
  BOOST_TEST(sweep_error_of([](json& j) { j["sweeps"][0]["checks"][0]["passed"] = 9; }) ==
             "results.json: sweeps[0].checks[0].rate: contradicts runs and passed (expected \"pass 90 %\")");
  BOOST_TEST(sweep_error_of([](json& j) { j["sweeps"][1]["seeds"] = 11; }) ==
             "results.json: sweeps[1]: seed ranges cover 10 seeds, not 11");
  BOOST_TEST(sweep_error_of([](json& j) { j["sweeps"][0]["seed_ranges"][0][0] = 8; }) ==
             "results.json: sweeps[0]: seed ranges cover 9 seeds, not 10");
  BOOST_TEST(has(sweep_error_of([](json& j) { j["sweeps"].erase(1); }), "cases[1]: no sweep of "));
  BOOST_TEST(has(sweep_error_of([](json& j) { j["cases"][0]["checks"][0]["as_expected"] = true; }),
                 "cases[0].checks[0].as_expected: contradicts the sweep's tally"));
  BOOST_TEST(sweep_error_of([](json& j) { j["sweeps"][0]["histograms"] = json::array({{{"name", "x"}, {"values", json::array({{{"value", "1"}, {"seeds", 0}}})}}}); }) ==
             "results.json: sweeps[0]: histogram x: value 1 with 0 seeds");
}

BOOST_AUTO_TEST_CASE(a_number_out_of_range_is_a_located_results_error) {
  BOOST_TEST(error_of("{\n  \"schema\": \"gcmatrix.results/1\",\n  \"seed\": 1e400\n}") ==
             "results.json:3:11: seed: number 1e400 is out of range (expected an integer 0..18446744073709551615 or a finite number)");
  BOOST_TEST(error_of("{\"cases\": [{}, {\"seed\": -1e999}]}") ==
             "results.json:1:25: cases[1].seed: number -1e999 is out of range (expected an integer 0..18446744073709551615 or a finite number)");
}

namespace {

// The sweep run with what the sample lacks: a scenario's observations (one
// name written twice: the later value wins, in the first's place), source
// lines, a report-only case, a case with no tests, metrics, claims or
// params, and invalid UTF-8 in a key and in values.
RunResult rich_run() {
  RunResult run = sweep_run();
  gcm::workloads::Observation& scenario = run.cases[0].obs;
  scenario.observations = {{"retained", "3"}, {"freed\xfe", "x\xc3"}, {"retained", "4"}};
  scenario.checks[0].source_line = 17;
  scenario.tests[0].source_line = 21;
  scenario.params["bad\xff key"] = "v\xe2\x82";
  CaseResult& report_only_case = run.cases[3];
  for (CheckOutcome& o : report_only_case.outcomes) o = report_only(o.check, o.passed);
  gcm::workloads::Observation& bare = run.cases[2].obs;
  bare.tests.clear();
  bare.metrics.clear();
  bare.claims.clear();
  bare.params.clear();
  bare.host.clear();
  return run;
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

// results.json is streamed piece by piece (json_stream.hpp); results_golden.json
// is what the whole-DOM writer it replaced dumped for rich_run(), byte for byte.
BOOST_AUTO_TEST_CASE(streamed_bytes_equal_the_dom_dump_they_replaced) {
  const std::string golden = file_text(GCM_REPORT_TEST_DIR "/results_golden.json");
  BOOST_REQUIRE(golden.size() > 1000u);
  BOOST_TEST(golden.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD for the bad bytes
  const std::string text = render_results_json(rich_run());
  BOOST_TEST(text == golden);
  const auto file = std::filesystem::temp_directory_path() / ("gcm_rich_" + std::to_string(::getpid()) + ".json");
  write_results_json(file, rich_run());
  BOOST_TEST(file_text(file) == golden);
  std::filesystem::remove(file);
}

// Streamed: a case with many tests and snapshots reaches the sink in chunks of
// about JsonStream::kFlushBytes, never as one document-sized string.
BOOST_AUTO_TEST_CASE(a_large_run_reaches_the_sink_in_bounded_chunks) {
  RunResult run = sample::sample_run();
  gcm::workloads::Observation& big = run.cases[1].obs;
  for (int i = 0; i < 20'000; ++i) big.tests.push_back({"Test" + std::to_string(i), big.tests[0].status, i, ""});
  for (int i = 0; i < 2'000; ++i) big.retention.push_back(big.retention[0]);
  std::size_t largest = 0, total = 0;
  write_results_json([&](std::string_view bytes) { largest = std::max(largest, bytes.size()); total += bytes.size(); }, run);
  BOOST_TEST(total == render_results_json(run).size());
  BOOST_TEST(total > 40 * JsonStream::kFlushBytes);
  BOOST_TEST(largest < 2 * JsonStream::kFlushBytes);
}
