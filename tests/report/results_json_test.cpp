// results_json_test.cpp — results.json: layout, round trip, the host split,
// and refusal of other schemas and inconsistent files.
#define BOOST_TEST_MODULE report.results_json
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include "report/results_json.hpp"
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
  json j = results_to_json(sample::sample_run());
  edit(j);
  return j.dump(2, ' ', false, json::error_handler_t::replace);  // the sample has a bad byte
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
  BOOST_TEST(has(error_of("{\"schema\": "), "results.json: invalid JSON"));
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
