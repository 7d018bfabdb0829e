#!/usr/bin/env python3
"""Reads the DOM Chromium built from report.html (`chromium --dump-dom`) and
checks every live-heap plot: a line with points, and both axes labelled with
tick values and units.

usage: check_html_dom.py DOM.html   (exit 0 pass, 1 fail with reasons)
"""
import re
import sys
from html.parser import HTMLParser


class Plots(HTMLParser):
    def __init__(self):
        super().__init__()
        self.plots = []      # per svg.plot: {"points": [...], "axis": {"x": [...], "y": [...]}}
        self.axis = None     # "x" / "y" while inside <g class="axis x|y">
        self.in_text = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "plot" in (a.get("class") or "").split():
            self.plots.append({"points": [], "axis": {"x": [], "y": []}})
        elif self.plots and tag == "polyline":
            self.plots[-1]["points"].append(a.get("points") or "")
        elif self.plots and tag == "g" and (a.get("class") or "").startswith("axis"):
            self.axis = (a.get("class") or "").split()[-1]
        elif tag == "text" and self.axis:
            self.in_text = True
            self.plots[-1]["axis"][self.axis].append("")

    def handle_endtag(self, tag):
        if tag == "g":
            self.axis = None
        if tag == "text":
            self.in_text = False

    def handle_data(self, data):
        if self.in_text and self.axis:
            self.plots[-1]["axis"][self.axis][-1] += data


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        parser = Plots()
        parser.feed(f.read())
    problems = []
    if not parser.plots:
        problems.append("no svg.plot in the DOM")
    unit = re.compile(r"^\d+(\.\d+)? ?(B|KiB|MiB|GiB|ns|µs|ms|s|min|h)$")
    for i, p in enumerate(parser.plots):
        if not any(len(pts.split()) >= 2 for pts in p["points"]):
            problems.append(f"plot {i}: no line with two points or more")
        for axis in ("x", "y"):
            labels = [t.strip() for t in p["axis"][axis]]
            if len(labels) < 3 or not all(unit.match(t) for t in labels):
                problems.append(f"plot {i}: {axis} axis labels {labels!r} (expected 3 values with units)")
    for p in problems:
        print(f"check_html_dom: {p}")
    print(f"check_html_dom: {len(parser.plots)} plots checked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
