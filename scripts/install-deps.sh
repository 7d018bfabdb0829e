#!/usr/bin/env bash
# Installs (Debian bookworm packages) what gcmatrix needs and is missing.
# Runs `apt-get update` only when something has to be installed.
set -euo pipefail
packages=(
  g++ cmake make pkg-config
  libboost-test-dev libboost-program-options-dev libboost-context-dev
  libyaml-cpp-dev libmimalloc-dev libxxhash-dev nlohmann-json3-dev libbenchmark-dev
  python3 python3-junitparser python3-yaml
  # report.html_chromium renders report.html headless. Recommends are not
  # installed, so name the fonts the page falls back to (sans-serif -> Liberation).
  chromium fonts-liberation
)
# The trace-schema and workflow validators run on Node. NodeSource's nodejs
# bundles npm and conflicts with Debian's npm package, so add them only if absent.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ajv-cli (Chrome trace JSON Schema validation), pinned by tests/report/package-lock.json.
cd "$(dirname "$0")/.."
[ -x tests/report/node_modules/.bin/ajv ] || npm ci --prefix tests/report --no-audit --no-fund
