#!/usr/bin/env python3
"""Plays .github/workflows/matrix.yml locally, job by job and step by step:
plan → one leg per profile (the strategy matrix from fromJSON) → merge, each
job in a fresh workspace, artifacts passed as actions/upload-artifact@v4 and
download-artifact@v4 pass them (unique names, least-common-ancestor roots,
file modes lost), `run:` scripts executed verbatim by bash with GITHUB_OUTPUT
and GITHUB_STEP_SUMMARY. Only the steps with id tools, deps and build are
replaced: this machine already has the packages and the built binary.

Asserts that the workflow is green, that the merged table (and the
deterministic part of results.json) equals a single run of the full matrix,
and that the step summary carries that table; then that a leg that dies
turns the merge red with the missing leg named.

usage: test_matrix_workflow.py GCMATRIX_BINARY REPO_ROOT
"""
import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

BINARY, ROOT = sys.argv[1], sys.argv[2]
WORKFLOW = os.path.join(ROOT, ".github", "workflows", "matrix.yml")
ENVIRONMENT_STEPS = {"tools", "deps", "build"}  # provided by this machine instead
CHECKOUT = ["policies", "matrix", "scripts", ".github", "action.yml"]  # what the steps read from the repository


class Failed(Exception):
    pass


# ---- expressions -------------------------------------------------------------

def lookup(path, ctx):
    value = ctx
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise Failed("expression names unknown %r" % path)
        value = value[part]
    return value


def evaluate(expr, ctx):
    """The few expression forms the workflow may use; anything else fails the test."""
    expr = expr.strip()
    if "&&" in expr:
        return all(evaluate(part, ctx) for part in expr.split("&&"))
    if expr == "!cancelled()" or expr == "always()":
        return True
    m = re.fullmatch(r"fromJSON\((.+)\)", expr)
    if m:
        return json.loads(evaluate(m.group(1), ctx))
    m = re.fullmatch(r"([\w.-]+)\s*==\s*'([^']*)'", expr)
    if m:
        return lookup(m.group(1), ctx) == m.group(2)
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+", expr):
        return lookup(expr, ctx)
    raise Failed("expression the player does not know: ${{ %s }}" % expr)


def substitute(text, ctx):
    if not isinstance(text, str):
        return text
    whole = re.fullmatch(r"\$\{\{(.*?)\}\}", text)
    if whole:  # a whole-value expression keeps its type (fromJSON gives a list)
        return evaluate(whole.group(1), ctx)
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1), ctx)), text)


def condition(step_or_job, ctx, status_ok):
    cond = step_or_job.get("if")
    if cond is None:
        return status_ok  # success()
    cond = cond.strip()
    if cond.startswith("${{"):
        cond = cond[3:-2]
    return bool(evaluate(cond, ctx))


# ---- the player --------------------------------------------------------------

