#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang into build-fuzz/ and runs the
# short fuzz_smoke_* tests (a few seconds per target; docs/testing.md,
# "Fuzzing"). Exits 0 when they pass, 1 when one fails; without clang it
# says so and exits 77 (skipped). BUILD_DIR changes where it builds,
# PHYSGAN_FUZZ_SECONDS how long each target runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-fuzz}
if ! command -v clang >/dev/null; then
  echo "SKIP: fuzz smoke runs: clang not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
CC=clang cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Sanitize -DPHYSGAN_FUZZ=ON \
      -DPHYSGAN_FUZZ_SECONDS="${PHYSGAN_FUZZ_SECONDS:-5}" > "$build_dir.configure.log" 2>&1 \
  || { cat "$build_dir.configure.log" >&2; exit 1; }
if ! grep -q '^PHYSGAN_LIBFUZZER_WORKS:INTERNAL=1' "$build_dir/CMakeCache.txt"; then
  echo "SKIP: fuzz smoke runs: clang cannot link -fsanitize=fuzzer (Debian: libclang-rt-14-dev)"
  exit 77
fi
cmake --build "$build_dir" -j "$(nproc)" --target physgan_fuzz_all
ctest --test-dir "$build_dir" -L fuzz --output-on-failure
