#!/usr/bin/env bash
# Calibration against real Go (optional for users, run by CI): installs the
# Debian Go toolchains that are missing — golang-1.19-go from bookworm,
# golang-1.21/1.22/1.23-go from bookworm-backports (its apt source is added
# when absent) — then runs scripts/calibrate.py with the arguments given
# (default --check: the probes must observe what matrix/calibration/observed.json
# records; --write re-records). The toolchains are never used by the emulation.
#
#   calibrate.sh --scenarios [--runs N]   every shipped scenario exported to Go, run N times
#       (default 20) under each toolchain and compared with the matching observed profile
#       over N×50 seeds; writes matrix/calibration/scenarios.json (--record FILE elsewhere)
#       and prints the table. Builds the gcmatrix binary first when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
[ -x /usr/bin/python3 ] || missing+=(python3)
scenarios=false
for a in "$@"; do [ "$a" = "--scenarios" ] && scenarios=true; done
if $scenarios && ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then missing+=(python3-yaml); fi
for v in 1.19 1.21 1.22 1.23; do
  [ -x "/usr/lib/go-$v/bin/go" ] || missing+=("golang-$v-go")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [[ " ${missing[*]} " == *" golang-1.2"* ]] && ! grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "adding the bookworm-backports apt source (for golang-1.21/1.22/1.23-go)"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
      $SUDO tee /etc/apt/sources.list.d/gcmatrix-backports.sources >/dev/null
  fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  pkgs=()
  for p in "${missing[@]}"; do
    case $p in golang-1.19-go | python3 | python3-yaml) pkgs+=("$p") ;; *) pkgs+=("$p/bookworm-backports") ;; esac
  done
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi
if $scenarios && [ ! -x build/runner/cli/gcmatrix ] && [[ " $* " != *" --gcmatrix "* ]]; then
  bash scripts/build.sh
fi
exec /usr/bin/python3 scripts/calibrate.py "$@"
