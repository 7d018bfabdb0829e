#!/usr/bin/env python3
"""End-to-end tests of --out DIR ownership (issue 16, item 7): a run owns its
folder through a manifest (gcmatrix-run.json) and a lock (.gcmatrix.lock).

  - a second run removes the first run's files (stale traces), never the
    user's own;
  - leftover temporary files of a killed write are removed;
  - the manifest says "in-progress" while the run is going, "complete" after;
  - kill -9 at seeded points, then a rerun: a consistent folder;
  - two runs into one folder at once: one proceeds, the other exits 2 naming
    the folder and the holder's pid, and the folder holds one run's files;
  - `gcmatrix merge --out DIR` owns its folder the same way, and checks every
    output path before it reads any leg.

usage: test_out_dir.py GCMATRIX_BINARY REPO_ROOT
"""
import fcntl
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from junitparser import JUnitXml

BINARY, ROOT = sys.argv[1], sys.argv[2]
MANIFEST, LOCK = "gcmatrix-run.json", ".gcmatrix.lock"
TEMP_NAME = re.compile(r"^\..+\.tmp\.[0-9]+\.[0-9]+$")  # atomic_write.cpp's TempFile


def gcmatrix(*args):
    return subprocess.run([BINARY, "-q", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def start(*args):
    return subprocess.Popen([BINARY, "-q", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)


def finish(p, timeout=120):
    """Waits for `p`; its exit code and stderr (the pipe closed)."""
    _, err = p.communicate(timeout=timeout)
    return p.returncode, err


def files_in(folder):
    """Every file under `folder`, relative, as a set."""
    found = set()
    for dirpath, _, names in os.walk(folder):
        for n in names:
            found.add(os.path.relpath(os.path.join(dirpath, n), folder))
    return found


def read_manifest(folder):
    """The manifest, or None. It is replaced by rename: never seen partial."""
    path = os.path.join(folder, MANIFEST)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)  # written atomically: never a partial file


def traces(folder):
    return sorted(os.listdir(os.path.join(folder, "traces")))


class Ownership(unittest.TestCase):
    def assert_complete_and_consistent(self, out, cases):
        m = read_manifest(out)
        self.assertIsNotNone(m, "no manifest")
        self.assertEqual(m["state"], "complete")
        present = files_in(out)
        temps = [f for f in present if TEMP_NAME.match(os.path.basename(f))]
        self.assertEqual(temps, [], "temporary files left")
        # Exactly the listed files, the manifest and the lock: nothing stale.
        self.assertEqual(present - {MANIFEST, LOCK}, set(m["files"]))
        with open(os.path.join(out, "results.json")) as f:
            results = json.load(f)
        self.assertEqual(len(results["cases"]), cases)
        self.assertEqual(len(traces(out)), cases)
        # JUnit from the same run: its classnames are "<profile>.<workload>[.<more>]" of these cases.
        keys = {f"{c['profile']}.{c['workload']}" for c in results["cases"]}
        named = set()
        for s in JUnitXml.fromfile(os.path.join(out, "junit.xml")):
            for c in s:
                match = [k for k in keys if c.classname == k or c.classname.startswith(k + ".")]
                self.assertTrue(match, f"{c.classname}: not a case of results.json")
                named.update(match)
        self.assertEqual(named, keys)
        return m

    def test_second_run_removes_the_first_runs_files_but_not_the_users(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "D")
            r = gcmatrix("-p", "go1.22", "-p", "go1.20", "--no-retention", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(traces(out)), 22)
            with open(os.path.join(out, "my-notes.txt"), "w") as f:
                f.write("mine\n")
            r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "-w", "cleanup-capture", "--out", out,
                         "--html", os.path.join(tmp, "elsewhere.html"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(traces(out), ["go1.22__cleanup-capture.json", "go1.22__loopvar-capture.json"])
            self.assertFalse(os.path.exists(os.path.join(out, "report.html")))  # the first run's, removed
            with open(os.path.join(out, "my-notes.txt")) as f:
                self.assertEqual(f.read(), "mine\n")  # not listed by any manifest: left alone
            m = read_manifest(out)
            self.assertEqual(m["state"], "complete")
            self.assertIn("loopvar-capture", m["command"])
            self.assertEqual(files_in(out) - {MANIFEST, LOCK, "my-notes.txt"}, set(m["files"]))

    def test_leftover_temporary_files_are_removed(self):
        with tempfile.TemporaryDirectory() as out:
            os.makedirs(os.path.join(out, "traces"))
            left = [".results.json.tmp.4242.0", os.path.join("traces", ".go1.22__loopvar-capture.json.tmp.4242.7")]
            kept = ["x.tmp.1.2", ".notes.tmp.txt"]  # not our pattern: the user's
            for name in left + kept:
                with open(os.path.join(out, name), "w") as f:
                    f.write("{")
            r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            for name in left:
                self.assertFalse(os.path.exists(os.path.join(out, name)), name)
            for name in kept:
                self.assertTrue(os.path.exists(os.path.join(out, name)), name)

    def test_manifest_says_in_progress_during_the_run_and_complete_after(self):
        with tempfile.TemporaryDirectory() as out:
            p = start("-w", "goroutine-leak", "-w", "timeout-cascade", "--out", out)
            seen = None
            deadline = time.monotonic() + 60
            while seen is None and p.poll() is None and time.monotonic() < deadline:
                seen = read_manifest(out)
                time.sleep(0.005)
            self.assertIsNotNone(seen, "the run ended before its manifest was seen")
            self.assertEqual(seen["state"], "in-progress")
            self.assertEqual(seen["pid"], p.pid)
            self.assertIn("results.json", seen["files"])  # listed before it is written
            rc, err = finish(p)
            self.assertEqual(rc, 0, err)
            m = self.assert_complete_and_consistent(out, cases=22)
            self.assertEqual(m["run_id"], seen["run_id"])
            self.assertRegex(m["gcmatrix_version"], r"^[0-9]+\.[0-9]+")

    def test_a_manifest_gcmatrix_did_not_write_refuses_the_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "D")
            os.makedirs(out)
            victim = os.path.join(tmp, "victim.txt")
            with open(victim, "w") as f:
                f.write("keep\n")
            for bad in ('{"gcmatrix_run_manifest": 1, "files": ["../victim.txt"]}', "not json"):
                with open(os.path.join(out, MANIFEST), "w") as f:
                    f.write(bad)
                r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "--out", out)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
                self.assertIn(f"--out {out}: {os.path.join(out, MANIFEST)} is not a gcmatrix run manifest", r.stderr)
                self.assertTrue(os.path.exists(victim))
                self.assertFalse(os.path.exists(os.path.join(out, "results.json")))  # refused before any case


    def test_a_boost_test_listing_leaves_the_folder_as_it_is(self):
        with tempfile.TemporaryDirectory() as out:
            r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            before = {f: os.path.getmtime(os.path.join(out, f)) for f in files_in(out)}
            r = subprocess.run([BINARY, "--out", out, "--", "--list_content"], capture_output=True, text=True,
                               cwd=ROOT, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("loopvar-capture", r.stdout + r.stderr)
            self.assertEqual({f: os.path.getmtime(os.path.join(out, f)) for f in files_in(out)}, before)

    def test_a_boost_test_listing_creates_no_folder_and_takes_a_file_as_it_is(self):
        # Before, computing the output paths created --out (and its traces/):
        # a listing left a folder behind, and a file as --out was exit 3.
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "new", "out")
            a_file = os.path.join(tmp, "a_file")
            with open(a_file, "w") as f:
                f.write("x")
            for out in (missing, a_file):
                r = subprocess.run([BINARY, "--out", out, "--", "--list_content"], capture_output=True, text=True,
                                   cwd=ROOT, timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("loopvar-capture", r.stdout + r.stderr)
            self.assertEqual(os.listdir(tmp), ["a_file"])  # not even new/
            with open(a_file) as f:
                self.assertEqual(f.read(), "x")
            # A run still creates the folder it writes, parents included.
            r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "--out", missing)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("results.json", os.listdir(missing))

    def test_an_output_cannot_take_the_manifests_name(self):
        with tempfile.TemporaryDirectory() as out:
            r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "--out", out, "--junit", os.path.join(out, MANIFEST))
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertIn("--junit: cannot write", r.stderr)
            self.assertIn("manifest or lock", r.stderr)


