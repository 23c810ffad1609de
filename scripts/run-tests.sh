#!/usr/bin/env bash
# Fresh machine to a full test run: installs the Debian packages, builds, and
# runs every test (unit, gradcheck, mpi, cli). Exits non-zero if any fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
