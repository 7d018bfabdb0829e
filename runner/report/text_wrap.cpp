// text_wrap.cpp — see text_wrap.hpp.
#include "report/text_wrap.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace gcm::report {

std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
  if (width == 0 || display_width(text) <= width) return std::string(text) + "\n";
  // Words with the run of spaces before each: runs inside a line are kept
  // (aligned labels), the run where a line breaks is dropped.
  std::string out, line;
  bool line_has_word = false;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t word_at = std::min(text.find_first_not_of(' ', at), text.size());
    const std::size_t word_end = std::min(text.find(' ', word_at), text.size());
    const std::string_view spaces = text.substr(at, word_at - at), word = text.substr(word_at, word_end - word_at);
    at = word_end;
    if (word.empty()) break;
    if (line_has_word && display_width(line) + spaces.size() + display_width(word) > width) {
      out += line + "\n";
      line.assign(indent, ' ');
    } else {
      line += spaces;
    }
    line += word;
    line_has_word = true;
  }
  return out + line + "\n";
}

std::string profiles_phrase(const std::vector<std::string>& names,
                            const std::vector<std::pair<std::string, std::string>>& all) {
  auto covers = [&](std::string_view family) {  // names == every profile of `family` ("" = any), as sets
    std::size_t n = 0;
    for (const auto& [name, fam] : all) {
      if (!family.empty() && fam != family) continue;
      if (std::find(names.begin(), names.end(), name) == names.end()) return false;
      ++n;
    }
    return n > 1 && n == names.size();
  };
  if (covers("")) return "every profile";
  if (covers("documented")) return "every documented profile";
  if (covers("observed")) return "every observed profile";
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string concat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  for (std::string_view p : pieces) out += p;
  return out;
}

std::size_t terminal_width() {
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n >= 60 && n <= 1000) return static_cast<std::size_t>(n);
  }
  winsize ws{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60)
    return ws.ws_col;
  return 120;
}

}  // namespace gcm::report
