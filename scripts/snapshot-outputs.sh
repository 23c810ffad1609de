#!/usr/bin/env bash
# Behaviour snapshot for refactors: runs every shipped job for a few steps
# (small data made here, one thread) plus simulate terrain|foam, import dem,
# generate (GAN, SR, CycleGAN), rollout (plain and --coarse) and toy --json,
# and writes each output's text form (h5dump with the build-dependent
# created_by, source and train/wall_ms removed) under OUTDIR/. Two snapshots
# compare with `diff -r A B`: a refactor that claims "behaviour unchanged"
# must give none.
#   usage: scripts/snapshot-outputs.sh PHYSGAN_BINARY OUTDIR
set -euo pipefail
bin=$(realpath "$1"); out=$(realpath -m "$2"); src=$(realpath "$(dirname "$0")/..")
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Checkpoints store their job's absolute paths: runs in other working
# directories (SNAPSHOT_WORK, for snapshots made side by side) must name
# one of the same length, and the dumps say /tmp/physgan-snapshot-work.
work=${SNAPSHOT_WORK:-/tmp/physgan-snapshot-work}
[ ${#work} -eq 26 ] || { echo "SNAPSHOT_WORK must have 26 characters" >&2; exit 2; }
rm -rf "$out" "$work"; mkdir -p "$out" "$work"; cd "$work"

# h5dump text of $1 without what changes with the build or the clock.
dump() {
  h5dump "$1" | awk '
    skip { depth += gsub(/{/, "{") - gsub(/}/, "}"); if (depth <= 0) skip = 0; next }
    /ATTRIBUTE "(created_by|source)"|DATASET "wall_ms"/ {
      skip = 1; depth = gsub(/{/, "{") - gsub(/}/, "}"); next }
    { print }' | sed "s|$work|/tmp/physgan-snapshot-work|g" > "$out/$2.txt"
}
run() { "$bin" "$@" --plain > /dev/null 2>&1 || "$bin" "$@" > /dev/null; }

# Data.
"$bin" simulate terrain --size 32 --count 32 --beta 3 --cell-size 30 --seed 1 --out terrain32.h5 > /dev/null
"$bin" simulate terrain --size 16 --count 16 --beta 2 --cell-size 30 --seed 2 --out syn16.h5 > /dev/null
dump terrain32.h5 simulate_terrain
"$bin" import dem "$src/data/samples/jacksboro_fault_dem.asc" --patch 64 --stride 64 --out jf64 > /dev/null
"$bin" import dem "$src/data/samples/jacksboro_fault_dem.asc" --patch 128 --stride 64 \
  --val-fraction 0.35 --gap 32 --out jf128 > /dev/null
"$bin" import dem "$src/data/samples/jacksboro_fault_dem.asc" --patch 32 --stride 32 --out jf32 > /dev/null
dump jf64_train.h5 import_dem64
"$bin" simulate foam --size 32 --bubbles 16 --frames 8 --interval 10 --sequences 2 --seed 1 --out foam32.h5 > /dev/null
"$bin" simulate foam --size 64 --bubbles 64 --frames 1 --sequences 1 --seed 3 --out foam64.h5 > /dev/null
dump foam32.h5 simulate_foam

# Every shipped job, 3 steps, a checkpoint at the end.
train() { # job name, extra overrides...
  local job=$1 name=$2; shift 2
  run train "$src/jobs/$job.ini" -o output.dir="run_$name" -o train.steps=3 \
    -o train.checkpoint_every=3 -o train.sample_every=3 -o train.log_every=1 "$@"
  dump "run_$name/checkpoints/ckpt-000003.h5" "ckpt_$name"
}
train terrain-gan gan -o data.path=jf64_train.h5 -o train.batch=4
train terrain-gan-128 gan128 -o data.path=jf128_train.h5 -o train.batch=2
train terrain-gan-tiny tiny -o data.path=terrain32.h5
train terrain-sr sr -o data.path=jf32_train.h5 -o train.batch=4
train terrain-cyclegan cyclegan -o data.path=jf32_train.h5 -o data.path_synthetic=terrain32.h5 -o train.batch=2
train foam-surrogate foam -o data.path=foam32.h5 -o model.depth=3 -o data.film_sigma=1.5 -o train.batch=2
train foam-surrogate-128 foam128 -o data.path=foam32.h5 -o model.depth=3 -o train.batch=2
mpiexec -n 2 --oversubscribe "$bin" train "$src/jobs/terrain-gan-tiny.ini" -o data.path=terrain32.h5 \
  -o output.dir=run_mpi -o train.steps=3 -o train.checkpoint_every=3 --plain > /dev/null 2>&1
dump run_mpi/checkpoints/ckpt-000003.h5 ckpt_tiny_mpi2
"$bin" demo xor "$src/jobs/xor-demo.ini" --json > "$out/demo_xor.json"

# Generators.
run generate run_gan/checkpoints/ckpt-000003.h5 --n 8 --seed 5 --out gen_gan
dump gen_gan/generated.h5 generate_gan
run generate run_sr/checkpoints/ckpt-000003.h5 --input jf32_val.h5 --n 4 --out gen_sr
dump gen_sr/generated.h5 generate_sr
run generate run_cyclegan/checkpoints/ckpt-000003.h5 --input terrain32.h5 --n 4 --out gen_cyc
dump gen_cyc/generated.h5 generate_cyclegan
run rollout run_foam/checkpoints/ckpt-000003.h5 --init foam32.h5:all:3 --steps 3 --out roll.h5
dump roll.h5 rollout
run rollout run_foam/checkpoints/ckpt-000003.h5 --init foam64.h5:all:0 --steps 2 --coarse 2 --out roll_coarse.h5
dump roll_coarse.h5 rollout_coarse
run rollout run_foam128/checkpoints/ckpt-000003.h5 --init foam32.h5:1:-1 --steps 2 --no-project --out roll128.h5
dump roll128.h5 rollout128
"$bin" toy --json --steps 200 --seed 3 | sed 's/, "seconds".*//' > "$out/toy.json"
"$bin" simulate foam --init foam32.h5:all:3 --frames 3 --interval 20 --seed 4 --out ref.h5 > /dev/null
dump ref.h5 simulate_foam_init
rm -rf "$work"
echo "snapshot in $out: $(ls "$out" | wc -l) files"
