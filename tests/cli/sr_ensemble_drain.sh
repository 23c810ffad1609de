# Super-resolution inference options of generate and eval sr: the flip
# ensemble (mean over the 4 mirror images of the coarse patch) and
# draining (breach, then restore the block means) both leave output that
# averages back to the coarse DEM, change the model's row, and draining
# leaves no more cells in closed depressions than G's own output; eval
# sr's depression shares (model, baselines, truth) are eval terrain's; the
# options are recorded in generated.h5 and refused for a noise model's
# checkpoint.
. "$(dirname "$0")/lib/common.sh"

rm -rf run gen gen_d noise
"$PHYSGAN" simulate terrain --size 32 --count 12 --beta 3 --cell-size 25 \
  --relief 200 --seed 4 --out fine.h5 >/dev/null || exit 1
expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/terrain-sr.ini" \
  -o data.path=fine.h5 -o model.width=4 -o train.batch=4 -o train.steps=4 \
  -o output.dir=run --plain
CK=run/checkpoints/ckpt-000004.h5

model_json() { out=${out#*\"model\":}; out=${out%%\}*}; }
expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5 --json
model_json; plain=$(sed 's/.*"rmse_m":\([^,]*\),.*/\1/' <<<"$out")
expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5 --flip-ensemble --json
expect_out '"flip_ensemble":true'
model_json; ens=$(sed 's/.*"rmse_m":\([^,]*\),.*/\1/' <<<"$out")
be=$(sed 's/.*"block_error_m":\([^,]*\).*/\1/' <<<"$out")
expect_cmp "$be" "<" 0.01
awk -v a="$plain" -v b="$ens" 'BEGIN { exit !(a != b) }' ||
  { echo "FAIL: the ensemble's RMSE $ens is the plain model's $plain"; exit 1; }
echo "ok: ensemble RMSE $ens, plain $plain"

expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5 --drain --json
expect_out '"drain_rounds":8'
model_json; be=$(sed 's/.*"block_error_m":\([^,]*\).*/\1/' <<<"$out")
expect_cmp "$be" "<" 0.01
expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5 --drain
expect_out 'drained \(8 rounds'

expect_exit 0 -- "$PHYSGAN" generate $CK --input fine.h5 --n 12 --out gen \
  --format h5 --plain
expect_exit 0 -- "$PHYSGAN" generate $CK --input fine.h5 --n 12 \
  --out gen_d --format h5 --drain --flip-ensemble --plain
expect_out 'generate: drained \(8 rounds'
h5dump -a /drain_rounds gen_d/generated.h5 | grep -q '(0): 8' ||
  { echo "FAIL: drain_rounds attribute"; exit 1; }
h5dump -a /flip_ensemble gen_d/generated.h5 | grep -q '(0): 1' ||
  { echo "FAIL: flip_ensemble attribute"; exit 1; }
expect_exit 0 -- "$PHYSGAN" eval terrain gen/generated.h5 fine.h5 --no-c2st --json
out=${out%%\"reference\"*}; dp=$(json_num depression_cell_frac)
expect_exit 0 -- "$PHYSGAN" eval terrain gen_d/generated.h5 fine.h5 --no-c2st --json
out=${out%%\"reference\"*}; dd=$(json_num depression_cell_frac)
expect_cmp "$dd" "<=" "$dp"
expect_exit 0 -- "$PHYSGAN" eval terrain fine.h5 fine.h5 --no-c2st --json
rt=$(json_num depression_cell_frac)

# eval sr counts closed depressions as eval terrain does: the model's
# share equals eval terrain's of generate's output (plain, and with both
# options), the truth's that of the true patches; bicubic +
# back-projection gets its own share beside them.
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-5) }' ||
  { echo "FAIL: $3: eval sr $1, eval terrain $2"; exit 1; }; echo "ok: $3: $1"; }
expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5 --json
expect_out '"depression_frac":0.05'
full=$out
out=${full#*\"truth\":}; out=${out%%\}*}; near "$(json_num depression_cell_frac)" "$rt" "truth's share"
out=$full; model_json; near "$(json_num depression_cell_frac)" "$dp" "model's share"
out=${full#*\"backprojection\":}; out=${out%%\}*}; sb=$(json_num depression_cell_frac)
expect_cmp "$sb" ">=" 0
expect_cmp "$sb" "<=" 1
expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5 --json --drain --flip-ensemble
model_json; near "$(json_num depression_cell_frac)" "$dd" "drained ensemble's share"
expect_exit 0 -- "$PHYSGAN" eval sr $CK fine.h5
expect_out '\| bicubic \+ back-projection +\|( +[0-9.]+ \|){5}'
expect_out 'true patches: [0-9.]+ % of cells in closed depressions'

"$PHYSGAN" simulate terrain --size 32 --count 64 --beta 3 --seed 1 \
  --out noise.h5 >/dev/null || exit 1
expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" \
  -o data.path=noise.h5 -o train.steps=2 -o train.checkpoint_every=2 \
  -o output.dir=noise --plain
expect_exit 1 -- "$PHYSGAN" generate noise/checkpoints/ckpt-000002.h5 --n 2 \
  --out gen2 --drain
expect_out 'super-resolution checkpoints'
echo "ok"
