// quote.hpp — user text inside one-line error messages: the names policy/
// and its users have always called. The one implementation is input/'s
// (input/quote.hpp, input/escape.hpp).
#pragma once

#include <string>
#include <string_view>

#include "input/escape.hpp"
#include "input/quote.hpp"

namespace gcm::policy {

// 'text' in single quotes, escaped and cut to 40 characters (input::quote).
using input::quote;

// `text` with every control character and invalid UTF-8 byte escaped, uncut.
inline std::string escape_controls(std::string_view text) { return input::escape_for_terminal(text); }

}  // namespace gcm::policy
