// html_svg.hpp — the SVG pieces report.html's plots share: the plot area's
// size, labelled text, and axes with ticks and units. Main entries: text_at(),
// x_axis(), y_axis(), x_of().
//
// Integer user units throughout: the same run gives the same bytes on every
// platform (no floating-point formatting).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gcm::report::svg {

inline constexpr int kWidth = 640;   // plot area width in SVG user units
inline constexpr int kLeft = 128;    // room left of it for y labels and lane labels ("tests go1.19-observed +6")

// x of virtual time t on a plot whose right edge is t_max (≥ 1).
inline std::int64_t x_of(std::int64_t t, std::int64_t t_max) { return t * kWidth / t_max; }

// <text> at (x, y), font-size `size`, anchor "start" | "middle" | "end",
// optional fill colour and class.
std::string text_at(int x, int y, const char* anchor, const std::string& text, int size = 9,
                    const char* fill = nullptr, const char* cls = nullptr);

// <g class="axis x">: three ticks under a plot `height` high, labelled with
// virtual time (0, t_max/2, t_max) at label_y.
std::string x_axis(std::int64_t t_max, int height, int label_y);

// <g class="axis y">: a tick and label at each of `labels` (bottom to top,
// evenly spaced over `height`).
std::string y_axis(const std::vector<std::string>& labels, int height);

}  // namespace gcm::report::svg
