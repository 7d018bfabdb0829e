"""Scenario-level calibration: every shipped scenario run by real Go and by the model.

Used by `calibrate.py --scenarios [--runs N]` (scripts/calibrate.sh passes it through) and by the
ctest tests that re-check the record (tests/calibration/scenarios_record_test.py) and run the
export under real toolchains (tests/scenario/export_go_test.py).

The hardware side (herdtools7's litmus7): `gcmatrix export-go` writes each scenario as a Go module
(go.mod's version = the toolchain's, when the scenario sets no `go:`, as the emulation takes the
profile's own); `go test -c` builds it once per toolchain; the test binary runs N times, each run
its own process, and its `GCMATRIX observe name=value` lines give one histogram per observation.

The model side (herd7): the matching observed profile (go1.19 ↔ go1.19-observed, …) over N × 50
seeds (1 … N×50), through a matrix file (one case per seed, in process). main's `--seeds A..B`
sweep would be faster, but its results.json histograms count a numeric observation twice (as a
metric and as an observation: 2,000 seeds of 1,000), so the per-seed cases are read instead.

The judge: an observation agrees when every real outcome is an emulated outcome and the most
frequent real outcome is a most frequent emulated one (ties: any shared mode). HeapAlloc readings
are compared in MiB, rounded down: the emulated heap counts bytes of a model, not of Go's
allocator. A disagreement is recorded with both histograms; nothing is tuned to make it agree.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIOS = os.path.join(ROOT, "scenarios")
RECORD = os.path.join(ROOT, "matrix", "calibration", "scenarios.json")
SCHEMA = "gcmatrix.calibration.scenarios/1"
SEEDS_PER_RUN = 50
OBSERVE = re.compile(r"^GCMATRIX observe ([A-Za-z0-9_:.-]+)=(.*)$")
ABSENT = "(absent)"  # the run ended before printing it (a killed binary, a build that failed)
AGREEMENT = ("every real outcome is an emulated outcome, and the most frequent real outcome is "
             "a most frequent emulated one")


def fail(message):
    sys.exit(f"calibrate: {message}")


def toolchains():
    """Every Debian toolchain, oldest first: [(minor, path)]."""
    import glob
    found = []
    for path in glob.glob("/usr/lib/go-1.*/bin/go"):
        m = re.search(r"go-1\.(\d+)/bin/go$", path)
        if m and os.access(path, os.X_OK):
            found.append((int(m.group(1)), path))
    return sorted(found)


def go_env(work):
    # Nothing of the caller's Go set-up may change an answer (calibrate.py's toolchain_env).
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO") and k != "CGO_ENABLED"}
    env.update(GOTOOLCHAIN="local", GOPROXY="off", GOENV="off", GOFLAGS="-mod=mod",
               GOCACHE=os.path.join(work, "cache"), GOPATH=os.path.join(work, "gopath"), GO111MODULE="on")
    return env


def run(cmd, env=None, cwd=None, timeout=600):
    try:
        return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return subprocess.CompletedProcess(cmd, -9, out, f"no answer within {timeout} s")


def shipped():
    return sorted(os.path.join(SCENARIOS, f) for f in os.listdir(SCENARIOS) if f.endswith(".yaml"))


def scenario_info(path):
    """name, and the observations compared in MiB (heap_alloc)."""
    import yaml
    with open(path) as f:
        doc = yaml.safe_load(f)
    mib = set()

    def walk(steps):
        for step in steps or []:
            for key, body in step.items():
                if key == "observe" and isinstance(body, dict) and "heap_alloc" in body:
                    mib.add(body["name"])
                elif isinstance(body, dict) and "steps" in body:
                    walk(body["steps"])
    for test in doc.get("tests", []):
        walk(test.get("steps"))
    for o in doc.get("observe", []) or []:
        if "heap_alloc" in o:
            mib.add(o["name"])
    return doc["scenario"], mib


def outcome(name, value, mib):
    if name in mib and re.fullmatch(r"\d+", value):
        return f"{int(value) >> 20} MiB"
    return value


def parse_observations(output):
    found = {}
    for line in output.splitlines():
        m = OBSERVE.match(line.rstrip("\n"))
        if m:
            found[m.group(1)] = m.group(2)
    return found


def export(gcmatrix, scenario, out, go_minor):
    """None, or why this toolchain cannot take the scenario (a step newer than its Go: export-go
    refuses a --go below what the scenario needs, as the toolchain would refuse the go line)."""
    r = run([gcmatrix, "export-go", scenario, "-o", out, "--go", f"1.{go_minor}"])
    if r.returncode == 2 and "is new in Go 1." in r.stderr:
        return r.stderr.strip().splitlines()[-1]
    if r.returncode != 0:
        fail(f"export-go {scenario}: exit {r.returncode}: {r.stderr.strip()}")
    return None


def build(go, module, binary, env):
    """go test -c; returns None or the build's error text."""
    r = run([go, "test", "-c", "-o", binary, "."], env=env, cwd=module)
    return None if r.returncode == 0 else (r.stdout + r.stderr).strip()


