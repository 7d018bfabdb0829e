// json_bytes.hpp — append-only JSON text in one growing buffer: literals,
// integers, fixed-point microseconds and escaped strings, without temporary
// strings (a trace has ~100,000 records). Main entry: JsonBytes.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace gcm::report {

// Append-only bytes: one capacity check per piece, then a memcpy of known
// size (string literals) or a to_chars straight into the buffer.
class JsonBytes {
 public:
  std::size_t size() const noexcept { return len_; }
  const char* data() const noexcept { return p_.get(); }
  void reserve(std::size_t n) {
    if (n > cap_) regrow(n);
  }
  void clear() noexcept { len_ = 0; }

  template <std::size_t N>
  void lit(const char (&s)[N]) {  // a string literal, without its '\0'
    need(N - 1);
    std::memcpy(p_.get() + len_, s, N - 1);
    len_ += N - 1;
  }
  void raw(std::string_view s) {
    need(s.size());
    if (!s.empty()) std::memcpy(p_.get() + len_, s.data(), s.size());
    len_ += s.size();
  }
  void ch(char c) {
    need(1);
    p_[len_++] = c;
  }
  template <typename Int>
  void num(Int v) {
    need(24);
    len_ = static_cast<std::size_t>(std::to_chars(p_.get() + len_, p_.get() + len_ + 24, v).ptr - p_.get());
  }
  // Microseconds with exactly 3 decimals from integer nanoseconds: no
  // floating point, so the text is the same on every platform and locale.
  void micros(std::int64_t ns) {
    const bool neg = ns < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
    if (neg) ch('-');
    num(a / 1000);
    need(4);
    const auto frac = static_cast<unsigned>(a % 1000);
    char* p = p_.get() + len_;
    p[0] = '.';
    p[1] = static_cast<char>('0' + frac / 100);
    p[2] = static_cast<char>('0' + frac / 10 % 10);
    p[3] = static_cast<char>('0' + frac % 10);
    len_ += 4;
  }
  void escaped(std::string_view s);  // a JSON string's body, without quotes
  void str(std::string_view s) {     // a JSON string
    ch('"');
    escaped(s);
    ch('"');
  }

 private:
  void need(std::size_t n) {
    if (cap_ - len_ < n) regrow(len_ + n);
  }
  void regrow(std::size_t at_least) {
    const std::size_t cap = std::max({at_least, cap_ * 2, std::size_t{4096}});
    std::unique_ptr<char[]> p(new char[cap]);
    if (len_ != 0) std::memcpy(p.get(), p_.get(), len_);
    p_ = std::move(p);
    cap_ = cap;
  }

  std::unique_ptr<char[]> p_;
  std::size_t len_ = 0, cap_ = 0;
};

}  // namespace gcm::report
