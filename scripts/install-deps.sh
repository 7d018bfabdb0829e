#!/usr/bin/env bash
# Installs (Debian bookworm packages) what gcmatrix needs and is missing.
#   install-deps.sh          what building and running gcmatrix needs (the compiler,
#                            CMake, Boost, yaml-cpp, mimalloc, xxHash, nlohmann-json);
#   install-deps.sh --run    only the shared libraries a prebuilt gcmatrix binary
#                            loads (a matrix leg that downloads the binary);
#   install-deps.sh --test   also what the test suite and the benchmarks need
#                            (Google Benchmark, Python's junitparser and yaml,
#                            headless Chromium, Node.js and the npm validators).
# Runs `apt-get update` only when something has to be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
case "${1:-}" in
  "") packages=(
        g++ cmake make pkg-config
        libboost-test-dev libboost-program-options-dev libboost-context-dev
        libyaml-cpp-dev libmimalloc-dev libxxhash-dev nlohmann-json3-dev
      ) ;;
  --run) packages=(
        libboost-test1.74.0 libboost-program-options1.74.0 libboost-context1.74.0
        libyaml-cpp0.7 libmimalloc2.0 libxxhash0
      ) ;;
  --test) with_tests=1; packages=(
        g++ cmake make pkg-config
        libboost-test-dev libboost-program-options-dev libboost-context-dev
        libyaml-cpp-dev libmimalloc-dev libxxhash-dev nlohmann-json3-dev
      ) ;;
  *) echo "usage: $0 [--run | --test]" >&2; exit 2 ;;
esac
if [ "$with_tests" -eq 1 ]; then
  packages+=(
    libbenchmark-dev python3 python3-junitparser python3-yaml
    # report.html_chromium renders report.html headless. Recommends are not
    # installed, so name the fonts the page falls back to (sans-serif -> Liberation).
    chromium fonts-liberation
  )
  # The trace-schema and workflow validators run on Node. NodeSource's nodejs
  # bundles npm and conflicts with Debian's npm package, so add them only if absent.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
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

if [ "$with_tests" -eq 1 ]; then
  # ajv-cli (Chrome trace JSON Schema validation), pinned by tests/report/package-lock.json.
  # xunit-viewer (a real JUnit consumer) too; both pinned by tests/report/package-lock.json.
  [ -x tests/report/node_modules/.bin/ajv ] && [ -x tests/report/node_modules/.bin/xunit-viewer ] ||
    npm ci --prefix tests/report --no-audit --no-fund
fi
