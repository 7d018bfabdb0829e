// json_stream.hpp — one JSON document written piece by piece into a Sink,
// byte-identical to nlohmann's dump(2, ' ', false, error_handler_t::replace)
// of the whole document plus a trailing newline. Main entry: JsonStream.
//
// Why: results.json of a large run is hundreds of MB, and its whole DOM plus
// the dumped string cost far more (suite-cleanup tests=10000, --json only:
// 1.32 GB peak RSS dumped whole, 0.43 GB streamed, as much as without
// --json). Streamed, only the value being written is held at a time.
//
// Containers are opened and closed explicitly; value() dumps a small DOM
// whole, re-indented to its depth (the dump puts newlines only between
// tokens: a newline in a string is escaped). Keys and strings are dumped with
// the replace handler, so invalid UTF-8 becomes U+FFFD as in a whole dump.
// Output is buffered (kFlushBytes) before it reaches the sink.
// Misuse (a value without its key in an object, end() with nothing open,
// finish() with a container open) throws std::logic_error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/atomic_write.hpp"

namespace gcm::report {

class JsonStream {
 public:
  static constexpr std::size_t kFlushBytes = 64 * 1024;

  explicit JsonStream(Sink sink);

  void begin_object();
  void begin_array();
  void end();  // closes the innermost container: "{}" / "[]" when empty
  void key(std::string_view name);  // in an object: the key of the next value
  void value(const nlohmann::ordered_json& v);
  void member(std::string_view name, const nlohmann::ordered_json& v) {
    key(name);
    value(v);
  }
  // After the top-level value: the trailing newline, and everything flushed.
  void finish();

 private:
  struct Level {
    bool object;
    bool empty = true;
    bool keyed = false;  // object: key() written, its value not yet
  };
  void open_value();  // the separator and indentation a value needs where it goes
  void separate();    // ",\n" or "\n", then the indentation of the innermost level's items
  void flush_if_full();

  Sink sink_;
  std::string buffer_;
  std::vector<Level> levels_;
  bool top_written_ = false;
};

}  // namespace gcm::report
