#!/usr/bin/env python3
"""Reads the DOM Chromium built from report.html (`chromium --dump-dom`) and
checks every plot (svg.plot): a line with points, no empty path, and both
axes labelled with tick values and units. Every live-heap plot (svg.plot.heap)
also has a test-boundary lane per group of profiles, labelled, with a box per
top-level test whose <title> names it and test names written into the boxes;
its section has a GC-share plot (svg.plot.gcshare, 0-100 % axis) with a label
per line. GOMEMLIMIT lines are checked where the caller says a limit is set
(--memlimit SECTION-PREFIX=LABEL-REGEX: a line and a label matching) and where
none is (--no-memlimit SECTION-PREFIX).

usage: check_html_dom.py DOM.html [--memlimit P=RE]… [--no-memlimit P]…
       (exit 0 pass, 1 fail with reasons)
"""
import argparse
import re
import sys
from html.parser import HTMLParser


def new_plot(section, classes):
    return {"section": section, "classes": classes, "points": [], "empty_paths": 0,
            "axis": {"x": [], "y": []}, "memlimit_paths": 0, "memlimit_labels": [],
            "lanes": [], "series_labels": []}


class Plots(HTMLParser):
    def __init__(self):
        super().__init__()
        self.plots = []
        self.section = ""
        self.svg_depth = 0   # inside an svg.plot: nesting depth of <svg>
        self.axis = None     # "x" / "y" while inside <g class="axis x|y">
        self.text = None     # the list entry a <text>'s data goes to
        self.title = None    # the test box whose <title> is being read
        self.in_title = False

    def plot(self):
        return self.plots[-1] if self.svg_depth else None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "section":
            self.section = a.get("id") or ""
        if tag == "svg":
            if self.svg_depth:
                self.svg_depth += 1
            elif "plot" in cls:
                self.plots.append(new_plot(self.section, cls))
                self.svg_depth = 1
            return
        p = self.plot()
        if p is None:
            return
        if tag == "polyline":
            p["points"].append(a.get("points") or "")
        elif tag == "path":
            if not (a.get("d") or "").strip():
                p["empty_paths"] += 1
            if "memlimit" in cls:
                p["memlimit_paths"] += 1
        elif tag == "g" and cls[:1] == ["axis"]:
            self.axis = cls[-1]
        elif tag == "g" and "lane" in cls:
            p["lanes"].append({"label": None, "boxes": [], "names": []})
        elif tag == "rect" and "test" in cls and p["lanes"]:
            p["lanes"][-1]["boxes"].append("")
            self.title = p["lanes"][-1]["boxes"]
        elif tag == "title" and self.title is not None:
            self.in_title = True
        elif tag == "text":
            if self.axis:
                p["axis"][self.axis].append("")
                self.text = p["axis"][self.axis]
            elif "memlimit-label" in cls:
                p["memlimit_labels"].append("")
                self.text = p["memlimit_labels"]
            elif "lanelabel" in cls and p["lanes"]:
                p["lanes"][-1]["label"] = [""]
                self.text = p["lanes"][-1]["label"]
            elif "testname" in cls and p["lanes"]:
                p["lanes"][-1]["names"].append("")
                self.text = p["lanes"][-1]["names"]
            elif "serieslabel" in cls:
                p["series_labels"].append("")
                self.text = p["series_labels"]

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1
        elif tag == "g":
            self.axis = None
        elif tag == "text":
            self.text = None
        elif tag == "title":
            self.in_title = False
        elif tag == "rect":
            self.title = None

    def handle_data(self, data):
        if self.text is not None:
            self.text[-1] += data
        elif self.in_title and self.title is not None:
            self.title[-1] += data


UNIT = re.compile(r"^\d+(\.\d+)? ?(B|KiB|MiB|GiB|TiB|ns|µs|ms|s|min|h|%)$")
TEST_IN_TITLE = re.compile(r": (Test\S*) ")


