// tree_checks.cpp — duplicate keys, non-scalar keys and nesting depth.
#include "yamlio/tree_checks.hpp"

#include <map>
#include <utility>
#include <string>
#include <vector>

#include "input/quote.hpp"

namespace gcm::yamlio {

namespace {

using input::quote;

// One map or sequence being walked; `next` is its next entry.
struct Frame {
  YAML::Node node;
  std::string key_path;
  int depth = 0;
  YAML::const_iterator next;
  YAML::const_iterator end;
  std::size_t index = 0;                      // of `next`, for sequence paths
  std::map<std::string, Location> keys_seen;  // map frames: key -> first place
};

class TreeWalk {
 public:
  TreeWalk(const Reader& reader, const YAML::Node& root, int nesting_max, std::string_view nesting_expected)
      : reader_(reader), nesting_max_(nesting_max), nesting_expected_(nesting_expected) {
    enter(root, "", 0, Location{});
  }

  // Pops frames as they finish; pushes one for each nested map or sequence.
  void run() {
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      if (frame.next == frame.end) {
        stack_.pop_back();
      } else if (frame.node.IsMap()) {
        step_map(frame);
      } else {
        step_sequence(frame);
      }
    }
  }

 private:
  void enter(const YAML::Node& node, std::string key_path, int depth, Location fallback) {
    if (!node.IsMap() && !node.IsSequence()) return;
    if (depth > nesting_max_) {
      reader_.fail(location_of(node, fallback), key_path.empty() ? "(document)" : key_path,
                   "nesting deeper than " + std::to_string(nesting_max_) + " levels (expected " +
                       std::string(nesting_expected_) + ")");
    }
    const YAML::Node& walked = node;  // const: begin()/end() give const_iterators
    stack_.push_back(Frame{node, std::move(key_path), depth, walked.begin(), walked.end(), 0, {}});
  }

  // Note: `frame` is invalidated by enter(); copy what is needed first.
  void step_map(Frame& frame) {
    const YAML::Node key = frame.next->first;
    const YAML::Node value = frame.next->second;
    ++frame.next;
    const Location parent_where = location_of(frame.node, Location{});
    const Location key_where = location_of(key, parent_where);
    if (!key.IsScalar() || key.Scalar().empty()) {
      reader_.fail(key_where, reader_.child_path(frame.key_path, "(key)"),
                   "key is " + describe_node(key) + " (expected a plain string key)");
    }
    std::string path = reader_.child_path(frame.key_path, key.Scalar());
    const auto [first, inserted] = frame.keys_seen.emplace(key.Scalar(), key_where);
    if (!inserted) fail_duplicate(key_where, path, key.Scalar(), first->second);
    enter(value, std::move(path), frame.depth + 1, key_where);
  }

  // At the second occurrence; names the first by line (and column when both
  // share a line, as in a flow map).
  [[noreturn]] void fail_duplicate(Location second, const std::string& path, const std::string& key,
                                   Location first) const {
    std::string at = "line " + std::to_string(first.line);
    if (first.line == second.line) at += ", column " + std::to_string(first.column);
    const std::string named = reader_.key_is_shown_quoted(key) ? " " + quote(key) : "";
    reader_.fail(second, path,
                 "duplicate key" + named + ", first at " + at + " (expected each key once per map)");
  }

  void step_sequence(Frame& frame) {
    const YAML::Node item = *frame.next;
    ++frame.next;
    std::string path = frame.key_path + "[" + std::to_string(frame.index++) + "]";
    enter(item, std::move(path), frame.depth + 1, location_of(frame.node, Location{}));
  }

  const Reader& reader_;
  int nesting_max_;
  std::string_view nesting_expected_;
  std::vector<Frame> stack_;
};

}  // namespace

void check_yaml_tree(const Reader& reader, const YAML::Node& root, int nesting_max,
                     std::string_view nesting_expected) {
  TreeWalk walk(reader, root, nesting_max, nesting_expected);
  walk.run();
}

}  // namespace gcm::yamlio
