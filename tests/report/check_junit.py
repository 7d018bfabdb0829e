#!/usr/bin/python3
"""Reads report_junit_sample's JUnit XML with a real parser (junitparser, as
CI dashboards do) and checks counts, names, classnames and properties.

Usage: check_junit.py PATH/TO/report_junit_sample
Exit status 0 when every check holds; 1 with one line per failed check.
Runs under Debian's /usr/bin/python3 (python3-junitparser).
"""
import os
import subprocess
import sys
import tempfile

from junitparser import Failure, JUnitXml, Properties, Skipped

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def case_properties(case):
    props = case.child(Properties)
    return {p.name: p.value for p in props} if props is not None else {}


def check_totals(xml):
    expect(xml.name == "gcmatrix", f"root name {xml.name!r}")
    expect((xml.tests, xml.failures, xml.errors, xml.skipped) == (15, 3, 0, 2),
           f"root counts {(xml.tests, xml.failures, xml.errors, xml.skipped)}")
    expect(abs(xml.time - 0.000316) < 1e-9, f"root time {xml.time}")
    suites = list(xml)
    expect([s.name for s in suites] == ["go1.20", "go1.20-observed"],
           f"suites {[s.name for s in suites]}")
    for suite in suites:
        # The attributes must agree with what is really in the suite.
        cases = list(suite)
        expect(suite.tests == len(cases), f"{suite.name}: tests={suite.tests}, {len(cases)} cases")
        expect(suite.failures == sum(1 for c in cases for r in c.result if isinstance(r, Failure)),
               f"{suite.name}: failures attribute disagrees with <failure> elements")
        expect(suite.skipped == sum(1 for c in cases if c.is_skipped),
               f"{suite.name}: skipped attribute disagrees with <skipped> elements")
        expect(suite.timestamp == "2024-05-01T12:00:00Z", f"{suite.name}: timestamp {suite.timestamp}")
        expect(suite.hostname == "ci-runner-1", f"{suite.name}: hostname {suite.hostname}")
    return suites


def check_documented_suite(suite):
    props = {p.name: p.value for p in suite.properties()}
    expect(props.get("family") == "documented", f"go1.20 family {props.get('family')}")
    expect(props.get("go") == "1.20" and props.get("seed") == "7", f"go1.20 properties {props}")
    cases = {(c.classname, c.name): c for c in suite}
    leak = cases.get(("go1.20.cleanup-capture", "no-live-nodes-after-test [expected fail]"))
    expect(leak is not None and leak.is_passed, "expected failure must be a passing testcase, named as one")
    out = leak.system_out if leak is not None else None
    expect(out is not None and out.startswith("FAILED, as expected"), f"expected failure's system-out {out!r}")
    if leak is not None:
        p = case_properties(leak)
        expect(p.get("expected") == "fail", f"expected property {p.get('expected')}")
        expect(p.get("claims") == "A2,A3", f"claims {p.get('claims')}")
        expect(p.get("metric.retained_bytes") == "8593408", "metric.retained_bytes")
        expect(p.get("host.host_wall_ns") == "79000", "host.host_wall_ns")
        expect(leak._elem.get("file") == "runner/workloads/cleanup-capture.cpp", "file attribute")
        expect(leak._elem.get("line") == "42", "line attribute")
    timeout = cases.get(("go1.20.timeout-cascade", "no-timeout"))
    result = timeout.result if timeout is not None else []
    expect(len(result) == 1 and isinstance(result[0], Failure) and result[0].type == "unexpected-fail",
           "no-timeout must fail as unexpected-fail")
    skipped = sorted(name for (cls, name), c in cases.items()
                     if cls == "go1.20.timeout-cascade.tests" and c.is_skipped)
    expect(skipped == ["TestC", "TestD"], f"skipped emulated tests {skipped}")
    timed_out = cases.get(("go1.20.timeout-cascade.tests", "TestB"))
    expect(timed_out is not None and timed_out.is_passed
           and case_properties(timed_out).get("status") == "timed_out",
           "TestB: informational testcase with status timed_out")
    expect(timed_out is not None and timed_out.time == 60.0, "TestB: its virtual duration as time")


def check_observed_suite(suite):
    cases = {(c.classname, c.name): c for c in suite}
    missing = cases.get(("go1.20-observed.cleanup-capture", "finalizer-not-during-test"))
    result = missing.result if missing is not None else []
    expect(len(result) == 1 and result[0].type == "no-expectation", "missing expectation is a failure")
    if result:
        message = result[0].message
        expect("\n" not in message, "failure message must be one line")
        expect(message.startswith("no expectation recorded for go1.20-observed/cleanup-capture/"),
               f"message {message!r}")
        expect('<obj#12> & "x"' in message, f"escaped text must parse back: {message!r}")
        expect("second line" in (result[0].text or ""), "detail body keeps the full message")
    unexpected = cases.get(("go1.20-observed.cleanup-capture", "no-live-nodes-after-test"))
    kinds = [r.type for r in unexpected.result] if unexpected is not None else []
    expect(kinds == ["unexpected-pass"], f"unexpected pass {kinds}")


def main():
    helper = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "junit.xml")
        subprocess.run([helper, path], check=True)
        xml = JUnitXml.fromfile(path)
        suites = check_totals(xml)
        if len(suites) == 2:
            check_documented_suite(suites[0])
            check_observed_suite(suites[1])
    for f in failures:
        print(f"check_junit: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
