// text_wrap.hpp — terminal text that fits a width: display width of UTF-8 and
// word wrapping with a hanging indent. Main entries: display_width(), wrap().
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gcm::report {

// Terminal columns of UTF-8 text: one per code point ("µs" is 2), which holds
// for everything gcmatrix prints (no wide or combining characters).
std::size_t display_width(std::string_view s);

// `text` broken at spaces into lines of at most `width` columns (0: no limit);
// continuation lines start with `indent` spaces. A word longer than a line
// stays whole. Every line ends with '\n'.
std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

// A list of profile names as a reader wants it: "every profile", "every
// documented profile", "every observed profile" when the list is exactly that
// part of `all` (name, family pairs), else the names joined by ", ".
std::string profiles_phrase(const std::vector<std::string>& names,
                            const std::vector<std::pair<std::string, std::string>>& all);

// The pieces joined. (Also a way around GCC 12's false -Wrestrict warning on
// `"literal" + std::string(…)`.)
std::string concat(std::initializer_list<std::string_view> pieces);

// The width the terminal output should fit: $COLUMNS when it is a number
// from 60 to 1000, else the terminal's own width (at least 60) when stdout is
// one, else 120.
std::size_t terminal_width();

}  // namespace gcm::report
