// yaml_document.hpp — YAML text parsed by yaml-cpp 0.7, bounded. Main entry:
// parse_yaml().
//
// Two upstream behaviours make yaml-cpp unsafe on hostile input:
//
// 1. LoadAll never ends on some one-byte inputs (",", or "- a\n,"). In
//    singledocparser.cpp, HandleNode() meets a token that cannot start a node
//    (here FLOW_ENTRY) at the top level, emits a null and consumes nothing;
//    HandleDocument() eats only document markers; so every
//    Parser::HandleNextDocument() call returns true with a null document that
//    starts at the same mark, and LoadAll appends nulls until memory runs out.
//    We never call LoadAll: a scan drives the Parser ourselves, document by
//    document, and refuses a document that starts where the previous one did
//    (no token consumed: a stray token), and it stops after the few
//    documents a caller can use.
// 2. Aliases share nodes in yaml-cpp's tree, but every walk over the tree
//    (our checks, the readers) visits an aliased subtree once per alias:
//    nine levels of ten aliases are 10^9 visits from 500 bytes. The scan
//    counts the nodes of the tree as walked, aliases expanded, and refuses
//    the file past kYamlNodesMax; an alias to a node still open (a node that
//    contains itself) expands without end and is refused too.
//
// Only after the scan accepts the text is it parsed into nodes (YAML::Load,
// which reads the first document only).
#pragma once

#include <cstddef>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace gcm::input {

// Nodes of a file's tree counting each alias as the nodes it stands for. The
// largest shipped file (matrix/expectations.yaml) has about 2,000; a walk
// over 100,000 takes a few milliseconds.
inline constexpr std::size_t kYamlNodesMax = 100'000;

struct ParsedYaml {
  YAML::Node first;              // the first document's root; null when there is none
  std::size_t documents = 0;     // documents seen; the scan stops at kDocumentsScanned
  YAML::Mark second_root_mark = YAML::Mark::null_mark();   // the second document's root, if documents >= 2
  YAML::Mark second_start_mark = YAML::Mark::null_mark();  // the second document's start (its "---" if any)
};

// The scan reads no further than this many documents: enough to tell "one"
// from "more than one" and to find a stray token after the first.
inline constexpr std::size_t kDocumentsScanned = 3;

// Throws InputError naming `path`: "(yaml)" for a syntax error (yaml-cpp's
// message, or a stray token), "(document)" for more than kYamlNodesMax nodes
// or a node that contains itself.
ParsedYaml parse_yaml(std::string_view text, std::string_view path);

}  // namespace gcm::input
