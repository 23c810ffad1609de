#!/usr/bin/env bash
# Installs the Debian 12 packages physgan needs to build, run and test.
# Idempotent: does nothing when everything is already installed.
# Run as root (or through sudo). With arguments, installs those packages
# instead of the list below (scripts/install-bench-deps.sh does).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev hdf5-tools
  libgsl-dev libfftw3-dev libopenblas-dev libcunit1-dev
  libinih-dev libpng-dev zlib1g-dev
  libmicrohttpd-dev
  libgdal-dev
  help2man environment-modules
  gfortran                   # the Fortran module over the C API (docs/api.md)
  hmmer hmmer-examples mmseqs2-examples cd-hit pftools
  libparasail-dev   # pairwise identity (physics/protein/protein_identity.c)
  libcodcif-dev libcexceptions-dev libsymspg-dev libavogadro-data
  python3-ase                # reads screen crystals' CIFs in a test (another code)
  clang libclang-rt-14-dev   # libFuzzer harnesses (scripts/fuzz-smoke.sh)
  procps                     # pgrep/pkill: the kill-anywhere and rank-death tests
  valgrind                   # scripts/valgrind-demo.sh (docs/testing.md, "Memory")
)

[ $# -gt 0 ] && packages=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
