#!/usr/bin/env python3
"""Hostile and large inputs through the real gcmatrix binary (issue 16).

Each case records the exact exit code and the exact first line of stderr
(Boost.Test's "*** ..." report lines and empty lines skipped);
every run has a 10 s limit and a 4 GiB address-space cap, so a hang, an
unbounded allocation or a signal fails the case instead of the machine.
Paths in the expected lines are written {d}: the case folder.

usage: test_corpus.py GCMATRIX_BINARY
"""
import os
import resource
import stat
import subprocess
import sys
import tempfile
import unittest

import corpus_merge_inputs  # merge and baseline inputs, seed ranges

BINARY = sys.argv[1]
TIMEOUT_S = 10
ADDRESS_SPACE_BYTES = 4 << 30
RUN = ["-q", "-p", "go1.22", "-w", "loopvar-capture"]  # one fast case
# scripts/test-sanitize.sh: the binary is built with ASan, which reserves
# terabytes of address space for its shadow memory and cannot start under an
# address-space cap. There the cap becomes ASan's own RSS limit instead.
SANITIZER_LEG = bool(os.environ.get("GCMATRIX_SANITIZER_LEG"))


def capped(limit_bytes):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    return None if SANITIZER_LEG else apply


def capped_env(limit_bytes):
    if not SANITIZER_LEG:
        return None
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + f":hard_rss_limit_mb={limit_bytes >> 20}"
    return env


def gcmatrix(args, limit_bytes=ADDRESS_SPACE_BYTES):
    return subprocess.run([BINARY, *args], capture_output=True, timeout=TIMEOUT_S,
                          preexec_fn=capped(limit_bytes), env=capped_env(limit_bytes))


