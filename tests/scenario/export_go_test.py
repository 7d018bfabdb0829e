#!/usr/bin/env python3
"""scenario.export_go_real: every shipped scenario exported, vetted, built and run by real Go.

Under each installed toolchain (/usr/lib/go-1.*/bin/go; go.mod at the toolchain's version when
the scenario sets no `go:`): `go vet` passes, `gofmt -l` lists nothing, `go test -c` builds, and one run of the test binary
prints exactly one `GCMATRIX observe` line per observation the emulation writes for that scenario
under the matching observed profile (seed 1). The values are real Go's and are not asserted here
(scripts/calibrate.sh --scenarios compares their histograms).

Exit 77 (ctest SKIP_RETURN_CODE) only when no Go toolchain is installed.

usage: export_go_test.py GCMATRIX SOURCE_DIR GO_CACHE_DIR
"""
import os
import subprocess
import sys
import tempfile

gcmatrix, root, cache = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(root, "scripts"))
import calibrate_scenarios as cs  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_go_hostile  # noqa: E402

found = cs.toolchains()
if not found:
    print("SKIP (no_go_toolchain): no Go toolchain in /usr/lib/go-1.*/bin/go (scripts/calibrate.sh installs them)")
    sys.exit(77)



def gofmt_problems(go, module, where):
    """An exported module is gofmt-clean (users commit it beside code a `gofmt -l` lint checks)."""
    r = cs.run([os.path.join(os.path.dirname(go), "gofmt"), "-l", "."], cwd=module)
    if r.returncode != 0 or r.stdout.strip():
        return [f"{where}: gofmt -l lists {r.stdout.split()} {r.stderr}"]
    return []


problems = []
scenarios = cs.shipped()
names = [cs.scenario_info(s)[0] for s in scenarios]
with tempfile.TemporaryDirectory(prefix="gcmatrix-export-go-") as work:
    env = cs.go_env(work)
    env["GOCACHE"] = cache  # kept in the build tree: the standard library is compiled once
    for minor, go in found:
        model = cs.emulated(gcmatrix, f"go1.{minor}-observed", names, 1, work)
        for path, name in zip(scenarios, names):
            where = f"{name} under go1.{minor}"
            module = os.path.join(work, f"go1.{minor}", name)
            cs.export(gcmatrix, path, module, minor)
            vet = cs.run([go, "vet", "."], env=env, cwd=module)
            if vet.returncode != 0:
                problems.append(f"{where}: go vet failed:\n{vet.stdout}{vet.stderr}")
                continue
            problems += gofmt_problems(go, module, where)
            binary = os.path.join(module, "scenario.test")
            error = cs.build(go, module, binary, env)
            if error:
                problems.append(f"{where}: go test -c failed:\n{error}")
                continue
            r = cs.run([binary, "-test.count=1", "-test.v"], env=env, cwd=module, timeout=300)
            lines = [line for line in r.stdout.splitlines() if line.startswith("GCMATRIX observe ")]
            printed = [cs.OBSERVE.match(line).group(1) for line in lines if cs.OBSERVE.match(line)]
            expected = list(model[name][0].keys())
            if len(printed) != len(set(printed)):
                problems.append(f"{where}: an observation printed twice: {printed}")
            if sorted(printed) != sorted(expected):
                problems.append(f"{where}: printed {sorted(printed)}, the emulation writes {sorted(expected)}\n"
                                f"{r.stdout[-3000:]}")
            if r.returncode not in (0, 1, 2):  # 1: a check failed; 2: a panic ended the binary
                problems.append(f"{where}: the test binary exited {r.returncode}:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
        # Hostile free text and path (export_go_hostile.py): real Go's scanner accepts the file.
        hostile = os.path.join(work, f"go1.{minor}", "hostile")
        cs.export(gcmatrix, export_go_hostile.write(os.path.join(work, f"hostile-src-{minor}")), hostile, minor)
        vet = cs.run([go, "vet", "."], env=env, cwd=hostile)
        if vet.returncode != 0:
            problems.append(f"hostile under go1.{minor}: go vet failed:\n{vet.stdout}{vet.stderr}")
        problems += gofmt_problems(go, hostile, f"hostile under go1.{minor}")
        print(f"go1.{minor}: {len(scenarios)} scenarios vetted, built and run; the hostile one vetted", flush=True)

for p in problems:
    print(f"export_go_real: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
