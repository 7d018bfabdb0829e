// chunked_vector_test.cpp — the event log's storage: an element never moves
// once appended, and it answers size, index, front/back and iteration as a
// vector would, across chunk boundaries.
#define BOOST_TEST_MODULE runtime chunked_vector
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "runtime/chunked_vector.hpp"

using gcm::rt::ChunkedVector;

static_assert(std::random_access_iterator<ChunkedVector<int, 4>::const_iterator>);

BOOST_AUTO_TEST_CASE(answers_as_a_vector_across_chunk_boundaries) {
  ChunkedVector<std::string, 4> seq;
  std::vector<std::string> reference;
  BOOST_TEST(seq.empty());
  BOOST_TEST(seq.check());
  for (int i = 0; i < 23; ++i) {  // 5 full chunks and a partial one
    seq.push_back("event " + std::to_string(i));
    reference.push_back("event " + std::to_string(i));
    BOOST_TEST(seq.check());
    BOOST_TEST(seq.size() == reference.size());
    BOOST_TEST(seq.back() == reference.back());
  }
  BOOST_TEST(seq.front() == "event 0");
  for (std::size_t i = 0; i < reference.size(); ++i) BOOST_TEST(seq[i] == reference[i]);
  BOOST_TEST(std::equal(seq.begin(), seq.end(), reference.begin(), reference.end()));
  BOOST_TEST(std::distance(seq.begin(), seq.end()) == 23);
  BOOST_TEST(*(seq.begin() + 17) == "event 17");
  BOOST_TEST((seq.end() - 1)->size() == std::string("event 22").size());
  BOOST_TEST(std::count_if(seq.begin(), seq.end(), [](const std::string& s) { return s.back() == '1'; }) == 3);
  BOOST_CHECK_THROW(seq.at(23), std::out_of_range);
  seq.clear();
  BOOST_TEST(seq.empty());
  BOOST_TEST(seq.check());
}

BOOST_AUTO_TEST_CASE(an_element_never_moves_while_the_sequence_grows) {
  ChunkedVector<std::uint64_t, 1024> seq;
  seq.push_back(7);
  const std::uint64_t* first = &seq[0];
  std::vector<const std::uint64_t*> at_append;
  for (std::uint64_t i = 1; i < 100'000; ++i) {
    seq.push_back(i);
    if (i % 997 == 0) at_append.push_back(&seq[i]);
  }
  BOOST_TEST(&seq[0] == first);
  BOOST_TEST(*first == 7u);
  for (std::size_t k = 0; k < at_append.size(); ++k) BOOST_TEST(at_append[k] == &seq[(k + 1) * 997]);
  // Moving the sequence keeps the elements where they are too.
  ChunkedVector<std::uint64_t, 1024> moved = std::move(seq);
  BOOST_TEST(&moved[0] == first);
  BOOST_TEST(moved.size() == 100'000u);
  // The moved-from one is empty and takes appends again (a vector does).
  BOOST_TEST(seq.empty());  // NOLINT(bugprone-use-after-move): the point of the check
  BOOST_TEST(seq.check());
  for (std::uint64_t i = 0; i < 1500; ++i) seq.push_back(i);
  BOOST_TEST(seq.size() == 1500u);
  BOOST_TEST(seq.back() == 1499u);
  BOOST_TEST(moved[1500] == 1500u);
}
