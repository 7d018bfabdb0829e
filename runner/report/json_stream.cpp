// json_stream.cpp — JsonStream: nlohmann's pretty-print layout, one piece at a time.
#include "report/json_stream.hpp"

#include <stdexcept>
#include <utility>

namespace gcm::report {
namespace {

using json = nlohmann::ordered_json;

constexpr int kIndent = 2;  // dump(2, ' ', …)

std::string dump(const json& v) {
  return v.dump(kIndent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

JsonStream::JsonStream(Sink sink) : sink_(std::move(sink)) {}

void JsonStream::separate() {
  Level& level = levels_.back();
  buffer_ += level.empty ? "\n" : ",\n";
  level.empty = false;
  buffer_.append(levels_.size() * kIndent, ' ');
}

void JsonStream::open_value() {
  if (levels_.empty()) {
    if (top_written_) throw std::logic_error("JsonStream: a second top-level value");
    top_written_ = true;
    return;
  }
  Level& level = levels_.back();
  if (!level.object) {
    separate();
    return;
  }
  if (!level.keyed) throw std::logic_error("JsonStream: a value in an object without its key");
  level.keyed = false;  // key() wrote the separator
}

void JsonStream::key(std::string_view name) {
  if (levels_.empty() || !levels_.back().object || levels_.back().keyed)
    throw std::logic_error("JsonStream: key() outside an object or twice");
  separate();
  buffer_ += json(name).dump(-1, ' ', false, json::error_handler_t::replace);
  buffer_ += ": ";
  levels_.back().keyed = true;
}

void JsonStream::begin_object() {
  open_value();
  buffer_ += '{';
  levels_.push_back({.object = true});
}

void JsonStream::begin_array() {
  open_value();
  buffer_ += '[';
  levels_.push_back({.object = false});
}

void JsonStream::end() {
  if (levels_.empty() || levels_.back().keyed) throw std::logic_error("JsonStream: end() with nothing open or a key unset");
  const Level level = levels_.back();
  levels_.pop_back();
  if (!level.empty) {
    buffer_ += '\n';
    buffer_.append(levels_.size() * kIndent, ' ');
  }
  buffer_ += level.object ? '}' : ']';
  flush_if_full();
}

void JsonStream::value(const json& v) {
  open_value();
  const std::string text = dump(v);
  const std::size_t indent = levels_.size() * kIndent;
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    buffer_.append(text, from, nl + 1 - from);
    buffer_.append(indent, ' ');
  }
  buffer_.append(text, from);
  flush_if_full();
}

void JsonStream::finish() {
  if (!levels_.empty() || !top_written_) throw std::logic_error("JsonStream: finish() before the document is complete");
  buffer_ += '\n';
  sink_(buffer_);
  buffer_.clear();
}

void JsonStream::flush_if_full() {
  if (buffer_.size() < kFlushBytes) return;
  sink_(buffer_);
  buffer_.clear();
}

}  // namespace gcm::report
