#!/usr/bin/env python3
"""`gcmatrix merge` of sweep legs and of multi-seed legs, through the binary
(issues 14 §2 and 16 items 10-11).

A sweep (--seeds A..B, or `seeds: A..B` in a matrix file) split over legs —
by --shard K/N of its seeds, or by explicit seed ranges and profiles — merges
into exactly what the single run writes: results.json (host aside, byte for
byte), table.md, the JUnit XML (host figures and times aside) and the events
digest, whatever order the legs are given in. A matrix with several seeds,
sharded, merges order-independently into the single run too. A missing seed
shard, overlapping seeds, a sweep mixed with one-seed legs and an edited pass
count are reported, never merged.

usage: test_merge_sweeps.py GCMATRIX_BINARY REPO_ROOT
"""
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY, ROOT = sys.argv[1], sys.argv[2]
COMMON = ["--policy-dir", os.path.join(ROOT, "policies"), "--expectations", os.path.join(ROOT, "matrix", "expectations.yaml")]
# Small and fast, yet with checks that differ between seeds (go1.22's A12
# window in cleanup-vs-finalizer), so a wrong sum shows.
PROFILES = ["go1.22", "go1.22-observed"]
WORKLOADS = ["loopvar-capture", "cleanup-vs-finalizer"]
SELECT = [a for p in PROFILES for a in ("-p", p)] + [a for w in WORKLOADS for a in ("-w", w)]
SEEDS = "1..40"
WORK = None


def gcmatrix(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=120)


