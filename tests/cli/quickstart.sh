# The README's main job (scripts/run-demo.sh) scaled down to seconds: import
# the shipped SRTM sample, train jobs/terrain-gan.ini (penalties on) on 2
# MPI ranks for a few steps of a narrow model, generate, evaluate against
# the validation file, write the report. Each step's outputs must exist and
# `physgan info` must validate the HDF5 ones; eval's JSON carries its keys.
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf data run gen
mkdir -p data   # import writes into an existing directory

# 16 x 16 patches every 48 cells: a few dozen, enough for 2 ranks.
expect_exit 0 -- "$PHYSGAN" import dem \
  "$SRC/data/samples/jacksboro_fault_dem.asc" --patch 16 --stride 48 \
  --out data/jf
expect_out 'train .* patches kept'
for f in data/jf_train.h5 data/jf_val.h5; do
  expect_exit 0 -- "$PHYSGAN" info "$f"
  expect_out 'valid terrain/1'
done

# The main job itself, with the physics keys as shipped.
expect_exit 0 -- mpiexec -n 2 --oversubscribe "$PHYSGAN" train \
  "$SRC/jobs/terrain-gan.ini" -o data.path=data/jf_train.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=4 -o train.steps=6 \
  -o train.log_every=2 -o train.sample_every=6 -o train.samples=4 \
  -o train.checkpoint_every=6 -o output.dir=run --plain
CK=run/checkpoints/ckpt-000006.h5
for f in "$CK" run/metrics.csv run/job.ini run/samples/step-000006.h5; do
  [ -s "$f" ] || { echo "FAIL: $f missing"; exit 1; }
done
head -n 1 run/metrics.csv | grep -q 'terrain.slope,terrain.roughness' || \
  { echo "FAIL: penalty columns"; head -n 1 run/metrics.csv; exit 1; }
echo "ok: checkpoint, metrics with both penalty columns, samples"
expect_exit 0 -- "$PHYSGAN" info "$CK"
expect_out 'valid checkpoint/1'

expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 4 --out gen --plain
expect_out 'generate: 4 patches of 16 x 16 cells'
for f in generated.h5 generated.xmf patch-00.asc patch-03.png; do
  [ -s gen/$f ] || { echo "FAIL: gen/$f missing"; exit 1; }
done
expect_exit 0 -- "$PHYSGAN" info gen/generated.h5
expect_out 'valid terrain/1'

expect_exit 0 -- "$PHYSGAN" eval terrain gen/generated.h5 data/jf_val.h5 \
  --max-slope-deg 30 --json
for k in slope_mean_deg frac_over_max psd_beta ks_slope; do
  [ "$(grep -o "\"$k\":" <<<"$out" | wc -l)" -eq 2 ] || \
    { echo "FAIL: key $k not in both sets"; echo "$out"; exit 1; }
done
echo "ok: eval JSON keys for generated and reference"

expect_exit 0 -- "$PHYSGAN" report run
[ -s run/report.html ] || { echo "FAIL: no report.html"; exit 1; }
echo "ok: report"