def run_once(binary, module, env, timeout=300):
    r = run([binary, "-test.count=1"], env=env, cwd=module, timeout=timeout)
    return parse_observations(r.stdout), r


def go_version(go, env):
    return run([go, "env", "GOVERSION"], env=env).stdout.strip()


def dpkg_package(minor):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Version}", f"golang-1.{minor}-go"],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def emulated(gcmatrix, profile, names, seeds, work):
    """{scenario: {observation: {outcome: count}}} over seeds 1..seeds, one matrix run."""
    matrix = os.path.join(work, f"{profile}.yaml")
    with open(matrix, "w") as f:
        json.dump({"profiles": [profile], "workloads": sorted(names), "seeds": list(range(1, seeds + 1)),
                   "params": {}, "scenarios": [SCENARIOS]}, f)  # JSON is YAML
    results = os.path.join(work, f"{profile}.json")
    r = run([gcmatrix, "--matrix", matrix, "-q", "--no-retention", "--json", results], timeout=3600)
    if not os.path.exists(results):
        fail(f"{profile}: gcmatrix wrote no results (exit {r.returncode}): {r.stderr.strip()[-2000:]}")
    with open(results) as f:
        cases = json.load(f)["cases"]
    raw = {}
    for case in cases:
        raw.setdefault(case["workload"], []).append(case.get("observations", {}))
    return raw


def histogram(readings, name, mib):
    h = {}
    for obs in readings:
        key = outcome(name, obs[name], mib) if name in obs else ABSENT
        h[key] = h.get(key, 0) + 1
    return dict(sorted(h.items(), key=lambda kv: (-kv[1], kv[0])))


def modes(h):
    top = max(h.values()) if h else 0
    return {k for k, n in h.items() if n == top}


def verdict(real, emul):
    missing = [k for k in real if k not in emul]
    if missing:
        listed = ", ".join(repr(k) for k in missing[:3]) + (f" … ({len(missing)} outcomes)" if len(missing) > 3 else "")
        return "disagree: real " + listed + " never emulated"
    if not modes(real) & modes(emul):
        return (f"disagree: most frequent real {', '.join(repr(k) for k in sorted(modes(real)))}, "
                f"emulated {', '.join(repr(k) for k in sorted(modes(emul)))}")
    return "agree"


def measure_real(gcmatrix, go, minor, scenario, runs, work, env):
    name, _ = scenario_info(scenario)
    module = os.path.join(work, f"go1.{minor}", name)
    readings, notes = [], []
    refused = export(gcmatrix, scenario, module, minor)
    if refused:
        return readings, [f"not exported for go1.{minor}: {refused}"]
    binary = os.path.join(module, "scenario.test")
    error = build(go, module, binary, env)
    if error:
        return readings, [f"build failed: {error.splitlines()[0] if error else ''}"]
    for _ in range(runs):
        obs, r = run_once(binary, module, env)
        readings.append(obs)
        if r.returncode not in (0, 1, 2):
            notes.append(f"exit {r.returncode}")
    return readings, sorted(set(notes))


