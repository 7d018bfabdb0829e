// quote.hpp — user text inside one-line error messages. Main entry: quote().
#pragma once

#include <string>
#include <string_view>

namespace gcm::policy {

// 'text' in single quotes, control characters escaped (\n, \t, \xNN) and cut
// to at most 40 characters (then "..."), so a message stays one short line.
std::string quote(std::string_view text);

// `text` with every control character and invalid UTF-8 byte escaped as in
// quote(), uncut (input::escape_for_terminal).
std::string escape_controls(std::string_view text);

}  // namespace gcm::policy
