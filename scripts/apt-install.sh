#!/usr/bin/env bash
# apt-install.sh NAME PACKAGE...: installs those Debian packages that are not
# installed yet (apt-get, no recommends), as root or through sudo; says so
# and does nothing when all are there. NAME prefixes its messages. Shared by
# scripts/install-deps.sh and the test set-ups (tests/browser/setup.sh,
# tests/slurm/setup.sh) so that each says only what it needs.
set -euo pipefail
name=${1:?usage: apt-install.sh NAME PACKAGE...}
shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "$name: all $# packages already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "$name: run as root (missing: ${missing[*]})" >&2; exit 1; }
  SUDO=sudo
fi
echo "$name: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
