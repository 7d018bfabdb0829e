// quote.hpp — user text inside one-line error messages. Main entry: quote().
//
// Moved here from policy/ so that every loader (policy/, report/, scenario/,
// the matrix file) and the YAML toolkit (yamlio/) quote names the same way.
#pragma once

#include <string>
#include <string_view>

namespace gcm::input {

// 'text' in single quotes, control characters and invalid UTF-8 escaped
// (escape_for_terminal) and cut to at most 40 characters (then "..."), so a
// message stays one short line.
std::string quote(std::string_view text);

}  // namespace gcm::input