def measure(gcmatrix, runs, record_path, gos=None, only=None):
    """Both sides for every shipped scenario, or (only=[names]) for those scenarios, merged into the
    existing record: the other scenarios' real histograms are kept, as --rejudge keeps them, so
    adding one scenario does not re-run (and re-roll) the real side of every other."""
    found = toolchains()
    if gos:  # --go PATH…: those toolchains only
        found = []
        for go in gos:
            m = re.search(r"go1\.(\d+)", run([go, "env", "GOVERSION"]).stdout)
            if not m:
                fail(f"{go}: cannot read its version")
            found.append((int(m.group(1)), go))
    if not found:
        fail("no Go toolchain found (install golang-1.19-go, golang-1.2x-go from bookworm-backports; see README)")
    scenarios = shipped()
    infos = {s: scenario_info(s) for s in scenarios}
    kept = []
    if only:
        unknown = sorted(set(only) - {infos[s][0] for s in scenarios})
        if unknown:
            fail(f"--only: no shipped scenario named {', '.join(unknown)} (scenarios/*.yaml)")
        scenarios = [s for s in scenarios if infos[s][0] in only]
        try:
            with open(record_path) as f:
                old = json.load(f)
        except (OSError, ValueError) as e:
            fail(f"--only: {record_path}: cannot read the record to merge into ({e})")
        if old.get("runs") != runs:
            fail(f"--only: {record_path} was recorded with --runs {old.get('runs')}; pass the same N")
        kept = [r for r in old.get("results", []) if r["scenario"] not in only]
    seeds = runs * SEEDS_PER_RUN
    record = {"schema": SCHEMA,
              "note": "Written by scripts/calibrate.sh --scenarios; tests/calibration/scenarios_record_test.py "
                      "re-runs the emulated side and must reproduce it exactly.",
              "runs": runs, "seeds": seeds, "agreement": AGREEMENT,
              "units": {"heap_alloc": "MiB, rounded down"}, "gomaxprocs": os.cpu_count(),
              "toolchains": [], "results": []}
    with tempfile.TemporaryDirectory(prefix="gcmatrix-calibrate-scenarios-") as work:
        env = go_env(work)
        for minor, go in found:
            profile = f"go1.{minor}-observed"
            version = go_version(go, env)
            print(f"{version}: {len(scenarios)} scenarios × {runs} runs", flush=True)
            record["toolchains"].append({"go": f"1.{minor}", "version": version, "package": dpkg_package(minor),
                                         "profile": profile})
            real = {s: measure_real(gcmatrix, go, minor, s, runs, work, env) for s in scenarios}
            print(f"{profile}: {seeds} seeds each", flush=True)
            model = emulated(gcmatrix, profile, [infos[s][0] for s in scenarios], seeds, work)
            for s in scenarios:
                record["results"].append(judge(s, infos[s], minor, profile, real[s], model.get(infos[s][0], [])))
    if only:  # the kept results first, then in the record's order (toolchain, scenario)
        order = {t["go"]: i for i, t in enumerate(record["toolchains"])}
        record["results"] = sorted(kept + record["results"], key=lambda r: (order.get(r["toolchain"], 99), r["scenario"]))
    write_record(record, record_path)
    return record


def write_record(record, record_path):
    """Atomically: a temporary file beside it, then a rename."""
    tmp = record_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(record, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, record_path)


def judge(scenario, info, minor, profile, real, model):
    name, mib = info
    readings, notes = real
    names = []
    for obs in model + readings:  # the emulation's order first, then anything only Go printed
        names += [n for n in obs if n not in names]
    observations = []
    for n in names:
        rh, eh = histogram(readings, n, mib), histogram(model, n, mib)
        observations.append({"name": n, "unit": "MiB" if n in mib else "", "real": rh, "emulated": eh,
                             "verdict": verdict(rh, eh) if readings else "no real runs"})
    return {"scenario": name, "file": os.path.relpath(scenario, ROOT), "toolchain": f"1.{minor}",
            "profile": profile, "notes": notes, "observations": observations}


