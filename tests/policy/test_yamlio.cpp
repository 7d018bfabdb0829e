// test_yamlio.cpp — the YAML toolkit every loader shares (runner/yamlio/):
// located line numbers, duplicate keys, unknown keys with did-you-mean,
// dotted key names, the alias budget and one document per file, and the
// bounded file read (a FIFO refused at once, never a blocking open).
#define BOOST_TEST_MODULE policy_yamlio
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "yamlio/did_you_mean.hpp"
#include "yamlio/document.hpp"

namespace fs = std::filesystem;
namespace gy = gcm::yamlio;

namespace {

const gy::DocumentKind kKind{"test file", "a map with a, b"};

// The message read_document() (then `read`) raises on `yaml`; "" when none.
template <class Read>
std::string error_of(const std::string& yaml, Read read, gy::KeyWords words = gy::KeyWords::plain) {
  const gy::Reader reader("t.yaml", words);
  try {
    read(reader, gy::read_document(reader, yaml, kKind));
  } catch (const gy::LocatedError& e) {
    return e.what();
  }
  return "";
}

std::string error_of(const std::string& yaml) {
  return error_of(yaml, [](const gy::Reader&, const YAML::Node&) {});
}

// The message read_document() raises on `yaml` as a file of `kind`.
std::string error_as(const std::string& yaml, const gy::DocumentKind& kind) {
  try {
    (void)gy::read_document(gy::Reader("t.yaml"), yaml, kind);
  } catch (const gy::LocatedError& e) {
    return e.what();
  }
  return "";
}

// Every key of the root must be a or b.
void known_keys(const gy::Reader& reader, const YAML::Node& root) {
  for (const gy::Field& f : reader.map_fields(gy::Reader::root_field(root), "a map"))
    if (f.key != "alpha" && f.key != "beta") reader.fail_unknown_key(f, {"alpha", "beta"});
}

// A map of `levels` anchors, each a list of ten aliases to the previous.
std::string laughs(int levels) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < levels; ++i) {  // step-wise appends: GCC 12's false -Wrestrict on "lit" + string
    const std::string name = std::to_string(i), previous = std::to_string(i - 1);
    text += "a";
    text += name;
    text += ": &a";
    text += name;
    text += " [";
    for (int k = 0; k < 10; ++k) {
      text += k ? ", *a" : "*a";
      text += previous;
    }
    text += "]\n";
  }
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(located)

BOOST_AUTO_TEST_CASE(errors_name_the_line_and_column_of_the_value) {
  const std::string msg = error_of("alpha: 1\nbeta:\n  deep:\n    list: [a, {x: 1}]\n",
                                   [](const gy::Reader& r, const YAML::Node& root) {
                                     const auto top = r.map_fields(gy::Reader::root_field(root), "a map");
                                     const auto beta = r.map_fields(top.at(1), "a map");
                                     const auto deep = r.map_fields(beta.at(0), "a map");
                                     (void)r.string_list(deep.at(0), "a list of names");
                                   });
  BOOST_TEST(msg == "t.yaml:4:15: beta.deep.list[1]: got a map (expected a list of names)");
}

BOOST_AUTO_TEST_CASE(a_null_value_is_reported_at_its_key) {
  const std::string msg = error_of("alpha:\nbeta: 2\n", [](const gy::Reader& r, const YAML::Node& root) {
    (void)r.text(r.map_fields(gy::Reader::root_field(root), "a map").at(0), "a name");
  });
  BOOST_TEST(msg == "t.yaml:1:1: alpha: got null (expected a name)");
}

BOOST_AUTO_TEST_CASE(a_missing_key_is_reported_at_the_map) {
  const std::string msg = error_of("\n\nalpha: 1\n", [](const gy::Reader& r, const YAML::Node& root) {
    r.fail_missing_key(gy::Reader::root_field(root), "beta", "a number");
  });
  BOOST_TEST(msg == "t.yaml:3:1: beta: missing required key (expected a number)");
}

