#!/usr/bin/env python3
"""Calibrates the observed profiles against real Go toolchains.

usage: calibrate.py [--check | --write] [--go PATH]... [--record FILE]
       calibrate.py --scenarios [--runs N] [--go PATH]... [--record FILE] [--gcmatrix PATH]

Builds matrix/calibration/probe with every toolchain given (default: every
Debian toolchain /usr/lib/go-1.*/bin/go), runs each probe test in a process of
its own, and reads the `CALIBRATE key=value` lines the probes print (see
probe_test.go). The result is one observation set per toolchain, keyed by
profile key path (testing.frame_release, gc.gogc, ...) plus a few probe.*
facts.

  --check  (default) compare with the record (matrix/calibration/observed.json):
           exit 1 and name every observation that differs, is missing or new.
  --write  rewrite the record (sorted, stable; toolchain versions included).

  --scenarios  scenario-level calibration instead (scripts/calibrate_scenarios.py): every
           shipped scenario exported to Go and run N times (--runs, default 20) under each
           toolchain, against the matching observed profile over N×50 seeds; writes
           matrix/calibration/scenarios.json (or --record) and prints the table.
           --rejudge keeps the recorded real histograms and re-runs only the emulated side
           (after a change to the runtime or a profile).

Toolchains are only ever used here, never by the emulation. No network:
GOPROXY=off, GOTOOLCHAIN=local, a private GOCACHE/GOPATH; GOGC and GOMEMLIMIT
are cleared so the pacer probe reads Go's defaults.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = os.path.join(ROOT, "matrix", "calibration", "probe", "probe_test.go")
RECORD = os.path.join(ROOT, "matrix", "calibration", "observed.json")
SCHEMA = "gcmatrix.calibration/1"
LINE = re.compile(r"^CALIBRATE ([a-z_.0-9]+)=(\S+)$")

# Probe runs: (tests regexp, extra test-binary flags, values for keys a run
# may leave unprinted: a probe that dies before printing reports "absent").
RUNS = [
    ("^TestFrameRelease$", [], {}),
    ("^TestCleanupsWaitForSubtests$", [], {}),
    ("^TestCleanupsRunOnPanic$", [], {"testing.cleanups_run_on_panic": "false"}),
    ("^TestForeignGoroutineCleanup$", [], {}),
    ("^TestLateCleanup[AB]$", [], {}),
    ("^TestRunInCleanup$", [], {}),
    ("^TestContextCancelBeforeCleanup$", [], {}),
    ("^TestFinalizerDuringTest$", [], {}),
    ("^TestPendingFinalizer[AB]$", [], {}),
    ("^TestLoopVar$", [], {}),
    ("^TestPacerDefaults$", [], {}),
    ("^TestTimeout[ABC]$", ["-test.timeout=1s"],
     {"probe.timeout_cleanup_ran": "false", "probe.timeout_later_test_ran": "false"}),
]


def fail(message):
    sys.exit(f"calibrate: {message}")


def toolchain_env(work):
    # Nothing of the caller's Go set-up may change an answer: GOEXPERIMENT=loopvar
    # would change O5, GOGC/GOMEMLIMIT the pacer, a go env file GOFLAGS.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO") and k not in ("CGO_ENABLED",)}
    env.update(GOTOOLCHAIN="local", GOPROXY="off", GOENV="off", GOFLAGS="", GOCACHE=os.path.join(work, "cache"),
               GOPATH=os.path.join(work, "gopath"), GO111MODULE="on")
    return env


def run(cmd, env, cwd, timeout=300):
    try:
        return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        fail(f"{' '.join(cmd)}: no answer within {timeout} s:\n{e.stdout or ''}{e.stderr or ''}")


def parse(output):
    found = {}
    for line in output.splitlines():
        m = LINE.match(line.strip())
        if m:
            found[m.group(1)] = m.group(2)
    return found


def module(work, go_mod_version):
    src = os.path.join(work, f"probe-go{go_mod_version}")
    os.makedirs(src, exist_ok=True)
    shutil.copy(PROBE, src)
    with open(os.path.join(src, "go.mod"), "w") as f:
        f.write(f"module gcmatrix.calibration/probe\n\ngo {go_mod_version}\n")
    return src


def observe(go, work):
    env = toolchain_env(work)
    version = run([go, "env", "GOVERSION"], env, work).stdout.strip()  # "go1.22.12"
    m = re.match(r"^go1\.(\d+)(\.\d+)?", version)
    if not m:
        fail(f"{go}: cannot read its version ({version!r})")
    minor = int(m.group(1))
    obs = {}
    src = module(work, f"1.{minor}")  # a module kept at its toolchain's version
    binary = os.path.join(work, f"probe-1.{minor}.test")
    built = run([go, "test", "-c", "-o", binary, "."], env, src)
    if built.returncode != 0:
        fail(f"{version}: building the probe failed:\n{built.stdout}{built.stderr}")
    for tests, flags, absent in RUNS:
        r = run([binary, "-test.run", tests, "-test.v", *flags], env, src, timeout=180)
        found = parse(r.stdout + r.stderr)
        dies = tests in ("^TestCleanupsRunOnPanic$", "^TestTimeout[ABC]$")  # these end the binary
        if r.returncode != 0 and not dies:
            fail(f"{version}: {tests} failed (exit {r.returncode}):\n{r.stdout}{r.stderr}")
        if "timeout" in found.values():  # a finalizer that should have run did not: inconclusive
            fail(f"{version}: {tests}: a finalizer did not run within the probe's wait (a loaded machine?):\n{r.stdout}")
        if tests.startswith("^TestTimeout"):
            # O7: a binary-wide alarm panics during TestTimeoutB (0.7 + 0.7 s
            # > 1 s); a per-test limit would let all three pass.
            if "panic: test timed out after 1s" in r.stdout + r.stderr:
                found["testing.timeout.mode"] = "binary"
            elif r.returncode == 0:
                found["testing.timeout.mode"] = "per_test"
            else:
                fail(f"{version}: {tests} failed without a timeout:\n{r.stdout}{r.stderr}")
        for key, value in absent.items():
            found.setdefault(key, value)
        if not found:
            fail(f"{version}: {tests} printed no observation (exit {r.returncode}):\n{r.stdout}{r.stderr}")
        obs.update(found)
    # The default -timeout is what `go test` hands its binary.
    r = run([go, "test", "-count=1", "-run", "^TestDefaultTimeout$", "-v", "."], env, src)
    obs.update(parse(r.stdout + r.stderr))
    if minor >= 22:  # O5: the per-iteration loop variable follows go.mod, not the toolchain
        old = module(work, "1.21")
        r = run([go, "test", "-count=1", "-run", "^TestLoopVar$", "-v", "."], env, old)
        found = parse(r.stdout + r.stderr)
        if "testing.loopvar" in found:
            obs["probe.loopvar_with_go_mod_1_21"] = found["testing.loopvar"]
    package = ""
    dpkg = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Version}", f"golang-1.{minor}-go"],
                          capture_output=True, text=True)
    if dpkg.returncode == 0:
        package = dpkg.stdout.strip()
    return {"go": f"1.{minor}", "version": version, "package": package,
            "profile": f"go1.{minor}-observed", "observations": dict(sorted(obs.items()))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the record (default)")
    mode.add_argument("--write", action="store_true", help="rewrite the record")
    ap.add_argument("--go", action="append", default=[], help="a go binary (repeatable)")
    ap.add_argument("--record", default=None,
                    help="the record file (default matrix/calibration/observed.json; scenarios.json with --scenarios)")
    ap.add_argument("--scenarios", action="store_true", help="calibrate the shipped scenarios outcome by outcome")
    ap.add_argument("--runs", type=int, default=20, help="--scenarios: real runs per scenario and toolchain (default 20)")
    ap.add_argument("--rejudge", action="store_true",
                    help="--scenarios: re-run only the emulated side against the recorded real histograms")
    ap.add_argument("--only", action="append", default=[], metavar="SCENARIO",
                    help="--scenarios: measure only these scenarios (repeatable, or comma-separated) and merge "
                         "them into the record, keeping the others' real histograms")
    ap.add_argument("--gcmatrix", default=None, help="--scenarios: the gcmatrix binary (default build/runner/cli/gcmatrix)")
    args = ap.parse_args()
    if args.scenarios:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import calibrate_scenarios
        return calibrate_scenarios.main(args)
    args.record = args.record or RECORD
    gos = args.go or sorted(glob.glob("/usr/lib/go-1.*/bin/go"), key=lambda p: int(p.split("go-1.")[1].split("/")[0]))
    if not gos:
        fail("no Go toolchain found (install golang-1.19-go, golang-1.2x-go from bookworm-backports; see README)")
    toolchains = []
    with tempfile.TemporaryDirectory(prefix="gcmatrix-calibrate-") as work:
        for go in gos:
            t = observe(go, work)
            print(f"{t['version']}: {len(t['observations'])} observations")
            toolchains.append(t)
    toolchains.sort(key=lambda t: int(t["go"].split(".")[1]))
    fresh = {"schema": SCHEMA,
             "note": "Written by scripts/calibrate.py --write from real Go toolchains; "
                     "tests/calibration compares every observation with policies/observed.",
             "toolchains": toolchains}
    if args.write:
        tmp = args.record + ".tmp"
        with open(tmp, "w") as f:
            json.dump(fresh, f, indent=2)
            f.write("\n")
        os.replace(tmp, args.record)
        print(f"calibrate: {len(toolchains)} toolchain(s) written to {os.path.relpath(args.record, ROOT)}")
        return 0
    try:
        with open(args.record) as f:
            record = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{args.record}: {e}")
    if record.get("schema") != SCHEMA:
        fail(f"{args.record}: schema {record.get('schema')!r}, expected {SCHEMA}")
    recorded = {t["go"]: t for t in record.get("toolchains", [])}
    problems = [] if args.go else [  # with --go, only the toolchains named are compared
        f"go{go}: recorded but not observed now (is golang-{go}-go installed?)"
        for go in sorted(set(recorded) - {t["go"] for t in toolchains})]
    for t in toolchains:
        old = recorded.get(t["go"])
        if old is None:
            problems.append(f"go{t['go']}: not in the record (run calibrate.py --write)")
            continue
        for key in sorted(set(old["observations"]) | set(t["observations"])):
            a, b = old["observations"].get(key), t["observations"].get(key)
            if a != b:
                problems.append(f"go{t['go']} ({t['version']}): {key}: recorded {a}, observed now {b}")
    for p in problems:
        print(f"calibrate: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"calibrate: {len(toolchains)} toolchain(s) agree with {os.path.relpath(args.record, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
