// utf8.hpp — the one UTF-8 decoder of report/ (RFC 3629; Unicode Table 3-7):
// xml_text.cpp drops what XML cannot carry, json_bytes.cpp replaces what is
// not UTF-8 with U+FFFD. Main entry: decode_utf8().
#pragma once

#include <cstddef>
#include <string_view>

namespace gcm::report {

struct Utf8Char {
  std::size_t length;    // bytes of the sequence; 0 = not well-formed
  char32_t code_point;
};

// The well-formed sequence at the start of `s` (not empty): no overlong
// forms, no surrogates, nothing above U+10FFFF, no truncated tail.
Utf8Char decode_utf8(std::string_view s) noexcept;

}  // namespace gcm::report
