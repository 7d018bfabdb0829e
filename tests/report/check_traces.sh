#!/usr/bin/env bash
# check_traces.sh GCMATRIX SCHEMA NPM_PREFIX — runs the default matrix (every
# profile × every workload) with --trace-dir into a temporary folder and
# validates every trace with ajv-cli (a real JSON Schema validator, installed
# by `npm ci --prefix tests/report`), in one ajv run. A missing validator is a
# failure, never a skip: an unvalidated trace must not pass. Also: the traces
# of the default matrix stay under 20 MB in all (issue 6; sizes are
# deterministic, so this is a regression guard, not a timing).
set -euo pipefail
gcmatrix=$1 schema=$2 prefix=$3
ajv="$prefix/node_modules/.bin/ajv"
if [[ ! -x "$ajv" ]]; then
  echo "FAIL: ajv-cli not installed at $ajv; run: npm ci --prefix $prefix" >&2
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/traces"
# Exit 1 only means an outcome differs from the expectations; traces are still written.
"$gcmatrix" -q --trace-dir "$dir/traces" >"$dir/stdout.txt" 2>&1 || [[ $? -eq 1 ]]
expected=$(/usr/bin/python3 -c 'import json, sys; print(len(json.loads(sys.argv[1])) * len(json.loads(sys.argv[2])))' \
  "$("$gcmatrix" --list-profiles --format json)" "$("$gcmatrix" --list-workloads --format json)")
shopt -s nullglob
files=("$dir"/traces/*.json)
if [[ ${#files[@]} -ne $expected ]]; then
  echo "FAIL: expected $expected traces (profiles × workloads), found ${#files[@]}" >&2
  exit 1
fi
total=$(cat "${files[@]}" | wc -c)
if [[ $total -ge 20000000 ]]; then
  echo "FAIL: the default matrix's traces total $total bytes (limit 20 MB)" >&2
  exit 1
fi
npx --no-install --prefix "$prefix" ajv validate --spec=draft7 -s "$schema" -d "$dir/traces/*.json" >"$dir/ajv.txt" 2>&1 || {
  grep -v ' valid$' "$dir/ajv.txt" | head -40 >&2
  echo "FAIL: ajv rejected a trace" >&2
  exit 1
}
valid=$(grep -c ' valid$' "$dir/ajv.txt" || true)
if [[ $valid -ne $expected ]]; then
  echo "FAIL: ajv reported $valid valid traces of $expected" >&2
  exit 1
fi
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
echo "validated ${#files[@]} traces ($total bytes); a broken one was rejected"
