# CycleGAN terrain translation end to end on tiny synthetic domains (16 x 16
# patches): a few steps (checkpoint with the four nets and Adam states,
# metrics columns), stop after a step and resume bit-identically, a NaN
# stop naming the term, and job errors (no synthetic path, patch sizes
# that differ between the two files, a roughness weight).
. "$(dirname "$0")/lib/common.sh"

rm -rf run run2 run3 run4 run5 run6 gan gen gen2 gen3 gen4
"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2 --cell-size 30 \
  --relief 150 --seed 1 --out syn.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 16 --count 16 --beta 4 --cell-size 30 \
  --relief 250 --seed 2 --out real.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 32 --count 8 --beta 4 --cell-size 30 \
  --relief 250 --seed 3 --out real32.h5 >/dev/null || exit 1
TRAIN=(train "$SRC/jobs/terrain-cyclegan.ini" -o data.path=real.h5
       -o data.path_synthetic=syn.h5 -o model.width=4 -o model.depth=2
       -o loss.identity_weight=0.5 -o train.batch=4 -o train.steps=8
       -o train.checkpoint_every=4 -o train.log_every=1 --plain)
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run
expect_out 'finished after step 8'
CK=run/checkpoints/ckpt-000008.h5
[ -s $CK ] || { echo "FAIL: no checkpoint"; exit 1; }
# G = G_AB and D = D_B under checkpoint/1's names, G_BA and D_A beside.
for d in G/params G_BA/params D_A/params D/params opt/G/m opt/G_BA/v \
         opt/D_A/step opt/D/m train/loader_a_index data/cell_size_y_m; do
  h5dump -H -d /$d $CK >/dev/null 2>&1 || { echo "FAIL: no /$d"; exit 1; }
done
echo "ok: four nets and their Adam states in the checkpoint"
expect_exit 0 -- "$PHYSGAN" info $CK
expect_out 'verdict: valid'
head -1 run/metrics.csv | grep -q '^step,epoch,loss_d,loss_g,d_real,d_fake,loss_d_a,loss_d_b,adv_ab,adv_ba,cycle_a,cycle_b,identity,terrain.slope,' ||
  { echo "FAIL: metrics header"; head -1 run/metrics.csv; exit 1; }
[ "$(wc -l < run/metrics.csv)" -eq 9 ] || { echo "FAIL: metrics rows"; exit 1; }
# The cycle terms are mean absolute differences of [-1, 1] patches.
cyc=$(awk -F, 'NR == 9 { print $11 }' run/metrics.csv)
expect_cmp "$cyc" ">" 0
expect_cmp "$cyc" "<" 2

# Stop after step 3 (exit 3), resume to 8: every array as a straight run.
expect_exit 3 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --stop-after 3
expect_out 'stopped after step 3'
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --resume
expect_out 'resuming from .*ckpt-000003.h5'
for d in G/params G_BA/params D_A/params D/params opt/G/m \
         opt/D/v train/loader_a_epoch train/loader_a_index loader/index; do
  h5dump -d /$d $CK | tail -n +2 > a.txt
  h5dump -d /$d run2/checkpoints/ckpt-000008.h5 | tail -n +2 > b.txt
  cmp -s a.txt b.txt || { echo "FAIL: resumed /$d differs"; exit 1; }
done
echo "ok: resumed run identical to the straight one"
# Resuming with a key that changes the trajectory warns.
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --resume \
  -o train.steps=9 -o optim.g_lr=1e-4
expect_out "changed job: '\\[optim\\] g_lr = 1e-4' was '\\[optim\\] g_lr = 2e-4'"
cmp -s run/metrics.csv <(head -9 run2/metrics.csv) ||
  diff <(cut -d, -f1-16 run/metrics.csv) <(head -9 run2/metrics.csv | cut -d, -f1-16) ||
  { echo "FAIL: resumed metrics differ"; exit 1; }

# Generate from the checkpoint: the first 5 synthetic patches translated,
# the same files as the unconditional path; the output keeps each input
# patch's midpoint and half range in scale (tanh output within them).
expect_exit 0 -- "$PHYSGAN" generate $CK --input syn.h5 --n 5 --out gen --plain
expect_out 'generate: 5 patches of 16 x 16 cells .* from syn.h5 translated by G_AB'
for f in generated.h5 generated.xmf patch-00.asc patch-04.asc patch-04.png \
         job.ini; do
  [ -s gen/$f ] || { echo "FAIL: gen/$f missing"; exit 1; }
done
[ ! -e gen/patch-05.asc ] || { echo "FAIL: too many patches"; exit 1; }
expect_exit 0 -- "$PHYSGAN" info gen/generated.h5
expect_out 'terrain/1'
expect_exit 0 -- "$PHYSGAN" eval terrain gen/generated.h5 real.h5 --json
expect_out '"patches": 5,'
out=${out%%\"reference\"*}   # the generated set's keys only
rel=$(json_num relief_mean_m)
expect_cmp "$rel" ">" 0
expect_cmp "$rel" "<=" 150.001
# Clear errors: --input missing for a conditional checkpoint, given for an
# unconditional one, more patches than the input holds.
expect_exit 1 -- "$PHYSGAN" generate $CK --n 2 --out gen2
expect_out 'conditional model .*--input FILE.h5'
expect_exit 1 -- "$PHYSGAN" generate $CK --input syn.h5 --n 25 --out gen3
expect_out 'holds 24 patches'
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=real.h5 \
  -o train.steps=1 -o train.batch=4 -o output.dir=gan --plain >/dev/null 2>&1 ||
  { echo "FAIL: tiny GAN"; exit 1; }
expect_exit 1 -- "$PHYSGAN" generate gan/checkpoints/ckpt-000001.h5 \
  --input syn.h5 --n 2 --out gen4
expect_out 'generates from noise; --input is for conditional'

# A NaN in G_AB's output stops the run, naming the term, with exit 1.
expect_exit 1 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 --poison-step 2
expect_out 'step 2: adv_ab is NaN or Inf'

# Job errors: exit 2 naming the key.
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run4 \
  -o data.path_synthetic=
expect_out 'path_synthetic: required'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run5 \
  -o data.path=real32.h5
expect_out '16x16 patches and \[data\] path = .*real32.h5 has 32x32'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run6 \
  -o physics.terrain_roughness_weight=1
expect_out 'terrain_roughness_weight'
echo "ok"
