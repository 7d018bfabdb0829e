// spill_file_test.cpp — bytes appended come back as they went in, in pieces
// of at most 64 KiB; on disk nothing is held in memory and nothing is left in
// the folder, before or after; without a folder the bytes stay in memory.
#define BOOST_TEST_MODULE report.spill_file
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "report/spill_file.hpp"
#include "test_temp_dir.hpp"

using gcm::report::SpillFile;

namespace {

std::size_t entries(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()));
}

// A deterministic byte pattern that a shifted or dropped piece would change.
std::string pattern(std::size_t bytes, char seed) {
  std::string s(bytes, '\0');
  for (std::size_t i = 0; i < bytes; ++i) s[i] = static_cast<char>(seed + static_cast<char>(i % 251));
  return s;
}

std::string read_back(const SpillFile& f, SpillFile::Extent e, std::size_t* largest_piece = nullptr) {
  std::string out;
  f.read(e, [&](std::string_view p) {
    out += p;
    if (largest_piece != nullptr) *largest_piece = std::max(*largest_piece, p.size());
  });
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(on_disk_extents_read_back_and_nothing_is_named) {
  gcm::testing::TestTempDir dir("gcm_spill_");
  SpillFile f(dir.path);
  BOOST_REQUIRE(f.on_disk());
  const std::string a = pattern(100, 'a'), big = pattern(200'000, 'b'), c = pattern(7, 'c');
  const SpillFile::Extent ea = f.append(a), eb = f.append(big), ec = f.append(c);
  BOOST_TEST(ea.offset == 0u);
  BOOST_TEST(eb.offset == a.size());
  BOOST_TEST(ec.offset == a.size() + big.size());
  BOOST_TEST(f.size_bytes() == a.size() + big.size() + c.size());
  BOOST_TEST(f.held_bytes() == 0u);
  BOOST_TEST(entries(dir.path) == 0u);  // an unlinked file: a kill leaves nothing
  std::size_t largest = 0;
  BOOST_TEST(read_back(f, eb, &largest) == big);
  BOOST_TEST(largest <= 64u * 1024);
  BOOST_TEST(read_back(f, ec) == c);
  BOOST_TEST(read_back(f, ea) == a);
  BOOST_TEST(read_back(f, {a.size() - 3, 6}) == a.substr(a.size() - 3) + big.substr(0, 3));
  BOOST_CHECK_THROW(read_back(f, {f.size_bytes() - 1, 2}), std::logic_error);
}

BOOST_AUTO_TEST_CASE(without_a_folder_the_bytes_stay_in_memory) {
  SpillFile f;
  BOOST_TEST(!f.on_disk());
  const std::string a = pattern(5000, 'x');
  const SpillFile::Extent e = f.append(a);
  BOOST_TEST(f.held_bytes() == a.size());
  BOOST_TEST(read_back(f, e) == a);
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_hold_a_file_falls_back_to_memory) {
  gcm::testing::TestTempDir dir("gcm_spill_");
  SpillFile f(dir.path / "no-such-folder");
  BOOST_TEST(!f.on_disk());
  const SpillFile::Extent e = f.append("abc");
  BOOST_TEST(read_back(f, e) == "abc");
}
