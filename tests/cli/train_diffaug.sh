# [loss] diffaug (nn/diffaug.h, docs/terrain.md "Differentiable
# augmentation"): bad values are job-file errors naming the key (exit 2);
# diffaug = none is the plain run bit for bit; each augmentation changes
# D's view from step 1 while G still gets an adversarial gradient through
# it; the draws come from the checkpointed noise stream, so a stopped and
# resumed run repeats the straight one.
. "$(dirname "$0")/lib/common.sh"

rm -rf r0 plain none aug aug2 zeros a.csv b.csv
J="$SRC/jobs/terrain-gan-tiny.ini"
"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=4 -o train.steps=10 -o train.log_every=1
        -o train.checkpoint_every=100 -o train.sample_every=100
        -o train.samples=2 --plain)
col() { # col FILE STEP NAME: the value of column NAME in the row of STEP
  awk -F, -v s="$2" -v n="$3" 'NR == 1 { for (i = 1; i <= NF; i++)
    if ($i == n) c = i; next } $1 == s { print $c }' "$1"
}

expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.diffaug=translation,color -o output.dir=r0
expect_out "\[loss\] diffaug = translation,color: unknown augmentation 'color'"
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.diffaug_pad=wrap -o output.dir=r0
expect_out 'diffaug_pad'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.diffaug_shift=0.6 -o output.dir=r0
expect_out 'diffaug_shift'
[ ! -e r0/metrics.csv ] || { echo "FAIL: an error wrote metrics"; exit 1; }

expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=plain
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o loss.diffaug=none \
  -o output.dir=none
cut -d, -f1-10 plain/metrics.csv > a.csv
cut -d, -f1-10 none/metrics.csv > b.csv
cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: diffaug = none differs"; exit 1; }
echo "ok: diffaug = none is the plain run"

for ops in flips translation cutout; do
  rm -rf one
  expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o loss.diffaug=$ops \
    -o train.steps=2 -o output.dir=one
  [ "$(col plain/metrics.csv 1 d_real)" != "$(col one/metrics.csv 1 d_real)" ] \
    || { echo "FAIL: diffaug = $ops changed nothing"; exit 1; }
  expect_cmp "$(col one/metrics.csv 1 grad_x_adv)" '>' 0
  echo "ok: diffaug = $ops"
done
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.diffaug=translation -o loss.diffaug_pad=zeros -o train.steps=2 \
  -o output.dir=zeros
[ "$(col plain/metrics.csv 1 d_real)" != "$(col zeros/metrics.csv 1 d_real)" ] ||
  { echo "FAIL: translation with zero padding changed nothing"; exit 1; }

A=(-o loss.diffaug=flips,translation,cutout)
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" "${A[@]}" -o output.dir=aug
expect_out 'finished after step 10'
expect_exit 3 -- "$PHYSGAN" train "$J" "${common[@]}" "${A[@]}" \
  -o output.dir=aug2 --stop-after 4
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" "${A[@]}" \
  -o output.dir=aug2 --resume
cut -d, -f1-10 aug/metrics.csv > a.csv
cut -d, -f1-10 aug2/metrics.csv > b.csv
cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: resumed run differs"; exit 1; }
same_ckpt_state aug/checkpoints/ckpt-000010.h5 aug2/checkpoints/ckpt-000010.h5 || exit 1
echo "ok: diffaug resumes exactly"
echo "PASS"
