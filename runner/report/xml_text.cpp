// xml_text.cpp — XML escaping of sanitised UTF-8 (decoded by utf8.hpp).
#include "report/xml_text.hpp"

#include "report/utf8.hpp"

#include <cstdint>

namespace gcm::report {
namespace {

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
    const Utf8Char d = decode_utf8(bytes);
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
