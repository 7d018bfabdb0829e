// yaml_document.cpp — the bounded scan (a yaml-cpp EventHandler), then Load.
#include "input/yaml_document.hpp"

#include <yaml-cpp/eventhandler.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "input/input_error.hpp"

namespace gcm::input {

namespace {

// Marks are 0-based and (-1, -1) when yaml-cpp has none.
int line_of(const YAML::Mark& mark) { return mark.line < 0 ? 1 : mark.line + 1; }
int column_of(const YAML::Mark& mark) { return mark.column < 0 ? 1 : mark.column + 1; }

// Counts nodes as a walk visits them: a scalar or null is 1, a map or
// sequence is 1 plus its entries, an alias is the count of the node it names.
// Invariant: nodes_ <= kYamlNodesMax after every event (else it threw).
class BudgetScan final : public YAML::EventHandler {
 public:
  explicit BudgetScan(std::string_view path) : path_(path) {}

  std::size_t documents = 0;
  YAML::Mark last_start = YAML::Mark::null_mark();    // of the latest document
  YAML::Mark second_root = YAML::Mark::null_mark();   // first node of document 2
  YAML::Mark second_start = YAML::Mark::null_mark();  // start of document 2

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents;
    last_start = mark;
    if (documents == 2) second_start = mark;
    anchored_nodes_.assign(1, 0);  // anchor ids restart at 1 in each document
    root_seen_ = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    root(mark);
    const std::uint64_t named = anchor < anchored_nodes_.size() ? anchored_nodes_[anchor] : 0;
    if (named == 0)  // 0: the anchored node has not ended, so it contains this alias
      fail(mark, "an alias inside the node it names (expected no node to contain itself)");
    add(mark, named);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;  // 0: none
    std::uint64_t nodes_before;
  };

  void root(const YAML::Mark& mark) {
    if (!root_seen_ && documents == 2) second_root = mark;
    root_seen_ = true;
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    root(mark);
    add(mark, 1);
    name(anchor, 1);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    root(mark);
    open_.push_back(Open{anchor, nodes_});
    add(mark, 1);
    name(anchor, 0);  // open: an alias to it now would expand without end
  }
  void close() {
    const Open o = open_.back();
    open_.pop_back();
    name(o.anchor, nodes_ - o.nodes_before);
  }
  void name(YAML::anchor_t anchor, std::uint64_t nodes) {
    if (anchor == 0) return;
    if (anchor >= anchored_nodes_.size()) anchored_nodes_.resize(anchor + 1, 0);
    anchored_nodes_[anchor] = nodes;
  }
  void add(const YAML::Mark& mark, std::uint64_t nodes) {
    // Both terms are at most kYamlNodesMax here, so the sum cannot overflow.
    nodes_ += nodes;
    if (nodes_ > kYamlNodesMax)
      fail(mark, "more than " + std::to_string(kYamlNodesMax) +
                     " YAML nodes, counting each alias as the nodes it names (expected at most " +
                     std::to_string(kYamlNodesMax) + ")");
  }
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& problem) const {
    throw InputError(std::string(path_), line_of(mark), column_of(mark), "(document)", problem);
  }

  std::string_view path_;
  std::uint64_t nodes_ = 0;                    // counted so far, all documents scanned
  std::vector<std::uint64_t> anchored_nodes_;  // anchor id -> nodes it names; 0: open or unknown
  std::vector<Open> open_;                     // maps and sequences not yet ended
  bool root_seen_ = false;                     // in the current document
};

[[noreturn]] void fail_syntax(std::string_view path, const YAML::Mark& mark, const std::string& message) {
  throw InputError(std::string(path), line_of(mark), column_of(mark), "(yaml)",
                   message + " (expected well-formed YAML)");
}

// Drives the Parser over at most kDocumentsScanned documents.
BudgetScan scan(std::string_view text, std::string_view path) {
  BudgetScan budget(path);
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    YAML::Mark previous_start = YAML::Mark::null_mark();
    while (budget.documents < kDocumentsScanned && parser.HandleNextDocument(budget)) {
      const bool moved = budget.documents == 1 || budget.last_start.pos != previous_start.pos;
      if (!moved) {
        const std::size_t at = static_cast<std::size_t>(budget.last_start.pos);
        const std::string token = at < text.size() ? std::string(1, text[at]) : std::string("end of input");
        fail_syntax(path, budget.last_start, "'" + token + "' cannot start a YAML node");
      }
      previous_start = budget.last_start;
    }
  } catch (const YAML::Exception& error) {
    fail_syntax(path, error.mark, error.msg);
  }
  return budget;
}

}  // namespace

ParsedYaml parse_yaml(std::string_view text, std::string_view path) {
  const BudgetScan budget = scan(text, path);
  ParsedYaml parsed;
  parsed.documents = budget.documents;
  parsed.second_root_mark = budget.second_root;
  parsed.second_start_mark = budget.second_start;
  try {
    parsed.first = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {  // the scan parsed the same text: not expected
    fail_syntax(path, error.mark, error.msg);
  }
  return parsed;
}

}  // namespace gcm::input
