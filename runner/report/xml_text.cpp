// xml_text.cpp — UTF-8 validation (RFC 3629, Table 3-7 of Unicode) and XML escaping.
#include "report/xml_text.hpp"

#include <cstdint>

namespace gcm::report {
namespace {

// Length of the well-formed UTF-8 sequence at the start of `s` and its code
// point, or length 0 when the bytes there are not well-formed.
struct Decoded {
  std::size_t length;
  char32_t code_point;
};

Decoded decode_one(std::string_view s) noexcept {
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

bool allowed_in_xml(char32_t cp) noexcept {
  if (cp == '\t' || cp == '\n' || cp == '\r') return true;
  if (cp < 0x20 || cp == 0x7F) return false;       // C0 controls, DEL
  if (cp >= 0x80 && cp <= 0x9F) return false;      // C1 controls
  return cp != 0xFFFE && cp != 0xFFFF;             // XML 1.0 Char production
}

}  // namespace

std::string sanitize_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    Decoded d = decode_one(bytes);
    if (d.length == 0) {  // drop one byte and resynchronise on the next
      bytes.remove_prefix(1);
      continue;
    }
    if (allowed_in_xml(d.code_point)) out.append(bytes.substr(0, d.length));
    bytes.remove_prefix(d.length);
  }
  return out;
}

std::string xml_attr(std::string_view bytes) {
  std::string out;
  for (char c : sanitize_utf8(bytes)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string xml_text(std::string_view bytes) {
  std::string out;
  for (char c : sanitize_utf8(bytes)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;  // needed only after "]]", but always is simpler
      case '\r': out += "&#13;"; break;  // a bare CR would be normalised away
      default: out += c;
    }
  }
  return out;
}

std::string_view first_line(std::string_view text) noexcept {
  std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line;
}

}  // namespace gcm::report
