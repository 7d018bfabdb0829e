// atomic_write_test.cpp — all or nothing: a failing writer leaves the old file.
#define BOOST_TEST_MODULE report.atomic_write
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>


#include "report/atomic_write.hpp"
#include "file_text.hpp"
#include "test_temp_dir.hpp"

namespace fs = std::filesystem;
using namespace gcm::report;

namespace {

struct TempDir : gcm::testing::TestTempDir {
  TempDir() : TestTempDir("gcm_atomic_") {}
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};


}  // namespace

BOOST_AUTO_TEST_CASE(writes_and_replaces) {
  TempDir dir;
  const fs::path file = dir.path / "junit.xml";
  write_file_atomically(file, "first");
  BOOST_TEST(gcm::testing::file_text(file) == "first");
  write_file_atomically(file, "second, longer");
  BOOST_TEST(gcm::testing::file_text(file) == "second, longer");
  BOOST_TEST(dir.entries() == 1u);  // no temporary file left behind
}

// Without fsync (a file rewritten after every case) a write is as atomic:
// replaced whole, old content kept when the writer fails, no temporary left.
BOOST_AUTO_TEST_CASE(process_crash_durability_is_just_as_atomic) {
  TempDir dir;
  const fs::path file = dir.path / "junit.xml";
  write_file_atomically(file, "first", Durability::process_crash);
  write_file_atomically(file, "second", Durability::process_crash);
  BOOST_TEST(gcm::testing::file_text(file) == "second");
  BOOST_CHECK_THROW(write_file_atomically(
                        file,
                        [](const Sink& sink) {
                          sink("half");
                          throw std::runtime_error("writer died");
                        },
                        Durability::process_crash),
                    std::runtime_error);
  BOOST_TEST(gcm::testing::file_text(file) == "second");
  BOOST_TEST(dir.entries() == 1u);
}

BOOST_AUTO_TEST_CASE(sync_file_system_flushes_or_names_the_path) {
  TempDir dir;
  write_file_atomically(dir.path / "a.json", "{}", Durability::process_crash);
  BOOST_CHECK_NO_THROW(sync_file_system(dir.path));
  try {
    sync_file_system(dir.path / "missing");
    BOOST_FAIL("no error for a missing folder");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("missing") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find('\n') == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(writer_throwing_midway_keeps_old_content) {
  TempDir dir;
  const fs::path file = dir.path / "junit.xml";
  write_file_atomically(file, "<old/>");
  // Half the document reaches the temporary file, then the producer dies.
  BOOST_CHECK_THROW(write_file_atomically(file,
                                          [](const Sink& sink) {
                                            sink("<testsuites>");
                                            sink(std::string(1 << 20, 'x'));
                                            throw std::logic_error("crash mid-way");
                                          }),
                    std::logic_error);
  BOOST_TEST(gcm::testing::file_text(file) == "<old/>");
  BOOST_TEST(dir.entries() == 1u);
}

BOOST_AUTO_TEST_CASE(writer_throwing_on_a_new_file_leaves_nothing) {
  TempDir dir;
  const fs::path file = dir.path / "results.json";
  BOOST_CHECK_THROW(write_file_atomically(file, [](const Sink& sink) {
                      sink("{");
                      throw std::runtime_error("crash");
                    }),
                    std::runtime_error);
  BOOST_TEST(!fs::exists(file));
  BOOST_TEST(dir.entries() == 0u);
}

BOOST_AUTO_TEST_CASE(failure_message_names_the_path_on_one_line) {
  TempDir dir;
  const fs::path file = dir.path / "missing-dir" / "out.md";
  try {
    write_file_atomically(file, "x");
    BOOST_FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find(file.string()) != std::string::npos, what);
    BOOST_TEST(what.find('\n') == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(new_file_mode_follows_the_umask) {
  TempDir dir;
  const fs::path file = dir.path / "table.txt";
  const mode_t old = ::umask(022);
  write_file_atomically(file, "x");
  ::umask(old);
  struct stat st {};
  BOOST_REQUIRE(::stat(file.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0644u);  // not mkstemp's 0600
}

// Issue 16 item 2: rename would replace the link, the device or the FIFO
// itself with a regular file.
BOOST_AUTO_TEST_CASE(symlinks_directories_and_fifos_are_refused_and_left_alone) {
  TempDir dir;
  const fs::path target = dir.path / "target.txt", link = dir.path / "link.xml", fifo = dir.path / "fifo";
  write_file_atomically(target, "old");
  fs::create_symlink(target, link);
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  for (const fs::path& p : {link, fifo, dir.path}) {
    BOOST_CHECK_THROW(write_file_atomically(p, "new"), OutputError);
    BOOST_CHECK_THROW(check_output_path(p, "--junit"), OutputError);
  }
  BOOST_TEST(fs::is_symlink(link));
  BOOST_TEST(fs::is_fifo(fs::symlink_status(fifo)));
  BOOST_TEST(gcm::testing::file_text(target) == "old");
  BOOST_TEST(dir.entries() == 3u);  // no temporary file left behind
}

// Private nodes (the tests run as root): a broken implementation must not
// replace the host's /dev/null. Without the right to mknod, nobody can
// replace /dev entries either, so the host's own are safe to use.
fs::path device(const TempDir& dir, const char* name, unsigned minor) {
  const fs::path node = dir.path / name;
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0) return node;
  BOOST_REQUIRE(errno == EPERM);
  return fs::path("/dev") / name;
}

BOOST_AUTO_TEST_CASE(character_devices_are_written_through) {
  TempDir dir;
  const fs::path null = device(dir, "null", 3), full = device(dir, "full", 7);
  write_file_atomically(null, "discarded");
  check_output_path(null, "--junit");
  BOOST_TEST(fs::is_character_file(null));
  BOOST_CHECK_THROW(write_file_atomically(full, "x"), OutputError);  // ENOSPC, named
  BOOST_TEST(fs::is_character_file(full));
}

BOOST_AUTO_TEST_CASE(a_parent_that_is_a_file_is_refused_before_writing) {
  TempDir dir;
  write_file_atomically(dir.path / "file", "x");
  try {
    check_output_path(dir.path / "file" / "junit.xml", "--junit");
    BOOST_FAIL("expected OutputError");
  } catch (const OutputError& e) {
    BOOST_TEST(std::string(e.what()).find("is not a directory") != std::string::npos, e.what());
  }
}
