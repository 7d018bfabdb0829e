// json_reader.hpp — the one strict JSON reader of report/: a value with the
// path that led to it, so every error says where ("<file>: cases[3].seed:
// expected a non-negative integer"). results_json.cpp and baseline.cpp read
// through it. Main entry: JsonAt<Error>.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "input/escape.hpp"

namespace gcm::report {

// Error: the exception thrown, constructed from "source: [path: ]message".
// document: what an error at the root is called ("" = nothing, "(document)").
template <typename Error>
class JsonAt {
 public:
  using json = nlohmann::ordered_json;

  JsonAt(const json& value, std::string path, const std::string& source, std::string_view document = {})
      : v_(value), path_(std::move(path)), source_(source), document_(document) {}

  [[noreturn]] void fail(std::string_view message) const {
    const std::string where = !path_.empty() ? path_ + ": " : document_.empty() ? "" : std::string(document_) + ": ";
    // The one place every message of this reader passes: names and keys
    // from the file are echoed, so raw control bytes and invalid UTF-8 are
    // escaped here (the fuzzer's 2026-12-03 campaign found a profile name
    // with a carriage return echoed raw by "no case … in cases").
    throw Error(input::escape_for_terminal(source_ + ": " + where + std::string(message)));
  }
  const json& raw() const { return v_; }
  bool has(std::string_view key) const { return v_.is_object() && v_.contains(key); }

  JsonAt operator[](std::string_view key) const {
    if (!v_.is_object()) fail("expected an object");
    auto it = v_.find(key);
    const std::string sub = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    if (it == v_.end()) JsonAt(v_, sub, source_, document_).fail("missing");
    return JsonAt(*it, sub, source_, document_);
  }
  JsonAt operator[](std::size_t i) const {
    return JsonAt(v_.at(i), path_ + "[" + std::to_string(i) + "]", source_, document_);
  }
  std::size_t array_size() const {
    if (!v_.is_array()) fail("expected an array");
    return v_.size();
  }
  std::vector<JsonAt> items() const {
    std::vector<JsonAt> out;
    for (std::size_t i = 0; i < array_size(); ++i) out.push_back((*this)[i]);
    return out;
  }
  // Strict objects: a key not in `allowed` is an error naming the ones that are.
  void only_keys(std::initializer_list<std::string_view> allowed) const {
    if (!v_.is_object()) fail("expected an object");
    for (auto it = v_.begin(); it != v_.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      JsonAt(it.value(), path_.empty() ? it.key() : path_ + "." + it.key(), source_, document_)
          .fail("unknown key (expected one of " + list + ")");
    }
  }

  std::string str() const {
    if (!v_.is_string()) fail("expected a string");
    return v_.template get<std::string>();
  }
  bool boolean() const {
    if (!v_.is_boolean()) fail("expected true or false");
    return v_.template get<bool>();
  }
  std::int64_t i64() const {
    if (!v_.is_number_integer()) fail("expected an integer");
    if (v_.is_number_unsigned() && v_.template get<std::uint64_t>() > INT64_MAX) fail("integer too large");
    return v_.template get<std::int64_t>();
  }
  std::uint64_t u64() const {
    if (!v_.is_number_unsigned()) fail("expected a non-negative integer");
    return v_.template get<std::uint64_t>();
  }
  double number() const {
    if (!v_.is_number()) fail("expected a number");
    return v_.template get<double>();
  }
  double percent() const {
    if (!v_.is_number() || v_.template get<double>() < 0 || !std::isfinite(v_.template get<double>()))
      fail("expected a non-negative number (percent)");
    return v_.template get<double>();
  }
  std::uint64_t hex64() const {
    const std::string s = str();
    std::uint64_t out = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
    if (s.size() != 16 || ec != std::errc{} || end != s.data() + s.size()) fail("expected 16 lowercase hex digits");
    return out;
  }
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (const JsonAt& item : items()) out.push_back(item.str());
    return out;
  }

 private:
  const json& v_;
  std::string path_;
  const std::string& source_;
  std::string_view document_;
};

}  // namespace gcm::report
