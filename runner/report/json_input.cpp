// json_input.cpp — a SAX wrapper around nlohmann's DOM builder that keeps
// the JSON path of the value being read and turns every parse failure into
// one located line.
#include "report/json_input.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "input/bounded_read.hpp"
#include "input/escape.hpp"
#include "input/input_error.hpp"

namespace gcm::report {

namespace {

using json = nlohmann::ordered_json;

// No gcmatrix file nests deeper than 8; a hostile one of a million '[' is
// refused long before anything recurses over it.
constexpr std::size_t kDepthMax = 256;

// The document, built as nlohmann's json_sax_dom_parser builds it but for
// one step: a key is appended to its object, not looked up first. An
// ordered_json object is a vector, and its operator[] searches it on every
// key: `gcmatrix merge` of a file holding one object of 160,000 keys took
// 16.5 s (now 0.11 s; 10^6 keys, 19 MB, inside the 256 MiB bound, 1.1 s).
// LocatingBuilder has already refused a key the object holds, so appending
// is what a lookup would have done.
class OrderedDom {
 public:
  explicit OrderedDom(json& root) : root_(root) {}

  bool null() { return put(json(nullptr)); }
  bool boolean(bool v) { return put(json(v)); }
  bool number_integer(json::number_integer_t v) { return put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(json(v)); }
  bool string(json::string_t& v) { return put(json(std::move(v))); }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))); }
  bool start_object(std::size_t) { return push(json::object()); }
  bool key(json::string_t& k) {
    json::object_t& object = stack_.back()->get_ref<json::object_t&>();
    auto& members = static_cast<std::vector<json::object_t::value_type>&>(object);  // ordered_map is this vector
    members.emplace_back(std::move(k), nullptr);
    member_ = &members.back().second;
    return true;
  }
  bool end_object() { return pop(); }
  bool start_array(std::size_t) { return push(json::array()); }
  bool end_array() { return pop(); }

 private:
  // Where a value goes: the root, the end of the array open, or the member
  // whose key was read last. Pointers stay valid: nothing is added to a
  // container while one of its elements is open.
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.get_ref<json::array_t&>().push_back(std::move(v));
      return &top.get_ref<json::array_t&>().back();
    }
    *member_ = std::move(v);
    return member_;
  }
  bool put(json&& v) {
    place(std::move(v));
    return true;
  }
  bool push(json&& v) {
    stack_.push_back(place(std::move(v)));
    return true;
  }
  bool pop() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;
  json* member_ = nullptr;
};

class LocatingBuilder {
 public:
  explicit LocatingBuilder(json& root) : dom_(root) {}

  bool null() { return value(dom_.null()); }
  bool boolean(bool v) { return value(dom_.boolean(v)); }
  bool number_integer(json::number_integer_t v) { return value(dom_.number_integer(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return value(dom_.number_unsigned(v)); }
  bool number_float(json::number_float_t v, const json::string_t& text) { return value(dom_.number_float(v, text)); }
  bool string(json::string_t& v) { return value(dom_.string(v)); }
  bool binary(json::binary_t& v) { return value(dom_.binary(v)); }
  bool start_object(std::size_t n) { return open(false) && dom_.start_object(n); }
  // A key an object already holds: nlohmann keeps the last of the two, so a
  // leg's results.json with a second "outcome" or "seed" would merge as
  // whatever the later one says. gcmatrix never writes one: refused.
  bool key(json::string_t& k) {
    ++keys_read_;
    Frame& f = frames_.back();
    f.key = k;
    if (!f.keys.insert(k).second) {
      duplicate_ = true;
      return false;
    }
    return dom_.key(k);
  }
  bool end_object() { return close(dom_.end_object()); }
  bool start_array(std::size_t n) { return open(true) && dom_.start_array(n); }
  bool end_array() { return close(dom_.end_array()); }

  template <typename Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    failed_ = true;
    position_ = position;
    token_ = token;
    id_ = e.id;
    message_ = e.what();
    return false;
  }

  bool failed() const noexcept { return failed_; }
  std::size_t position() const noexcept { return position_; }
  const std::string& token() const noexcept { return token_; }
  int id() const noexcept { return id_; }
  const std::string& message() const noexcept { return message_; }
  bool too_deep() const noexcept { return too_deep_; }
  bool duplicate() const noexcept { return duplicate_; }
  const std::string& key_read() const noexcept { return frames_.back().key; }
  // Keys read so far, the duplicate included: its ordinal in the document.
  std::size_t keys_read() const noexcept { return keys_read_; }

  // "cases[3].seed": where the value being read sits; "" at the root.
  std::string path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.array) out += "[" + std::to_string(f.index) + "]";
      else if (!f.key.empty()) out += (out.empty() ? "" : ".") + f.key;
    }
    return out;
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;  // arrays: the element being read
    std::string key;        // objects: the member being read
    std::unordered_set<std::string> keys;  // objects: the members read so far
  };

  bool value(bool ok) {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return ok;
  }
  bool open(bool array) {
    if (frames_.size() >= kDepthMax) {
      too_deep_ = true;
      return false;
    }
    frames_.push_back(Frame{array, 0, {}, {}});
    return true;
  }
  bool close(bool ok) {
    frames_.pop_back();
    return value(ok);
  }

  OrderedDom dom_;
  std::vector<Frame> frames_;
  bool failed_ = false, too_deep_ = false, duplicate_ = false;
  std::size_t keys_read_ = 0;
  std::size_t position_ = 0;
  std::string token_;
  int id_ = 0;
  std::string message_;
};

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line
// 1, column 2: syntax error …": the location is ours, the rest is the problem.
std::string problem_of(const std::string& what) {
  std::string_view s(what);
  if (s.starts_with("[json.exception.")) s.remove_prefix(std::min(s.size(), s.find("] ") + 2));
  if (const std::size_t colon = s.find(": "); s.starts_with("parse error") && colon != std::string_view::npos) s.remove_prefix(colon + 2);
  return std::string(s);
}

