#!/usr/bin/env python3
"""The default matrix gives the same results whatever the host set-up
(issue 16: "a determinism test across taskset -c 0, LANG and TZ"): one core,
the C locale or a UTF-8 one (de_DE.UTF-8 too where it is installed), UTC or
Asia/Shanghai, another working directory. Compared: results.json without
its host section, the Markdown table, and the events digest of the summary.

usage: test_determinism_env.py GCMATRIX_BINARY REPO_ROOT
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY, ROOT = sys.argv[1], sys.argv[2]
DEFAULT_MATRIX_DIGEST = "be41e9a8f90bfb00"  # README: the default matrix's events digest


def installed_locales():
    r = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return {l.strip().lower().replace("utf8", "utf-8") for l in r.stdout.splitlines()}


def set_ups(tmp):
    """(name, argv prefix, environment changes, cwd)."""
    other_cwd = os.path.join(tmp, "elsewhere")
    os.makedirs(other_cwd)
    s = [("reference", [], {"LANG": "C", "LC_ALL": "C", "TZ": "UTC"}, ROOT),
         ("one core", ["taskset", "-c", "0"], {"LANG": "C", "LC_ALL": "C", "TZ": "UTC"}, ROOT),
         ("C.UTF-8, Asia/Shanghai", [], {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "Asia/Shanghai"}, ROOT),
         ("another cwd", [], {"LANG": "C", "LC_ALL": "C", "TZ": "UTC"}, other_cwd)]
    if "de_de.utf-8" in installed_locales():
        s.append(("de_DE.UTF-8", [], {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "TZ": "Europe/Berlin"}, ROOT))
    return s


def run_one(tmp, i, set_up):
    name, prefix, env_changes, cwd = set_up
    env = dict(os.environ, **env_changes)
    json_path, table_path = os.path.join(tmp, f"r{i}.json"), os.path.join(tmp, f"t{i}.md")
    r = subprocess.run([*prefix, BINARY, "--json", json_path, "--table", table_path], capture_output=True,
                       text=True, cwd=cwd, env=env, timeout=300)
    digest = re.search(r"events digest ([0-9a-f]{16})", r.stdout)
    with open(json_path) as f:
        results = json.load(f)
    results.pop("host")
    with open(table_path) as f:
        table = f.read()
    return name, r.returncode, digest.group(1) if digest else r.stdout[-500:], json.dumps(results, sort_keys=True), table


class HostSetUps(unittest.TestCase):
    def test_default_matrix_is_byte_identical_across_cores_locale_tz_and_cwd(self):
        self.assertIsNotNone(shutil.which("taskset"), "taskset (util-linux) is needed")
        with tempfile.TemporaryDirectory() as tmp:
            runs = set_ups(tmp)
            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                outs = list(pool.map(lambda a: run_one(tmp, *a), enumerate(runs)))
        ref = outs[0]
        self.assertEqual(ref[1], 0)
        self.assertEqual(ref[2], DEFAULT_MATRIX_DIGEST)
        self.assertEqual(len(json.loads(ref[3])["cases"]), 121)
        for name, rc, digest, results, table in outs[1:]:
            self.assertEqual(rc, 0, name)
            self.assertEqual(digest, ref[2], name)
            self.assertEqual(results, ref[3], f"{name}: results.json (host aside) differs")
            self.assertEqual(table, ref[4], f"{name}: table differs")
        print(f"{len(outs)} set-ups: {', '.join(o[0] for o in outs)}; digest {ref[2]}", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]])
