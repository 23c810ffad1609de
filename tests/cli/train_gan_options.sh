# physgan train's options against a discriminator that wins early
# (docs/terrain.md, "Making D and G play"): [model] d_spectral_norm and
# d_mbstd, d_patch, g_convs, g_margin, [loss] instance_noise, [physics] warmup_steps, with the
# metrics.csv columns grad_x_adv / grad_x_pen. Bad values are job-file
# errors naming the key (exit 2); each option runs end to end on a tiny
# terrain set; the warm-up scales the penalty gradient by exactly
# step / warmup_steps; instance noise is drawn from the checkpointed noise
# stream, so a stopped and resumed run repeats the straight one.
. "$(dirname "$0")/lib/common.sh"

rm -rf r0 plain warm sn patch patch2 g2 noisy noisy2 a.csv b.csv
J="$SRC/jobs/terrain-gan-tiny.ini"
"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=4 -o train.steps=12 -o train.log_every=1
        -o train.checkpoint_every=100 -o train.sample_every=100
        -o train.samples=2 -o physics.terrain_slope_weight=5
        -o physics.terrain_max_slope_deg=5 --plain)

# Bad values name the key.
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_spectral_norm=maybe -o output.dir=r0
expect_out 'd_spectral_norm'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_mbstd=2 -o output.dir=r0
expect_out 'd_mbstd'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.instance_noise=-0.1 -o output.dir=r0
expect_out 'instance_noise'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o physics.warmup_steps=-1 -o output.dir=r0
expect_out 'warmup_steps'
# The D options belong to dcgan_small; dcgan refuses them.
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" -o model.arch=dcgan \
  -o model.d_mbstd=true -o output.dir=r0
expect_out 'dcgan_small options'
[ ! -e r0/metrics.csv ] || { echo "FAIL: an error wrote metrics"; exit 1; }

# Penalty warm-up: step 1's G output is the same with and without it (the
# first D step does not depend on it), so the penalty gradient on it is
# exactly 1/4 with warmup_steps = 4; from step 4 on the ramp is 1.
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=plain
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o physics.warmup_steps=4 -o output.dir=warm
head -n 1 warm/metrics.csv | grep -q ',grad_x_adv,grad_x_pen,grad_norm_g,' \
  || { echo "FAIL: header"; head -n 1 warm/metrics.csv; exit 1; }
col() { # col FILE STEP NAME: the value of column NAME in the row of STEP
  awk -F, -v s="$2" -v n="$3" 'NR == 1 { for (i = 1; i <= NF; i++)
    if ($i == n) c = i; next } $1 == s { print $c }' "$1"
}
p1=$(col plain/metrics.csv 1 grad_x_pen); w1=$(col warm/metrics.csv 1 grad_x_pen)
a1=$(col plain/metrics.csv 1 grad_x_adv); aw=$(col warm/metrics.csv 1 grad_x_adv)
expect_cmp "$p1" '>' 0
expect_cmp "$(awk -v a="$w1" -v b="$p1" 'BEGIN { print a / b }')" '>' 0.2499
expect_cmp "$(awk -v a="$w1" -v b="$p1" 'BEGIN { print a / b }')" '<' 0.2501
expect_cmp "$a1" '==' "$aw"
expect_cmp "$a1" '>' 0
# The runs part once the ramped step has changed G.
[ "$(col plain/metrics.csv 3 loss_g)" != "$(col warm/metrics.csv 3 loss_g)" ] \
  || { echo "FAIL: warm-up changed nothing"; exit 1; }
echo "ok: warm-up ramps the penalty gradient"

# Spectral norm and minibatch-std in D: the run finishes, D keeps the
# power-iteration vectors as state in the checkpoint, and D's outputs
# differ from the plain D's from the first step.
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_spectral_norm=true -o model.d_mbstd=true -o output.dir=sn
expect_out 'finished after step 12'
expect_exit 0 -- "$PHYSGAN" info --json sn/checkpoints/ckpt-000012.h5
expect_out '/D/state'
expect_exit 0 -- "$PHYSGAN" info --json plain/checkpoints/ckpt-000012.h5
if grep -q '/D/state' <<<"$out"; then echo "FAIL: plain D has state"; exit 1; fi
[ "$(col plain/metrics.csv 1 d_real)" != "$(col sn/metrics.csv 1 d_real)" ] \
  || { echo "FAIL: d_spectral_norm/d_mbstd changed nothing"; exit 1; }
echo "ok: spectral norm and minibatch-std in D"

# PatchGAN D (d_patch): 16 local logits a 16 x 16 sample, each scored by
# the loss; the run finishes, differs from the global D from step 1, and
# a stopped and resumed run repeats the straight one.
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_patch=often -o output.dir=r0
expect_out 'd_patch'
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_patch=true -o output.dir=patch
expect_out 'finished after step 12'
[ "$(col plain/metrics.csv 1 d_real)" != "$(col patch/metrics.csv 1 d_real)" ] \
  || { echo "FAIL: d_patch changed nothing"; exit 1; }
expect_exit 3 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_patch=true -o output.dir=patch2 --stop-after 5
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.d_patch=true -o output.dir=patch2 --resume
cut -d, -f1-10 patch/metrics.csv > a.csv
cut -d, -f1-10 patch2/metrics.csv > b.csv
cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: resumed patch run differs"; exit 1; }
echo "ok: PatchGAN D trains and resumes"

# Two convolutions a level in G (g_convs = 2): trains; G has more weights.
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.g_convs=3 -o output.dir=r0
expect_out 'g_convs'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" -o model.arch=dcgan \
  -o model.g_convs=2 -o output.dir=r0
expect_out 'dcgan_small option'
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o model.g_convs=2 -o model.g_margin=true -o output.dir=g2
expect_out 'finished after step 12'
expect_exit 2 -- "$PHYSGAN" train "$J" "${common[@]}" -o model.arch=dcgan \
  -o model.g_margin=true -o output.dir=r0
expect_out 'dcgan_small option'
echo "ok: g_convs = 2, g_margin"

# Instance noise: changes D's view from step 1; stopped after 5 and
# resumed, the run repeats the straight one (the noise comes from the
# checkpointed noise stream).
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.instance_noise=0.3 -o output.dir=noisy
[ "$(col plain/metrics.csv 1 d_real)" != "$(col noisy/metrics.csv 1 d_real)" ] \
  || { echo "FAIL: instance_noise changed nothing"; exit 1; }
expect_exit 3 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.instance_noise=0.3 -o output.dir=noisy2 --stop-after 5
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" \
  -o loss.instance_noise=0.3 -o output.dir=noisy2 --resume
cut -d, -f1-10 noisy/metrics.csv > a.csv
cut -d, -f1-10 noisy2/metrics.csv > b.csv
cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: resumed run differs"; exit 1; }
echo "ok: instance noise resumes exactly"
