#!/usr/bin/env bash
# check_traces.sh GCMATRIX SCHEMA NPM_PREFIX — runs gcmatrix with --trace-dir
# into a temporary folder and validates every trace with ajv-cli (a real JSON
# Schema validator, installed by `npm ci --prefix tests/report`). A missing
# validator is a failure, never a skip: an unvalidated trace must not pass.
set -euo pipefail
gcmatrix=$1 schema=$2 prefix=$3
ajv="$prefix/node_modules/.bin/ajv"
if [[ ! -x "$ajv" ]]; then
  echo "FAIL: ajv-cli not installed at $ajv; run: npm ci --prefix $prefix" >&2
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Exit 1 only means an outcome differs from the expectations; traces are still written.
"$gcmatrix" -q -p go1.22 -p go1.22-observed -w timeout-cascade -w cleanup-vs-finalizer \
  --trace-dir "$dir" >"$dir/stdout.txt" 2>&1 || [[ $? -eq 1 ]]
shopt -s nullglob
files=("$dir"/*.json)
if [[ ${#files[@]} -ne 4 ]]; then
  echo "FAIL: expected 4 traces, found ${#files[@]}" >&2
  exit 1
fi
for f in "${files[@]}"; do
  npx --no-install --prefix "$prefix" ajv validate --spec=draft7 -s "$schema" -d "$f"
done
# What a schema cannot say: per thread, ts never decreases, "X" slices nest,
# and a counter sample is never a repeat of the previous one of its counter.
/usr/bin/python3 - "${files[@]}" <<'PY'
import json, sys
for path in sys.argv[1:]:
    last, stacks, counters = {}, {}, {}
    for e in json.load(open(path))["traceEvents"]:
        if e["ph"] == "M":
            continue
        if e["ph"] == "C":
            value = e["args"][e["name"]]
            if counters.get(e["name"]) == value:
                sys.exit(f"FAIL: {path}: counter sample repeats its previous value: {e}")
            counters[e["name"]] = value
        tid, ts = e["tid"], round(e["ts"] * 1000)
        if ts < last.get(tid, -1):
            sys.exit(f"FAIL: {path}: tid {tid} goes back in time at {e}")
        last[tid] = ts
        if e["ph"] == "X":
            end, stack = ts + round(e["dur"] * 1000), stacks.setdefault(tid, [])
            while stack and stack[-1] <= ts:
                stack.pop()
            if stack and end > stack[-1]:
                sys.exit(f"FAIL: {path}: slice {e['name']} overlaps its parent on tid {tid}")
            stack.append(end)
PY
# The validator must also reject: a trace with a slice missing its duration.
sed '0,/"ph":"X",/s//"ph":"X","dur_missing":1,/' "${files[0]}" | sed 's/,"dur":[0-9.]*//' >"$dir/broken.json"
if npx --no-install --prefix "$prefix" ajv validate --spec=draft7 -s "$schema" -d "$dir/broken.json" >/dev/null 2>&1; then
  echo "FAIL: ajv accepted a trace whose slices have no dur" >&2
  exit 1
fi
echo "validated ${#files[@]} traces; a broken one was rejected"
