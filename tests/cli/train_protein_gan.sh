# The sequence GAN trainer (protein_gan) end to end on a tiny protein/1
# file of two families: a few steps (checkpoint with G, D, C and their
# Adam states, metrics columns, the critic's accuracy a fraction), stop
# after a step and resume bit-identically, a NaN stop naming the term, the
# profile term on dilated blocks, its score hinge, pre-training G on the
# profile term alone, and job errors (length too short, not a multiple of 4, no data path).
. "$(dirname "$0")/lib/common.sh"

rm -rf run run2 run3 run4 run5 pre1 pre2 pre3
printf '>a1\nMKVLAAGHHE\n>a2\nMKVLSAGHHD\n>a3\nMRVLAAGHYE\n>a4\nMKILAAGHHE\n' > fa.fa
printf '>b1\nWWPPCYTRQ\n>b2\nWWPPCYTRN\n>b3\nWFPPCYTRQ\n' > fb.fa
"$PHYSGAN" import fasta fa.fa fb.fa --out tiny.h5 >/dev/null || exit 1
TRAIN=(train "$SRC/jobs/protein-gan.ini" -o data.path=tiny.h5
       -o model.width=4 -o model.z_dim=4 -o model.res_blocks=1
       -o train.batch=4 -o train.steps=8 -o train.checkpoint_every=4
       -o train.log_every=1 -o loss.profile_pretrain_steps=0
       -o physics.protein_profile_weight=0 --plain)
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run
expect_out 'finished after step 8'
CK=run/checkpoints/ckpt-000008.h5
for d in G/params D/params C/params opt/G/m opt/D/v opt/C/m protein/length \
         protein/families; do
  h5dump -H -d /$d $CK >/dev/null 2>&1 || { echo "FAIL: no /$d"; exit 1; }
done
echo "ok: three nets and their Adam states in the checkpoint"
# Longest sequence 10 residues: length 12, two families.
h5dump -d /protein/length $CK | grep -q '(0): 12' || { echo "FAIL: length"; exit 1; }
h5dump -d /protein/families $CK | grep -q '(0): 2' || { echo "FAIL: families"; exit 1; }
expect_exit 0 -- "$PHYSGAN" info $CK
expect_out 'verdict: valid'
head -1 run/metrics.csv | grep -q '^step,epoch,loss_d,loss_g,d_real,d_fake,critic_loss,critic_acc,reward_ce,fake_acc,' ||
  { echo "FAIL: metrics header"; head -1 run/metrics.csv; exit 1; }
[ "$(wc -l < run/metrics.csv)" -eq 9 ] || { echo "FAIL: metrics rows"; exit 1; }
acc=$(awk -F, 'NR == 9 { print $8 }' run/metrics.csv)
expect_cmp "$acc" ">=" 0
expect_cmp "$acc" "<=" 1
# The critic starts near chance over 3 classes: cross-entropy near log 3.
ce=$(awk -F, 'NR == 2 { print $7 }' run/metrics.csv)
expect_cmp "$ce" ">" 0.5
expect_cmp "$ce" "<" 2

# Stop after step 3 (exit 3), resume to 8: every array as a straight run.
expect_exit 3 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --stop-after 3
expect_out 'stopped after step 3'
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run2 --resume
expect_out 'resuming from .*ckpt-000003.h5'
for d in G/params D/params C/params opt/G/m opt/D/v opt/C/v; do
  h5dump -d /$d $CK | tail -n +2 > a.txt
  h5dump -d /$d run2/checkpoints/ckpt-000008.h5 | tail -n +2 > b.txt
  cmp -s a.txt b.txt || { echo "FAIL: resumed /$d differs"; exit 1; }
done
echo "ok: resumed run identical to the straight one"
diff <(cut -d, -f1-13 run/metrics.csv) <(cut -d, -f1-13 run2/metrics.csv) ||
  { echo "FAIL: resumed metrics differ"; exit 1; }

# A NaN in G's output stops the run naming the first term it reaches (D
# judges the fakes before G's update).
expect_exit 1 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 --poison-step 2
expect_out 'step 2: loss_d is NaN or Inf; training stopped'

