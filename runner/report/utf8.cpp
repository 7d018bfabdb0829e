// utf8.cpp — see utf8.hpp.
#include "report/utf8.hpp"

namespace gcm::report {

Utf8Char decode_utf8(std::string_view s) noexcept {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {1, b0};
  std::size_t n = 0;
  char32_t cp = 0;
  char32_t min = 0;  // smallest code point of this length: rejects overlongs
  if (b0 >= 0xC2 && b0 <= 0xDF) { n = 2; cp = b0 & 0x1F; min = 0x80; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 3; cp = b0 & 0x0F; min = 0x800; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 4; cp = b0 & 0x07; min = 0x10000; }
  else return {0, 0};  // continuation byte, C0/C1 overlong lead, or F5..FF
  if (s.size() < n) return {0, 0};
  for (std::size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {n, cp};
}

}  // namespace gcm::report
