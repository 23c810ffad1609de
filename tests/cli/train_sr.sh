# Terrain x4 super-resolution end to end: a few unet_sr steps on synthetic
# terrain (checkpoint, metrics columns), stop and resume, then physgan eval
# sr against bicubic (table and JSON keys for model and bicubic), and
# error exits (wrong-model checkpoint, bad sr_factor, usage).
. "$(dirname "$0")/lib/common.sh"

rm -rf run run2
"$PHYSGAN" simulate terrain --size 32 --count 16 --beta 3 --cell-size 30 \
  --relief 200 --seed 4 --out sr.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 32 --count 4 --beta 3 --cell-size 30 \
  --relief 200 --seed 5 --out val.h5 >/dev/null || exit 1
TRAIN=(train "$SRC/jobs/terrain-sr.ini" -o data.path=sr.h5 -o model.width=4
       -o train.batch=4 -o train.steps=6 -o train.checkpoint_every=3
       -o train.log_every=1 --plain)
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run
expect_out 'finished after step 6'
[ -s run/checkpoints/ckpt-000006.h5 ] || { echo "FAIL: no checkpoint"; exit 1; }
head -1 run/metrics.csv | grep -q '^step,epoch,loss_d,loss_g,l1,feature_matching,terrain.slope,' ||
  { echo "FAIL: metrics header"; head -1 run/metrics.csv; exit 1; }
[ "$(wc -l < run/metrics.csv)" -eq 7 ] || { echo "FAIL: metrics rows"; exit 1; }

# Stop after step 3 (exit 3), resume to 6: the same final G as straight.
expect_exit 3 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --stop-after 3
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --resume
h5dump -d /G/params run/checkpoints/ckpt-000006.h5 | tail -n +2 > a.txt
h5dump -d /G/params run2/checkpoints/ckpt-000006.h5 | tail -n +2 > b.txt
cmp -s a.txt b.txt || { echo "FAIL: resumed G differs"; exit 1; }
# A resume with a changed learning rate is warned about, as in the other
# trainers (one more step from the last checkpoint).
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 -o optim.g_lr=1e-4 -o train.steps=7 --resume
expect_out "changed job: '\[optim\] g_lr = 1e-4' was '\[optim\] g_lr = 2e-4'"

expect_exit 0 -- "$PHYSGAN" eval sr run/checkpoints/ckpt-000006.h5 val.h5
expect_out '\| bicubic +\|'
expect_out '\| bicubic \+ back-projection +\| +[0-9.]+ \|'
expect_exit 0 -- "$PHYSGAN" eval sr run/checkpoints/ckpt-000006.h5 val.h5 --json
for k in model bicubic backprojection; do
  obj=$(sed -n "s/.*\"$k\": *{\([^}]*\)}.*/\1/p" <<<"$out")
  for f in rmse_m slope_rmse_deg psd_error block_error_m; do
    v=$(sed -n "s/.*\"$f\": *\([0-9.eE+-]*\).*/\1/p" <<<"$obj")
    [ -n "$v" ] || { echo "FAIL: JSON $k.$f"; echo "$out"; exit 1; }
    expect_cmp "$v" ">=" 0
  done
done
# The job's model averages back to its coarse input (sr_consistent): its
# block-mean error is float rounding of 200 m relief; bicubic's is not.
bm=$(sed -n 's/.*"model": *{[^}]*"block_error_m": *\([0-9.eE+-]*\).*/\1/p' <<<"$out")
bb=$(sed -n 's/.*"bicubic": *{[^}]*"block_error_m": *\([0-9.eE+-]*\).*/\1/p' <<<"$out")
expect_cmp "$bm" '<' 0.01
expect_cmp "$bb" '>' 0.1
grep -Eq '"patches": *4[,}]' <<<"$out" && grep -Eq '"factor": *4[,}]' <<<"$out" ||
  { echo "FAIL: JSON patches/factor"; exit 1; }

# Errors.
expect_exit 2 -- "$PHYSGAN" eval sr run/checkpoints/ckpt-000006.h5
expect_exit 1 -- "$PHYSGAN" eval sr missing.h5 val.h5
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o model.sr_factor=3
expect_out 'sr_factor'
echo "ok"
