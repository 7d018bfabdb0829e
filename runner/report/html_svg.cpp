// html_svg.cpp — see html_svg.hpp.
#include "report/html_svg.hpp"

#include "report/units.hpp"
#include "report/xml_text.hpp"

namespace gcm::report::svg {

std::string text_at(int x, int y, const char* anchor, const std::string& text, int size, const char* fill,
                    const char* cls) {
  std::string out = "<text";
  if (cls != nullptr) {
    out += " class=\"";
    out += cls;
    out += '"';
  }
  out += " x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" font-size=\"" + std::to_string(size) +
         "\" text-anchor=\"";
  out += anchor;
  out += '"';
  if (fill != nullptr) {
    out += " fill=\"";
    out += fill;
    out += '"';
  }
  out += '>';
  out += xml_text(text);
  out += "</text>";
  return out;
}

std::string x_axis(std::int64_t t_max, int height, int label_y) {
  std::string out = "<g class=\"axis x\">";
  for (int i = 0; i <= 2; ++i) {
    const int x = i * kWidth / 2;
    out += "<path stroke=\"#999\" d=\"M" + std::to_string(x) + " " + std::to_string(height) + "v3\"/>";
    out += text_at(x, label_y, i == 0 ? "start" : i == 2 ? "end" : "middle", human_value(t_max * i / 2, "ns"));
  }
  return out + "</g>";
}

std::string y_axis(const std::vector<std::string>& labels, int height) {
  std::string out = "<g class=\"axis y\">";
  const int n = static_cast<int>(labels.size());
  for (int i = 0; i < n; ++i) {
    const int y = n > 1 ? height - i * height / (n - 1) : height;
    out += "<path stroke=\"#999\" d=\"M-3 " + std::to_string(y) + "h3\"/>";
    // The bottom label sits above its tick, clear of what is drawn under the plot.
    out += text_at(-5, i == 0 ? y - 1 : y + 3, "end", labels[static_cast<std::size_t>(i)]);
  }
  return out + "</g>";
}

}  // namespace gcm::report::svg