class KillAndRerun(unittest.TestCase):
    def check_partial(self, out):
        """After a kill: every file present is listed by the manifest present
        (so the next run can remove it), or is a temporary file."""
        m = read_manifest(out)
        listed = set(m["files"]) if m else set()
        for f in files_in(out) - {MANIFEST, LOCK}:
            if not TEMP_NAME.match(os.path.basename(f)):
                self.assertIn(f, listed, f"{f} is not listed by the manifest {m}")
        return m

    def test_kill_9_at_seeded_points_then_a_rerun_leaves_a_consistent_folder(self):
        rng = random.Random(16)
        # Points in time after the start, and points in the output phase:
        # after the manifest lists the traces (write_outputs began), plus a
        # few milliseconds, so some kills land while traces are written.
        points = [("time", rng.uniform(0.05, 0.8)) for _ in range(3)] + \
                 [("traces", rng.uniform(0.0, 0.03)) for _ in range(3)]
        with tempfile.TemporaryDirectory() as out:
            killed, in_progress = 0, 0
            for kind, delay in points:
                p = start("--out", out)  # the default matrix: 121 cases, 121 traces
                try:
                    if kind == "traces":
                        deadline = time.monotonic() + 120
                        while p.poll() is None and time.monotonic() < deadline:
                            try:
                                m = read_manifest(out)
                            except (json.JSONDecodeError, OSError):
                                m = None
                            if m and m["pid"] == p.pid and any(f.startswith("traces/") for f in m["files"]):
                                break
                            time.sleep(0.002)
                    time.sleep(delay)
                    self.assertIsNone(p.poll(), f"the run ended before the {kind} point {delay:.3f}")
                    p.send_signal(signal.SIGKILL)
                finally:
                    finish(p)
                killed += 1
                m = self.check_partial(out)
                present = files_in(out)
                print(f"kill at {kind} +{delay:.3f} s: manifest {m and m['state']}, "
                      f"{sum(f.startswith('traces/') for f in present)} traces, "
                      f"{sum(bool(TEMP_NAME.match(os.path.basename(f))) for f in present)} temporary files",
                      file=sys.stderr)
                if m is not None and m["pid"] == p.pid:
                    self.assertEqual(m["state"], "in-progress")  # a dashboard can tell it is partial
                    in_progress += 1
            self.assertEqual(killed, len(points))
            self.assertGreaterEqual(in_progress, 3)  # the trace points at least claimed the folder
            r = gcmatrix("-p", "go1.22", "--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            Ownership.assert_complete_and_consistent(self, out, cases=11)


class Concurrent(unittest.TestCase):
    def test_two_runs_into_one_folder_one_proceeds_the_other_exits_2(self):
        trials = 10
        with tempfile.TemporaryDirectory() as tmp:
            for trial in range(trials):
                out = os.path.join(tmp, f"D{trial}")
                runs = {seed: start("-w", "goroutine-leak", "--seed", str(seed), "--out", out) for seed in (1, 2)}
                done = {seed: finish(p) for seed, p in runs.items()}
                rcs = {seed: rc for seed, (rc, _) in done.items()}
                errs = {seed: err for seed, (_, err) in done.items()}
                self.assertEqual(sorted(rcs.values()), [0, 2], f"trial {trial}: {rcs} {errs}")
                winner = [s for s, rc in rcs.items() if rc == 0][0]
                loser = 3 - winner
                lines = errs[loser].strip().splitlines()
                self.assertEqual(len(lines), 1, errs[loser])
                self.assertEqual(lines[0], f"gcmatrix: --out {out}: in use by another gcmatrix run "
                                           f"(pid {runs[winner].pid}); wait for it to end or choose another folder")
                # No mixing: every output is the winner's.
                m = read_manifest(out)
                self.assertEqual(m["state"], "complete")
                self.assertEqual(m["pid"], runs[winner].pid)
                self.assertIn(f"--seed {winner}", m["command"])
                self.assertEqual(files_in(out) - {MANIFEST, LOCK}, set(m["files"]))
                with open(os.path.join(out, "results.json")) as f:
                    self.assertEqual(json.load(f)["seed"], winner)
                for suite in JUnitXml.fromfile(os.path.join(out, "junit.xml")):
                    props = {p.name: p.value for p in suite.properties()}
                    self.assertEqual(props.get("seed"), str(winner), suite.name)


def merge(*args):
    return subprocess.run([BINARY, "merge", "-q", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


class MergeOwnsItsFolder(unittest.TestCase):
    """`merge --out D` locks, claims and lists its folder as a run does."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.legs = {}
        for profile in ("go1.22", "go1.20"):
            leg = os.path.join(cls.tmp.name, "legs", profile)
            r = gcmatrix("-p", profile, "-w", "loopvar-capture", "--out", leg)
            assert r.returncode == 0, r.stderr
            cls.legs[profile] = os.path.join(leg, "results.json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def folder(self, name):
        return os.path.join(self.tmp.name, name)

    def assert_only_listed(self, out, files, cases, extra=()):
        m = read_manifest(out)
        self.assertEqual(m["state"], "complete")
        self.assertEqual(set(m["files"]), set(files))
        self.assertEqual(files_in(out) - {MANIFEST, LOCK, *extra}, set(files))
        self.assertRegex(m["command"], r"\bmerge\b")
        with open(os.path.join(out, "results.json")) as f:
            self.assertEqual(len(json.load(f)["cases"]), cases)
        return m

    def test_a_second_merge_leaves_only_its_own_files(self):
        out = self.folder("twice")
        # A run's folder first: its traces, host.md, report.html are stale for a merge.
        r = gcmatrix("-p", "go1.22", "-w", "loopvar-capture", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(out, "my-notes.txt"), "w") as f:
            f.write("mine\n")
        r = merge(self.legs["go1.22"], self.legs["go1.20"], "--out", out, "--markdown", os.path.join(out, "summary.md"))
        self.assertEqual(r.returncode, 0, r.stderr)
        first = self.assert_only_listed(out, {"results.json", "junit.xml", "table.md", "summary.md"}, cases=2,
                                        extra={"my-notes.txt"})
        self.assertIn("--markdown", first["command"])
        r = merge(self.legs["go1.20"], "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        second = self.assert_only_listed(out, {"results.json", "junit.xml", "table.md"}, cases=1, extra={"my-notes.txt"})
        self.assertNotEqual(second["run_id"], first["run_id"])
        self.assertNotIn("--markdown", second["command"])
        with open(os.path.join(out, "my-notes.txt")) as f:
            self.assertEqual(f.read(), "mine\n")  # listed by no manifest: left alone

    def test_a_leg_the_previous_merge_wrote_into_the_folder_is_read_before_the_claim(self):
        out = self.folder("again")
        self.assertEqual(merge(self.legs["go1.22"], "--out", out).returncode, 0)
        r = merge(os.path.join(out, "results.json"), self.legs["go1.20"], "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_only_listed(out, {"results.json", "junit.xml", "table.md"}, cases=2)

    def test_a_folder_locked_by_another_process_exits_2_and_writes_nothing(self):
        for name, prepare in (("locked-new", False), ("locked-used", True)):
            out = self.folder(name)
            if prepare:
                self.assertEqual(merge(self.legs["go1.22"], "--out", out).returncode, 0)
            else:
                os.makedirs(out)
            before = {f: (os.path.getmtime(os.path.join(out, f)), os.path.getsize(os.path.join(out, f)))
                      for f in files_in(out) - {LOCK}}
            fd = os.open(os.path.join(out, LOCK), os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                r = merge(self.legs["go1.22"], self.legs["go1.20"], "--out", out)
            finally:
                os.close(fd)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertEqual(r.stderr.strip().splitlines(),
                             [f"gcmatrix merge: --out {out}: in use by another gcmatrix run (pid {os.getpid()}); "
                              "wait for it to end or choose another folder"])
            self.assertEqual({f: (os.path.getmtime(os.path.join(out, f)), os.path.getsize(os.path.join(out, f)))
                              for f in files_in(out) - {LOCK}}, before, name)

    def test_a_merge_while_a_run_writes_the_folder_exits_2_naming_the_run(self):
        out = self.folder("busy")
        p = start("-w", "goroutine-leak", "-w", "timeout-cascade", "--out", out)
        try:
            deadline = time.monotonic() + 60
            while read_manifest(out) is None and p.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            self.assertIsNone(p.poll(), "the run ended before the merge could start")
            r = merge(self.legs["go1.22"], "--out", out)
        finally:
            rc, err = finish(p)
        self.assertEqual(rc, 0, err)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(f"gcmatrix merge: --out {out}: in use by another gcmatrix run (pid {p.pid})", r.stderr)
        Ownership.assert_complete_and_consistent(self, out, cases=22)  # the run's files only

    def test_output_paths_are_checked_before_any_leg_is_read(self):
        # The leg does not exist: an output path's error comes first.
        no_leg = self.folder("no-such-leg.json")
        target = self.folder("target.xml")
        with open(target, "w") as f:
            f.write("keep\n")
        link, folder = self.folder("link.xml"), self.folder("a-dir")
        os.symlink(target, link)
        os.makedirs(folder)
        never = "(expected a regular file, a character device or a new path; never replaced)"
        for option, path, kind in (("--junit", link, "a symbolic link"), ("--junit", folder, "a directory"),
                                   ("--json", link, "a symbolic link"), ("--markdown", folder, "a directory"),
                                   ("--write-baseline", link, "a symbolic link")):
            r = merge(no_leg, option, path)
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertEqual(r.stderr.strip().splitlines(),
                             [f"gcmatrix merge: {option}: cannot write {path}: it is {kind} {never}"])
        self.assertTrue(os.path.islink(link))
        with open(target) as f:
            self.assertEqual(f.read(), "keep\n")
        r = merge(no_leg, "--table", self.folder("t.pdf"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("gcmatrix merge: --table: table output", r.stderr)
        # Only once the outputs are fine is the missing leg reported.
        r = merge(no_leg, "--junit", self.folder("fine.xml"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("no-such-leg.json:1:1: (file): cannot be opened", r.stderr)
        self.assertFalse(os.path.exists(self.folder("fine.xml")))

    def test_a_bad_path_or_a_foreign_manifest_leaves_the_folder_unclaimed(self):
        out = self.folder("refused")
        self.assertEqual(merge(self.legs["go1.22"], "--out", out).returncode, 0)
        before = {f: os.path.getmtime(os.path.join(out, f)) for f in files_in(out) - {LOCK}}  # the lock holds its pid
        r = merge(self.legs["go1.20"], "--out", out, "--junit", os.path.join(out, MANIFEST))
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(r.stderr.strip().splitlines(),
                         [f"gcmatrix merge: --junit: cannot write {os.path.join(out, MANIFEST)}: "
                          "it is the --out folder's own manifest or lock"])
        self.assertEqual({f: os.path.getmtime(os.path.join(out, f)) for f in files_in(out) - {LOCK}}, before)
        foreign = self.folder("foreign")
        os.makedirs(foreign)
        with open(os.path.join(foreign, MANIFEST), "w") as f:
            f.write("not json")
        r = merge(self.folder("no-such-leg.json"), "--out", foreign)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn(f"gcmatrix merge: --out {foreign}: {os.path.join(foreign, MANIFEST)} is not a gcmatrix run manifest",
                      r.stderr)
        self.assertEqual(files_in(foreign) - {LOCK}, {MANIFEST})


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]])
