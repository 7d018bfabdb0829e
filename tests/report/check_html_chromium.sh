#!/usr/bin/env bash
# check_html_chromium.sh GCMATRIX — writes a real HTML report with gcmatrix into
# a temporary folder, renders it in headless Chromium (Debian's `chromium`) and
# checks the screenshot is there, 1280×2000 and not blank
# (check_png_not_blank.py beside this script: distinct colours, non-background
# share, dark text pixels, coloured plot-line and bar pixels).
# Exit codes: 0 pass; 1 fail; 77 skip, only when chromium is not installed
# (CMake's SKIP_RETURN_CODE for report.html_chromium).
set -euo pipefail
gcmatrix=$1
here=$(cd "$(dirname "$0")" && pwd)
width=1280 height=2000

if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium not installed (apt-get install chromium)"
  exit 77
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
html=$dir/report.html png=$dir/report.png

# Exit 1 only means an outcome differs from the expectations; the report is
# still written. 2 (usage/configuration) and 3 (internal error) fail the test.
rc=0
"$gcmatrix" --quiet -p go1.20 -p go1.22-observed -w timeout-cascade -w cleanup-vs-finalizer \
  --html "$html" >"$dir/gcmatrix.log" 2>&1 || rc=$?
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  cat "$dir/gcmatrix.log" >&2
  echo "FAIL: gcmatrix exited $rc" >&2
  exit 1
fi
if [[ ! -s "$html" ]]; then
  cat "$dir/gcmatrix.log" >&2
  echo "FAIL: gcmatrix wrote no report at $html" >&2
  exit 1
fi

# Chromium prints dbus and similar noise on stderr: keep it, show it on failure.
url=$(/usr/bin/python3 -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).as_uri())' "$html")
crc=0
# No network: a CI container may have none, and Chromium's background
# connections (updates, sync, field trials) otherwise fail noisily or stall.
timeout -k 10 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --disable-background-networking --disable-component-update --disable-sync --disable-quic --no-first-run \
  --user-data-dir="$dir/chromium-profile" --window-size=$width,$height \
  --screenshot="$png" "$url" >"$dir/chromium.log" 2>&1 || crc=$?
if [[ $crc -ne 0 || ! -s "$png" ]]; then
  cat "$dir/chromium.log" >&2
  if [[ $crc -eq 124 || $crc -eq 137 ]]; then
    echo "FAIL: chromium timed out after 120 s" >&2
  else
    echo "FAIL: chromium exited $crc; screenshot missing or empty: $png" >&2
  fi
  exit 1
fi

if ! /usr/bin/python3 "$here/check_png_not_blank.py" "$png" $width $height 2>"$dir/check.log"; then
  echo "--- chromium log:" >&2
  cat "$dir/chromium.log" "$dir/check.log" >&2
  exit 1
fi
# The DOM Chromium built: every plot has a line and labelled axes, every heap
# plot test lanes with names and a GC-share plot; timeout-cascade runs under
# GOMEMLIMIT 64 MiB (its memory_limit_mib default), cleanup-vs-finalizer under
# none (check_html_dom.py).
drc=0
timeout -k 10 120 chromium --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync --disable-quic --no-first-run \
  --user-data-dir="$dir/chromium-profile" --dump-dom "$url" >"$dir/dom.html" 2>"$dir/chromium-dom.log" || drc=$?
if [[ $drc -ne 0 ]] || ! /usr/bin/python3 "$here/check_html_dom.py" "$dir/dom.html" \
    --memlimit 'w-timeout-cascade-=GOMEMLIMIT 64\.0 MiB' --no-memlimit w-cleanup-vs-finalizer-; then
  cat "$dir/chromium-dom.log" >&2
  echo "FAIL: the DOM check failed (chromium exit $drc)" >&2
  exit 1
fi
echo "rendered $(stat -c %s "$html")-byte report.html (gcmatrix exit $rc) to a $(stat -c %s "$png")-byte PNG"
