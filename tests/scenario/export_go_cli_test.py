#!/usr/bin/env python3
"""scenario.export_go_cli: `gcmatrix export-go` without a Go toolchain.

Every shipped scenario exports (exit 0, two files, byte-identical when exported twice); go.mod's
version follows the scenario's `go:`, else --go, else 1.21, raised to 1.24 by add_cleanup; an
`at: cleanup` check becomes a t.Cleanup inside its own test; variables Go reserves are renamed;
bad input is one line on stderr and exit 2.

usage: export_go_cli_test.py GCMATRIX SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_go_hostile  # noqa: E402

gcmatrix, root = sys.argv[1], sys.argv[2]
problems = []


def export(*args):
    return subprocess.run([gcmatrix, "export-go", *args], capture_output=True, text=True)


def expect(cond, what):
    if not cond:
        problems.append(what)


def read(path):
    with open(path) as f:
        return f.read()


def one_line_usage_error(r, what, needle):
    expect(r.returncode == 2, f"{what}: exit {r.returncode}, expected 2 ({r.stderr!r})")
    expect(r.stderr.count("\n") == 1 and r.stdout == "", f"{what}: not one line on stderr: {r.stderr!r} {r.stdout!r}")
    expect(needle in r.stderr, f"{what}: {needle!r} not in {r.stderr!r}")


with tempfile.TemporaryDirectory(prefix="gcmatrix-export-cli-") as work:
    shipped = sorted(f for f in os.listdir(os.path.join(root, "scenarios")) if f.endswith(".yaml"))
    for f in shipped:
        out_a, out_b = os.path.join(work, "a", f), os.path.join(work, "b", f)
        for out in (out_a, out_b):
            r = export(os.path.join(root, "scenarios", f), "-o", out)
            expect(r.returncode == 0, f"{f}: exit {r.returncode}: {r.stderr}")
        for name in ("go.mod", "scenario_test.go"):
            a, b = os.path.join(out_a, name), os.path.join(out_b, name)
            expect(os.path.exists(a) and read(a) == read(b), f"{f}: {name} missing or not byte-identical")
        expect("\ngo 1.21\n" in read(os.path.join(out_a, "go.mod")), f"{f}: default go.mod is not go 1.21")

    # at: cleanup (A23): the check is a t.Cleanup registered in TestWithAssertions itself.
    text = read(os.path.join(work, "a", "cleanup-assertions.yaml", "scenario_test.go"))
    body = text[text.index("func TestWithAssertions("):]
    body = body[:body.index("\n}\n")]
    expect('t.Cleanup(func() { gcmEquals(t, "nodes-free-in-cleanup", gcmReadingOf("live_nodes", gcmLive("m", "")), "0") })'
           in body, "cleanup-assertions: the at-cleanup check is not a t.Cleanup in its test")
    checks = text[text.index("func TestScenarioChecks("):]
    expect("nodes-free-in-cleanup" not in checks[:checks.index("\n}\n")], "an at-cleanup check also asserted at the end")

    r = export(os.path.join(root, "scenarios", "cleanup-order.yaml"), "-o", os.path.join(work, "g23"), "--go", "1.23")
    expect(r.returncode == 0 and "\ngo 1.23\n" in read(os.path.join(work, "g23", "go.mod")), "--go 1.23 not in go.mod")

    own = os.path.join(work, "own.yaml")
    with open(own, "w") as f:
        f.write('scenario: own\ndescription: x\ngo: "1.22"\ntests:\n  - name: TestA\n    steps:\n'
                '      - let: {var: fmt, object: {}}\n      - finalizer: {var: fmt, record: fin}\n'
                'observe:\n  - {name: n, finalized: fin}\n  - {name: live, live: fmt}\n')
    r = export(own, "-o", os.path.join(work, "own"), "--go", "1.19")
    expect(r.returncode == 0, f"own: exit {r.returncode}: {r.stderr}")
    expect("\ngo 1.22\n" in read(os.path.join(work, "own", "go.mod")), "the scenario's go: does not win over --go")
    text = read(os.path.join(work, "own", "scenario_test.go"))
    expect("fmt_ := &node{}" in text and 'gcmTrack(t.Name(), "fmt", fmt_.tags())' in text, "variable fmt not renamed fmt_")

    ac = os.path.join(work, "ac.yaml")
    with open(ac, "w") as f:
        f.write("scenario: ac\ndescription: x\ntests:\n  - name: TestA\n    steps:\n"
                "      - let: {var: o, object: {}}\n      - add_cleanup: {var: o, record: c}\n")
    r = export(ac, "-o", os.path.join(work, "ac"))
    expect(r.returncode == 0 and "\ngo 1.24\n" in read(os.path.join(work, "ac", "go.mod")), "add_cleanup does not raise go.mod to 1.24")
    expect('gcmAddCleanup(o, "c", t.Name())' in read(os.path.join(work, "ac", "scenario_test.go")), "add_cleanup not emitted")
    # an explicit --go below 1.24 was raised to 1.24 without a word (a go: key below it is refused)
    one_line_usage_error(export(ac, "-o", os.path.join(work, "ac3"), "--go", "1.20"), "add_cleanup with --go 1.20",
                         ac + ':7:9: tests[0].steps[1].add_cleanup: runtime.AddCleanup is new in Go 1.24; --go says 1.20 '
                         '(expected --go 1.24 or later, or no --go)')
    one_line_usage_error(export("", ac, "-o", os.path.join(work, "ac4")), "an empty scenario argument",
                         "export-go: a scenario file given as '': empty value (give a path, or leave it out)")
    with open(ac, "a") as f:
        f.write('go: "1.22"\n')
    one_line_usage_error(export(ac, "-o", os.path.join(work, "ac2")), "add_cleanup with go 1.22",
                         ac + ':7:9: tests[0].steps[1].add_cleanup: runtime.AddCleanup is new in Go 1.24; the scenario says '
                         'go: "1.22" (expected go: "1.24" or later, or no go: key)')

    # Hostile free text and a hostile path (export_go_hostile.py): a valid module all the same.
    hostile = export_go_hostile.write(work)
    r = export(hostile, "-o", os.path.join(work, "hostile"))
    expect(r.returncode == 0, f"hostile: exit {r.returncode}: {r.stderr}")
    found = export_go_hostile.problems_in(os.path.join(work, "hostile")) if r.returncode == 0 else ["not exported"]
    for p in found:
        expect(False, "hostile: " + p)
    if not found:
        text = read(os.path.join(work, "hostile", "scenario_test.go"))
        # The messages keep their bytes: \xff stays one byte, a BOM is \ufeff, NUL \x00.
        expect('t.Fatal("m\\xffx \\ufeff y")' in text, "hostile: the fatal message's literal is not escaped byte for byte")
        expect('panic("p\\x00q")' in text, "hostile: the panic message's NUL is not \\x00")

    tm = os.path.join(work, "tm.yaml")
    with open(tm, "w") as f:
        f.write("scenario: tm\ndescription: x\ntests:\n  - name: TestMain\n    steps:\n      - record: a\n")
    one_line_usage_error(export(tm, "-o", os.path.join(work, "tm")), "a test named TestMain",
                         tm + ":4:5: tests[0]: 'TestMain' is a name the export uses itself (expected another test name)")

    scenario = os.path.join(root, "scenarios", "cleanup-order.yaml")
    one_line_usage_error(export(scenario), "no -o", "no output folder")
    one_line_usage_error(export(scenario, "-o", work, "--go", "2.0"), "--go 2.0", "--go '2.0': not a go.mod version (expected 1.N from 1.16 to 1.30")
    # 1.99 was accepted (the scenario's go: key stops at 1.30); '' and a second -o said little or nothing
    one_line_usage_error(export(scenario, "-o", work, "--go", "1.99"), "--go 1.99", "--go '1.99': not a go.mod version")
    one_line_usage_error(export(scenario, "-o", ""), "-o ''", "export-go: -o: empty value (give one, or leave the option out)")
    one_line_usage_error(export(scenario, "-o", work, "-o", work), "-o twice", "export-go: -o given twice (give it once)")
    one_line_usage_error(export(os.path.join(work, "missing.yaml"), "-o", work), "a missing file", "missing.yaml")
    one_line_usage_error(export(scenario, "-o", work, "--bogus"), "an unknown option", "unknown option --bogus")
    bad = os.path.join(work, "bad.yaml")
    with open(bad, "w") as f:
        f.write("scenario: bad\ntests: [\n")
    one_line_usage_error(export(bad, "-o", work), "malformed YAML", "bad.yaml")

    # The module's files are written as every output: a symbolic link is not
    # followed, a FIFO not blocked on, the scenario not overwritten (before:
    # the link's target and the hard-linked scenario were overwritten in place,
    # and a FIFO hung the export).
    victim = os.path.join(work, "victim.txt")
    with open(victim, "w") as f:
        f.write("victim\n")
    linked = os.path.join(work, "linked")
    os.makedirs(linked)
    os.symlink(victim, os.path.join(linked, "go.mod"))
    one_line_usage_error(export(scenario, "-o", linked), "go.mod a symbolic link", "go.mod: it is a symbolic link")
    expect(read(victim) == "victim\n", "the symbolic link's target was written")
    fifo = os.path.join(work, "fifo")
    os.makedirs(fifo)
    os.mkfifo(os.path.join(fifo, "go.mod"))
    try:
        r = subprocess.run([gcmatrix, "export-go", scenario, "-o", fifo], capture_output=True, text=True, timeout=10)
        one_line_usage_error(r, "go.mod a FIFO", "go.mod: it is a FIFO")
    except subprocess.TimeoutExpired:
        expect(False, "export-go blocked on a FIFO go.mod")
    hard = os.path.join(work, "hard")
    os.makedirs(hard)
    own_copy = os.path.join(work, "own_copy.yaml")
    with open(own_copy, "w") as f:
        f.write(read(own))
    os.link(own_copy, os.path.join(hard, "scenario_test.go"))
    one_line_usage_error(export(own_copy, "-o", hard), "scenario_test.go the scenario itself",
                         "scenario_test.go: it is an input of this run (the scenario)")
    expect(read(own_copy) == read(own), "the scenario was overwritten")

for p in problems:
    print(f"export_go_cli: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
