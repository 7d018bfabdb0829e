// annotations.cpp — escaping and capping of GitHub workflow-command annotations.
#include "cli/annotations.hpp"

#include <algorithm>

namespace gcm::cli {

namespace {
std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += ch;
    }
  }
  return out;
}
}  // namespace

std::string escape_data(std::string_view text) { return escape(text, false); }
std::string escape_property(std::string_view text) { return escape(text, true); }

std::string render_annotation(const Annotation& a) {
  std::string props;
  const auto add = [&](std::string_view key, std::string_view value) {
    props += props.empty() ? ' ' : ',';
    props += key;
    props += '=';
    props += escape_property(value);
  };
  if (!a.file.empty()) add("file", a.file);
  if (!a.file.empty() && a.line > 0) add("line", std::to_string(a.line));
  if (!a.title.empty()) add("title", a.title);
  return "::error" + props + "::" + escape_data(a.message);
}

std::string render_annotations(std::vector<Annotation> annotations, std::size_t errors_max) {
  std::stable_sort(annotations.begin(), annotations.end(),
                   [](const Annotation& a, const Annotation& b) { return a.severity < b.severity; });
  std::string out;
  errors_max = std::min(errors_max, kAnnotationsPerJob - 1);  // and the notice stays within the job's cap
  const std::size_t shown = std::min(errors_max, annotations.size());
  for (std::size_t i = 0; i < shown; ++i) out += render_annotation(annotations[i]) + "\n";
  if (annotations.size() > shown) {
    const std::size_t rest = annotations.size() - shown;
    out += "::notice title=" + escape_property("gcmatrix merge") + "::" +
           escape_data(std::to_string(rest) + " more problem(s) not annotated (GitHub shows " + std::to_string(errors_max) +
                       " errors per step); the step summary lists every one") +
           "\n";
  }
  return out;
}

}  // namespace gcm::cli
