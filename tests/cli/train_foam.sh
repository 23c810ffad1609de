# The foam surrogate (unet_foam) end to end on a tiny 32x32 foam: training
# with every foam penalty and Professor Forcing (metrics columns,
# checkpoint with the PF discriminator), stop and resume bit-identical,
# the PF term changing G's update (and only G's), and job-file errors.
. "$(dirname "$0")/lib/common.sh"

rm -rf run*
"$PHYSGAN" simulate foam --size 32 --bubbles 16 --frames 8 --interval 10 \
  --sequences 2 --seed 1 --out foam.h5 >/dev/null 2>&1 || exit 1
TRAIN=(train "$SRC/jobs/foam-surrogate.ini" -o data.path=foam.h5
       -o model.depth=3 -o model.d_layers=2 -o model.width=4
       -o physics.foam_vonneumann_weight=0.1 -o train.batch=2
       -o data.film_sigma=0 -o physics.foam_plateau_weight=0.1
       -o train.steps=6 -o train.checkpoint_every=3 -o train.log_every=1
       --plain)
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run
expect_out 'finished after step 6'
[ -s run/checkpoints/ckpt-000006.h5 ] || { echo "FAIL: no checkpoint"; exit 1; }
head -1 run/metrics.csv | grep -q '^step,epoch,loss_d,loss_g,l1,feature_matching,foam.mass,foam.plateau,foam.vonneumann,loss_pf_d,professor_forcing,d_real,' ||
  { echo "FAIL: metrics header"; head -1 run/metrics.csv; exit 1; }
[ "$(wc -l < run/metrics.csv)" -eq 7 ] || { echo "FAIL: metrics rows"; exit 1; }
# Every penalty and the PF terms were computed (non-zero) in step 6.
row=$(tail -1 run/metrics.csv)
for col in 7 8 9 10 11; do
  v=$(cut -d, -f$col <<<"$row")
  expect_cmp "$v" ">" 0
done
h5dump -H run/checkpoints/ckpt-000006.h5 | grep -q 'DATASET "params"' &&
  h5dump -d /Dpf/params -H run/checkpoints/ckpt-000006.h5 >/dev/null 2>&1 ||
  { echo "FAIL: no /Dpf/params in the checkpoint"; exit 1; }

# Stop after step 3 (exit 3), resume to 6: the same final G and D_pf.
expect_exit 3 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --stop-after 3
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --resume
for ds in /G/params /Dpf/params; do
  h5dump -d $ds run/checkpoints/ckpt-000006.h5 | tail -n +2 > a.txt
  h5dump -d $ds run2/checkpoints/ckpt-000006.h5 | tail -n +2 > b.txt
  cmp -s a.txt b.txt || { echo "FAIL: resumed $ds differs"; exit 1; }
done

# The PF term changes G's update and nothing else: one step with
# pf_weight 1 and 5 from the same start, data and D_pf: D is the same
# (its update comes first), G differs.
ONE=("${TRAIN[@]}" -o train.steps=1 -o train.checkpoint_every=1)
expect_exit 0 -- "$PHYSGAN" "${ONE[@]}" -o output.dir=run_pf1 -o loss.pf_weight=1
expect_exit 0 -- "$PHYSGAN" "${ONE[@]}" -o output.dir=run_pf5 -o loss.pf_weight=5
for ds in /G/params /D/params; do
  h5dump -d $ds run_pf1/checkpoints/ckpt-000001.h5 | tail -n +2 > a.txt
  h5dump -d $ds run_pf5/checkpoints/ckpt-000001.h5 | tail -n +2 > b.txt
  if [ $ds = /D/params ]; then
    cmp -s a.txt b.txt || { echo "FAIL: pf_weight changed D's update"; exit 1; }
  else
    cmp -s a.txt b.txt && { echo "FAIL: pf_weight did not change G's update"; exit 1; }
  fi
done
echo "ok: pf_weight changes G's update only"

