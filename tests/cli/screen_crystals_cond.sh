# physgan screen crystals on a composition-conditional checkpoint
# ([model] condition = composition): a few steps on a tiny simulated
# training set, screened with --compositions train (the training set's
# compositions) and substitute (simulate crystal's substitutions of them):
# every candidate holds its composition, so every one is charge valid, and
# the substitutions give other formulas; latent optimisation lowers the
# property head's prediction; --train is required, a bad
# --compositions is a usage error. Skipped (77) where libavogadro-data is
# not installed.
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals

[ -d "$CRYSTALS/halides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }
rm -rf runc genc-*
"$PHYSGAN" import cif "$CRYSTALS/halides" --out protos.h5 --max-atoms 40 \
  >/dev/null 2>&1 || { echo "FAIL: import cif"; exit 1; }
"$PHYSGAN" simulate crystal --prototypes protos.h5 --candidates 24 --seed 3 \
  --proxy-spacing 0.4 --out tiny.h5 >/dev/null 2>&1 || { echo "FAIL: simulate crystal"; exit 1; }

expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/crystal-vaegan.ini" -o data.path=tiny.h5 \
  -o model.width=4 -o model.z_dim=4 -o train.batch=4 -o train.steps=5 \
  -o model.condition=composition -o output.dir=runc --plain
for src in train substitute; do
  expect_exit 0 -- "$PHYSGAN" screen crystals runc/checkpoints/ckpt-000005.h5 \
    --train tiny.h5 --n 40 --top 3 --compositions $src --out genc-$src --json
  expect_out "\"compositions\": \"$src\""
  [ "$(json_num valid_charge)" -eq 40 ] ||
    { echo "FAIL: $(json_num valid_charge) of 40 conditional ($src) candidates charge valid"; exit 1; }
done
# train: every formula is a training structure's; substitute: not all are
expect_exit 0 -- "$PHYSGAN" screen crystals --from tiny.h5 --n 1000 --top 0 --out genc-base
tail -n +2 genc-base/ranked.csv | cut -d, -f3 | sort -u > f-base.txt
tail -n +2 genc-train/ranked.csv | cut -d, -f3 | sort -u > f-train.txt
tail -n +2 genc-substitute/ranked.csv | cut -d, -f3 | sort -u > f-subst.txt
[ -z "$(comm -23 f-train.txt f-base.txt)" ] ||
  { echo "FAIL: train compositions outside the training set:"; comm -23 f-train.txt f-base.txt; exit 1; }
[ -n "$(comm -23 f-subst.txt f-base.txt)" ] ||
  { echo "FAIL: substitute gave only training formulas"; exit 1; }
# latent optimisation toward the property head: its mean prediction on
# the same latents and compositions drops, and every candidate keeps its
# composition (charge valid)
expect_exit 0 -- "$PHYSGAN" screen crystals runc/checkpoints/ckpt-000005.h5 \
  --train tiny.h5 --n 40 --top 3 --latent-steps 20 --latent-step 0.1 --out genc-latent --json
expect_out '"latent_steps": 20'
[ "$(json_num valid_charge)" -eq 40 ] || { echo "FAIL: latent steps lost charge validity"; exit 1; }
head_mean() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "head_level_3d") c = i }
                       NR > 1 { s += $c; n++ } END { printf "%.6f", s / n }' "$1"; }
h0=$(head_mean genc-train/ranked.csv) h1=$(head_mean genc-latent/ranked.csv)
echo "head's mean PROXY level: $h0 without, $h1 with latent steps"
expect_cmp "$h1" '<' "$h0"
expect_exit 2 -- "$PHYSGAN" screen crystals runc/checkpoints/ckpt-000005.h5 \
  --n 4 --out genc-none
expect_out '--train TRAIN.h5 is required'
expect_exit 2 -- "$PHYSGAN" screen crystals runc/checkpoints/ckpt-000005.h5 \
  --train tiny.h5 --compositions other --out o
expect_out 'expected train or substitute'
echo "ok: a composition-conditional checkpoint screened: every candidate charge valid"

echo "screen crystals (conditional) checks passed"