# The profile term (protein.profile, from this split's alignment) on
# dilated residual blocks: its column is the mean KL per position, finite
# and positive, and it falls as G learns the profile over 30 steps at G's
# pre-training rate (the mean of steps 26-30 below 0.8 times that of steps
# 1-5: a batch of 4 makes single steps noisy; measured 2.35 -> 1.05).
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run4 -o train.steps=30 \
  -o physics.protein_profile_weight=1 -o model.dilated=true -o model.res_blocks=2 \
  -o optim.g_lr=2e-3
head -1 run4/metrics.csv | grep -q ',grad_norm_c,profile_kl,' ||
  { echo "FAIL: no profile_kl column"; exit 1; }
awk -F, 'NR > 1 && NR <= 6 { a += $12 / 5 } NR > 26 { b += $12 / 5 } END {
         if (!(a > 0 && b > 0 && b < 0.8 * a)) { print "FAIL: profile_kl " a " -> " b; exit 1 }
         print "ok: profile_kl " a " -> " b }' run4/metrics.csv || exit 1
# The score hinge's column (profile_score: the mean expected log-odds per
# profile column of G's distributions) rises with the hinge on (the job's
# end term off, which alone moves the end tokens, not the columns' score:
# with it on this tiny run's score stayed flat, -0.3396 -> -0.3406).
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run5 -o train.steps=30 \
  -o physics.protein_profile_weight=1 -o physics.protein_profile_score_weight=1 \
  -o physics.protein_profile_end_weight=0
head -1 run5/metrics.csv | grep -q ',profile_kl,profile_score,' ||
  { echo "FAIL: no profile_score column"; exit 1; }
awk -F, 'NR == 2 { a = $13 } END { b = $13
         if (!(b > a)) { print "FAIL: profile_score " a " -> " b; exit 1 }
         print "ok: profile_score " a " -> " b }' run5/metrics.csv || exit 1

# Pre-training on the profile term: for its first 6 steps G feels neither
# D nor the critic, so runs that differ only in D's learning rate and the
# critic's weight have the same G at step 6 (and D, C differ); without
# pre-training they do not.
PRE=("${TRAIN[@]}" -o train.steps=6 -o physics.protein_profile_weight=1)
expect_exit 0 -- "$PHYSGAN" "${PRE[@]}" -o output.dir=pre1 -o loss.profile_pretrain_steps=6
expect_exit 0 -- "$PHYSGAN" "${PRE[@]}" -o output.dir=pre2 -o loss.profile_pretrain_steps=6 \
  -o optim.d_lr=1e-3 -o loss.critic_weight=5
expect_exit 0 -- "$PHYSGAN" "${PRE[@]}" -o output.dir=pre3 -o loss.profile_pretrain_steps=5 \
  -o optim.d_lr=1e-3 -o loss.critic_weight=5
g6() { h5dump -d /G/params "$1/checkpoints/ckpt-000006.h5" | tail -n +2; }
cmp -s <(g6 pre1) <(g6 pre2) || { echo "FAIL: G felt D or C while pre-training"; exit 1; }
cmp -s <(h5dump -d /D/params pre1/checkpoints/ckpt-000006.h5) \
       <(h5dump -d /D/params pre2/checkpoints/ckpt-000006.h5) &&
  { echo "FAIL: D did not train while G pre-trained"; exit 1; }
cmp -s <(g6 pre1) <(g6 pre3) && { echo "FAIL: step 6 after pre-training ignored D and C"; exit 1; }
echo "ok: G pre-trains on the profile term alone, then D and C reach it"
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o loss.profile_pretrain_steps=5
expect_out '\[loss\] profile_pretrain_steps = 5 pre-trains G on the profile term, which is off'

# Penalties of other domains do not apply to sequences.
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o physics.terrain_slope_weight=1
expect_out 'terrain_slope_weight'

# Job errors name the key.
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o model.length=8
expect_out '\[model\] length = 8: protein_gan needs a multiple of 4 of at least the longest training sequence \(.*tiny.h5: 10 residues; 0 picks 12\)'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o model.length=14
expect_out '\[model\] length = 14'
expect_exit 2 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=run3 -o data.path=
expect_out '\[data\] path: required'
echo "protein_gan training checks passed"