BOOST_AUTO_TEST_CASE(a_quoted_number_is_not_plain) {
  const std::string msg = error_of("alpha: '100'\n", [](const gy::Reader& r, const YAML::Node& root) {
    (void)r.plain(r.map_fields(gy::Reader::root_field(root), "a map").at(0), "a number");
  });
  BOOST_TEST(msg == "t.yaml:1:8: alpha: '100' is quoted or tagged, so a string (expected a number)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(duplicates)

BOOST_AUTO_TEST_CASE(a_repeated_key_is_reported_at_its_second_place) {
  BOOST_TEST(error_of("alpha: 1\nbeta:\n  x: 1\n  y: 2\n  x: 3\n") ==
             "t.yaml:5:3: beta.x: duplicate key, first at line 3 (expected each key once per map)");
}

BOOST_AUTO_TEST_CASE(a_repeated_key_on_one_line_names_the_column) {
  BOOST_TEST(error_of("alpha: {x: 1, x: 2}\n") ==
             "t.yaml:1:15: alpha.x: duplicate key, first at line 1, column 9 (expected each key once per map)");
}

BOOST_AUTO_TEST_CASE(the_same_key_in_two_maps_is_no_duplicate) {
  BOOST_TEST(error_of("alpha: {x: 1}\nbeta: {x: 1}\n").empty());
}

BOOST_AUTO_TEST_CASE(a_key_that_is_not_a_word_is_quoted) {
  BOOST_TEST(error_of("alpha: {'a b': 1, 'a b': 2}\n") ==
             "t.yaml:1:19: alpha.(key): duplicate key 'a b', first at line 1, column 9 (expected each key once per map)");
}

BOOST_AUTO_TEST_CASE(nesting_beyond_the_kind_s_limit_is_refused) {
  BOOST_TEST(error_as("a: {b: {c: 1}}\n", {"test file", "a map", 1, "at most 1 level"}) ==
             "t.yaml:1:8: a.b: nesting deeper than 1 levels (expected at most 1 level)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(unknown_keys)

BOOST_AUTO_TEST_CASE(a_near_miss_gets_a_suggestion) {
  BOOST_TEST(error_of("alpha: 1\nbtea: 2\n", known_keys) == "t.yaml:2:1: btea: unknown key (did you mean 'beta'?)");
}

BOOST_AUTO_TEST_CASE(a_far_miss_lists_the_known_keys) {
  BOOST_TEST(error_of("gamma: 1\n", known_keys) == "t.yaml:1:1: gamma: unknown key (expected one of: alpha, beta)");
}

BOOST_AUTO_TEST_CASE(dotted_names_stay_in_key_paths_when_asked) {
  const auto read = [](const gy::Reader& r, const YAML::Node& root) {
    const auto top = r.map_fields(gy::Reader::root_field(root), "a map");
    (void)r.text(r.map_fields(top.at(0), "a map").at(0), "a name");
  };
  BOOST_TEST(error_of("go1.22: {w: [x]}\n", read, gy::KeyWords::dotted_names) ==
             "t.yaml:1:13: go1.22.w: got a sequence (expected a name)");
  BOOST_TEST(error_of("go1.22: {w: [x]}\n", read) == "t.yaml:1:13: (key).w: got a sequence (expected a name)");
}

BOOST_AUTO_TEST_CASE(edit_distance) {
  BOOST_TEST(gy::edit_distance("gogc", "gogc") == 0u);
  BOOST_TEST(gy::edit_distance("gocg", "gogc") == 1u);  // one swap
  BOOST_TEST(gy::edit_distance("descripton", "description") == 1u);
  BOOST_TEST(gy::edit_distance("", "abc") == 3u);
  BOOST_TEST(gy::edit_distance("kitten", "sitting") == 3u);
}

BOOST_AUTO_TEST_CASE(did_you_mean_and_closest_first) {
  const std::vector<std::string> keys{"gogc", "min_heap_bytes", "roots_in_goal"};
  BOOST_TEST(gy::did_you_mean("gocg", keys).value_or("<none>") == "gogc");
  BOOST_TEST(!gy::did_you_mean("min_heap", keys).has_value());  // 6 edits: no guess
  BOOST_TEST(!gy::did_you_mean("xyz", keys).has_value());
  const auto ranked = gy::closest_first("go1.2", {"go1.23-observed", "go1.22", "go1.20"});
  BOOST_TEST(ranked == (std::vector<std::string>{"go1.22", "go1.20", "go1.23-observed"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(aliases_count_against_the_node_budget) {
  // Four levels are about 12,000 nodes as walked: within the budget of 100,000.
  BOOST_TEST(error_of(laughs(4)).empty());
  // The fifth level alone is 111,111 nodes: refused at the alias that crosses
  // the budget, before any walk over the tree.
  const std::string msg = error_of(laughs(5));
  BOOST_TEST(msg.starts_with("t.yaml:5:"), msg);
  BOOST_TEST(msg.find(": (document): more than 100000 YAML nodes, counting each alias as the nodes it names") !=
             std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(an_alias_inside_its_own_node_is_refused) {
  BOOST_TEST(error_of("alpha: &a [*a]\n") ==
             "t.yaml:1:12: (document): an alias inside the node it names (expected no node to contain itself)");
}

BOOST_AUTO_TEST_CASE(one_map_document_per_file) {
  BOOST_TEST(error_of("") == "t.yaml:1:1: (document): empty test file (expected a map with a, b)");
  BOOST_TEST(error_of("- a\n") == "t.yaml:1:1: (document): a test file is a map, got a sequence (expected a map with a, b)");
  BOOST_TEST(error_of("alpha: 1\n---\nbeta: 2\n") ==
             "t.yaml:3:1: (document): a second YAML document (expected one test file per file)");
  BOOST_TEST(error_of(",") == "t.yaml:1:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)");
}

BOOST_AUTO_TEST_CASE(the_article_follows_the_noun) {
  BOOST_TEST(error_as("- a\n", {"expectations table", "a map"}) ==
             "t.yaml:1:1: (document): an expectations table is a map, got a sequence (expected a map)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(files)

// A FIFO with no writer: an ifstream open blocks forever; the bounded read
// refuses it by name at once (the scenario loader opened files itself before).
BOOST_AUTO_TEST_CASE(a_fifo_is_refused_without_blocking) {
  const fs::path dir = fs::temp_directory_path() / ("gcm_yamlio_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fifo = dir / "fifo.yaml";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto start = std::chrono::steady_clock::now();
  std::string msg;
  try {
    (void)gy::read_text_file(fifo, "test file");
  } catch (const gy::LocatedError& e) {
    msg = e.what();
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  fs::remove_all(dir);
  BOOST_TEST(msg == fifo.string() + ":1:1: (file): is a FIFO (expected a readable test file)");
  BOOST_TEST(elapsed < std::chrono::seconds(2));
}

BOOST_AUTO_TEST_CASE(the_size_bound_is_named) {
  const fs::path file = fs::temp_directory_path() / ("gcm_yamlio_big_" + std::to_string(::getpid()) + ".yaml");
  {
    std::FILE* out = std::fopen(file.c_str(), "w");
    BOOST_REQUIRE(out != nullptr);
    const std::string line(1023, '#');
    for (int i = 0; i < 5; ++i) std::fprintf(out, "%s\n", line.c_str());
    std::fclose(out);
  }
  std::string msg;
  try {
    (void)gy::read_text_file(file, "test file", 4 * 1024);
  } catch (const gy::LocatedError& e) {
    msg = e.what();
  }
  BOOST_TEST(gy::read_text_file(file, "test file", 5 * 1024).size() == 5u * 1024u);  // exactly the bound: read
  fs::remove(file);
  BOOST_TEST(msg == file.string() + ":1:1: (file): is larger than 4 KiB (expected a readable test file)");
}

BOOST_AUTO_TEST_SUITE_END()