def run_leg(out, *args):
    """One run into folder `out`; exit 1 is a run whose sweeps found flaky checks (A12), as expected here."""
    r = gcmatrix(*COMMON, "-q", *args, "--out", out)
    if r.returncode not in (0, 1):
        raise AssertionError("gcmatrix %s exited %d:\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def path(*parts):
    return os.path.join(WORK, *parts)


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


def without_host(results_path):
    """results.json's text without its "host" object (the only part that is not deterministic)."""
    text = read(results_path)
    start = text.index(',\n  "host": {')
    end = text.index("\n  }", start) + len("\n  }")
    return text[:start] + text[end:]


def junit_without_host(junit_path):
    """The JUnit XML without what the host measured: times, timestamps, hostnames, host.* properties."""
    text = read(junit_path)
    text = re.sub(r' (time|timestamp|hostname)="[^"]*"', "", text)
    return re.sub(r'<property name="host\.[^"]*" value="[^"]*"/>', "", text)


def digest_of(stdout):
    m = re.search(r"events digest ([0-9a-f]{16})", stdout)
    assert m, stdout
    return m.group(1)


def setUpModule():
    global WORK
    WORK = tempfile.mkdtemp(prefix="gcmatrix-merge-sweeps-")
    run_leg(path("full"), *SELECT, "--seeds", SEEDS)
    # The same run with its profiles given the other way round: it runs them in catalog order.
    run_leg(path("full-reversed"), *[a for p in PROFILES[::-1] for a in ("-p", p)],
            *[a for w in WORKLOADS for a in ("-w", w)], "--seeds", SEEDS)
    for k in (1, 2, 3):
        run_leg(path("shard", str(k)), *SELECT, "--seeds", SEEDS, "--shard", "%d/3" % k)
    # Legs that split both ways: a profile each, and an uneven seed range each.
    for p in PROFILES:
        for name, seeds in (("a", "1..7"), ("b", "8..40")):
            run_leg(path("range", p + name), "-p", p, *[a for w in WORKLOADS for a in ("-w", w)], "--seeds", seeds)
    # A matrix file's range, sharded.
    with open(path("sweep.yaml"), "w") as f:
        f.write("profiles: [%s]\nworkloads: [%s]\nseeds: %s\n" % (", ".join(PROFILES), ", ".join(WORKLOADS), SEEDS))
    for k in (1, 2):
        run_leg(path("mshard", str(k)), "--matrix", path("sweep.yaml"), "--shard", "%d/2" % k)
    # Several seeds, one case each, listed out of order.
    with open(path("seeds.yaml"), "w") as f:
        f.write("profiles: [%s]\nworkloads: [%s]\nseeds: [9, 2, 30, 5]\n" % (", ".join(PROFILES), ", ".join(WORKLOADS)))
    run_leg(path("multi_full"), "--matrix", path("seeds.yaml"))
    for k in (1, 2, 3, 4):
        run_leg(path("multi", str(k)), "--matrix", path("seeds.yaml"), "--shard", "%d/4" % k)


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def leg_files(kind, names):
    return [path(kind, n, "results.json") for n in names]


class SweepLegsEqualTheSingleRun(unittest.TestCase):
    def assert_merges_equal_full(self, legs, full, label):
        full_digest = json.loads(read(os.path.join(full, "results.json")))["events_digest"]
        # Every order of 2 or 3 legs; three of 4.
        orders = list(itertools.permutations(legs)) if len(legs) <= 3 else [legs, legs[::-1], legs[1::2] + legs[0::2]]
        self.assertGreaterEqual(len(orders), min(3, len(legs)))
        for i, order in enumerate(orders):
            out = path("merged-%s-%d" % (label, i))
            r = gcmatrix("merge", *order, "--out", out, "-q")
            self.assertIn(r.returncode, (0, 1), r.stdout + r.stderr)
            self.assertNotIn("missing", r.stderr, r.stderr)
            self.assertEqual(without_host(os.path.join(out, "results.json")), without_host(os.path.join(full, "results.json")),
                             "%s: legs in order %s" % (label, [os.path.relpath(p, WORK) for p in order]))
            self.assertEqual(read(os.path.join(out, "table.md")), read(os.path.join(full, "table.md")), label)
            self.assertEqual(junit_without_host(os.path.join(out, "junit.xml")), junit_without_host(os.path.join(full, "junit.xml")), label)
            self.assertEqual(digest_of(r.stdout), full_digest, label)

    def test_profiles_given_in_any_order_run_in_catalog_order(self):
        # The merge writes profiles in catalog order; the single run wrote them as -p gave them,
        # so `-p go1.22-observed -p go1.22` differed from the merge of its own legs.
        self.assertEqual(without_host(path("full-reversed", "results.json")), without_host(path("full", "results.json")))
        self.assertEqual(junit_without_host(path("full-reversed", "junit.xml")), junit_without_host(path("full", "junit.xml")))
        self.assertEqual([p["name"] for p in json.loads(read(path("full-reversed", "results.json")))["profiles"]], PROFILES)

    def test_seed_shards_in_any_order(self):
        self.assert_merges_equal_full(leg_files("shard", ["1", "2", "3"]), path("full"), "shard")

    def test_profile_and_range_legs_in_any_order(self):
        self.assert_merges_equal_full(leg_files("range", [p + n for p in PROFILES for n in "ab"]), path("full"), "range")

    def test_matrix_file_range_sharded(self):
        self.assert_merges_equal_full(leg_files("mshard", ["1", "2"]), path("full"), "mshard")

    def test_histograms_and_pass_counts_add_up(self):
        full = json.loads(read(path("full", "results.json")))
        legs = [json.loads(read(p)) for p in leg_files("shard", ["1", "2", "3"])]
        self.assertEqual([leg["sweeps"][0]["seed_ranges"] for leg in legs], [[[1, 13]], [[14, 26]], [[27, 40]]])
        for s in full["sweeps"]:
            parts = [t for leg in legs for t in leg["sweeps"] if (t["profile"], t["workload"]) == (s["profile"], s["workload"])]
            self.assertEqual(sum(t["seeds"] for t in parts), s["seeds"])
            for c in s["checks"]:
                self.assertEqual(sum(x["passed"] for t in parts for x in t["checks"] if x["name"] == c["name"]), c["passed"])
        # The A12 window makes go1.22's cleanup-vs-finalizer pass only sometimes: the sum is not trivial.
        window = [c for s in full["sweeps"] if s["profile"] == "go1.22" and s["workload"] == "cleanup-vs-finalizer"
                  for c in s["checks"] if c["name"] == "finalized-zero-at-cleanup"][0]
        self.assertTrue(0 < window["passed"] < 40, window)


class MultiSeedMergeIsOrderIndependent(unittest.TestCase):
    def test_shards_of_several_seeds_in_any_order_equal_the_single_run(self):
        legs = leg_files("multi", ["1", "2", "3", "4"])
        full = path("multi_full", "results.json")
        seen = set()
        for i, order in enumerate([legs, legs[::-1], [legs[2], legs[0], legs[3], legs[1]]]):
            out = path("merged-multi-%d.json" % i)
            r = gcmatrix("merge", *order, "--json", out, "-q")
            self.assertIn(r.returncode, (0, 1), r.stdout + r.stderr)
            self.assertNotIn("missing", r.stderr, r.stderr)
            self.assertEqual(without_host(out), without_host(full), "legs in order %d" % i)
            seen.add(digest_of(r.stdout))
        self.assertEqual(seen, {json.loads(read(full))["events_digest"]})
        # Cases profile-major, then workload, then seed ascending.
        cases = [(c["profile"], c["workload"], c["seed"]) for c in json.loads(read(full))["cases"]]
        self.assertEqual([c[2] for c in cases[:4]], [2, 5, 9, 30])


class Refused(unittest.TestCase):
    def test_a_missing_seed_shard_is_named_and_exits_1(self):
        r = gcmatrix("merge", *leg_files("shard", ["1", "3"]), "-q")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("gcmatrix merge: missing seeds: 4 case(s) such as go1.22/loopvar-capture hold seeds 1..13, 27..40 of 1..40",
                      r.stderr)

    def test_a_missing_first_or_last_shard_is_named_and_exits_1(self):
        # No gap among the seeds the other legs hold: each leg names the whole
        # range it was a shard of (results.json "sweep_seed_range").
        for k in ("1", "2", "3"):
            self.assertEqual(json.loads(read(path("shard", k, "results.json")))["sweep_seed_range"], [1, 40])
        for legs, held in ((["2", "3"], "14..40"), (["1", "2"], "1..26"), (["2"], "14..26")):
            r = gcmatrix("merge", *leg_files("shard", legs), "-q")
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("gcmatrix merge: missing seeds: 4 case(s) such as go1.22/loopvar-capture hold seeds %s of 1..40" % held,
                          r.stderr)

    def test_overlapping_seeds_are_duplicate_legs(self):
        r = gcmatrix("merge", path("shard", "1", "results.json"), path("range", "go1.22a", "results.json"), "-q")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertRegex(r.stderr, r"duplicate legs: .* both hold seed 1 of go1\.22/[a-z-]+ ")

    def test_a_sweep_and_single_seed_legs_do_not_mix(self):
        r = gcmatrix("merge", path("shard", "1", "results.json"), path("multi", "1", "results.json"), "-q")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("mixed legs:", r.stderr)

    def test_an_edited_pass_count_is_refused_with_its_json_path(self):
        doc = json.loads(read(path("shard", "2", "results.json")))
        doc["sweeps"][1]["checks"][0]["passed"] -= 1
        edited = path("edited.json")
        with open(edited, "w") as f:
            json.dump(doc, f, indent=2)
        r = gcmatrix("merge", path("shard", "1", "results.json"), edited, "-q")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertRegex(r.stderr, r"edited\.json: sweeps\[1\]\.checks\[0\]\.(rate|summary): contradicts runs and passed")

    def test_a_tally_that_contradicts_its_expectation_is_refused(self):
        # A check expected to pass in every seed given another check's flaky pass count, its rate
        # and summary text, but still 0 unexpected: merge took the leg's word and called it as expected.
        doc = json.loads(read(path("shard", "2", "results.json")))
        tallies = [(i, j, c) for i, s in enumerate(doc["sweeps"]) for j, c in enumerate(s["checks"])]
        flaky = next(c for _, _, c in tallies if 0 < c["passed"] < c["runs"])
        i, j, steady = next((i, j, c) for i, j, c in tallies
                            if c["passed"] == c["runs"] == flaky["runs"] and c["unexpected"] == 0)
        for key in ("passed", "rate", "summary"):
            steady[key] = flaky[key]
        edited = path("edited-tally.json")
        with open(edited, "w") as f:
            json.dump(doc, f, indent=2)
        r = gcmatrix("merge", path("shard", "1", "results.json"), edited, path("shard", "3", "results.json"), "-q")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertRegex(r.stderr, r"edited-tally\.json: cases\[\d+\]\.checks\[\d+\]\.expected: contradicts the sweep's tally "
                                   r"\(.*, 0 unexpected; judged by this expectation [1-9]\d*\)")

    def test_legs_judged_by_different_expectations_are_refused(self):
        # The tallies were added and judged by the first leg's expectation, and the merged file was
        # then refused by the next merge (its tally contradicted its expectation).
        with open(os.path.join(ROOT, "matrix", "expectations.yaml")) as f:
            text = f.read()
        start = text.index("  go1.22:\n")  # go1.22's section: its first finalizer-eventually-runs line goes
        lacking = path("exp-lacking.yaml")
        with open(lacking, "w") as f:
            f.write(text[:start] + re.sub(r"\n +finalizer-eventually-runs: \w+", "", text[start:], count=1))
        out = path("judged-otherwise")
        r = gcmatrix("-q", "--policy-dir", os.path.join(ROOT, "policies"), "--expectations", lacking, "-p", "go1.22",
                     "-w", "cleanup-vs-finalizer", "--seeds", SEEDS, "--shard", "2/3", "--json", out + ".json")
        self.assertIn(r.returncode, (0, 1), r.stderr)
        r = gcmatrix("merge", path("shard", "1", "results.json"), out + ".json", "-q")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"legs judged go1\.22/cleanup-vs-finalizer finalizer-eventually-runs differently: "
                                   r".*shard/1/results\.json expected (pass|fail), .*judged-otherwise\.json expected missing")

    def test_a_flaky_check_is_flaky_in_merge_lines_and_annotations_whichever_its_first_seed(self):
        # Seed 14 is in go1.22's A12 window: merge said "unexpected-pass: passed, expected fail (first
        # seed)" for a check that fails in 26 of 27 schedules, while JUnit said flaky.
        leg = path("from-14.json")
        r = gcmatrix(*COMMON, "-q", "-p", "go1.22", "-w", "cleanup-vs-finalizer", "--seeds", "14..40", "--json", leg)
        self.assertEqual(r.returncode, 1, r.stderr)
        r = gcmatrix("merge", leg, "-q", "--annotations")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertNotIn("(first seed)", r.stdout + r.stderr)
        errors = [l for l in r.stdout.splitlines() if l.startswith("::error ")]
        self.assertEqual(len(errors), 2, r.stdout)
        self.assertTrue(all("::flaky: expected " in l for l in errors), errors)

    def test_bad_matrix_seed_ranges_are_located(self):
        for text, problem in (("5..3", "'5..3': 5 > 3 (expected A..B with A <= B)"),
                              ("1..x", "'1..x' is not a seed range"),
                              ("-1..4", "'-1..4' is not a seed range")):
            m = path("bad-%s.yaml" % text)
            with open(m, "w") as f:
                f.write("profiles: [go1.22]\nworkloads: [loopvar-capture]\nseeds: %s\n" % text)
            r = gcmatrix(*COMMON, "-q", "--matrix", m)
            self.assertEqual(r.returncode, 2, (text, r.stdout, r.stderr))
            self.assertTrue(r.stderr.startswith("gcmatrix: %s:3:8: seeds: %s" % (m, problem)), r.stderr)

    def test_more_shards_than_seeds(self):
        r = gcmatrix(*COMMON, "-q", "-p", "go1.22", "-w", "loopvar-capture", "--seeds", "1..3", "--shard", "4/4")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("--shard '4/4': seeds 1..3 are 3 seed(s) for 4 shards", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
