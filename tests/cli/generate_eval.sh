# physgan generate and physgan eval terrain: a few training steps of the
# tiny terrain job (with EMA), generation from its checkpoint (every file,
# `physgan info` validates generated.h5, the same seed gives the same
# patches whatever --n, --ema differs, ASCII grid header), eval of the
# generated set against the training data (table and JSON keys; identical
# files give KS 0), and error exits: missing or wrong-schema checkpoint,
# missing --out, unknown format, non-terrain file in eval.
. "$(dirname "$0")/lib/common.sh"

rm -rf run g g2 g3 g4 ge
"$PHYSGAN" simulate terrain --size 16 --count 16 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=terrain.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=4 -o train.steps=6 \
  -o train.checkpoint_every=6 -o train.sample_every=6 -o optim.g_ema=0.9 \
  -o output.dir=run --plain >/dev/null 2>&1 || { echo "FAIL: train"; exit 1; }
CK=run/checkpoints/ckpt-000006.h5
[ -s "$CK" ] || { echo "FAIL: no checkpoint"; exit 1; }

# Usage errors (exit 2).
expect_exit 0 -- "$PHYSGAN" generate --help
expect_out 'generated.h5'
expect_exit 2 -- "$PHYSGAN" generate
expect_out 'expected CKPT.h5'
expect_exit 2 -- "$PHYSGAN" generate "$CK"
expect_out '--out DIR is required'
expect_exit 2 -- "$PHYSGAN" generate "$CK" --out g --format h5,tiff
expect_out "'tiff' is not one of h5, asc, png, tif"
expect_exit 2 -- "$PHYSGAN" generate "$CK" --out g --n 0

# Bad checkpoints (exit 1), naming the file.
expect_exit 1 -- "$PHYSGAN" generate nothere.h5 --out g
expect_out 'nothere.h5'
expect_exit 1 -- "$PHYSGAN" generate terrain.h5 --out g
expect_out 'terrain.h5'
[ ! -e g/generated.h5 ] || { echo "FAIL: wrote after an error"; exit 1; }

expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 5 --out g --seed 7 --plain
expect_out 'generate: 5 patches of 16 x 16 cells \(10 x 10 m\)'
for f in generated.h5 generated.xmf job.ini patch-00.asc patch-04.asc \
         patch-00.png patch-04.png patch-00.tif patch-04.tif; do
  [ -s g/$f ] || { echo "FAIL: g/$f missing"; exit 1; }
done
[ ! -e g/patch-05.asc ] || { echo "FAIL: sixth patch"; exit 1; }
echo "ok: every output file"
expect_exit 0 -- "$PHYSGAN" info g/generated.h5
expect_out 'valid terrain/1'
expect_out '/terrain +float32 +\(5, 16, 16\) +units: m'
grep -q 'generated.h5:/terrain' g/generated.xmf && \
  grep -q 'Dimensions="5 16 16"' g/generated.xmf || \
  { echo "FAIL: xmf"; cat g/generated.xmf; exit 1; }
echo "ok: XDMF names the dataset and shape"
[ "$(head -n 6 g/patch-00.asc | tr '\n' ' ')" = \
  "ncols 16 nrows 16 xllcorner 0 yllcorner 0 cellsize 10 NODATA_value -9999 " ] \
  || { echo "FAIL: asc header"; head -n 6 g/patch-00.asc; exit 1; }
[ "$(tail -n +7 g/patch-00.asc | wc -l)" -eq 16 ] && \
  [ "$(tail -n +7 g/patch-00.asc | awk '{print NF}' | sort -u)" = 16 ] || \
  { echo "FAIL: asc body"; exit 1; }
