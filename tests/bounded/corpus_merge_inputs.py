"""Corpus cases for `gcmatrix merge` and baseline inputs and for seed ranges
(issue 16 items 4, 9, 10; issue 14 §2), in test_corpus.py's format:
FIXTURES (file name -> text, written into the case folder {d}) and CASES
(name, arguments, exit code, first line of stderr).
"""

RESULTS_1E400 = '{\n  "schema": "gcmatrix.results/1",\n  "gcmatrix_version": "0.1.0",\n  "seed": 1e400\n}\n'
BASELINE_1E400 = ('{"schema": "gcmatrix.baseline/1", "gcmatrix_version": "0.1.0",\n'
                  ' "tolerance_percent": {"bytes": 1e400}, "cases": []}\n')
MATRIX = "profiles: [go1.22]\nworkloads: [loopvar-capture]\nseeds: %s\n"

FIXTURES = {
    "results_1e400.json": RESULTS_1E400,
    "baseline_1e400.json": BASELINE_1E400,
    "results_deep.json": "[" * 100000,
    "profile_list_1e400.json": "[1e400]",
    "profile_list_empty.json": "[]\n",
    "results_empty.json": "",
    # a second "outcome": nlohmann keeps the last, so the leg merged as whatever it said
    "results_duplicate_key.json": ('{"schema": "gcmatrix.results/1", "gcmatrix_version": "0.1.0", "seed": 1,\n'
                                   ' "cases": [{"profile": "go1.22", "outcome": "fail",\n'
                                   '            "outcome": "pass"}]}\n'),
    # nlohmann reports the key before it checks the ':' after it (located at 1:1 before)
    "results_duplicate_key_no_colon.json": '{"a":1,"a"}',
    # one object of 200,000 keys: ordered_json looked each key up in a vector (merge took 16.5 s at 160,000 keys)
    "results_many_keys.json": ('{"schema": "gcmatrix.results/1", "x": {'
                               + ", ".join('"k%d": %d' % (i, i) for i in range(200000)) + "}}\n"),
    "baseline_duplicate_key.json": ('{"schema": "gcmatrix.baseline/1", "gcmatrix_version": "0.1.0",\n'
                                    ' "tolerance_percent": {"bytes": 5, "b\\u0079tes": 500}, "cases": []}\n'),
    "results_bad_utf8.json": b'{"schema": "gcmatrix.results/1", "x": "\xff\x1b[2J"}',
    "results_minimal.json": ('{"schema": "gcmatrix.results/1", "gcmatrix_version": "0.1.0", "seed": 1,\n'
                             ' "events_digest": "cbf29ce484222325", "profiles": [], "workloads": [], "cases": []}\n'),
    # names gcmatrix never writes: in a GitHub Actions log "::" at a line's start is a command
    "results_name_command.json": ('{"schema": "gcmatrix.results/1", "gcmatrix_version": "0.1.0", "seed": 1,\n'
                                  ' "events_digest": "cbf29ce484222325", "profiles": [{"name": "go1.22\\n::add-mask::z",'
                                  ' "family": "documented", "go": "1.22", "description": ""}], "workloads": [], "cases": []}\n'),
    "results_workload_command.json": ('{"schema": "gcmatrix.results/1", "gcmatrix_version": "0.1.0", "seed": 1,\n'
                                      ' "events_digest": "cbf29ce484222325", "profiles": [],'
                                      ' "workloads": ["w\\n::stop-commands::x"], "cases": []}\n'),
    "range_reversed.yaml": MATRIX % "5..3",
    "range_not_number.yaml": MATRIX % "1..x",
    "range_negative.yaml": MATRIX % "-1..4",
    "range_in_list.yaml": MATRIX % "[1..4]",
    "range_too_many.yaml": MATRIX % "1..2000000",
    "seed_twice.yaml": MATRIX % "[3, 1, 3]",
    "range_ok.yaml": MATRIX % "1..4",
}

SEED_RANGE = "is not a seed range (expected A..B, two decimal integers 0..18446744073709551615 with A <= B, e.g. 1..10000)"
ONE_RUN = "seeds in one run (at most 1000000; split the range over legs with --shard K/N and merge them)"
MERGE = ["merge", "-q"]
NO_LEG = "{d}/no_such_leg.json"  # output paths are checked before any leg is read: their error comes first
NEVER = "(expected a regular file, a character device or a new path; never replaced)"