# The growth-law term ([loss] mean_match_weight): its own column, computed
# (> 0, summed over G's step and the PF unroll's free-running steps), and
# G's update changes while D's does not (run_pf1 is the same step without it).
expect_exit 0 -- "$PHYSGAN" "${ONE[@]}" -o output.dir=run_mm -o loss.pf_weight=1 \
  -o loss.mean_match_weight=1000
head -1 run_mm/metrics.csv | grep -q '^step,epoch,loss_d,loss_g,l1,feature_matching,mean_match,foam.mass,' ||
  { echo "FAIL: mean_match column"; head -1 run_mm/metrics.csv; exit 1; }
expect_cmp "$(tail -1 run_mm/metrics.csv | cut -d, -f7)" ">" 0
for ds in /G/params /D/params; do
  h5dump -d $ds run_pf1/checkpoints/ckpt-000001.h5 | tail -n +2 > a.txt
  h5dump -d $ds run_mm/checkpoints/ckpt-000001.h5 | tail -n +2 > b.txt
  if [ $ds = /D/params ]; then
    cmp -s a.txt b.txt || { echo "FAIL: mean_match changed D's update"; exit 1; }
  else
    cmp -s a.txt b.txt && { echo "FAIL: mean_match did not change G's update"; exit 1; }
  fi
done
echo "ok: mean_match_weight changes G's update only"

# [data] coarsen = 2: G trains on the 16x16 block-mode coarsened frames,
# and its step is in MCS of that grid (2 frames of 10 MCS / 2^2 = 5), so
# `rollout --coarse 2` steps the 32x32 frames by 20 MCS again.
expect_exit 0 -- "$PHYSGAN" "${ONE[@]}" -o output.dir=run_c2 -o data.coarsen=2
h5dump -d /foam/height run_c2/checkpoints/ckpt-000001.h5 | grep -q '(0): 16' ||
  { echo "FAIL: coarsen = 2 did not train on 16x16"; exit 1; }
h5dump -d /foam/step_mcs run_c2/checkpoints/ckpt-000001.h5 | grep -q '(0): 5$' ||
  { echo "FAIL: coarsen = 2 step_mcs"; h5dump -d /foam/step_mcs run_c2/checkpoints/ckpt-000001.h5; exit 1; }
expect_exit 0 -- "$PHYSGAN" rollout run_c2/checkpoints/ckpt-000001.h5 \
  --init foam.h5:0:0 --steps 2 --coarse 2 --out roll_c2.h5
h5dump -d /time roll_c2.h5 | tr -d ' ' | grep -q '(0):0,20,40' ||
  { echo "FAIL: coarse rollout times"; h5dump -d /time roll_c2.h5; exit 1; }
expect_exit 2 -- "$PHYSGAN" "${ONE[@]}" -o output.dir=run3 -o data.coarsen=3
expect_out 'foam.h5: frames of 32x32 cannot be coarsened by \[data\] coarsen = 3'
echo "ok: [data] coarsen trains on the coarse frames"

# Two ranks (data-parallel, PF discriminator's gradients averaged too):
# stop and resume give the same G as a straight run.
if command -v mpiexec >/dev/null; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  MPI=(mpiexec -n 2 --oversubscribe)
  expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o train.batch=1 -o output.dir=run_m
  expect_exit 3 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o train.batch=1 -o output.dir=run_m2 --stop-after 3
  expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o train.batch=1 -o output.dir=run_m2 --resume
  h5dump -d /G/params run_m/checkpoints/ckpt-000006.h5 | tail -n +2 > a.txt
  h5dump -d /G/params run_m2/checkpoints/ckpt-000006.h5 | tail -n +2 > b.txt
  cmp -s a.txt b.txt || { echo "FAIL: 2-rank resumed G differs"; exit 1; }
fi

# Errors name the key.
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o data.dataset=/terrain
expect_out 'dataset = /labels'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o data.frame_step=3
expect_out 'frame_step = 3'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o model.depth=6
expect_out 'depth = 6'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o physics.terrain_slope_weight=1
expect_out 'terrain_slope_weight'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o data.film_sigma=5
expect_out 'film_sigma'
echo "ok"
