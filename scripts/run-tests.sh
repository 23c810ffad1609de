#!/usr/bin/env bash
# Fresh machine to a full test run: installs the Debian packages, builds, and
# runs every test (unit, gradcheck, mpi, cli, browser, slurm), then the
# libFuzzer smoke runs (a clang build in build-fuzz/, a few seconds per
# target: scripts/fuzz-smoke.sh). Exits non-zero if any fails. Skipped tests (exit 77: a tool they need is missing) are
# counted at the end, each with the reason it printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build=${BUILD_DIR:-build}
set +e
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" | tee "$build/ctest.out"
rc=${PIPESTATUS[0]}
set -e
skipped=$(sed -n 's/.*Test *#[0-9]*: \([^ ]*\) .*\*\*\*Skipped.*/\1/p' "$build/ctest.out")
echo "skipped tests: $(printf '%s' "$skipped" | grep -c .)"
for t in $skipped; do
  # The first SKIP line in the test's output (ctest's log).
  why=$(awk -v t="$t" '$2 == "Testing:" && $3 == t { on = 1; next }
                       $2 == "Testing:" { on = 0 }
                       on && /^(SKIP|skip)/ { print; exit }' \
        "$build/Testing/Temporary/LastTest.log")
  echo "  $t: ${why:-(no reason printed)}"
done
set +e
bash scripts/fuzz-smoke.sh 2>&1 | tee "$build/fuzz.out"
frc=${PIPESTATUS[0]}
set -e
if [ "$frc" -eq 77 ]; then
  echo "skipped: fuzz smoke runs: $(grep -m1 '^SKIP' "$build/fuzz.out")"
elif [ "$frc" -ne 0 ]; then
  echo "fuzz smoke runs FAILED (exit $frc)"
  rc=1
fi
exit "$rc"