def rejudge(gcmatrix, record_path):
    """The emulated side again, against the recorded real histograms (after a runtime change):
    real Go's answers do not depend on the model, so they are kept; N, seeds and toolchains too."""
    with open(record_path) as f:
        record = json.load(f)
    infos = {scenario_info(p)[0]: scenario_info(p) for p in shipped()}
    with tempfile.TemporaryDirectory(prefix="gcmatrix-rejudge-") as work:
        for t in record["toolchains"]:
            print(f"{t['profile']}: {record['seeds']} seeds each", flush=True)
            model = emulated(gcmatrix, t["profile"], sorted(infos), record["seeds"], work)
            for r in record["results"]:
                if r["toolchain"] != t["go"] or r["scenario"] not in infos:
                    continue
                _, mib = infos[r["scenario"]]
                for o in r["observations"]:
                    o["emulated"] = histogram(model.get(r["scenario"], []), o["name"], mib)
                    o["verdict"] = verdict(o["real"], o["emulated"]) if o["real"] else "no real runs"
    write_record(record, record_path)
    return record


def shown(h):
    return ", ".join(f"`{k}` ×{n}" if k != "" else f"(empty) ×{n}" for k, n in h.items())


def table(record):
    """Markdown: one row per scenario × observation × set of toolchains with the same figures."""
    rows = {}
    for r in record["results"]:
        for o in r["observations"]:
            key = (r["scenario"], o["name"], json.dumps(o["real"]), json.dumps(o["emulated"]), o["verdict"])
            rows.setdefault(key, []).append(r["toolchain"])
    lines = [f"| scenario | observation | Go | real Go ({record['runs']} runs) | emulated ({record['seeds']} seeds) | verdict |",
             "|---|---|---|---|---|---|"]
    order = {}
    for r in record["results"]:
        for i, o in enumerate(r["observations"]):
            order.setdefault((r["scenario"], o["name"]), (len(order), i))
    for key in sorted(rows, key=lambda k: (k[0], order[(k[0], k[1])], rows[k][0])):
        scenario, name, real, emul, v = key
        gos = rows[key]
        go = gos[0] if len(gos) == 1 else ", ".join(gos)
        unit = " (MiB)" if any(o["unit"] for r in record["results"] if r["scenario"] == scenario
                               for o in r["observations"] if o["name"] == name) else ""
        shown_v = "agree" if v == "agree" else "**" + v + "**"
        lines.append(f"| {scenario} | {name}{unit} | {go} | {shown(json.loads(real))} | {shown(json.loads(emul))} | {shown_v} |")
    return "\n".join(lines)


def main(args):
    gcmatrix = args.gcmatrix or os.path.join(ROOT, "build", "runner", "cli", "gcmatrix")
    if not os.access(gcmatrix, os.X_OK):
        fail(f"{gcmatrix}: no gcmatrix binary (build it first: scripts/build.sh, or pass --gcmatrix)")
    if args.runs < 1:
        fail("--runs: at least 1")
    record_path = args.record if args.record else RECORD
    if args.rejudge:
        record = rejudge(gcmatrix, record_path)
    else:
        only = [n for v in (args.only or []) for n in v.split(",") if n]
        record = measure(gcmatrix, args.runs, record_path, args.go, only)
    print(table(record))
    bad = [(r, o) for r in record["results"] for o in r["observations"] if o["verdict"] != "agree"]
    total = sum(len(r["observations"]) for r in record["results"])
    print(f"calibrate: {total - len(bad)} of {total} scenario observations agree with real Go; "
          f"{len(bad)} disagree (listed above, with both histograms, in {os.path.relpath(record_path, ROOT)})")
    return 0