echo "ok: ASCII grid header and 16 x 16 values"
[ "$(head -c 8 g/patch-00.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
  || { echo "FAIL: png signature"; exit 1; }
echo "ok: PNG signature"
# The GeoTIFF read back through GDAL by import dem: its local metric CRS
# gives the cell size (no --cell-size), and the values equal the ASCII
# grid's (which round-trips float32 exactly) value for value.
expect_exit 0 -- "$PHYSGAN" import dem g/patch-03.tif --patch 16 --val-fraction 0 \
  --gap 0 --out tif
expect_out 'CRS: physgan local grid \(metres\); cell size 10.000 m \(x\) x 10.000 m \(y\)'
expect_exit 0 -- "$PHYSGAN" import dem g/patch-03.asc --patch 16 --val-fraction 0 \
  --gap 0 --cell-size 10 --out asc
if command -v h5diff >/dev/null; then
  h5diff tif_train.h5 asc_train.h5 /terrain /terrain ||
    { echo "FAIL: GeoTIFF and ASCII grid values differ"; exit 1; }
  echo "ok: GeoTIFF = ASCII grid, cell size from its CRS"
else
  echo "FAIL: no h5diff (hdf5-tools, scripts/install-deps.sh)"; exit 1
fi

# Same seed: patch 2 is the same with --n 3 (ASCII only); --ema differs.
expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 3 --out g2 --seed 7 \
  --format asc --plain
[ ! -e g2/generated.h5 ] && [ ! -e g2/patch-00.png ] || \
  { echo "FAIL: --format asc wrote other formats"; exit 1; }
cmp -s g/patch-02.asc g2/patch-02.asc || { echo "FAIL: seed"; exit 1; }
echo "ok: patch 2 identical for --n 5 and --n 3 with one seed"
expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 3 --out ge --seed 7 --ema \
  --format asc --plain
expect_out 'EMA'
! cmp -s g/patch-02.asc ge/patch-02.asc || { echo "FAIL: --ema same"; exit 1; }
echo "ok: --ema uses other weights"
expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 2 --out g3 --seed 8 \
  --format asc --plain
! cmp -s g/patch-00.asc g3/patch-00.asc || { echo "FAIL: seed ignored"; exit 1; }
echo "ok: another seed, other patches"
# The checkpoint stores the trainer's m_ref/h_ref (relief 50 m: 25 and 25):
# a data file of 200 m relief given with --data changes neither; a data file
# on other cells draws a warning.
expect_exit 0 -- "$PHYSGAN" info "$CK"
expect_out '/data/offset +float32 +\(1,\)'
expect_out '/data/scale +float32 +\(1,\)'
"$PHYSGAN" simulate terrain --size 16 --count 16 --beta 2.5 --cell-size 20 \
  --relief 200 --seed 4 --out terrain200.h5 >/dev/null || exit 1
expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 2 --out g4 --format asc \
  --data terrain200.h5 --plain
expect_out 'm_ref 25\.000 m, h_ref 25\.000 m'
expect_out 'trained on 10 m cells'
echo "ok: m_ref and h_ref from the checkpoint, not the data file"

# eval terrain.
expect_exit 0 -- "$PHYSGAN" eval --help
expect_out 'terrain'
expect_exit 2 -- "$PHYSGAN" eval bogus
expect_exit 2 -- "$PHYSGAN" eval terrain g/generated.h5
expect_out 'expected GENERATED.h5 REFERENCE.h5'
expect_exit 2 -- "$PHYSGAN" eval terrain a.h5 b.h5 --max-slope-deg 95
expect_exit 1 -- "$PHYSGAN" eval terrain g/generated.h5 nothere.h5
expect_out 'nothere.h5'
expect_exit 1 -- "$PHYSGAN" eval terrain "$CK" terrain.h5
expect_out 'checkpoint/1'
expect_exit 0 -- "$PHYSGAN" eval terrain g/generated.h5 terrain.h5 \
  --max-slope-deg 30
expect_out 'KS distance of slope distributions: 0\.[0-9]+'
expect_out 'cells over 30 deg'
expect_exit 0 -- "$PHYSGAN" eval terrain g/generated.h5 terrain.h5 --json
for k in slope_mean_deg frac_over_max psd_beta ks_slope relief_mean_m \
         relief_std_m slope_hist; do
  [ "$(grep -o "\"$k\":" <<<"$out" | wc -l)" -eq 2 ] || \
    { echo "FAIL: key $k not in both sets"; echo "$out"; exit 1; }
done
expect_out '"reference": \{"file": "terrain.h5", "patches": 16'
echo "ok: JSON keys for the generated set and under reference"
for k in c2st_accuracy depression_density_km2 depression_cell_frac \
         drainage_density_km hack_exponent hypsometric_integral \
         plan_curvature_std profile_curvature_std checkerboard; do
  [ "$(grep -o "\"$k\":" <<<"$out" | wc -l)" -eq 2 ] || \
    { echo "FAIL: key $k not in both sets"; echo "$out"; exit 1; }
done
acc=$(json_num c2st_accuracy)
expect_cmp "$acc" '>=' 0
expect_cmp "$acc" '<=' 1
expect_cmp "$(json_num hypsometric_integral)" '>' 0
echo "ok: two-sample test, hydrology and checkerboard keys"
# json_num takes the last match on the line: cut the reference part off.
out=${out%%\"reference\"*}
ks=$(json_num ks_slope)
expect_cmp "$ks" '>' 0
expect_cmp "$ks" '<=' 1
# Two references: the second under other_references, with its own KS and
# two-sample test against the generated set; --no-c2st leaves the test out.
expect_exit 0 -- "$PHYSGAN" eval terrain g/generated.h5 terrain.h5 g/generated.h5 \
  --json --c2st-seeds 1 --c2st-epochs 2
expect_out '"other_references": \[\{"file": "g/generated.h5"'
expect_exit 0 -- "$PHYSGAN" eval terrain g/generated.h5 terrain.h5 g/generated.h5 --no-c2st
expect_out 'ref 2'
expect_out 'generated vs ref 2: KS distance of slope distributions: 0\.0000$'
! grep -q 'classifier' <<<"$out" || { echo "FAIL: --no-c2st ran the test"; exit 1; }
expect_exit 2 -- "$PHYSGAN" eval terrain a.h5 b.h5 --c2st-seeds 0
# --json-out: the table on stdout and the same JSON --json prints, in a file.
expect_exit 0 -- "$PHYSGAN" eval terrain g/generated.h5 terrain.h5 --no-c2st --json-out e.json
expect_out 'generated vs ref 1: KS distance'
expect_exit 0 -- "$PHYSGAN" eval terrain g/generated.h5 terrain.h5 --no-c2st --json
cmp -s e.json <(printf '%s\n' "$out") || { echo "FAIL: --json-out differs from --json"; exit 1; }
echo "ok: --json-out writes the --json object"
echo "ok: several references; --no-c2st"
expect_exit 0 -- "$PHYSGAN" eval terrain terrain.h5 terrain.h5 --json
out=${out%%\"reference\"*}
expect_cmp "$(json_num ks_slope)" '==' 0
expect_cmp "$(json_num psd_beta)" '>' 2
echo "ok: identical sets: KS 0; synthetic beta 2.5 fitted above 2"
# --breach (generate and simulate terrain): every closed depression cut
# open, so eval counts none even at depth 0; nothing raised; recorded.
expect_exit 0 -- "$PHYSGAN" eval terrain terrain200.h5 terrain.h5 --no-c2st \
  --depression-frac 0 --json
out=${out%%\"reference\"*}
expect_cmp "$(json_num depression_cell_frac)" '>' 0
expect_exit 0 -- "$PHYSGAN" simulate terrain --size 16 --count 16 --beta 2.5 \
  --cell-size 20 --relief 200 --seed 4 --breach --out terrain200b.h5
expect_out 'breached: [1-9][0-9]* cells lowered'
expect_exit 0 -- "$PHYSGAN" eval terrain terrain200b.h5 terrain.h5 --no-c2st \
  --depression-frac 0 --json
out=${out%%\"reference\"*}
expect_cmp "$(json_num depression_cell_frac)" '==' 0
expect_exit 0 -- "$PHYSGAN" info terrain200b.h5
expect_out 'breach_drop_m.*0\.001'
expect_exit 0 -- "$PHYSGAN" generate "$CK" --n 5 --out gb --seed 7 --breach \
  --format h5 --plain
expect_out 'breached: [0-9]+ cells lowered'
expect_exit 0 -- "$PHYSGAN" eval terrain gb/generated.h5 terrain.h5 --no-c2st \
  --depression-frac 0 --json
out=${out%%\"reference\"*}
expect_cmp "$(json_num depression_cell_frac)" '==' 0
echo "ok: --breach leaves no closed depression"