// 1-based line and column of byte `offset` (columns count bytes).
std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t newlines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  return {static_cast<int>(std::min<std::size_t>(newlines + 1, INT32_MAX)),
          static_cast<int>(std::min<std::size_t>(offset - line_start + 1, INT32_MAX))};
}

// The byte offset of the `ordinal`-th (1-based) object key of `text` (the
// SAX key event carries no position). A key is a string that opens an
// object member: right after '{' or, inside an object, after ','. That
// holds where nlohmann reports a key before checking the ':' after it
// (`{"a":1,"a"}`), which "a string followed by ':'" missed.
std::size_t offset_of_key(std::string_view text, std::size_t ordinal) {
  std::vector<bool> in_object;  // the open containers: object or array
  char previous = 0;            // the last byte outside strings and whitespace
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '"') {
      const bool key = !in_object.empty() && in_object.back() && (previous == '{' || previous == ',');
      if (key && ++seen == ordinal) return i;
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;  // an escape: the next byte is not the string's end
      previous = '"';
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') continue;
    if (ch == '{' || ch == '[') in_object.push_back(ch == '{');
    else if ((ch == '}' || ch == ']') && !in_object.empty()) in_object.pop_back();
    previous = ch;
  }
  return 0;
}

}  // namespace

std::string read_json_input(const std::filesystem::path& path, std::string_view what, std::size_t bytes_max) {
  try {
    return input::read_input_file(path, what, bytes_max);
  } catch (const input::InputError& e) {
    throw JsonInputError(e.what());
  }
}

json parse_json_input(std::string_view text, const std::string& source, std::string_view invalid) {
  json root;
  LocatingBuilder builder(root);
  const bool ok = json::sax_parse(text, &builder);
  if (ok && !builder.failed()) return root;
  const std::string path = builder.too_deep() ? std::string() : builder.path();
  const std::string where = path.empty() ? "(json)" : path;
  // A number out of range is found at the end of its token: point at its
  // start. A syntax error is found at the byte last read: point at that.
  const std::size_t token_bytes = builder.id() == 406 ? builder.token().size() : 1;
  const std::size_t at = builder.position() > token_bytes ? builder.position() - token_bytes : 0;
  const std::size_t located = builder.too_deep() ? 0 : builder.duplicate() ? offset_of_key(text, builder.keys_read()) : at;
  const auto [line, column] = line_column(text, located);
  std::string problem;
  if (builder.duplicate()) {
    problem = "key \"" + builder.key_read() + "\" appears twice in one object (expected each key once)";
  } else if (builder.too_deep()) {
    problem = "nested deeper than " + std::to_string(kDepthMax) + " arrays or objects (expected a gcmatrix file)";
  } else if (builder.id() == 406) {  // out_of_range.406: a number no double holds
    problem = "number " + builder.token() + " is out of range (expected an integer 0.." + std::to_string(UINT64_MAX) +
              " or a finite number)";
  } else {
    problem = std::string(invalid) + ": " + problem_of(builder.message());
  }
  // The path holds the file's own keys and the problem its tokens: escaped,
  // so a key with a newline or an ESC byte stays one printable line (issue 16, item 8).
  throw JsonInputError(input::escape_for_terminal(source) + ":" + std::to_string(line) + ":" + std::to_string(column) +
                       ": " + input::escape_for_terminal(where) + ": " + input::escape_for_terminal(problem));
}

}  // namespace gcm::report
