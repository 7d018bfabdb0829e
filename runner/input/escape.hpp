// escape.hpp — user text made safe for a terminal and for grep. Main entry:
// escape_for_terminal().
//
// Why: error messages echo names, values and paths the user (or a hostile
// file) chose. Raw, an ESC sequence retitles or repaints the terminal, and one
// invalid UTF-8 byte makes grep treat all of stderr as binary.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gcm::input {

// `text` with C0 controls and DEL escaped (\n, \r, \t, else \xNN), C1
// controls (U+0080..U+009F) and every byte that is not part of well-formed
// UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF) escaped as
// \xNN per byte. Everything else, valid UTF-8 included, is kept. Idempotent:
// its output contains only printable characters.
std::string escape_for_terminal(std::string_view text);

// Length of the well-formed UTF-8 sequence that starts at text[i] and is not a
// C1 control, or 0 (the byte there starts none): the rule escape_for_terminal
// keeps by. i < text.size().
std::size_t printable_utf8_length(std::string_view text, std::size_t i);

}  // namespace gcm::input