CASES = [
    # item 4: merge and baseline inputs are read bounded, regular files only; a FIFO never blocks
    ("merge_dev_zero", MERGE + ["/dev/zero"], 2,
     "gcmatrix merge: /dev/zero:1:1: (file): is a character device (expected a readable results file)"),
    ("merge_fifo", MERGE + ["{d}/fifo"], 2, "gcmatrix merge: {d}/fifo:1:1: (file): is a FIFO (expected a readable results file)"),
    ("merge_directory", MERGE + ["{d}/dir"], 2,
     "gcmatrix merge: {d}/dir:1:1: (file): is a directory (expected a readable results file)"),
    ("merge_profile_list_fifo", MERGE + ["{d}/results_minimal.json", "--expect-profiles-from", "{d}/fifo"], 2,
     "gcmatrix merge: {d}/fifo:1:1: (file): is a FIFO (expected a readable profile list)"),
    # read with parse_json_input like the legs: it was an internal error (exit 3)
    ("merge_profile_list_1e400", MERGE + ["{d}/results_minimal.json", "--expect-profiles-from", "{d}/profile_list_1e400.json"], 2,
     "gcmatrix merge: {d}/profile_list_1e400.json:1:2: [0]: number 1e400 is out of range "
     "(expected an integer 0..18446744073709551615 or a finite number)"),
    ("baseline_dev_zero", MERGE + ["{d}/results_minimal.json", "--baseline", "/dev/zero"], 2,
     "gcmatrix merge: /dev/zero:1:1: (file): is a character device (expected a readable baseline file)"),
    ("baseline_fifo", MERGE + ["{d}/results_minimal.json", "--baseline", "{d}/fifo"], 2,
     "gcmatrix merge: {d}/fifo:1:1: (file): is a FIFO (expected a readable baseline file)"),
    # item 10: a number no double holds is a located user error, not an internal one
    ("merge_seed_1e400", MERGE + ["{d}/results_1e400.json"], 2,
     "gcmatrix merge: {d}/results_1e400.json:4:11: seed: number 1e400 is out of range "
     "(expected an integer 0..18446744073709551615 or a finite number)"),
    # a key twice in one object is refused where the second one starts (nlohmann kept the last)
    ("merge_duplicate_key", MERGE + ["{d}/results_duplicate_key.json"], 2,
     'gcmatrix merge: {d}/results_duplicate_key.json:3:13: cases[0].outcome: key "outcome" appears twice '
     'in one object (expected each key once)'),
    ("merge_duplicate_key_no_colon", MERGE + ["{d}/results_duplicate_key_no_colon.json"], 2,
     'gcmatrix merge: {d}/results_duplicate_key_no_colon.json:1:8: a: key "a" appears twice in one object (expected each key once)'),
    ("merge_many_keys_in_one_object", MERGE + ["{d}/results_many_keys.json"], 2,
     "gcmatrix merge: {d}/results_many_keys.json: gcmatrix_version: missing"),
    ("baseline_duplicate_key", MERGE + ["{d}/results_minimal.json", "--baseline", "{d}/baseline_duplicate_key.json"], 2,
     'gcmatrix merge: {d}/baseline_duplicate_key.json:2:36: tolerance_percent.bytes: key "bytes" appears twice '
     'in one object (expected each key once)'),
    ("baseline_1e400", MERGE + ["{d}/results_minimal.json", "--baseline", "{d}/baseline_1e400.json"], 2,
     "gcmatrix merge: {d}/baseline_1e400.json:2:33: tolerance_percent.bytes: number 1e400 is out of range "
     "(expected an integer 0..18446744073709551615 or a finite number)"),
    # a leg's names reached merge's terminal lines raw (found in review 2026-12-04)
    ("merge_profile_name_with_a_command", MERGE + ["{d}/results_name_command.json"], 2,
     "gcmatrix merge: {d}/results_name_command.json: profiles[0].name: 'go1.22\\n::add-mask::z' is not a profile name "
     "(expected letters, digits, '.', '_' and '-', at most 64 characters, not starting with '.', '_' or '-')"),
    ("merge_workload_name_with_a_command", MERGE + ["{d}/results_workload_command.json"], 2,
     "gcmatrix merge: {d}/results_workload_command.json: workloads[0]: 'w\\n::stop-commands::x' is not a valid name "
     "(expected lower-case letters, digits and '-', at most 64 characters)"),
    ("merge_deep_nesting", MERGE + ["{d}/results_deep.json"], 2,
     "gcmatrix merge: {d}/results_deep.json:1:1: (json): nested deeper than 256 arrays or objects (expected a gcmatrix file)"),
    ("merge_empty", MERGE + ["{d}/results_empty.json"], 2,
     "gcmatrix merge: {d}/results_empty.json:1:1: (json): not a results file (not JSON): syntax error while parsing value - "
     "unexpected end of input; expected '[', '{', or a literal"),
    # item 8: a file's raw bytes are escaped in the message
    ("merge_bad_utf8", MERGE + ["{d}/results_bad_utf8.json"], 2,
     "gcmatrix merge: {d}/results_bad_utf8.json:1:40: x: not a results file (not JSON): syntax error while parsing value - "
     "invalid string: ill-formed UTF-8 byte; last read: '\"\\xff'"),
    # merge output paths, checked before any input is read (the leg does not exist), exit 2
    ("merge_junit_empty", MERGE + [NO_LEG, "--junit", ""], 2,
     "gcmatrix merge: --junit: empty value (give one, or leave the option out)"),
    # review 2026-12-06: each of these dropped a gate or said nothing useful
    ("merge_leg_empty", MERGE + [""], 2,
     "gcmatrix merge: a results file given as '': empty value (give a path, or leave it out)"),
    ("merge_markdown_max_bytes_negative", MERGE + [NO_LEG, "--markdown-max-bytes", "-1"], 2,
     "gcmatrix merge: --markdown-max-bytes '-1': not a number of bytes (expected decimal digits, at least 1024)"),
    ("merge_profile_list_empty", MERGE + ["{d}/results_minimal.json", "--expect-profiles-from", "{d}/profile_list_empty.json"], 2,
     "gcmatrix merge: {d}/profile_list_empty.json: an empty array (expected the profile names the plan ran)"),
    ("merge_expect_profiles_empty", MERGE + [NO_LEG, "--expect-profiles", ",,,"], 2,
     "gcmatrix merge: --expect-profiles ',,,': no profile name (expected a,b,…)"),
    ("merge_junit_is_a_leg", MERGE + ["{d}/results_minimal.json", "--junit", "{d}/results_minimal.json"], 2,
     "gcmatrix merge: --junit: cannot write {d}/results_minimal.json: it is an input of this run (a leg)"),
    ("merge_json_and_table_one_file", MERGE + [NO_LEG, "--json", "{d}/m.json", "--table", "{d}/m.json"], 2,
     "gcmatrix merge: --table: cannot write {d}/m.json: --json writes it too"),
    ("merge_junit_symlink", MERGE + [NO_LEG, "--junit", "{d}/link"], 2,
     "gcmatrix merge: --junit: cannot write {d}/link: it is a symbolic link " + NEVER),
    ("merge_junit_directory", MERGE + [NO_LEG, "--junit", "{d}/dir"], 2,
     "gcmatrix merge: --junit: cannot write {d}/dir: it is a directory " + NEVER),
    ("merge_json_fifo", MERGE + [NO_LEG, "--json", "{d}/fifo"], 2,
     "gcmatrix merge: --json: cannot write {d}/fifo: it is a FIFO " + NEVER),
    ("merge_json_read_only_mount", MERGE + [NO_LEG, "--json", "/proc/gcmatrix-results.json"], 2,
     "gcmatrix merge: --json: cannot write /proc/gcmatrix-results.json: create temporary file: No such file or directory"),
    ("merge_markdown_parent_is_file", MERGE + [NO_LEG, "--markdown", "{d}/a_file/s.md"], 2,
     "gcmatrix merge: --markdown: cannot write {d}/a_file/s.md: its parent {d}/a_file is not a directory"),
    ("merge_markdown_symlink", MERGE + [NO_LEG, "--markdown", "{d}/link"], 2,
     "gcmatrix merge: --markdown: cannot write {d}/link: it is a symbolic link " + NEVER),
    ("merge_write_baseline_parent_missing", MERGE + [NO_LEG, "--write-baseline", "{d}/missing/b.json"], 2,
     "gcmatrix merge: --write-baseline: cannot write {d}/missing/b.json: its folder {d}/missing cannot be used: "
     "No such file or directory"),
    ("merge_write_baseline_directory", MERGE + [NO_LEG, "--write-baseline", "{d}/dir"], 2,
     "gcmatrix merge: --write-baseline: cannot write {d}/dir: it is a directory " + NEVER),
    ("merge_table_unknown_extension", MERGE + [NO_LEG, "--table", "{d}/t.pdf"], 2,
     "gcmatrix merge: --table: table output {d}/t.pdf: unknown extension '.pdf' (expected .txt, .md, .csv or .json)"),
    ("merge_out_is_file", MERGE + [NO_LEG, "--out", "{d}/a_file"], 2,
     "gcmatrix merge: --out: {d}/a_file exists and is not a directory"),
    ("merge_out_reserved_name", MERGE + [NO_LEG, "--out", "{d}/merged", "--markdown", "{d}/merged/gcmatrix-run.json"], 2,
     "gcmatrix merge: --markdown: cannot write {d}/merged/gcmatrix-run.json: it is the --out folder's own manifest or lock"),
    # a character device is written through, as a run's outputs are
    ("merge_junit_char_device", MERGE + ["{d}/results_minimal.json", "--junit", "{d}/null"], 0, ""),
    ("merge_junit_dev_full", MERGE + ["{d}/results_minimal.json", "--junit", "{d}/full"], 2,
     "gcmatrix merge: cannot write {d}/full: write: No space left on device"),
    # item 9 / issue 14: a matrix file's seeds: A..B, strict and located
    ("matrix_range_reversed", ["-q", "--matrix", "{d}/range_reversed.yaml"], 2,
     "gcmatrix: {d}/range_reversed.yaml:3:8: seeds: '5..3': 5 > 3 (expected A..B with A <= B)"),
    ("matrix_range_not_number", ["-q", "--matrix", "{d}/range_not_number.yaml"], 2,
     "gcmatrix: {d}/range_not_number.yaml:3:8: seeds: '1..x' " + SEED_RANGE),
    ("matrix_range_negative", ["-q", "--matrix", "{d}/range_negative.yaml"], 2,
     "gcmatrix: {d}/range_negative.yaml:3:8: seeds: '-1..4' " + SEED_RANGE),
    ("matrix_range_in_list", ["-q", "--matrix", "{d}/range_in_list.yaml"], 2,
     "gcmatrix: {d}/range_in_list.yaml:3:8: seeds: '1..4' is not a seed (expected a decimal integer 0..18446744073709551615)"),
    ("matrix_range_too_many", ["-q", "--matrix", "{d}/range_too_many.yaml"], 2,
     "gcmatrix: {d}/range_too_many.yaml:3:8: seeds: '1..2000000': 2000000 " + ONE_RUN),
    ("matrix_seed_twice", ["-q", "--matrix", "{d}/seed_twice.yaml"], 2,
     "gcmatrix: {d}/seed_twice.yaml:3:8: seeds: '3' is listed twice (expected each seed once)"),
    ("seeds_shard_too_many", ["-q", "--matrix", "{d}/range_ok.yaml", "--shard", "5/5"], 2,
     "gcmatrix: --shard '5/5': seeds 1..4 are 4 seed(s) for 5 shards (expected at most one shard per seed)"),
    ("seeds_shard_negative", ["-q", "--matrix", "{d}/range_ok.yaml", "--shard", "1/-2"], 2,
     "gcmatrix: --shard '1/-2': expected K/N, decimal integers with 1 <= K <= N"),
    # every seed is 2^64 of them (the message said 2^64 - 1, the saturated count)
    ("seeds_cli_too_many", ["-q", "-w", "loopvar-capture", "--seeds", "0..18446744073709551615"], 2,
     "gcmatrix: --seeds: '0..18446744073709551615': 18446744073709551616 " + ONE_RUN),
]
