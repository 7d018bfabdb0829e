#!/usr/bin/env python3
"""`gcmatrix merge` through the real binary: legs merge into exactly what a
single run of the whole matrix writes; the baseline gates beyond tolerance
only; missing legs, mixed schemas and duplicate legs are reported; the
annotations are escaped and capped as GitHub caps them; the step summary stays
under its cap; matrix/baseline.json is up to date.

usage: test_merge.py GCMATRIX_BINARY REPO_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from junitparser import JUnitXml

BINARY, ROOT = sys.argv[1], sys.argv[2]
COMMON = ["--policy-dir", os.path.join(ROOT, "policies"), "--matrix", os.path.join(ROOT, "matrix", "default.yaml"),
          "--expectations", os.path.join(ROOT, "matrix", "expectations.yaml")]
WORK = None  # temporary folder with the runs every test shares (setUpModule)


def gcmatrix(*args, cwd=None):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def merge(*args):
    return gcmatrix("merge", *args)


def path(*parts):
    return os.path.join(WORK, *parts)


def without_host(results_path):
    """results.json's text up to the "host" object: the deterministic part, byte for byte."""
    with open(results_path, encoding="utf-8") as f:
        text = f.read()
    cut = text.index(',\n  "host": {')
    return text[:cut]


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


def run_checked(*args):
    r = gcmatrix(*args, *COMMON, "--quiet")
    if r.returncode != 0:
        raise AssertionError("gcmatrix %s exited %d:\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def setUpModule():
    global WORK
    WORK = tempfile.mkdtemp(prefix="gcmatrix-merge-")
    run_checked("--out", path("full"))
    r = gcmatrix("--list-profiles", "--format", "json", "--policy-dir", os.path.join(ROOT, "policies"))
    assert r.returncode == 0, r.stderr
    with open(path("plan.json"), "w") as f:
        f.write(r.stdout)
    for profile in json.loads(r.stdout):
        run_checked("--profile", profile, "--out", path("legs", profile))
    for k in (1, 2, 3):
        run_checked("--shard", "%d/3" % k, "--out", path("shards", str(k)))


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def profiles():
    with open(path("plan.json")) as f:
        return json.load(f)


def leg_files(exclude=()):
    return [path("legs", p, "results.json") for p in profiles() if p not in exclude]


def perturbed_baseline(dst, edit):
    """A fresh baseline of the full run, with `edit(figure_list_by_case)` applied."""
    base = path("fresh-baseline.json")
    if not os.path.exists(base):
        r = merge(path("full", "results.json"), "--write-baseline", base, "--quiet")
        assert r.returncode == 0, r.stdout + r.stderr
    with open(base) as f:
        doc = json.load(f)
    edit({(c["profile"], c["workload"]): c for c in doc["cases"]})
    with open(dst, "w") as f:
        json.dump(doc, f)
    return dst


def figure(case, name):
    for f in case["figures"]:
        if f["name"] == name:
            return f
    raise KeyError(name)


def first_figure_of_unit(cases, unit, min_value=100):
    for key, c in sorted(cases.items()):
        for f in c["figures"]:
            if f["unit"] == unit and f["value"] >= min_value and not f["name"].startswith(("case.", "test:")):
                return key, f
    raise AssertionError("no %s figure in the baseline" % unit)


class MergeEqualsSingleRun(unittest.TestCase):
    def test_profile_legs_give_the_full_runs_bytes(self):
        out = path("merged-legs")
        r = merge(*leg_files(), "--out", out, "--quiet")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(without_host(os.path.join(out, "results.json")), without_host(path("full", "results.json")))
        self.assertEqual(read(os.path.join(out, "table.md")), read(path("full", "table.md")))

    def test_leg_order_does_not_matter(self):
        a, b = path("order-a.json"), path("order-b.json")
        self.assertEqual(merge(*leg_files(), "--json", a, "-q").returncode, 0)
        self.assertEqual(merge(*reversed(leg_files()), "--json", b, "-q").returncode, 0)
        self.assertEqual(without_host(a), without_host(b))

    def test_shards_give_the_full_runs_bytes(self):
        out = path("merged-shards")
        shards = [path("shards", k, "results.json") for k in ("3", "1", "2")]
        r = merge(*shards, "--out", out, "-q")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(without_host(os.path.join(out, "results.json")), without_host(path("full", "results.json")))
        self.assertEqual(read(os.path.join(out, "table.md")), read(path("full", "table.md")))
        self.assertIn("events digest", r.stdout)

    def test_merged_junit_counts_equal_the_full_runs(self):
        out = path("merged-junit")
        self.assertEqual(merge(*leg_files(), "--junit", os.path.join(out, "junit.xml"), "-q").returncode, 0)
        merged, full = JUnitXml.fromfile(os.path.join(out, "junit.xml")), JUnitXml.fromfile(path("full", "junit.xml"))
        self.assertEqual((merged.tests, merged.failures, merged.errors, merged.skipped),
                         (full.tests, full.failures, full.errors, full.skipped))
        self.assertEqual([s.name for s in merged], [s.name for s in full])

    def test_merged_host_figures_add_up(self):
        out = path("merged-host.json")
        self.assertEqual(merge(*leg_files(), "--json", out, "-q").returncode, 0)
        with open(out) as f:
            host = json.load(f)["host"]
        walls = []
        for p in leg_files():
            with open(p) as f:
                walls.append(json.load(f)["host"]["wall_ns"])
        self.assertEqual(host["wall_ns"], sum(walls))


class Baseline(unittest.TestCase):
    def test_committed_baseline_is_up_to_date_and_passes(self):
        committed = os.path.join(ROOT, "matrix", "baseline.json")
        r = merge(*leg_files(), "--baseline", committed, "-q")
        self.assertEqual(r.returncode, 0, "matrix/baseline.json no longer matches the emulation; review and regenerate:\n"
                         "  gcmatrix --out DIR && gcmatrix merge DIR/results.json --write-baseline matrix/baseline.json\n"
                         + r.stdout + r.stderr)
        self.assertIn("0 regression(s) beyond tolerance", r.stdout)
        copy = path("committed-copy.json")
        shutil.copy(committed, copy)
        r = merge(path("full", "results.json"), "--write-baseline", copy, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(copy), read(committed), "regenerating matrix/baseline.json changes it")

    def test_count_off_by_one_is_a_regression_named_with_old_new_change(self):
        def edit(cases):
            figure(cases[("go1.22", "goroutine-leak")], "leaked_goroutines")["value"] += 1
        base = perturbed_baseline(path("b-count.json"), edit)
        r = merge(*leg_files(), "--baseline", base, "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        line = [l for l in r.stdout.splitlines() if l.startswith("REGRESSION")]
        self.assertEqual(len(line), 1, r.stdout)
        self.assertRegex(line[0], r"^REGRESSION go1\.22/goroutine-leak leaked_goroutines: (\d+) -> (\d+) count, -1 \(-0\.\d+ %\) \(tolerance exact\)$")
        self.assertIn("1 regression(s) beyond tolerance", r.stdout)

    def test_a_regression_is_a_failure_of_the_merged_junit(self):
        def edit(cases):
            figure(cases[("go1.22", "goroutine-leak")], "leaked_goroutines")["value"] += 1
        base = perturbed_baseline(path("b-count-junit.json"), edit)
        junit = path("regression-junit.xml")
        r = merge(*leg_files(), "--baseline", base, "--junit", junit, "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        xml = JUnitXml.fromfile(junit)
        full = JUnitXml.fromfile(path("full", "junit.xml"))
        failures = [(case.name, res.type) for s in xml if s.name == "gcmatrix.merge" for case in s for res in case.result]
        self.assertEqual(failures, [("go1.22/goroutine-leak leaked_goroutines", "regression")])
        self.assertEqual((xml.tests, xml.failures, xml.errors), (full.tests + 1, full.failures + 1, 0))

    def test_bytes_within_five_percent_pass_beyond_fail(self):
        cases = {}
        perturbed_baseline(path("b-probe.json"), lambda c: cases.update(c))
        key, f = first_figure_of_unit(cases, "bytes")

        def scaled(factor):
            def edit(cs):
                figure(cs[key], f["name"])["value"] = int(f["value"] * factor)
            return edit
        r = merge(*leg_files(), "--baseline", perturbed_baseline(path("b-in.json"), scaled(1.03)), "-q")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("within tolerance %s/%s %s:" % (key[0], key[1], f["name"]), r.stdout)
        r = merge(*leg_files(), "--baseline", perturbed_baseline(path("b-out.json"), scaled(1.10)), "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("REGRESSION %s/%s %s:" % (key[0], key[1], f["name"]), r.stdout)
        self.assertIn("(tolerance ±5 %)", r.stdout)

    def test_baseline_tolerance_overrides_the_default_and_survives_a_rewrite(self):
        cases = {}
        perturbed_baseline(path("b-probe2.json"), lambda c: cases.update(c))
        key, f = first_figure_of_unit(cases, "bytes")

        def edit(cs):
            g = figure(cs[key], f["name"])
            g["value"] = int(f["value"] * 1.5)
            g["tolerance_percent"] = 60
        base = perturbed_baseline(path("b-wide.json"), edit)
        r = merge(*leg_files(), "--baseline", base, "-q")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("(tolerance ±60 %)", r.stdout)
        r = merge(path("full", "results.json"), "--write-baseline", base, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(base) as fh:
            rewritten = {(c["profile"], c["workload"]): c for c in json.load(fh)["cases"]}
        g = figure(rewritten[key], f["name"])
        self.assertEqual((g["value"], g.get("tolerance_percent")), (f["value"], 60))

    def test_new_case_and_vanished_figure_gate(self):
        def edit(cases):
            del cases[("go1.21", "loopvar-capture")]["figures"][0]
        base = perturbed_baseline(path("b-gone.json"), edit)
        with open(base) as f:
            doc = json.load(f)
        doc["cases"] = [c for c in doc["cases"] if (c["profile"], c["workload"]) != ("go1.20", "bench-reuse")]
        with open(base, "w") as f:
            json.dump(doc, f)
        r = merge(*leg_files(), "--baseline", base, "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("REGRESSION go1.20/bench-reuse (case): absent -> ran", r.stdout)
        self.assertRegex(r.stdout, r"REGRESSION go1\.21/loopvar-capture \w+: absent -> \d+")

    def test_host_figures_never_gate(self):
        base = perturbed_baseline(path("b-host.json"), lambda cases: None)
        self.assertNotIn("host", read(base))
        leg = path("host-leg.json")
        with open(leg_files()[0]) as f:
            doc = json.load(f)
        doc["host"]["wall_ns"] *= 1000
        for c in doc["host"]["cases"]:
            for m in c["metrics"]:
                m["value"] = m["value"] * 1000 + 1
        with open(leg, "w") as f:
            json.dump(doc, f, indent=2)
        r = merge(leg, *leg_files()[1:], "--baseline", base, "-q")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("0 regression(s) beyond tolerance", r.stdout)

    def test_malformed_baseline_exits_2_with_the_json_path(self):
        base = perturbed_baseline(path("b-bad.json"), lambda cases: figure(cases[("go1.22", "goroutine-leak")], "leaked_goroutines").update(value="many"))
        r = merge(*leg_files(), "--baseline", base, "-q")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertRegex(r.stderr, r"b-bad\.json: cases\[\d+\]\.figures\[\d+\]\.value: expected an integer")
        r = merge(*leg_files(), "--baseline", path("no-such-baseline.json"), "-q")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no-such-baseline.json:1:1: (file): cannot be opened: No such file or directory (expected a readable baseline file)", r.stderr)


class MissingAndRefused(unittest.TestCase):
    def test_missing_leg_is_reported_and_exits_1(self):
        r = merge(*leg_files(exclude=("go1.23",)), "--expect-profiles-from", path("plan.json"), "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("gcmatrix merge: missing leg: profile 'go1.23' has no results", r.stderr)
        self.assertEqual(r.stderr.count("missing leg"), 1, r.stderr)
        r = merge(*leg_files(), "--expect-profiles", "go1.22,go1.99", "-q")
        self.assertEqual(r.returncode, 1)
        self.assertIn("profile 'go1.99' has no results", r.stderr)

    def test_missing_legs_are_errors_of_the_merged_junit(self):
        # The merged junit.xml is what dashboards read: with a leg missing it read as a green,
        # smaller run (errors 0, the word "missing" nowhere) while merge exited 1.
        junit = path("missing-junit.xml")
        r = merge(*leg_files(exclude=("go1.23",)), "--expect-profiles-from", path("plan.json"), "--junit", junit, "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        xml = JUnitXml.fromfile(junit)
        suite = [s for s in xml if s.name == "gcmatrix.merge"]
        self.assertEqual(len(suite), 1, [s.name for s in xml])
        errors = [res for case in suite[0] for res in case.result if res._tag == "error"]
        self.assertEqual([e.type for e in errors], ["missing-leg"])
        self.assertIn("profile 'go1.23' has no results", errors[0].message)
        self.assertEqual((xml.errors, xml.failures), (1, 0))

    def test_write_baseline_keeps_the_verdicts_exit_code(self):
        # --write-baseline exited 0 whatever the verdict: a step refreshing the baseline passed with a leg missing.
        base = path("missing-baseline.json")
        r = merge(*leg_files(exclude=("go1.23",)), "--expect-profiles-from", path("plan.json"), "--write-baseline", base, "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("baseline written to " + base, r.stdout)
        self.assertIn("missing leg: profile 'go1.23'", r.stderr)
        with open(base) as f:
            self.assertNotIn("go1.23", {c["profile"] for c in json.load(f)["cases"]})

    def test_all_legs_present_pass_the_plan(self):
        r = merge(*leg_files(), "--expect-profiles-from", path("plan.json"), "-q")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(", 0 missing", r.stdout)

    def test_missing_shard_shows_as_missing_cases(self):
        r = merge(path("shards", "1", "results.json"), path("shards", "3", "results.json"), "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"missing case: go1\.\d+(-observed)?/[a-z-]+ is declared by a leg but no leg ran it")

    def test_a_leg_that_ran_part_of_its_cases_is_reported(self):
        out = path("partial")
        gcmatrix("-p", "go1.22", *COMMON, "-q", "--out", out, "--", "--run_test=go1.22/cleanup-capture")
        r = merge(os.path.join(out, "results.json"), "-q")
        self.assertEqual(r.returncode, 1)
        self.assertIn("missing case: go1.22/timeout-cascade", r.stderr)

    def test_mixed_schema_versions_are_refused_in_one_line(self):
        other = path("schema2.json")
        with open(other, "w") as f:
            f.write(read(leg_files()[0]).replace("gcmatrix.results/1", "gcmatrix.results/2"))
        r = merge(leg_files()[1], other, "-q")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("mixed schema versions", r.stderr)
        self.assertIn("gcmatrix.results/2", r.stderr)

    def test_duplicate_legs_are_refused_naming_both_files(self):
        a = leg_files()[0]
        r = merge(a, path("full", "results.json"), "-q")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertRegex(r.stderr, r"duplicate legs: .*%s/results\.json and .*full/results\.json both hold " % re.escape(os.path.basename(os.path.dirname(a))))

    def test_usage_errors_exit_2(self):
        for args in ([], [path("nope.json")], [leg_files()[0], "--bogus"], [leg_files()[0], "--table", path("t.foo")],
                     [leg_files()[0], "--expect-profiles-from", leg_files()[0]]):
            r = merge(*args)
            self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertFalse(os.path.exists(path("t.foo")))

    def test_help(self):
        r = merge("--help")
        self.assertEqual(r.returncode, 0)
        for word in ("--baseline", "--write-baseline", "--markdown", "--junit", "--annotations", "--expect-profiles-from", "Exit codes"):
            self.assertIn(word, r.stdout)


class SummaryAndAnnotations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Every go1.22 expectation flipped: 20+ unexpected outcomes in one leg.
        text = read(os.path.join(ROOT, "matrix", "expectations.yaml"))
        out, inside = [], False
        for line in text.splitlines():
            if re.match(r"^  \S", line):
                inside = line.strip() == "go1.22:"
            if inside:
                line = re.sub(r": (pass|fail)$", lambda m: ": " + ("fail" if m.group(1) == "pass" else "pass"), line)
            out.append(line)
        cls.flipped = path("flipped.yaml")
        with open(cls.flipped, "w") as f:
            f.write("\n".join(out) + "\n")
        cls.leg = path("flipped-leg")
        r = gcmatrix("-p", "go1.22", "--policy-dir", os.path.join(ROOT, "policies"), "--expectations", cls.flipped,
                     "--out", cls.leg, "-q")
        assert r.returncode == 1, r.stdout + r.stderr
        cls.legs = leg_files(exclude=("go1.22",)) + [os.path.join(cls.leg, "results.json")]

    def test_annotations_capped_most_important_first_and_escaped(self):
        def edit(cases):
            figure(cases[("go1.20", "goroutine-leak")], "leaked_goroutines")["value"] += 7
        base = perturbed_baseline(path("b-ann.json"), edit)
        r = merge(*self.legs, "--baseline", base, "--expect-profiles", "go1.22,go1.98", "--annotations", "-q")
        self.assertEqual(r.returncode, 1)
        errors = [l for l in r.stdout.splitlines() if l.startswith("::error")]
        notices = [l for l in r.stdout.splitlines() if l.startswith("::notice")]
        self.assertEqual(len(errors), 10, r.stdout)
        self.assertEqual(len(notices), 1, r.stdout)
        unexpected = int(re.search(r"(\d+) unexpected outcome\(s\)", r.stdout).group(1))
        self.assertGreater(unexpected, 10)
        # missing leg + regression + unexpected outcomes, 10 shown: the rest are counted.
        self.assertRegex(notices[0], r"^::notice title=gcmatrix merge::%d more problem\(s\) not annotated" % (unexpected + 2 - 10))
        self.assertTrue(errors[0].startswith("::error title=gcmatrix%3A missing leg::missing leg: profile 'go1.98'"), errors[0])
        for e in errors[1:]:
            m = re.match(r"^::error file=([^,:]+),line=(\d+),title=([^:]*)::(.*)$", e)
            self.assertIsNotNone(m, e)
            self.assertTrue(os.path.isfile(os.path.join(ROOT, m.group(1))), m.group(1))
            self.assertNotIn(",", m.group(3))
            self.assertNotIn("\n", m.group(4))
            self.assertIn("%3A", m.group(3))  # "gcmatrix: go1.22/…: check" — every ':' escaped in a property
        # unexpected-fail outranks unexpected-pass; the regression (rank 4) is not among the first ten.
        kinds = [re.search(r"::(unexpected-\w+|no-expectation|REGRESSION)", e).group(1) for e in errors[1:]]
        self.assertEqual(kinds, sorted(kinds, key=["unexpected-fail", "unexpected-pass", "REGRESSION", "no-expectation"].index))

    def test_regression_annotation_points_at_the_workload_and_escapes_percent(self):
        def edit(cases):
            figure(cases[("go1.20", "goroutine-leak")], "leaked_goroutines")["value"] += 7
        base = perturbed_baseline(path("b-ann2.json"), edit)
        r = merge(*leg_files(), "--baseline", base, "--annotations", "-q")
        self.assertEqual(r.returncode, 1)
        errors = [l for l in r.stdout.splitlines() if l.startswith("::error")]
        self.assertEqual(len(errors), 1, r.stdout)
        self.assertRegex(errors[0], r"^::error file=runner/workloads/goroutine_leak\.cpp,line=\d+,title=gcmatrix%3A regression "
                                    r"go1\.20/goroutine-leak%3A leaked_goroutines::REGRESSION .* -7 \(-0\.\d+ %25\) \(tolerance exact\)$")

    def test_no_annotation_when_all_is_well(self):
        r = merge(*leg_files(), "--annotations", "-q")
        self.assertEqual(r.returncode, 0)
        self.assertNotIn("::", r.stdout)

    def test_markdown_summary_has_verdict_sections_and_the_table(self):
        md = path("summary.md")
        r = merge(*self.legs, "--markdown", md, "--baseline", os.path.join(ROOT, "matrix", "baseline.json"), "-q")
        self.assertEqual(r.returncode, 1)
        text = read(md)
        self.assertTrue(text.startswith("## gcmatrix merge: FAILED\n"), text[:200])
        self.assertIn("### Unexpected outcomes", text)
        self.assertIn("### Against the baseline", text)
        self.assertIn(read(path("full", "table.md")).splitlines()[2], text)  # the table's header row
        self.assertLess(len(text.encode()), 1024 * 1024)

    def test_markdown_is_capped_with_a_note(self):
        md = path("small.md")
        r = merge(*leg_files(), "--markdown", md, "--markdown-max-bytes", "4096", "-q")
        self.assertEqual(r.returncode, 0)
        with open(md, "rb") as f:
            data = f.read()
        self.assertLessEqual(len(data), 4096)
        self.assertIn(b"**Truncated**", data)
        self.assertTrue(data.startswith(b"## gcmatrix merge: passed"))
        data.decode("utf-8")  # cut on a line boundary: still UTF-8


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
