#!/usr/bin/env bash
# Installs the Debian 12 packages bench/compare_torch.sh needs beside the
# build's (scripts/install-deps.sh): PyTorch (the baseline physgan is
# compared with), OpenBLAS as the system BLAS (without it Debian's torch
# runs on the reference BLAS, ~4x slower: no fair baseline) and GNU time
# (peak RSS). Not needed to build, run or test physgan.
# Idempotent: does nothing when everything is already installed.
# Run as root (or through sudo).
set -euo pipefail

packages=(python3 python3-torch libopenblas0 time)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-bench-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-bench-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-bench-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
