// quote.cpp — escaping user text for one-line messages.
#include "policy/quote.hpp"

#include <cstdio>

namespace gcm::policy {

namespace {

constexpr std::size_t kQuotedMaxChars = 40;

void append_escaped(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (c == '\n') {
    out += "\\n";
  } else if (c == '\r') {
    out += "\\r";
  } else if (c == '\t') {
    out += "\\t";
  } else if (byte < 0x20 || byte == 0x7f) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(byte));
    out += hex;
  } else {
    out += c;
  }
}

}  // namespace

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) append_escaped(out, c);
  return out;
}

std::string quote(std::string_view text) {
  const bool cut = text.size() > kQuotedMaxChars;
  std::size_t keep_chars = cut ? kQuotedMaxChars : text.size();
  // Never split a UTF-8 sequence: back off over continuation bytes (10xxxxxx).
  while (cut && keep_chars > 0 &&
         (static_cast<unsigned char>(text[keep_chars]) & 0xC0) == 0x80) {
    --keep_chars;
  }
  std::string out(1, '\'');
  out += escape_controls(text.substr(0, keep_chars));
  if (cut) out += "...";
  out += '\'';
  return out;
}

}  // namespace gcm::policy
