#!/usr/bin/env bash
# Configures and builds physgan into build/ (Release). Set PHYSGAN_WERROR=ON
# to turn warnings into errors (CI does), BUILD_DIR / BUILD_TYPE to change
# where and how.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" \
      -DPHYSGAN_WERROR="${PHYSGAN_WERROR:-OFF}" > "$build_dir.configure.log" 2>&1 \
  || { cat "$build_dir.configure.log" >&2; exit 1; }
cmake --build "$build_dir" -j "$(nproc)"