class Player:
    def __init__(self, workdir, sabotage=None):
        self.workdir = workdir
        self.store = os.path.join(workdir, "artifacts")
        os.makedirs(self.store)
        self.sabotage = sabotage or {}  # (job, profile) -> replacement script of the step "Run one profile"
        self.log = []
        with open(WORKFLOW, encoding="utf-8") as f:
            self.workflow = yaml.safe_load(f)

    def checkout(self, ws):
        for entry in CHECKOUT:
            src = os.path.join(ROOT, entry)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(ws, entry))

    def provide(self, step_id, ws):
        if step_id == "build":
            dst = os.path.join(ws, "build", "runner", "cli", "gcmatrix")
            os.makedirs(os.path.dirname(dst))
            shutil.copy(BINARY, dst)

    def upload(self, with_, ctx, ws):
        name = substitute(with_["name"], ctx)
        if os.path.exists(os.path.join(self.store, name)):
            raise Failed("artifact %r uploaded twice (upload-artifact@v4 cannot overwrite)" % name)
        patterns = [substitute(p, ctx) for p in str(with_["path"]).split("\n") if p.strip()]
        files, roots = [], []
        for pattern in patterns:
            full = os.path.join(ws, pattern.strip())
            literal = re.split(r"[*?\[]", full)[0]
            roots.append(full.rstrip("/") if os.path.isdir(full) else os.path.dirname(literal.rstrip("/")))
            for match in glob.glob(full, recursive=True):
                if os.path.isdir(match):
                    files += [os.path.join(d, f) for d, _, fs in os.walk(match) for f in fs]
                else:
                    files.append(match)
        if not files:
            mode = with_.get("if-no-files-found", "warn")
            if mode == "error":
                raise Failed("upload %r: no files found" % name)
            return
        root = os.path.commonpath(roots)
        for f in files:
            dst = os.path.join(self.store, name, os.path.relpath(f, root))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(f, dst)  # modes are not kept

    def download(self, with_, ctx, ws):
        dest = os.path.join(ws, substitute(with_.get("path", "."), ctx))
        if "name" in with_:
            name = substitute(with_["name"], ctx)
            if not os.path.isdir(os.path.join(self.store, name)):
                raise Failed("download: no artifact %r" % name)
            shutil.copytree(os.path.join(self.store, name), dest, dirs_exist_ok=True)
            return
        pattern = substitute(with_["pattern"], ctx)
        for name in sorted(os.listdir(self.store)):
            if fnmatch.fnmatch(name, pattern):
                target = dest if with_.get("merge-multiple") else os.path.join(dest, name)
                shutil.copytree(os.path.join(self.store, name), target, dirs_exist_ok=True)

    def run_script(self, script, env, ws, step_ctx_outputs):
        out_file = os.path.join(ws, "..", os.path.basename(ws) + ".output")
        summary_file = os.path.join(ws, "..", os.path.basename(ws) + ".summary")
        for p in (out_file, summary_file):
            open(p, "w").close()
        env = dict(env, GITHUB_OUTPUT=out_file, GITHUB_STEP_SUMMARY=summary_file)
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=ws, env=env,
                           capture_output=True, text=True, timeout=600)
        with open(out_file) as f:
            for line in f.read().splitlines():
                key, sep, value = line.partition("=")
                if not sep:
                    raise Failed("GITHUB_OUTPUT line the player does not read: %r" % line)
                step_ctx_outputs[key] = value
        with open(summary_file) as f:
            return r, f.read()

    def job(self, job_name, matrix=None, needs=None):
        job = self.workflow["jobs"][job_name]
        label = job_name + ("-" + matrix["profile"] if matrix else "")
        ws = os.path.join(self.workdir, "jobs", label, "workspace")
        os.makedirs(ws)
        ctx = {"matrix": matrix or {}, "needs": needs or {}, "steps": {}}
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        env.update(GITHUB_WORKSPACE=ws, RUNNER_TEMP=os.path.join(self.workdir, "jobs", label, "temp"))
        for scope in (self.workflow.get("env", {}), job.get("env", {})):
            env.update({k: str(substitute(v, ctx)) for k, v in scope.items()})
        ok, summaries, outputs = True, {}, []
        for step in job["steps"]:
            if not condition(step, ctx, ok):
                continue
            uses, sid = step.get("uses", ""), step.get("id")
            try:
                if uses.startswith("actions/checkout@"):
                    self.checkout(ws)
                elif uses.startswith("actions/upload-artifact@v4"):
                    self.upload(step["with"], ctx, ws)
                elif uses.startswith("actions/download-artifact@v4"):
                    self.download(step["with"], ctx, ws)
                elif uses:
                    raise Failed("step uses %r, which the player does not know" % uses)
                elif sid in ENVIRONMENT_STEPS:
                    self.provide(sid, ws)
                else:
                    script = self.sabotage.get((job_name, (matrix or {}).get("profile")), {}).get(step.get("name"), step["run"])
                    step_env = dict(env, **{k: str(substitute(v, ctx)) for k, v in step.get("env", {}).items()})
                    step_outputs = {}
                    r, summary = self.run_script(substitute(script, ctx), step_env, ws, step_outputs)
                    if sid:
                        ctx["steps"][sid] = {"outputs": step_outputs}
                    summaries[step.get("name")] = summary
                    outputs.append((step.get("name"), r))
                    if r.returncode != 0:
                        ok = False
            except Failed as e:
                self.log.append("%s: %s: %s" % (label, step.get("name", uses), e))
                ok = False
        job_outputs = {k: substitute(v, ctx) for k, v in job.get("outputs", {}).items()}
        return {"result": "success" if ok else "failure", "outputs": job_outputs, "ws": ws,
                "summaries": summaries, "steps": outputs}

    def play(self):
        plan = self.job("plan")
        needs = {"plan": plan}
        legs = {}
        if plan["result"] == "success":
            strategy = self.workflow["jobs"]["leg"]["strategy"]
            if strategy.get("fail-fast", True):
                raise Failed("leg: fail-fast must be false so one red profile does not cancel the others")
            profiles = substitute(strategy["matrix"]["profile"], {"needs": needs})
            for profile in profiles:
                legs[profile] = self.job("leg", matrix={"profile": profile}, needs=needs)
        needs["leg"] = {"result": "success" if all(l["result"] == "success" for l in legs.values()) else "failure",
                        "outputs": {}}
        merge_job = self.workflow["jobs"]["merge"]
        merge = self.job("merge", needs=needs) if condition(merge_job, {"needs": needs}, needs["leg"]["result"] == "success") else None
        return plan, legs, merge


