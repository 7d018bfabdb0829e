#!/usr/bin/env python3
"""calibration.scenarios: matrix/calibration/scenarios.json against a fresh emulated run.

The record's emulated histograms (each shipped scenario under each recorded toolchain's observed
profile, seeds 1 … N×50) must be reproduced exactly: the emulation is deterministic per seed. The
verdicts, recomputed from the recorded real histograms and the fresh emulated ones, must be the
recorded verdicts. Every shipped scenario must be in the record, with the observations the
emulation writes today. Real Go is not run here (scripts/calibrate.sh --scenarios does that).

usage: scenarios_record_test.py GCMATRIX SOURCE_DIR
"""
import json
import os
import sys
import tempfile

gcmatrix, root = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "scripts"))
import calibrate_scenarios as cs  # noqa: E402

problems = []
with open(os.path.join(root, "matrix", "calibration", "scenarios.json")) as f:
    record = json.load(f)
if record.get("schema") != cs.SCHEMA:
    sys.exit(f"scenarios.json: schema {record.get('schema')!r}, expected {cs.SCHEMA}")
if record["seeds"] != record["runs"] * cs.SEEDS_PER_RUN:
    problems.append(f"seeds {record['seeds']} is not runs × {cs.SEEDS_PER_RUN}")

scenarios = cs.shipped()
infos = {cs.scenario_info(s)[0]: cs.scenario_info(s) for s in scenarios}
by_key = {(r["scenario"], r["toolchain"]): r for r in record["results"]}
for t in record["toolchains"]:
    for name in infos:
        if (name, t["go"]) not in by_key:
            problems.append(f"{name} under go{t['go']}: not in the record (run scripts/calibrate.sh --scenarios)")
for (name, go) in by_key:
    if name not in infos:
        problems.append(f"{name}: recorded but no longer shipped")

with tempfile.TemporaryDirectory(prefix="gcmatrix-scenarios-record-") as work:
    for t in record["toolchains"]:
        model = cs.emulated(gcmatrix, t["profile"], sorted(infos), record["seeds"], work)
        for name, info in sorted(infos.items()):
            r = by_key.get((name, t["go"]))
            if r is None:
                continue
            fresh = cs.judge(os.path.join(root, r["file"]), info, int(t["go"].split(".")[1]), t["profile"],
                             ([], []), model.get(name, []))
            recorded = {o["name"]: o for o in r["observations"]}
            fresh_names = [o["name"] for o in fresh["observations"]]
            for n in sorted(set(recorded) - set(fresh_names)):
                if set(recorded[n]["emulated"]) != {cs.ABSENT}:
                    problems.append(f"{name}/{n} go{t['go']}: recorded, but the emulation no longer writes it")
            for o in fresh["observations"]:
                old = recorded.get(o["name"])
                where = f"{name}/{o['name']} under {t['profile']}"
                if old is None:
                    problems.append(f"{where}: written by the emulation, not in the record")
                    continue
                if old["emulated"] != o["emulated"]:
                    problems.append(f"{where}: emulated histogram {o['emulated']}, recorded {old['emulated']}")
                if old["real"] and cs.verdict(old["real"], o["emulated"]) != old["verdict"]:
                    problems.append(f"{where}: verdict now {cs.verdict(old['real'], o['emulated'])!r}, "
                                    f"recorded {old['verdict']!r}")

for p in problems:
    print(f"calibration.scenarios: {p}", file=sys.stderr)
if problems:
    sys.exit(1)
n = sum(len(r["observations"]) for r in record["results"])
print(f"calibration.scenarios: {n} recorded observations reproduced over {record['seeds']} seeds "
      f"under {len(record['toolchains'])} observed profiles")