def laughs(levels, prefix=""):
    """A map of `levels` anchors, each a list of ten aliases to the previous."""
    lines = [prefix + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(prefix + f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


NESTED_GO = """scenario: nested
description: go loops inside the goroutines of a go loop, which outlive their test
tests:
  - name: TestNested
    steps:
      - go:
          name: outer
          loop: {var: i, count: %d}
          steps:
            - go:
                name: inner
                loop: {var: j, count: %d}
                steps: []
"""


def make_fixtures(d):
    files = {
        "comma.yaml": ",",
        "seq_comma.yaml": "- a\n,",
        "laughs.yaml": laughs(9),
        "self.yaml": "name: &a [*a]\n",
        "two_docs.yaml": "seeds: [1]\n---\nseeds: [2]\n",
        "big.yaml": "#" * (1024 * 1024 + 1),
        "name_bytes.yaml": b"name: \xff\x1b]0;t\x07\nfamily: documented\ngo: \"1.22\"\ndescription: d\n",
        "raw_bytes.yaml": b"name: ok\n\xff\x1b[2J: 1\n",
        "exp_laughs.yaml": "profiles:\n" + laughs(7, "  "),
        "exp_second.yaml": "profiles: {}\n---\nprofiles: {}\n",
        "seed_neg.yaml": "seeds: [-1]\n",
        "seed_suffix.yaml": "seeds: [12abc]\n",
        "seed_space.yaml": "seeds: [' 7']\n",
        "seed_exp.yaml": "seeds: [1e400]\n",
        "seed_big.yaml": "seeds: [18446744073709551616]\n",
        "a_file": "x",
        "exp_typo.yaml": "profile:\n  go1.22: {}\n",
        "exp_dup.yaml": "profiles:\n  go1.22:\n    w: {c: pass}\n    w: {c: fail}\n",
        "scen_fifo.yaml": "scenarios: [fifo]\n",
        "scen_zero.yaml": "scenarios: [/dev/zero]\n",
        "exp_empty.yaml": "profiles: {}\n",
        "shipped_name.yaml": "name: go1.22\nextends: go1.22-observed\ndescription: mine\n",
        "nested_go.yaml": NESTED_GO % (100, 100),
        "matrix_no_profiles.yaml": "profiles: []\nworkloads: [loopvar-capture]\n",
        "nested_go_big.yaml": NESTED_GO % (10000, 10000),
        # a 200,000-key trie marked by 1,000 collections: about 4 s of CPU a seed, 10.2 million work units
        "heavy.yaml": ("scenario: heavy\ndescription: a large trie marked by many collections\ntests:\n"
                       "  - name: TestHeavy\n    steps:\n      - let: {var: m, trie: {keys: 200000}}\n"
                       + "      - gc: {times: 100}\n" * 10),
    }
    files.update(corpus_merge_inputs.FIXTURES)
    for name, text in files.items():
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(os.path.join(d, name), mode) as f:
            f.write(text)
    os.mkdir(os.path.join(d, "policies_comma"))
    with open(os.path.join(d, "policies_comma", "x.yaml"), "w") as f:
        f.write(",")
    os.mkfifo(os.path.join(d, "fifo"))
    # Private device nodes: an unfixed binary replaces the output device it is
    # given with a regular file (as root, /dev/full itself once, here).
    os.mknod(os.path.join(d, "null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null
    os.mknod(os.path.join(d, "full"), 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # as /dev/full
    os.symlink(os.path.join(d, "a_file"), os.path.join(d, "link"))
    os.mkdir(os.path.join(d, "dir"))
    os.makedirs(os.path.join(d, "tr", "go1.22__loopvar-capture.json"))  # a directory where a trace goes
    os.mkdir(os.path.join(d, "o2"))
    os.symlink(os.path.join(d, "dir"), os.path.join(d, "o2", "traces"))  # --out's own traces/ a link


LARGER = "is larger than 1 MiB (expected a readable profile file)"
BUDGET = "more than 100000 YAML nodes, counting each alias as the nodes it names (expected at most 100000)"
SHARD = "expected K/N, decimal integers with 1 <= K <= N"
SEED = "expected a decimal integer 0..18446744073709551615"
NEVER = "(expected a regular file, a character device or a new path; never replaced)"

# (name, arguments, exit code, first line of stderr)
CASES = [
    # item 1: yaml-cpp 0.7 LoadAll never ends on a stray top-level token
    ("profile_comma", ["--check-profile", "{d}/comma.yaml"], 2,
     "{d}/comma.yaml:1:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)"),
    ("profile_seq_comma", ["--check-profile", "{d}/seq_comma.yaml"], 2,
     "{d}/seq_comma.yaml:2:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)"),
    ("profile_comma_p", ["-q", "-p", "{d}/comma.yaml"], 2,
     "gcmatrix: {d}/comma.yaml:1:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)"),
    ("policy_dir_comma", ["--list-profiles", "--policy-dir", "{d}/policies_comma"], 2,
     "gcmatrix: {d}/policies_comma/x.yaml:1:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)"),
    ("matrix_comma", ["-q", "--matrix", "{d}/comma.yaml"], 2,
     "gcmatrix: {d}/comma.yaml:1:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)"),
    ("expectations_comma", RUN + ["--expectations", "{d}/comma.yaml"], 2,
     "gcmatrix: {d}/comma.yaml:1:1: (yaml): ',' cannot start a YAML node (expected well-formed YAML)"),
    # item 3: aliases count against one node budget, in every file type
    ("profile_laughs", ["--check-profile", "{d}/laughs.yaml"], 2, "{d}/laughs.yaml:5:45: (document): " + BUDGET),
    ("matrix_laughs", ["-q", "--matrix", "{d}/laughs.yaml"], 2, "gcmatrix: {d}/laughs.yaml:5:45: (document): " + BUDGET),
    ("expectations_laughs", RUN + ["--expectations", "{d}/exp_laughs.yaml"], 2,
     "gcmatrix: {d}/exp_laughs.yaml:6:47: (document): " + BUDGET),
    ("profile_self_alias", ["--check-profile", "{d}/self.yaml"], 2,
     "{d}/self.yaml:1:11: (document): an alias inside the node it names (expected no node to contain itself)"),
    ("matrix_two_documents", ["-q", "--matrix", "{d}/two_docs.yaml"], 2,
     "gcmatrix: {d}/two_docs.yaml:3:1: (document): a second YAML document (expected one matrix per file)"),
    ("expectations_two_documents", RUN + ["--expectations", "{d}/exp_second.yaml"], 2,
     "gcmatrix: {d}/exp_second.yaml:3:1: (document): a second YAML document (expected one expectations table per file)"),
    # the expectations file on the shared YAML toolkit (yamlio/): did-you-mean, located duplicates
    ("expectations_unknown_key", RUN + ["--expectations", "{d}/exp_typo.yaml"], 2,
     "gcmatrix: {d}/exp_typo.yaml:1:1: profile: unknown key (did you mean 'profiles'?)"),
    ("expectations_duplicate_key", RUN + ["--expectations", "{d}/exp_dup.yaml"], 2,
     "gcmatrix: {d}/exp_dup.yaml:4:5: profiles.go1.22.w: duplicate key, first at line 3 (expected each key once per map)"),
    # item 4: bounded reads of regular files only
    ("profile_dev_zero", ["--check-profile", "/dev/zero"], 2,
     "/dev/zero:1:1: (file): is a character device (expected a readable profile file)"),
    ("expectations_dev_zero", RUN + ["--expectations", "/dev/zero"], 2,
     "gcmatrix: /dev/zero:1:1: (file): is a character device (expected a readable expectations file)"),
    ("matrix_dev_zero", ["-q", "--matrix", "/dev/zero"], 2,
     "gcmatrix: /dev/zero:1:1: (file): is a character device (expected a readable matrix file)"),
    ("profile_fifo", ["--check-profile", "{d}/fifo"], 2, "{d}/fifo:1:1: (file): is a FIFO (expected a readable profile file)"),
    ("expectations_fifo", RUN + ["--expectations", "{d}/fifo"], 2,
     "gcmatrix: {d}/fifo:1:1: (file): is a FIFO (expected a readable expectations file)"),
    ("profile_directory", ["--check-profile", "{d}/dir"], 2,
     "{d}/dir:1:1: (file): is a directory (expected a readable profile file)"),
    ("matrix_directory", ["-q", "--matrix", "{d}/dir"], 2,
     "gcmatrix: {d}/dir:1:1: (file): is a directory (expected a readable matrix file)"),
    ("expectations_directory", RUN + ["--expectations", "{d}/dir"], 2,
     "gcmatrix: {d}/dir:1:1: (file): is a directory (expected a readable expectations file)"),
    ("profile_too_big", ["--check-profile", "{d}/big.yaml"], 2, "{d}/big.yaml:1:1: (file): " + LARGER),
    # scenarios through the same bounded read: a FIFO blocked export-go's open before
    ("scenario_fifo", ["-q", "--scenario", "{d}/fifo"], 2,
     "gcmatrix: {d}/fifo:1:1: (file): is a FIFO (expected a readable scenario file)"),
    ("scenario_dev_zero", ["-q", "--scenario", "/dev/zero"], 2,
     "gcmatrix: /dev/zero:1:1: (file): is a character device (expected a readable scenario file)"),
    ("matrix_scenario_fifo", ["-q", "--matrix", "{d}/scen_fifo.yaml"], 2,
     "gcmatrix: {d}/fifo:1:1: (file): is a FIFO (expected a readable scenario file)"),
    ("matrix_scenario_dev_zero", ["-q", "--matrix", "{d}/scen_zero.yaml"], 2,
     "gcmatrix: /dev/zero:1:1: (file): is a character device (expected a readable scenario file)"),
    ("export_go_fifo", ["export-go", "{d}/fifo", "-o", "{d}/go_out"], 2,
     "gcmatrix export-go: {d}/fifo:1:1: (file): is a FIFO (expected a readable scenario file)"),
    ("export_go_directory", ["export-go", "{d}/dir", "-o", "{d}/go_out"], 2,
     "gcmatrix export-go: {d}/dir:1:1: (file): is a directory (expected a readable scenario file)"),
    # item 8: control characters and invalid UTF-8 escaped in messages
    ("workload_escape", ["-q", "-w", "\x1b]0;pwned\x07"], 2,
     "gcmatrix: unknown workload '\\x1b]0;pwned\\x07' (valid: bench-reuse, goroutine-leak, suite-cleanup, "
     "cleanup-capture, context-cleanup, subtest-sandbox, timeout-cascade, loopvar-capture, explicit-recycle, "
     "cleanup-vs-finalizer, foreign-goroutine-cleanup)"),
    ("profile_name_bytes", ["--check-profile", "{d}/name_bytes.yaml"], 2,
     "{d}/name_bytes.yaml:1:7: name: '\\xff\\x1b]0;t\\x07' is not a profile name (expected a profile name of "
     "letters, digits, '.', '_', '-', e.g. go1.22)"),
    ("profile_raw_bytes", ["--check-profile", "{d}/raw_bytes.yaml"], 2,
     "{d}/raw_bytes.yaml:2:1: (key): unknown key '\\xff\\x1b[2J' (expected one of: name, family, go, extends, "
     "description, notes, gc, cost, sched, testing)"),
    # item 9: one strict number parser
    ("seed_negative", RUN + ["--seed", "-1"], 2, "gcmatrix: --seed '-1': " + SEED),
    ("seed_suffix", RUN + ["--seed", "12abc"], 2, "gcmatrix: --seed '12abc': " + SEED),
    ("seed_space", RUN + ["--seed", " 7"], 2, "gcmatrix: --seed ' 7': " + SEED),
    ("seed_exponent", RUN + ["--seed", "1e400"], 2, "gcmatrix: --seed '1e400': " + SEED),
    ("seed_overflow", RUN + ["--seed", "18446744073709551616"], 2, "gcmatrix: --seed '18446744073709551616': " + SEED),
    ("matrix_seed_negative", ["-q", "--matrix", "{d}/seed_neg.yaml"], 2,
     "gcmatrix: {d}/seed_neg.yaml:1:8: seeds: '-1' is not a seed (" + SEED + ")"),
    ("matrix_seed_suffix", ["-q", "--matrix", "{d}/seed_suffix.yaml"], 2,
     "gcmatrix: {d}/seed_suffix.yaml:1:8: seeds: '12abc' is not a seed (" + SEED + ")"),
    ("matrix_seed_space", ["-q", "--matrix", "{d}/seed_space.yaml"], 2,
     "gcmatrix: {d}/seed_space.yaml:1:8: seeds: ' 7' is not a seed (" + SEED + ")"),
    ("matrix_seed_exponent", ["-q", "--matrix", "{d}/seed_exp.yaml"], 2,
     "gcmatrix: {d}/seed_exp.yaml:1:8: seeds: '1e400' is not a seed (" + SEED + ")"),
    ("matrix_seed_overflow", ["-q", "--matrix", "{d}/seed_big.yaml"], 2,
     "gcmatrix: {d}/seed_big.yaml:1:8: seeds: '18446744073709551616' is not a seed (" + SEED + ")"),
    ("shard_negative", RUN + ["--shard", "1/-1"], 2, "gcmatrix: --shard '1/-1': " + SHARD),
    ("shard_suffix", RUN + ["--shard", "1/3x"], 2, "gcmatrix: --shard '1/3x': " + SHARD),
    ("shard_zero", RUN + ["--shard", "0/1"], 2, "gcmatrix: --shard '0/1': " + SHARD),
    ("shard_k_above_n", RUN + ["--shard", "2/1"], 2, "gcmatrix: --shard '2/1': " + SHARD),
    ("shard_space", RUN + ["--shard", " 1/1"], 2, "gcmatrix: --shard ' 1/1': " + SHARD),
    ("param_negative", RUN + ["--param", "goroutines=-1"], 2,
     "gcmatrix: workload loopvar-capture: parameter goroutines: '-1' is not an integer"),
    ("param_suffix", RUN + ["--param", "goroutines=12abc"], 2,
     "gcmatrix: workload loopvar-capture: parameter goroutines: '12abc' is not an integer"),
    ("param_space", RUN + ["--param", "goroutines= 7"], 2,
     "gcmatrix: workload loopvar-capture: parameter goroutines: ' 7' is not an integer"),
    ("param_past_int64", RUN + ["--param", "goroutines=18446744073709551615"], 2,
     "gcmatrix: workload loopvar-capture: parameter goroutines: 18446744073709551615 is out of range "
     "(expected 1..10000 count)"),
    ("param_exponent", RUN + ["--param", "goroutines=1e400"], 2,
     "gcmatrix: workload loopvar-capture: parameter goroutines: '1e400' is not an integer"),
    # items 2 and 10: output paths, checked before any case runs, exit 2
    ("junit_parent_is_file", RUN + ["--junit", "{d}/a_file/x.xml"], 2,
     "gcmatrix: --junit: cannot write {d}/a_file/x.xml: its parent {d}/a_file is not a directory"),
    ("junit_parent_missing", RUN + ["--junit", "{d}/missing/x.xml"], 2,
     "gcmatrix: --junit: cannot write {d}/missing/x.xml: its folder {d}/missing cannot be used: "
     "No such file or directory"),
    ("junit_symlink", RUN + ["--junit", "{d}/link"], 2,
     "gcmatrix: --junit: cannot write {d}/link: it is a symbolic link " + NEVER),
    ("junit_directory", RUN + ["--junit", "{d}/dir"], 2,
     "gcmatrix: --junit: cannot write {d}/dir: it is a directory " + NEVER),
    ("junit_fifo", RUN + ["--junit", "{d}/fifo"], 2, "gcmatrix: --junit: cannot write {d}/fifo: it is a FIFO " + NEVER),
    ("json_read_only_mount", RUN + ["--json", "/proc/gcmatrix-results.json"], 2,
     "gcmatrix: --json: cannot write /proc/gcmatrix-results.json: create temporary file: No such file or directory"),
    ("out_is_file", RUN + ["--out", "{d}/a_file"], 2, "gcmatrix: --out: {d}/a_file exists and is not a directory"),
    # a Boost.Test listing writes nothing, so no --out is checked or created
    # (before: a file as --out was an internal error, exit 3; a missing one was created)
    ("out_is_file_listing", ["--out", "{d}/a_file", "--", "--list_content"], 0, "go1.20*"),
    ("out_missing_listing", ["--out", "{d}/new/out", "--", "--list_content"], 0, "go1.20*"),
    ("table_unknown_extension", RUN + ["--table", "{d}/t.pdf"], 2,
     "gcmatrix: --table: table output {d}/t.pdf: unknown extension '.pdf' (expected .txt, .md, .csv or .json)"),
    ("junit_dev_full", RUN + ["--junit", "{d}/full"], 2,
     "gcmatrix: cannot write {d}/full: write: No space left on device"),
    ("junit_char_device", RUN + ["--junit", "{d}/null"], 0, ""),
    # an output that is one of the run's inputs, or another output (before: rc 0, the input overwritten)
    ("junit_is_the_expectations", RUN + ["--expectations", "{d}/exp_empty.yaml", "--junit", "{d}/exp_empty.yaml"], 2,
     "gcmatrix: --junit: cannot write {d}/exp_empty.yaml: it is an input of this run (--expectations)"),
    ("junit_is_the_matrix", ["-q", "--matrix", "{d}/range_ok.yaml", "--junit", "{d}/range_ok.yaml"], 2,
     "gcmatrix: --junit: cannot write {d}/range_ok.yaml: it is an input of this run (--matrix)"),
    ("json_and_table_one_file", RUN + ["--json", "{d}/x.json", "--table", "{d}/x.json"], 2,
     "gcmatrix: --table: cannot write {d}/x.json: --json writes it too"),
    ("junit_go_and_junit_one_file", RUN + ["--junit", "{d}/x.xml", "--junit-go", "{d}/./x.xml"], 2,
     "gcmatrix: --junit-go: cannot write {d}/./x.xml: --junit writes it too"),
    ("trace_is_another_output", RUN + ["--trace-dir", "{d}/tt", "--json", "{d}/tt/go1.22__loopvar-capture.json"], 2,
     "gcmatrix: --trace-dir: cannot write {d}/tt/go1.22__loopvar-capture.json: --json writes it too"),
    ("json_is_the_out_folders_junit", RUN + ["--out", "{d}/o", "--json", "{d}/o/junit.xml"], 2,
     "gcmatrix: --json: cannot write {d}/o/junit.xml: --out writes it too"),
    # a shard with no case was Boost.Test's "Test setup error: test tree is empty"
    ("shard_holds_no_case", RUN + ["--shard", "2/2"], 2,
     "gcmatrix: --shard '2/2': shard 2 of 2 holds no case (the plan has 1 case(s): use at most 1 shard(s))"),
    # W:K=V for a workload not selected was "no selected workload has this parameter"
    ("param_for_an_unselected_workload", RUN + ["--param", "goroutine-leak:goroutines=5"], 2,
     "gcmatrix: --param 'goroutine-leak:goroutines=5': workload goroutine-leak is not selected (add -w goroutine-leak)"),
    # a matrix file's empty list selected everything (before: 'profiles: []' ran all 11 profiles)
    ("matrix_empty_profile_list", ["-q", "--matrix", "{d}/matrix_no_profiles.yaml"], 2,
     "gcmatrix: {d}/matrix_no_profiles.yaml:1:11: profiles: an empty list (expected 'all' or a list of at least one name)"),
    # a go loop in a goroutine that runs after its test returned rooted its loop variable in the
    # test's released frame (heap use after free: SIGSEGV in 6 of 6 runs, ASan's report)
    ("scenario_go_loop_after_its_test", ["-q", "-p", "go1.22", "--scenario", "{d}/nested_go.yaml", "-w", "nested"], 0, ""),
    # goroutines are counted statically (before: 10^8 passed the work budget, then exit 3)
    ("scenario_too_many_goroutines", ["-q", "-p", "go1.22", "--scenario", "{d}/nested_go_big.yaml"], 2,
     "gcmatrix: {d}/nested_go_big.yaml:11:17: tests[0].steps[0].go.steps[0].go: the scenario starts more than 200000 "
     "goroutines (expected fewer: each go loop iteration and each subtest is one, multiplied by the go loops and run "
     "counts around it)"),
    # a user profile named as a catalog one would be gated and merged as that one (before: accepted)
    ("profile_takes_a_catalog_name", ["--check-profile", "{d}/shipped_name.yaml"], 2,
     "{d}/shipped_name.yaml:1:7: name: 'go1.22' is the name of a catalog profile "
     "(expected a name of your own, e.g. 'go1.22-mine')"),
    # every trace the plan names is checked before any case (before: the run ended, then exit 2)
    ("trace_file_is_a_directory", RUN + ["--trace-dir", "{d}/tr"], 2,
     "gcmatrix: --trace-dir: cannot write {d}/tr/go1.22__loopvar-capture.json: it is a directory " + NEVER),
    ("out_traces_is_a_symlink", RUN + ["--out", "{d}/o2"], 2,
     "gcmatrix: --out: cannot write {d}/o2/traces: it is a symbolic link "
     "(the run's own folder: expected a directory or a new path; never followed)"),
    # a shipped profile's built-in workload left out of the expectations is gated as "no
    # expectation recorded" (before: report-only, rc 0 with the check failing ungated)
    ("expectations_leave_out_a_case", RUN + ["--expectations", "{d}/exp_empty.yaml"], 1, ""),
    # an empty value is an error, never the option left out (before: rc 0, the gate file, the
    # sweep, the shard or the expectations silently dropped; e.g. --junit "$UNSET" in CI)
    ("junit_empty", RUN + ["--junit", ""], 2, "gcmatrix: --junit: empty value (give one, or leave the option out)"),
    ("out_empty", RUN + ["--out", ""], 2, "gcmatrix: --out: empty value (give one, or leave the option out)"),
    # every seed is 2^64 of them, not 2^64 - 1 (the count saturated in the message)
    ("seeds_every_one", RUN + ["--seeds", "0..18446744073709551615"], 2,
     "gcmatrix: --seeds: '0..18446744073709551615': 18446744073709551616 seeds in one run (at most 1000000; "
     "split the range over legs with --shard K/N and merge them)"),
    ("seeds_empty", RUN + ["--seeds", ""], 2, "gcmatrix: --seeds: empty value (give one, or leave the option out)"),
    ("shard_empty", RUN + ["--shard", ""], 2, "gcmatrix: --shard: empty value (give one, or leave the option out)"),
    ("expectations_empty", RUN + ["--expectations", ""], 2,
     "gcmatrix: --expectations: empty value (give one, or leave the option out)"),
    ("scenario_empty", RUN + ["--scenario", ""], 2, "gcmatrix: --scenario: empty value (give one, or leave the option out)"),
    # item 12: an estimated-work limit with an override
    ("work_limit", ["-q", "-w", "bench-reuse", "--param", "iterations=20000", "--param", "keys=1000000"], 2,
     "gcmatrix: this run's estimated work is 1.1e+07 default-case equivalents (limit 100000: hours of CPU); "
     "select fewer profiles, workloads, seeds or smaller parameters, shard it (--shard), or pass --allow-large-run"),
    # a scenario case counted 1 whatever its work: 50,000 seeds of this one (about 60 CPU-hours) were accepted
    ("work_limit_scenario", ["-q", "--scenario", "{d}/heavy.yaml", "-w", "heavy", "-p", "go1.22", "--seeds", "1..50000"], 2,
     "gcmatrix: this run's estimated work is 5.1e+06 default-case equivalents (limit 100000: hours of CPU); "
     "select fewer profiles, workloads, seeds or smaller parameters, shard it (--shard), or pass --allow-large-run"),
    ("work_limit_override", ["-q", "-w", "bench-reuse", "--param", "iterations=20000", "--param", "keys=1000000",
                             "--allow-large-run", "--", "--list_content"], 0, "go1.20*"),
]
CASES += corpus_merge_inputs.CASES


class Corpus(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        make_fixtures(self.d)

    def tearDown(self):
        self.tmp.cleanup()

    def run_case(self, name, args, rc, first):
        args = [a.replace("{d}", self.d) for a in args]
        r = gcmatrix(args)
        stderr = r.stderr.decode("utf-8")  # strict: escaped messages are valid UTF-8
        # Boost.Test's own report lines ("*** No errors detected") come first
        # in runs that got as far as running cases; the line recorded is ours.
        lines = [l for l in stderr.splitlines() if l and not l.startswith("*** ")]
        self.assertGreaterEqual(r.returncode, 0, f"{name}: killed by signal {-r.returncode}")
        self.assertEqual((r.returncode, lines[0] if lines else ""), (rc, first.replace("{d}", self.d)),
                         f"{name}: {args}\n{stderr}")
        for line in lines:
            self.assertFalse(any(ord(c) < 0x20 for c in line), f"{name}: raw control character in {line!r}")
        return r

    def test_corpus(self):
        for name, args, rc, first in CASES:
            with self.subTest(name):
                self.run_case(name, args, rc, first)

    def test_output_paths_are_never_replaced(self):
        for name, args, rc, first in CASES:
            if name in ("junit_symlink", "junit_directory", "junit_fifo", "junit_char_device", "junit_dev_full",
                        "merge_junit_symlink", "merge_junit_directory", "merge_json_fifo", "merge_markdown_symlink",
                        "merge_write_baseline_directory", "merge_junit_char_device", "merge_junit_dev_full"):
                self.run_case(name, args, rc, first)
        self.assertTrue(os.path.islink(os.path.join(self.d, "link")))
        with open(os.path.join(self.d, "a_file")) as f:
            self.assertEqual(f.read(), "x")  # the link's target untouched
        self.assertTrue(stat.S_ISDIR(os.lstat(os.path.join(self.d, "dir")).st_mode))
        self.assertTrue(stat.S_ISFIFO(os.lstat(os.path.join(self.d, "fifo")).st_mode))
        self.assertTrue(stat.S_ISCHR(os.lstat(os.path.join(self.d, "null")).st_mode))
        self.assertTrue(stat.S_ISCHR(os.lstat(os.path.join(self.d, "full")).st_mode))

    def test_output_paths_are_checked_before_any_case_runs(self):
        ok_json = os.path.join(self.d, "ok.json")
        r = self.run_case("bad_junit", RUN + ["--json", ok_json, "--junit", "{d}/a_file/x.xml"], 2,
                          "gcmatrix: --junit: cannot write {d}/a_file/x.xml: its parent {d}/a_file is not a directory")
        self.assertNotIn(b"Running", r.stdout)  # Boost.Test never started
        self.assertFalse(os.path.exists(ok_json))

    @unittest.skipIf(SANITIZER_LEG, "needs an address-space cap, which ASan cannot run under; the release leg runs it")
    def test_host_exhaustion_is_an_internal_error_never_an_outcome(self):
        # 2 x 10,000 goroutines of 256 KiB stacks need ~5 GiB of address
        # space: under a 2 GiB cap the stacks run out. Before, that became an
        # emulated panic and the run passed (rc 0).
        r = subprocess.run([BINARY, "-q", "-p", "go1.22", "-w", "goroutine-leak", "--param", "goroutines=10000"],
                           capture_output=True, timeout=60, preexec_fn=capped(2 << 30))
        self.assertEqual(r.returncode, 3, r.stdout.decode() + r.stderr.decode())
        self.assertIn(b"resource exhausted: goroutine stack: mmap failed: Cannot allocate memory", r.stdout)
        self.assertIn(b", 0 cases,", r.stdout)  # the case is not scored


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