def check_plot(i, p, problems):
    where = f"plot {i} ({' '.join(p['classes'])}, section {p['section']!r})"
    if not any(len(pts.split()) >= 2 for pts in p["points"]):
        problems.append(f"{where}: no line with two points or more")
    if any(not pts.strip() for pts in p["points"]) or p["empty_paths"]:
        problems.append(f"{where}: {p['empty_paths']} empty path(s), "
                        f"{sum(not pts.strip() for pts in p['points'])} empty polyline(s)")
    for axis in ("x", "y"):
        labels = [t.strip() for t in p["axis"][axis]]
        if len(labels) < 3 or not all(UNIT.match(t) for t in labels):
            problems.append(f"{where}: {axis} axis labels {labels!r} (expected 3 values with units)")
    if "heap" in p["classes"]:
        if not p["lanes"]:
            problems.append(f"{where}: no test-boundary lane")
        names_written = 0
        for j, lane in enumerate(p["lanes"]):
            label = (lane["label"] or [""])[0].strip()
            if not label.startswith("tests "):
                problems.append(f"{where}: lane {j} label {label!r} (expected 'tests <profile>')")
            tests = [m.group(1) for m in map(TEST_IN_TITLE.search, lane["boxes"]) if m]
            if not lane["boxes"] or len(tests) != len(lane["boxes"]):
                problems.append(f"{where}: lane {j}: {len(lane['boxes'])} boxes, {len(tests)} titled with a test name")
            for name in (n.strip() for n in lane["names"]):
                names_written += 1
                if not name or not any(t.endswith(name) for t in tests):
                    problems.append(f"{where}: lane {j}: box label {name!r} is not (the end of) a test's name")
        if p["lanes"] and names_written == 0:
            problems.append(f"{where}: no test name written in any box")
    if "gcshare" in p["classes"]:
        if not p["axis"]["y"] or not all(t.strip().endswith("%") for t in p["axis"]["y"]):
            problems.append(f"{where}: y axis {p['axis']['y']!r} is not in %")
        labels = [t.strip().lstrip("— ").strip() for t in p["series_labels"]]
        if len(labels) != len(p["points"]) or not all(labels):
            problems.append(f"{where}: {len(p['points'])} GC-share lines, labels {labels!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dom")
    ap.add_argument("--memlimit", action="append", default=[], metavar="SECTION-PREFIX=LABEL-REGEX")
    ap.add_argument("--no-memlimit", action="append", default=[], metavar="SECTION-PREFIX")
    args = ap.parse_args()
    with open(args.dom, encoding="utf-8") as f:
        parser = Plots()
        parser.feed(f.read())
    problems = []
    plots = parser.plots
    if not plots:
        problems.append("no svg.plot in the DOM")
    for i, p in enumerate(plots):
        check_plot(i, p, problems)
    heap_sections = {p["section"] for p in plots if "heap" in p["classes"] and p["lanes"]}
    share_sections = {p["section"] for p in plots if "gcshare" in p["classes"]}
    for s in sorted(heap_sections - share_sections):
        problems.append(f"section {s!r}: test lanes but no GC-share plot")
    for spec in args.memlimit:
        prefix, regex = spec.split("=", 1)
        heaps = [p for p in plots if "heap" in p["classes"] and p["section"].startswith(prefix)]
        if not heaps:
            problems.append(f"--memlimit {prefix}: no heap plot in such a section")
        for p in heaps:
            labels = [t.strip() for t in p["memlimit_labels"]]
            if not p["memlimit_paths"] or not any(re.fullmatch(regex, t) for t in labels):
                problems.append(f"section {p['section']!r}: GOMEMLIMIT lines {p['memlimit_paths']}, "
                                f"labels {labels!r} (expected one matching {regex!r})")
    for prefix in args.no_memlimit:
        heaps = [p for p in plots if "heap" in p["classes"] and p["section"].startswith(prefix)]
        if not heaps:
            problems.append(f"--no-memlimit {prefix}: no heap plot in such a section")
        for p in heaps:
            if p["memlimit_paths"] or p["memlimit_labels"]:
                problems.append(f"section {p['section']!r}: a GOMEMLIMIT line where none is set")
    for p in problems:
        print(f"check_html_dom: {p}")
    lanes = sum(len(p["lanes"]) for p in plots)
    print(f"check_html_dom: {len(plots)} plots checked ({len(share_sections)} GC-share plots, "
          f"{lanes} test lanes, {sum(p['memlimit_paths'] for p in plots)} GOMEMLIMIT lines)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
