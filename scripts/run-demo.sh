#!/usr/bin/env bash
# Fresh machine to a finished job: installs the Debian packages, builds, and
# runs the default job end to end: import the shipped SRTM sample, train the
# terrain GAN (jobs/terrain-gan.ini, slope, roughness and slope-distribution penalties on) on 2
# MPI ranks, generate patches, evaluate them against the training and the
# validation region, write the HTML report. Everything lands in out/ (out/demo.log has the
# commands' output). `build/physgan demo xor` is the engine's self-check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
P=${BUILD_DIR:-build}/physgan   # scripts/build.sh builds there too
RUN=out/runs/terrain-gan
GEN=out/terrain-gan-generated

# Open MPI refuses to run as root unless told that it is meant.
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi

# The trainer refuses to start over an earlier run's checkpoints (it would
# need --resume); the demo always starts fresh, so the previous demo run
# and its outputs go.
if [ -e "$RUN" ] || [ -e "$GEN" ]; then
  echo "run-demo: removing the previous demo run ($RUN, $GEN)"
  rm -rf "$RUN" "$GEN"
fi

echo "== import: the shipped SRTM tile into 64 x 64 patches"
mkdir -p out/data
$P import dem data/samples/jacksboro_fault_dem.asc --patch 64 --stride 16 \
  --out out/data/jacksboro
echo "== train: jobs/terrain-gan.ini on 2 MPI ranks"
mpiexec -n 2 --oversubscribe $P train jobs/terrain-gan.ini --plain
CK=$(ls "$RUN"/checkpoints/ckpt-*.h5 | tail -n 1)
echo "== generate: 64 patches from $CK"
$P generate "$CK" --n 64 --out "$GEN" --plain
echo "== eval: generated vs the training region G learned and the held-out validation region"
$P eval terrain "$GEN/generated.h5" out/data/jacksboro_train.h5 \
  out/data/jacksboro_val.h5 --max-slope-deg 30 --json-out "$GEN/eval.json" |
  tee "$GEN/eval.txt"
echo "== report"
$P report "$RUN"
echo
echo "run-demo: done. Outputs:"
echo "  training data    out/data/jacksboro_train.h5, out/data/jacksboro_val.h5"
echo "  run directory    $RUN (metrics.csv, train.log, samples/, checkpoints/)"
echo "  report           $RUN/report.html"
echo "  generated        $GEN (generated.h5 + .xmf, patch-NN.asc, patch-NN.png)"
echo "  evaluation       $GEN/eval.txt, $GEN/eval.json"
