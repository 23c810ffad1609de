#!/usr/bin/env bash
# The README demo's commands under valgrind memcheck (docs/testing.md,
# "Memory"): import dem, train (jobs/terrain-gan.ini, the demo's model, cut
# to 2 steps of batch 2 with 2 sample patches: valgrind runs it about 50x
# slower), generate, eval terrain (its two-sample test cut to 1 seed and 1
# epoch: the README's 3 x 30 take over 10 minutes here), report, demo xor. One process each (no
# mpiexec: Open MPI under valgrind reports its own transport's memory).
# Fails (exit 1) on any memcheck error or definite leak outside Open MPI's
# MPI_Init (scripts/valgrind/openmpi-init.supp). Usage:
#   bash scripts/valgrind-demo.sh [BUILD/physgan] [OUTDIR]   (default /tmp/physgan-valgrind)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
P=${1:-$SRC/build/physgan}
OUT=${2:-/tmp/physgan-valgrind}
command -v valgrind >/dev/null || { echo "FAIL: no valgrind (apt-get install valgrind)"; exit 1; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
rm -rf "$OUT"; mkdir -p "$OUT/data"
VG=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite
    --errors-for-leak-kinds=definite --num-callers=40
    --suppressions=/usr/share/openmpi/openmpi-valgrind.supp
    --suppressions="$SRC/scripts/valgrind/openmpi-init.supp")
failed=0
step() {
  local name=$1; shift
  local t0=$SECONDS rc=0
  "${VG[@]}" --log-file="$OUT/$name.vg" "$@" >"$OUT/$name.out" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ] && [ ! -s "$OUT/$name.vg" ]; then
    echo "clean: $name ($((SECONDS - t0)) s)"
  else
    echo "FAIL: $name exited $rc; valgrind: $OUT/$name.vg, output: $OUT/$name.out"
    failed=1
  fi
}
step import "$P" import dem "$SRC/data/samples/jacksboro_fault_dem.asc" \
  --patch 64 --stride 16 --out "$OUT/data/jacksboro"
step train "$P" train "$SRC/jobs/terrain-gan.ini" \
  -o data.path="$OUT/data/jacksboro_train.h5" -o train.steps=2 \
  -o train.batch=2 -o train.samples=2 -o output.dir="$OUT/run" --plain
step generate "$P" generate "$OUT/run/checkpoints/ckpt-000002.h5" --n 4 \
  --out "$OUT/gen" --plain
step eval "$P" eval terrain "$OUT/gen/generated.h5" \
  "$OUT/data/jacksboro_train.h5" "$OUT/data/jacksboro_val.h5" \
  --c2st-seeds 1 --c2st-epochs 1
step report "$P" report "$OUT/run"
step demo_xor "$P" demo xor --json
exit "$failed"
