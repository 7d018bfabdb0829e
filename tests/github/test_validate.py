#!/usr/bin/env python3
"""Every workflow under .github/workflows and the root action.yml pass a real
validator (@action-validator/cli, pinned in tests/github/package-lock.json,
installed by the github.validator_install test); the validator rejects broken
files (so a pass means something); expressions name only known contexts; and
the workflows keep the shape the matrix issue asks for.

usage: test_validate.py ACTION_VALIDATOR REPO_ROOT
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import unittest

import yaml

VALIDATOR, ROOT = sys.argv[1], sys.argv[2]
WORKFLOWS = sorted(glob.glob(os.path.join(ROOT, ".github", "workflows", "*.y*ml")))
ACTION = os.path.join(ROOT, "action.yml")

# Contexts and functions of GitHub expressions that the files may use.
CONTEXTS = {"github", "env", "inputs", "steps", "matrix", "needs", "runner", "job", "strategy", "secrets", "vars"}
FUNCTIONS = {"fromJSON", "toJSON", "cancelled", "always", "success", "failure", "contains", "startsWith",
             "endsWith", "format", "join", "hashFiles"}


def validate(path):
    return subprocess.run([VALIDATOR, path], capture_output=True, text=True, timeout=120)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def on_of(workflow):
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    return workflow.get("on", workflow.get(True))


def run_steps(job):
    return "\n".join(s.get("run", "") for s in job["steps"])


def uploads(job):
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]


class Validator(unittest.TestCase):
    def test_the_files_exist(self):
        names = [os.path.basename(p) for p in WORKFLOWS]
        self.assertIn("ci.yml", names)
        self.assertIn("matrix.yml", names)
        self.assertTrue(os.path.isfile(ACTION))

    def test_every_workflow_and_the_action_validate(self):
        for path in WORKFLOWS + [ACTION]:
            with self.subTest(path=os.path.relpath(path, ROOT)):
                r = validate(path)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_the_validator_rejects_a_broken_workflow_and_action(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad_workflow = os.path.join(tmp, "bad.yml")
            with open(bad_workflow, "w") as f:
                f.write("name: bad\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                        "      - run: echo\n        bogus-key: 1\n")
            r = validate(bad_workflow)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("bogus-key", r.stderr)
            os.mkdir(os.path.join(tmp, "a"))
            bad_action = os.path.join(tmp, "a", "action.yml")  # the validator picks the schema by file name
            with open(bad_action, "w") as f:
                f.write("name: bad\ndescription: a composite run step without shell\n"
                        "runs:\n  using: composite\n  steps:\n    - run: echo hi\n")
            r = validate(bad_action)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("shell", r.stderr)


class Expressions(unittest.TestCase):
    def test_expressions_name_known_contexts_and_functions(self):
        for path in WORKFLOWS + [ACTION]:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertEqual(text.count("${{"), text.count("}}"), path)
            for expr in re.findall(r"\$\{\{(.*?)\}\}", text):
                without_strings = re.sub(r"'[^']*'", "", expr)
                for name in re.findall(r"(?<![.\w-])([A-Za-z_][\w-]*)\s*(\()?", without_strings):
                    word, call = name
                    known = FUNCTIONS if call else CONTEXTS
                    self.assertIn(word, known, "%s: ${{%s}}" % (os.path.relpath(path, ROOT), expr))

    def test_inputs_reach_scripts_through_env_only(self):
        # ${{ inputs.* }} or ${{ matrix.* }} inside a `run:` script is a shell-injection hole.
        for path in WORKFLOWS + [ACTION]:
            doc = load(path)
            jobs = doc.get("jobs", {}) or {"action": doc["runs"]}
            for name, job in jobs.items():
                for step in job.get("steps", []):
                    self.assertNotRegex(step.get("run", ""), r"\$\{\{\s*(inputs|matrix|github\.event)\.",
                                        "%s: %s" % (os.path.relpath(path, ROOT), name))


class Shape(unittest.TestCase):
    def test_ci_runs_the_test_suite_in_bookworm_and_uploads_junit(self):
        ci = load(os.path.join(ROOT, ".github", "workflows", "ci.yml"))
        self.assertIn("push", on_of(ci))
        self.assertIn("pull_request", on_of(ci))
        job = ci["jobs"]["test"]
        self.assertEqual(job["container"], "debian:bookworm")
        self.assertIn("bash scripts/test.sh", run_steps(job))
        self.assertTrue(any("junit" in str(u["with"]["path"]) for u in uploads(job)))

    def test_ci_calibrates_against_real_go_in_bookworm(self):
        job = load(os.path.join(ROOT, ".github", "workflows", "ci.yml"))["jobs"]["calibrate"]
        self.assertEqual(job["container"], "debian:bookworm")
        self.assertIn("bash scripts/calibrate.sh --check", run_steps(job))
        self.assertIn("python3", run_steps(job))  # calibrate.py runs on it; a bare container lacks it

    def test_matrix_plan_leg_merge(self):
        m = load(os.path.join(ROOT, ".github", "workflows", "matrix.yml"))
        plan, leg, merge = m["jobs"]["plan"], m["jobs"]["leg"], m["jobs"]["merge"]
        self.assertIn("--list-profiles --format json", run_steps(plan))
        self.assertEqual(plan["outputs"]["profiles"], "${{ steps.plan.outputs.profiles }}")
        self.assertEqual(leg["needs"], "plan")
        self.assertIs(leg["strategy"]["fail-fast"], False)
        self.assertEqual(leg["strategy"]["matrix"]["profile"], "${{ fromJSON(needs.plan.outputs.profiles) }}")
        self.assertIn('--profile "$PROFILE"', run_steps(leg))
        self.assertEqual([u["with"]["name"] for u in uploads(leg)], ["results-${{ matrix.profile }}"])
        self.assertEqual(sorted(merge["needs"]), ["leg", "plan"])
        self.assertIn("!cancelled()", merge["if"])
        script = run_steps(merge)
        for part in ("merge legs/*/results.json", "--baseline matrix/baseline.json", '--markdown "$GITHUB_STEP_SUMMARY"',
                     "--expect-profiles-from plan.json", "--annotations"):
            self.assertIn(part, script)
        by_name = {u["with"]["name"]: u["with"] for u in uploads(merge)}
        self.assertEqual(by_name["junit-merged"]["path"], "merged/junit.xml")
        # Only files `gcmatrix merge --out merged` writes are uploaded (it writes no report.html).
        self.assertNotIn("report-html", by_name)
        for spec in by_name.values():
            for path in str(spec["path"]).split():
                self.assertIn(path, {"merged/junit.xml", "merged/results.json", "merged/table.md"}, path)
        for name in by_name:  # the merge downloads results-*: its own uploads must not match
            self.assertFalse(name.startswith("results-"), name)

    def test_action_is_composite_with_the_inputs_and_outputs(self):
        a = load(ACTION)
        self.assertEqual(a["runs"]["using"], "composite")
        self.assertLessEqual({"profile", "workloads", "params", "baseline"}, set(a["inputs"]))
        self.assertLessEqual({"results", "junit", "table"}, set(a["outputs"]))
        for step in a["runs"]["steps"]:
            if "run" in step:
                self.assertEqual(step["shell"], "bash")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