def single_full_run(workdir):
    """The whole matrix in one gcmatrix run, with the leg's explicit paths."""
    ws = os.path.join(workdir, "single")
    os.makedirs(ws)
    for entry in ("policies", "matrix"):
        shutil.copytree(os.path.join(ROOT, entry), os.path.join(ws, entry))
    r = subprocess.run([BINARY, "--policy-dir", "policies", "--matrix", "matrix/default.yaml", "--expectations",
                        "matrix/expectations.yaml", "--out", "out", "--quiet"], cwd=ws, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise AssertionError("single full run exited %d: %s%s" % (r.returncode, r.stdout, r.stderr))
    return os.path.join(ws, "out")


def deterministic(results_path):
    with open(results_path, encoding="utf-8") as f:
        text = f.read()
    return text[:text.index(',\n  "host": {')]


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


def describe(job):
    return "\n".join("--- %s (exit %d)\n%s%s" % (n, r.returncode, r.stdout[-3000:], r.stderr[-3000:]) for n, r in job["steps"])


class MatrixWorkflow(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gcmatrix-workflow-")
        cls.player = Player(os.path.join(cls.tmp, "green"))
        cls.plan, cls.legs, cls.merge = cls.player.play()
        cls.single = single_full_run(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_plan_outputs_the_profile_list(self):
        self.assertEqual(self.plan["result"], "success", describe(self.plan) + "\n".join(self.player.log))
        listed = subprocess.run([BINARY, "--list-profiles", "--format", "json", "--policy-dir", os.path.join(ROOT, "policies")],
                                capture_output=True, text=True, check=True).stdout
        self.assertEqual(json.loads(self.plan["outputs"]["profiles"]), json.loads(listed))
        self.assertGreater(len(self.legs), 1)

    def test_every_leg_is_green_and_uploads_its_own_artifact(self):
        self.assertEqual(self.player.log, [])
        for profile, leg in self.legs.items():
            self.assertEqual(leg["result"], "success", "%s\n%s" % (profile, describe(leg)))
            self.assertTrue(os.path.isfile(os.path.join(self.player.store, "results-" + profile, "results.json")), profile)

    def test_merge_is_green(self):
        self.assertIsNotNone(self.merge)
        self.assertEqual(self.merge["result"], "success", describe(self.merge) + "\n".join(self.player.log))
        for name, r in self.merge["steps"]:
            self.assertNotIn("::error", r.stdout, name)

    def test_merged_table_equals_a_single_full_run(self):
        merged = os.path.join(self.merge["ws"], "merged")
        self.assertEqual(read(os.path.join(merged, "table.md")), read(os.path.join(self.single, "table.md")))
        self.assertEqual(deterministic(os.path.join(merged, "results.json")), deterministic(os.path.join(self.single, "results.json")))

    def test_step_summary_carries_the_verdict_and_the_table(self):
        summary = self.merge["summaries"]["Merge the legs and compare with the baseline"]
        self.assertTrue(summary.startswith("## gcmatrix merge: passed\n"), summary[:300])
        self.assertIn("%d leg(s) merged" % len(self.legs), summary)
        self.assertIn("baseline `matrix/baseline.json`: 0 regression(s) beyond tolerance", summary)
        self.assertIn(read(os.path.join(self.single, "table.md")), summary)
        self.assertLess(len(summary.encode()), 1024 * 1024)

    def test_merged_artifacts(self):
        self.assertTrue(os.path.isfile(os.path.join(self.player.store, "junit-merged", "junit.xml")))
        self.assertTrue(os.path.isfile(os.path.join(self.player.store, "merged-results", "results.json")))
        self.assertTrue(os.path.isfile(os.path.join(self.player.store, "gcmatrix-binary", "plan.json")))


class DeadLeg(unittest.TestCase):
    def test_a_leg_that_dies_turns_the_merge_red_naming_it(self):
        tmp = tempfile.mkdtemp(prefix="gcmatrix-workflow-dead-")
        try:
            profile = "go1.22"
            player = Player(tmp, sabotage={("leg", profile): {"Run one profile": "echo 'emulated crash' >&2; exit 3"}})
            plan, legs, merge = player.play()
            self.assertEqual(legs[profile]["result"], "failure")
            self.assertFalse(os.path.exists(os.path.join(player.store, "results-" + profile)))
            self.assertTrue(any("results-%s" % profile in line and "no files found" in line for line in player.log), player.log)
            self.assertIsNotNone(merge, "merge must run when a leg fails (if: !cancelled())")
            self.assertEqual(merge["result"], "failure")
            name, r = [s for s in merge["steps"] if s[0] == "Merge the legs and compare with the baseline"][0]
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("missing leg: profile '%s' has no results" % profile, r.stderr)
            self.assertIn("::error title=gcmatrix%%3A missing leg::missing leg: profile '%s'" % profile, r.stdout)
            summary = merge["summaries"][name]
            self.assertTrue(summary.startswith("## gcmatrix merge: FAILED"), summary[:200])
            self.assertIn("### Missing legs", summary)
            self.assertTrue(os.path.isfile(os.path.join(player.store, "junit-merged", "junit.xml")),
                            "the merged JUnit is uploaded even when the merge fails")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class Action(unittest.TestCase):
    """action.yml's `run` step played as a composite action runs it (GITHUB_ACTION_PATH = this
    repository, the build step provided); the step with id `run` is executed verbatim."""

    def play(self, inputs):
        with open(os.path.join(ROOT, "action.yml"), encoding="utf-8") as f:
            action = yaml.safe_load(f)
        steps = action["runs"]["steps"]
        self.assertEqual([s.get("id") for s in steps], ["deps", "build", "run"])
        step = steps[2]
        tmp = tempfile.mkdtemp(prefix="gcmatrix-action-")
        self.addCleanup(shutil.rmtree, tmp, True)
        ws, temp = os.path.join(tmp, "workspace"), os.path.join(tmp, "temp")
        os.makedirs(ws)
        binary = os.path.join(temp, "gcmatrix-build", "runner", "cli", "gcmatrix")
        os.makedirs(os.path.dirname(binary))
        shutil.copy(BINARY, binary)
        values = {k: spec.get("default", "") for k, spec in action["inputs"].items()}
        values.update(inputs)
        ctx = {"inputs": values}
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        env.update(GITHUB_ACTION_PATH=ROOT, RUNNER_TEMP=temp, GITHUB_WORKSPACE=ws)
        env.update({k: str(substitute(v, ctx)) for k, v in step["env"].items()})
        outputs = {}
        player = Player.__new__(Player)
        r, summary = player.run_script(step["run"], env, ws, outputs)
        # An output the step did not set reads as the empty string, as on GitHub.
        referenced = {k: re.fullmatch(r"\$\{\{ steps\.run\.outputs\.([\w-]+) \}\}", v["value"]).group(1)
                      for k, v in action["outputs"].items()}
        action_outputs = {k: outputs.get(name, "") for k, name in referenced.items()}
        return r, summary, action_outputs, ws

    def test_a_profile_with_two_workloads_and_a_param(self):
        r, summary, out, ws = self.play({"profile": "go1.22", "workloads": "cleanup-capture, timeout-cascade",
                                         "params": "timeout-cascade:tests=12"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(out["exit-code"], "0")
        with open(os.path.join(ws, out["results"])) as f:
            results = json.load(f)
        self.assertEqual([(c["profile"], c["workload"]) for c in results["cases"]],
                         [("go1.22", "cleanup-capture"), ("go1.22", "timeout-cascade")])
        self.assertEqual(results["cases"][1]["params"]["tests"], "12")
        for key in ("junit", "table", "host", "summary"):
            self.assertTrue(os.path.isfile(os.path.join(ws, out[key])), key)
        self.assertTrue(summary.startswith("## gcmatrix merge: passed"), summary[:200])

    def test_the_out_folder_holds_only_what_its_manifest_lists(self):
        # The merge's summary once went into the run's folder unlisted, so the
        # next run into that folder kept a stale summary.md (issue 16, item 7).
        r, summary, out, ws = self.play({"profile": "go1.22", "workloads": "loopvar-capture"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        folder = os.path.join(ws, "gcmatrix-results")
        with open(os.path.join(folder, "gcmatrix-run.json"), encoding="utf-8") as f:
            manifest = json.load(f)
        self.assertEqual(manifest["state"], "complete")
        present = set()
        for dirpath, _, files in os.walk(folder):
            for name in files:
                present.add(os.path.relpath(os.path.join(dirpath, name), folder))
        self.assertEqual(present - {"gcmatrix-run.json", ".gcmatrix.lock"}, set(manifest["files"]))
        self.assertFalse(os.path.realpath(os.path.join(ws, out["summary"])).startswith(os.path.realpath(folder) + os.sep),
                         out["summary"])
        self.assertTrue(summary.startswith("## gcmatrix merge: passed"), summary[:200])

    def test_baseline_regression_fails_the_step_with_an_annotation(self):
        with open(os.path.join(ROOT, "matrix", "baseline.json")) as f:
            doc = json.load(f)
        for c in doc["cases"]:
            if (c["profile"], c["workload"]) == ("go1.22", "loopvar-capture"):
                c["figures"][0]["value"] += 5
        tmp = tempfile.mkdtemp(prefix="gcmatrix-action-base-")
        self.addCleanup(shutil.rmtree, tmp, True)
        base = os.path.join(tmp, "baseline.json")
        with open(base, "w") as f:
            json.dump(doc, f)
        r, summary, out, ws = self.play({"profile": "go1.22", "workloads": "loopvar-capture", "baseline": base})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(out["exit-code"], "1")
        self.assertIn("::error file=runner/workloads/loopvar_capture.cpp,line=", r.stdout)
        self.assertIn("**regression**", summary)

    def test_unknown_profile_exits_2(self):
        r, summary, out, ws = self.play({"profile": "go1.2"})
        self.assertEqual(r.returncode, 2)
        self.assertEqual(out["exit-code"], "2")
        self.assertIn("unknown profile 'go1.2'", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
