#!/usr/bin/env bash
# Installs the Debian 12 packages physgan needs to build, run and test.
# Idempotent: does nothing when everything is already installed.
# Run as root (or through sudo).
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

exec bash "$(dirname "$0")/apt-install.sh" install-deps "${packages[@]}"
