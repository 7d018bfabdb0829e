// xml_text.hpp — making arbitrary bytes safe for XML 1.0 and one-line fields.
// Main entries: sanitize_utf8(), xml_attr(), xml_text().
//
// Check messages and test names come from workloads and may carry anything;
// one stray byte makes a whole JUnit file unparseable for a dashboard, so
// every string goes through here on its way out.
#pragma once

#include <string>
#include <string_view>

namespace gcm::report {

// `bytes` with every invalid UTF-8 sequence removed (truncated, overlong,
// surrogates, above U+10FFFF) and every character XML 1.0 forbids or
// discourages removed: C0 controls except TAB, LF, CR; DEL; C1 controls
// U+0080–U+009F; U+FFFE and U+FFFF. Well-formed text passes unchanged.
std::string sanitize_utf8(std::string_view bytes);

// Sanitised and escaped for a double-quoted attribute value: & < > " and
// TAB/LF/CR as character references (a parser would normalise them to spaces).
std::string xml_attr(std::string_view bytes);

// Sanitised and escaped for element content: & < >.
std::string xml_text(std::string_view bytes);

// The first line of `text` (up to the first CR or LF), trailing spaces removed.
std::string_view first_line(std::string_view text) noexcept;

}  // namespace gcm::report
