// json_bytes.cpp — see json_bytes.hpp.
#include "report/json_bytes.hpp"

#include "report/utf8.hpp"

namespace gcm::report {

// '"', '\\' and control characters escaped; well-formed UTF-8 copied as is;
// any other byte becomes U+FFFD, so the output is valid JSON for any input
// (nlohmann's dump() threw on invalid UTF-8).
void JsonBytes::escaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t n = decode_utf8(s.substr(i)).length; n != 0) {
        i += n;
        continue;
      }
    }
    raw(s.substr(run, i - run));
    switch (c) {
      case '"': lit("\\\""); break;
      case '\\': lit("\\\\"); break;
      case '\n': lit("\\n"); break;
      case '\r': lit("\\r"); break;
      case '\t': lit("\\t"); break;
      case '\b': lit("\\b"); break;
      case '\f': lit("\\f"); break;
      default:
        if (c >= 0x80) {
          lit("\\ufffd");
        } else {
          lit("\\u00");
          ch(kHex[c >> 4]);
          ch(kHex[c & 0xF]);
        }
        break;
    }
    run = ++i;
  }
  raw(s.substr(run));
}

}  // namespace gcm::report
