#!/usr/bin/env python3
"""Two real JUnit consumers read gcmatrix's JUnit files and must show the
counts results.json implies.

* junit.xml (the gate): one testcase per check and per emulated test; a
  failure only where an outcome is not as expected; emulated tests that were
  skipped or never ran are <skipped>.
* junit-go.xml (the emulated tests, as gotestsum reports them): a test that
  failed, timed out or panicked is a failure; skipped and not run are skipped.

Consumers: python3-junitparser (Debian) and xunit-viewer (npm, pinned in
package-lock.json here; its console summary "N passed, M skipped, K failure").

usage: check_junit_consumers.py GCMATRIX REPORT_TEST_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from junitparser import Failure, JUnitXml, Skipped

GCMATRIX, HERE = sys.argv[1], sys.argv[2]
XUNIT_VIEWER = os.path.join(HERE, "node_modules", ".bin", "xunit-viewer")
FAILING = {"failed", "timed_out", "panicked"}
SKIPPING = {"skipped", "not_run"}
problems = []


def expect(ok, what):
    if not ok:
        problems.append(what)


def implied_counts(results):
    """(passed, skipped, failures) of junit.xml and of junit-go.xml."""
    gate = [0, 0, 0]
    go = [0, 0, 0]
    for case in results["cases"]:
        for check in case["checks"]:
            gate[0 if check["as_expected"] else 2] += 1
        for test in case["tests"]:
            gate[1 if test["status"] in SKIPPING else 0] += 1
            go[2 if test["status"] in FAILING else 1 if test["status"] in SKIPPING else 0] += 1
    return tuple(gate), tuple(go)


def junitparser_counts(path):
    passed = skipped = failures = 0
    for suite in JUnitXml.fromfile(path):
        for case in suite:
            kinds = [type(r) for r in case.result]
            if Failure in kinds:
                failures += 1
            elif Skipped in kinds:
                skipped += 1
            else:
                passed += 1
    return passed, skipped, failures


def xunit_viewer_counts(path, tmp):
    r = subprocess.run([XUNIT_VIEWER, "-r", path, "-c", "-n", "-o", os.path.join(tmp, "xv.html")],
                       capture_output=True, text=True, timeout=120)
    expect(r.returncode == 0, f"xunit-viewer exited {r.returncode}: {r.stderr[-500:]}")
    summary = [l for l in r.stdout.splitlines() if re.search(r"\d+ passed", l)]
    if not summary:
        problems.append(f"xunit-viewer printed no summary for {path}")
        return None
    counts = {k: 0 for k in ("passed", "skipped", "failure")}
    for n, kind in re.findall(r"(\d+) (passed|skipped|failure)", summary[-1]):
        counts[kind] = int(n)
    return counts["passed"], counts["skipped"], counts["failure"]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        paths = {k: os.path.join(tmp, k) for k in ("junit.xml", "junit-go.xml", "results.json")}
        # Timeouts, lost tests, panics and expected failures, under both families.
        r = subprocess.run([GCMATRIX, "-q", "-w", "timeout-cascade", "-w", "foreign-goroutine-cleanup",
                            "-w", "cleanup-capture", "-w", "context-cleanup",
                            "--junit", paths["junit.xml"], "--junit-go", paths["junit-go.xml"],
                            "--json", paths["results.json"]], capture_output=True, text=True, timeout=300)
        expect(r.returncode == 0, f"gcmatrix exited {r.returncode}: {r.stderr[-500:]}")
        with open(paths["results.json"]) as f:
            gate, go = implied_counts(json.load(f))
        expect(go[2] > 0 and go[1] > 0 and gate[1] > 0, f"the selection must time out and lose tests: {go}")
        for name, want in (("junit.xml", gate), ("junit-go.xml", go)):
            got = junitparser_counts(paths[name])
            expect(got == want, f"junitparser {name}: passed/skipped/failures {got}, results.json implies {want}")
            got = xunit_viewer_counts(paths[name], tmp)
            expect(got == want, f"xunit-viewer {name}: passed/skipped/failures {got}, results.json implies {want}")
        print(f"junit.xml passed/skipped/failures {gate}; junit-go.xml {go}")
    for p in problems:
        print(f"check_junit_consumers: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
