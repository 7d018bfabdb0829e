// export_go_names.cpp — Go spellings: string literals, identifiers, durations.
#include <array>
#include <cstdio>
#include <set>

#include "input/escape.hpp"
#include "scenario/export_go.hpp"

namespace gcm::scenario::go {

// Go source must be UTF-8 without NUL or a byte order mark after its start
// (go/scanner: "illegal UTF-8 encoding", "illegal byte order mark"): a byte
// that is not part of well-formed UTF-8, and a C1 control, become \xNN (the
// literal holds the same bytes), U+FEFF becomes \ufeff; the rest of UTF-8 is kept.
std::string quote(const std::string& text) {
  std::string out = "\"";
  const auto hex = [&out](unsigned char c) {
    std::array<char, 8> digits{};
    std::snprintf(digits.data(), digits.size(), "\\x%02x", c);
    out += digits.data();
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = input::printable_utf8_length(text, i);
      if (length == 0) {
        hex(c);
        ++i;
      } else {
        if (text.compare(i, length, "\xef\xbb\xbf") == 0) out += "\\ufeff";
        else out.append(text, i, length);
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) hex(c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string comment_text(std::string_view text) {
  std::string out = input::escape_for_terminal(text);
  for (std::size_t at = 0; (at = out.find("\xef\xbb\xbf", at)) != std::string::npos;) out.replace(at, 3, "\\ufeff");
  return out;
}

// A scenario variable keeps its name unless Go or the generated file already
// uses it: keywords, predeclared names, the imported packages, the test's `t`,
// the support code's names (all gcm*, plus the scenario-facing Map, NewMap,
// node, countMap, newCountMap). Those get a trailing '_', as does any name
// already ending in '_', so two variables never meet in one Go name.
std::string ident(const std::string& variable) {
  static const std::set<std::string> reserved = {
      "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go",
      "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type",
      "var", "any", "bool", "byte", "cap", "clear", "close", "complex", "complex64", "complex128", "copy", "delete",
      "error", "false", "float32", "float64", "imag", "int", "int8", "int16", "int32", "int64", "iota", "len", "make",
      "max", "min", "new", "nil", "panic", "print", "println", "real", "recover", "rune", "string", "true", "uint",
      "uint8", "uint16", "uint32", "uint64", "uintptr", "comparable", "context", "fmt", "bits", "os", "reflect",
      "runtime", "sort", "strconv", "strings", "sync", "testing", "time", "t", "Map", "NewMap", "node",
      "countMap", "newCountMap", "trieNode", "trieEntry", "trieBit", "trieIndex", "trieMerge", "trieMaxDepth",
      "xxh3", "xxhSecret", "le32", "le64"};
  const bool support = variable.rfind("gcm", 0) == 0 || variable.rfind("xxh", 0) == 0;
  if (support || reserved.count(variable) != 0 || (!variable.empty() && variable.back() == '_')) return variable + "_";
  return variable;
}

std::string duration(std::int64_t ns) {
  struct Unit {
    std::int64_t ns;
    const char* name;
  };
  static constexpr std::array<Unit, 6> units{{{3'600'000'000'000, "time.Hour"},
                                              {60'000'000'000, "time.Minute"},
                                              {1'000'000'000, "time.Second"},
                                              {1'000'000, "time.Millisecond"},
                                              {1'000, "time.Microsecond"},
                                              {1, "time.Nanosecond"}}};
  for (const Unit& u : units)
    if (ns != 0 && ns % u.ns == 0) return std::to_string(ns / u.ns) + " * " + u.name;
  return "0";
}

}  // namespace gcm::scenario::go
