# physgan train on one process: usage and job-file errors (exit 2), the run
# directory, refusing to restart over checkpoints, a stop through the
# signal path (exit 3) and a resume that reproduces the straight run's
# metrics, a real SIGTERM, a corrupt newest checkpoint skipped with a
# warning, a NaN stop (exit 1) keeping the last good checkpoint, and an
# unwritable run directory (exit 1).
. "$(dirname "$0")/lib/common.sh"

# Run directories of an earlier run of this test would be refused.
rm -rf r0 straight resumed sig corrupt nan afile a.csv b.csv
expect_exit 2 -- "$PHYSGAN" train
expect_out 'expected JOB.ini'
expect_exit 0 -- "$PHYSGAN" train --help
expect_out 'exit codes: 0 finished'
expect_exit 2 -- "$PHYSGAN" train --bogus job.ini
expect_exit 2 -- "$PHYSGAN" train a.ini b.ini
expect_out "unexpected argument 'b.ini'"
expect_exit 2 -- "$PHYSGAN" train --stop-after x job.ini

"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
# The tiny job with the dataset, a small model and frequent checkpoints.
J="$SRC/jobs/terrain-gan-tiny.ini"
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=2 -o train.steps=30 -o train.log_every=5
        -o train.checkpoint_every=4 -o train.sample_every=10 -o train.samples=3
        --plain)

# [data] path is required: a job-file error naming the key.
expect_exit 2 -- "$PHYSGAN" train "$J" -o data.path= -o output.dir=r0
expect_out '\[data\] path'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" -o model.arch=mlp \
  -o output.dir=r0
expect_out 'arch = mlp is not a GAN model'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" -o loss.kind=nope \
  -o output.dir=r0
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" -o train.batch=25 \
  -o output.dir=r0
expect_out 'smallest shard'
[ ! -e r0/checkpoints/ckpt-000004.h5 ] || { echo "FAIL: error wrote"; exit 1; }

# A straight run: every file of the run directory.
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=straight
expect_out 'finished after step 30'
for f in job.ini metrics.csv train.log samples/step-000010.h5 \
         samples/step-000030.h5 checkpoints/ckpt-000030.h5; do
  [ -s straight/$f ] || { echo "FAIL: straight/$f missing"; exit 1; }
done
echo "ok: run directory complete"
n=$(ls straight/checkpoints | wc -l)
[ "$n" -eq 3 ] || { echo "FAIL: $n checkpoints kept, expected 3"; exit 1; }
echo "ok: keep_checkpoints = 3"
head -n 1 straight/metrics.csv | grep -q '^step,epoch,loss_d,loss_g,d_real,d_fake,terrain.slope,terrain.roughness,grad_x_adv,grad_x_pen,grad_norm_g,grad_norm_d,samples_per_s,wall_s$' \
  || { echo "FAIL: header"; head -n 1 straight/metrics.csv; exit 1; }
[ "$(wc -l < straight/metrics.csv)" -eq 7 ] || { echo "FAIL: rows"; exit 1; }
echo "ok: metrics.csv header and 6 rows"
grep -q '^\[data\]' straight/job.ini || { echo "FAIL: job.ini"; exit 1; }
# (No "unknown command" escape: info is part of every build, and a test
# that switched itself off without it could pass unchecked.)
expect_exit 0 -- "$PHYSGAN" info straight/samples/step-000030.h5
echo "ok: sample file validates"

# Starting again over checkpoints without --resume is refused.
expect_exit 1 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=straight
expect_out 'already holds 3 checkpoints'

# Stop after 13 (the signal path), resume to 30: the same numbers as the
# straight run (all columns but the timing ones), each step once.
expect_exit 3 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=resumed \
  --stop-after 13
expect_out 'stopped after step 13'
[ -s resumed/checkpoints/ckpt-000013.h5 ] || { echo "FAIL: no stop ckpt"; exit 1; }
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=resumed \
  --resume
expect_out 'resuming from .*ckpt-000013.h5 at step 13'
cut -d, -f1-10 straight/metrics.csv > a.csv
cut -d, -f1-10 resumed/metrics.csv > b.csv
cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: resumed metrics differ"; exit 1; }
echo "ok: resumed run has the straight run's metrics, no duplicate step"
grep -q 'resume from' resumed/train.log || { echo "FAIL: train.log"; exit 1; }

# A real SIGTERM: the run checkpoints the step it is in and exits 3.
"$PHYSGAN" train "$J" "${common[@]}" -o train.steps=100000 \
  -o train.checkpoint_every=100000 -o output.dir=sig >sig.out 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ "$(wc -l < sig/metrics.csv 2>/dev/null || echo 0)" -ge 2 ] && break
  sleep 0.1
done
kill -TERM $pid; wait $pid; rc=$?
[ $rc -eq 3 ] || { echo "FAIL: SIGTERM exit $rc"; cat sig.out; exit 1; }
grep -q 'SIGTERM: stopped after step' sig.out || { cat sig.out; exit 1; }
ls sig/checkpoints/ckpt-*.h5 >/dev/null || { echo "FAIL: no checkpoint"; exit 1; }
echo "ok: SIGTERM -> checkpoint, exit 3"

# A corrupt newest checkpoint: resume takes the previous one, with a warning.
cp -r resumed corrupt
printf 'garbage' | dd of=corrupt/checkpoints/ckpt-000030.h5 bs=1 seek=2000 \
  conv=notrunc 2>/dev/null
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=corrupt \
  -o train.steps=32 --resume
expect_out 'ckpt-000030.h5'
expect_out 'resuming from .*ckpt-000028.h5 at step 28'
! grep -q 'changed job' <<<"$out" || { echo "FAIL: steps change warned"; exit 1; }
echo "ok: more steps on resume is not a change of the job"
# A changed learning rate on resume: allowed, with a warning.
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=corrupt \
  -o train.steps=34 -o optim.g_lr=1e-4 --resume
expect_out "changed job: '\[optim\] g_lr = 1e-4' was '\[optim\] g_lr = 2e-4'"

# NaN at step 6: exit 1 naming the step and the term; checkpoint 4 is kept
# and nothing of step 6 is written.
expect_exit 1 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=nan \
  --poison-step 6
expect_out 'step 6: loss_d is NaN or Inf'
[ -s nan/checkpoints/ckpt-000004.h5 ] && [ ! -e nan/checkpoints/ckpt-000006.h5 ] \
  || { ls nan/checkpoints; echo "FAIL: checkpoints after NaN"; exit 1; }
echo "ok: NaN stop keeps ckpt-000004.h5"

# An unwritable run directory (a file stands where a directory must be).
echo x > afile
expect_exit 1 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=afile/run
expect_out 'cannot create directory .*afile: a file of that name exists'
