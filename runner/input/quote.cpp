// quote.cpp — escaping user text for one-line messages.
#include "input/quote.hpp"

#include "input/escape.hpp"

namespace gcm::input {

namespace {

constexpr std::size_t kQuotedMaxChars = 40;

}  // namespace

std::string quote(std::string_view text) {
  const bool cut = text.size() > kQuotedMaxChars;
  std::size_t keep_chars = cut ? kQuotedMaxChars : text.size();
  // Never split a UTF-8 sequence: back off over continuation bytes (10xxxxxx).
  while (cut && keep_chars > 0 &&
         (static_cast<unsigned char>(text[keep_chars]) & 0xC0) == 0x80) {
    --keep_chars;
  }
  std::string out(1, '\'');
  out += escape_for_terminal(text.substr(0, keep_chars));
  if (cut) out += "...";
  out += '\'';
  return out;
}

}  // namespace gcm::input
