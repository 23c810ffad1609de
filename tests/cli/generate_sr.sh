# physgan generate from a unet_sr checkpoint: --input patches are
# block-averaged and upsampled back by the model, written as the
# unconditional path writes (h5, xmf, asc, png), with the input's patch
# size and cell sizes; errors for a missing --input and a patch size the
# model does not fit.
. "$(dirname "$0")/lib/common.sh"

rm -rf run gen gen2 gen3
"$PHYSGAN" simulate terrain --size 32 --count 12 --beta 3 --cell-size 25 \
  --relief 200 --seed 4 --out fine.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 36 --count 2 --beta 3 --cell-size 25 \
  --relief 200 --seed 5 --out odd.h5 >/dev/null || exit 1
expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/terrain-sr.ini" \
  -o data.path=fine.h5 -o model.width=4 -o train.batch=4 -o train.steps=4 \
  -o output.dir=run --plain
CK=run/checkpoints/ckpt-000004.h5
expect_exit 0 -- "$PHYSGAN" generate $CK --input fine.h5 --n 3 --out gen --plain
expect_out 'generate: 3 patches of 32 x 32 cells \(25 x 25 m\) from fine.h5 upsampled x4 from block means'
for f in generated.h5 generated.xmf patch-02.asc patch-02.png job.ini; do
  [ -s gen/$f ] || { echo "FAIL: gen/$f missing"; exit 1; }
done
grep -q '^ncols *32' gen/patch-00.asc || { echo "FAIL: asc header"; exit 1; }
expect_exit 0 -- "$PHYSGAN" eval terrain gen/generated.h5 fine.h5 --json
expect_out '"patches": 3,'
# A model that reproduces block means can only move cells within the
# patch's range by its tanh residual: elevations stay within a few
# half ranges of the input's [0, 200] m.
out=${out%%\"reference\"*}
em=$(json_num elev_mean_m)
expect_cmp "$em" ">" -200
expect_cmp "$em" "<" 400
expect_exit 1 -- "$PHYSGAN" generate $CK --n 3 --out gen2
expect_out 'conditional model .*unet_sr.*--input'
expect_exit 1 -- "$PHYSGAN" generate $CK --input odd.h5 --n 1 --out gen3
expect_out 'the 36x36 patches must be'
echo "ok"
