# The C API (include/physgan/physgan.h, docs/api.md) against the physgan
# commands on the same checkpoints, bit for bit: a terrain GAN's patches
# (physgan generate, any rows, --ema, with the training data moved away),
# a CycleGAN's translations (generate --input), a super-resolution
# model's upsampling of block means (generate --input, with and without
# --flip-ensemble and --drain), the foam surrogate's
# frames (physgan rollout, on the frames' grid and with --coarse 2); the
# model queries; handles in several threads; errors as codes with the
# handle's message. The API runs
# through tests/api/api_check.c, linked against the shared libphysgan.
. "$(dirname "$0")/lib/common.sh"
CHECK=$(dirname "$PHYSGAN")/tests/physgan_api_check
[ -x "$CHECK" ] || { echo "FAIL: $CHECK not built"; exit 1; }
command -v h5dump >/dev/null || { echo "FAIL: no h5dump (hdf5-tools)"; exit 1; }
rm -rf run run_cg run_sr run_foam g g2 g3 gc gsr data moved
# raw DATASET FILE OUT [START COUNT]: the dataset (or a hyperslab) as raw
# little-endian bytes.
raw() {
  if [ $# -gt 3 ]; then h5dump -d "$1" -s "$4" -c "$5" -b LE -o "$3" "$2" >/dev/null
  else h5dump -d "$1" -b LE -o "$3" "$2" >/dev/null; fi || { echo "FAIL: h5dump $1 $2"; exit 1; }
}
same() { # same A B WHAT
  cmp -s "$1" "$2" || { echo "FAIL: $3: the API's bytes differ from the command's"; exit 1; }
  [ -s "$1" ] || { echo "FAIL: $3: empty"; exit 1; }
  echo "ok: $3: identical ($(stat -c %s "$1") bytes)"
}

# ---- a terrain GAN --------------------------------------------------------
mkdir data
"$PHYSGAN" simulate terrain --size 16 --count 16 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out data/terrain.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=data/terrain.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=4 -o train.steps=4 \
  -o train.checkpoint_every=4 -o optim.g_ema=0.9 -o output.dir=run \
  --plain >/dev/null 2>&1 || { echo "FAIL: train"; exit 1; }
CK=run/checkpoints/ckpt-000004.h5

expect_exit 0 -- "$CHECK" info $CK
expect_out 'kind 1 arch dcgan_small step 4'
expect_out 'input 8 x 1 x 1'
expect_out 'output 1 x 16 x 16 m'
expect_out 'cells 10 x 10'

# 20 patches: two passes of the generator, the second one partial.
expect_exit 0 -- "$PHYSGAN" generate $CK --n 20 --seed 7 --format h5 --out g --plain
raw /terrain g/generated.h5 cli.bin
expect_exit 0 -- "$CHECK" generate $CK 7 0 20 api.bin
same api.bin cli.bin "generate --seed 7, patches 0..19"
# Handles in 4 threads at once (opening under the API's lock, generating
# in parallel) give one handle's patches.
expect_exit 0 -- "$CHECK" threads $CK 7 20 4
expect_out '4 threads: patches identical'
# Rows 17..19 alone (a caller starting mid-stream, mid-pass).
expect_exit 0 -- "$CHECK" generate $CK 7 17 3 api17.bin
tail -c $((3 * 16 * 16 * 4)) cli.bin > cli17.bin
same api17.bin cli17.bin "patches 17..19"
# Another seed differs; the EMA weights match --ema.
expect_exit 0 -- "$CHECK" generate $CK 8 0 20 api8.bin
cmp -s api8.bin cli.bin && { echo "FAIL: seed 8 gave seed 7's patches"; exit 1; }
expect_exit 0 -- "$PHYSGAN" generate $CK --n 4 --seed 7 --ema --format h5 --out g2 --plain
raw /terrain g2/generated.h5 cli_ema.bin
expect_exit 0 -- "$CHECK" generate $CK 7 0 4 api_ema.bin ema
same api_ema.bin cli_ema.bin "generate --ema"
cmp -s api_ema.bin <(head -c $((4 * 16 * 16 * 4)) cli.bin) &&
  { echo "FAIL: EMA weights gave the plain weights' patches"; exit 1; }

# The checkpoint stores the sample shape and cells: with the training data
# gone, the API and physgan generate still give the same patches.
mv data moved
expect_exit 0 -- "$CHECK" generate $CK 7 0 20 api_moved.bin
same api_moved.bin cli.bin "generate without the training data"
expect_exit 0 -- "$PHYSGAN" generate $CK --n 20 --seed 7 --format h5 --out g3 --plain
expect_out '20 patches of 16 x 16 cells \(10 x 10 m\)'
raw /terrain g3/generated.h5 cli_moved.bin
same cli_moved.bin cli.bin "physgan generate without the training data"
mv moved data

# Errors: a code and the handle's message naming the problem.
head -c $((16 * 16 * 4)) /dev/zero > x.i32
expect_exit 1 -- "$CHECK" foam $CK x.i32 1 16 16 1 1 y.i32
expect_out 'physgan_foam_step: checkpoint .*dcgan_small, not a model'
expect_exit 1 -- "$CHECK" info nothere.h5
expect_out 'nothere.h5'
expect_exit 1 -- "$CHECK" info data/terrain.h5
expect_out 'terrain.h5'

# ---- a CycleGAN -----------------------------------------------------------
"$PHYSGAN" simulate terrain --size 16 --count 8 --beta 2 --cell-size 30 \
  --seed 1 --out real.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 16 --count 8 --beta 4 --cell-size 30 \
  --seed 2 --out syn.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-cyclegan.ini" -o data.path=real.h5 \
  -o data.path_synthetic=syn.h5 -o model.width=4 -o model.depth=2 \
  -o train.batch=4 -o train.steps=2 -o output.dir=run_cg --plain \
  >/dev/null 2>&1 || { echo "FAIL: train cyclegan"; exit 1; }
CG=run_cg/checkpoints/ckpt-000002.h5
expect_exit 0 -- "$CHECK" info $CG
expect_out 'kind 2 arch cyclegan'
expect_out 'cells 30 x 30'
expect_exit 0 -- "$PHYSGAN" generate $CG --input syn.h5 --n 8 --format h5 --out gc --plain
raw /terrain gc/generated.h5 cli_cg.bin
raw /terrain syn.h5 syn.bin
expect_exit 0 -- "$CHECK" condition $CG syn.bin 8 16 16 api_cg.bin
same api_cg.bin cli_cg.bin "cyclegan translation of syn.h5"

# ---- super-resolution ------------------------------------------------------
# The API takes the coarse DEM; generate --input takes fine patches and
# block-averages them. A fine patch that is constant on each 4 x 4 block
# has block means equal to those constants exactly (a double sum of equal
# floats), so the coarse grid of the constants must give the same bits.
"$PHYSGAN" simulate terrain --size 32 --count 8 --beta 3 --cell-size 25 \
  --relief 200 --seed 4 --out fine.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-sr.ini" -o data.path=fine.h5 \
  -o model.width=4 -o train.batch=4 -o train.steps=2 -o output.dir=run_sr \
  --plain >/dev/null 2>&1 || { echo "FAIL: train sr"; exit 1; }
SR=run_sr/checkpoints/ckpt-000002.h5
expect_exit 0 -- "$CHECK" info $SR
expect_out 'kind 3 arch unet_sr'
expect_out 'sr_factor 4'
asc() { # asc SIDE BLOCK: ESRI grid of SIDE^2 cells, constant on BLOCK^2 blocks
  awk -v n="$1" -v b="$2" 'BEGIN {
    printf "ncols %d\nnrows %d\nxllcorner 0\nyllcorner 0\ncellsize %d\nNODATA_value -9999\n", n, n, 100 / n
    for (i = 0; i < n; i++) { for (j = 0; j < n; j++) {
      bi = int(i / b); bj = int(j / b)
      printf "%s%.1f", (j ? " " : ""), 100 + 4.5 * ((bi * 5 + bj * 3) % 17) }
      printf "\n" } }'
}
asc 32 4 > blocks.asc
asc 8 1 > means.asc
for g in blocks means; do
  side=$([ $g = blocks ] && echo 32 || echo 8)
  expect_exit 0 -- "$PHYSGAN" import dem $g.asc --out $g --patch $side --stride $side \
    --val-fraction 0 --cell-size 25
done
expect_exit 0 -- "$PHYSGAN" generate $SR --input blocks_train.h5 --n 1 --format h5 --out gsr --plain
raw /terrain gsr/generated.h5 cli_sr.bin
raw /terrain means_train.h5 means.bin
expect_exit 0 -- "$CHECK" condition $SR means.bin 1 8 8 api_sr.bin
same api_sr.bin cli_sr.bin "unet_sr upsampling of the block means"
# generate's --flip-ensemble and --drain through
# physgan_terrain_set_sr_options (set on a handle that already ran).
for opt in "1 0 --flip-ensemble" "0 1 --drain" "1 1 --flip-ensemble --drain"; do
  set -- $opt; flip=$1; drain=$2; shift 2
  rm -rf gsr_o
  expect_exit 0 -- "$PHYSGAN" generate $SR --input blocks_train.h5 --n 1 --format h5 \
    --out gsr_o --plain "$@"
  raw /terrain gsr_o/generated.h5 cli_sr_$flip$drain.bin
  expect_exit 0 -- "$CHECK" condition $SR means.bin 1 8 8 api_sr_$flip$drain.bin $flip $drain
  same api_sr_$flip$drain.bin cli_sr_$flip$drain.bin "unet_sr with $*"
done
cmp -s cli_sr_10.bin cli_sr.bin && { echo "FAIL: --flip-ensemble changed nothing"; exit 1; }
expect_exit 1 -- "$CHECK" condition $SR means.bin 1 8 8 bad.bin 2 0
expect_out 'flip_ensemble 2'
expect_exit 1 -- "$CHECK" condition $CG syn.bin 8 16 16 bad.bin 1 0
expect_out 'physgan_terrain_set_sr_options: checkpoint .*cyclegan'

# ---- the foam surrogate ----------------------------------------------------
tiny_foam_surrogate foam.h5 run_foam
expect_exit 0 -- "$CHECK" info run_foam/checkpoints/ckpt-000002.h5
expect_out 'kind 4 arch unet_foam step 2'
expect_out 'output 1 x 0 x 0 label'
expect_out 'step_mcs 20'
CF=run_foam/checkpoints/ckpt-000002.h5
raw /labels foam.h5 start.bin 0,3,0,0 2,1,32,32
for coarse in 1 2; do
  expect_exit 0 -- "$PHYSGAN" rollout $CF --init foam.h5:all:3 --steps 3 \
    --coarse $coarse --out roll$coarse.h5
  raw /labels roll$coarse.h5 cli_roll$coarse.bin 0,3,0,0 2,1,32,32
  expect_exit 0 -- "$CHECK" foam $CF start.bin 2 32 32 $coarse 3 api_roll$coarse.bin
  same api_roll$coarse.bin cli_roll$coarse.bin "rollout --coarse $coarse, frame 3 of 2 sequences"
done
cmp -s api_roll1.bin start.bin && { echo "FAIL: 3 steps left the frames unchanged"; exit 1; }
# rollout's --min-bubble and --no-project through physgan_foam_set_options.
expect_exit 0 -- "$PHYSGAN" rollout $CF --init foam.h5:all:3 --steps 3 \
  --min-bubble 4 --no-project --out rollnp.h5
raw /labels rollnp.h5 cli_rollnp.bin 0,3,0,0 2,1,32,32
expect_exit 0 -- "$CHECK" foam $CF start.bin 2 32 32 1 3 api_rollnp.bin 4 0
same api_rollnp.bin cli_rollnp.bin "rollout --min-bubble 4 --no-project, frame 3"
cmp -s api_rollnp.bin api_roll1.bin && { echo "FAIL: the options changed nothing"; exit 1; }
expect_exit 1 -- "$CHECK" foam $CF start.bin 2 32 32 1 1 bad.bin -1 1
expect_out 'min_bubble -1'
# Sides that the U-Net cannot take (multiples of coarse x 2^depth = 16).
expect_exit 1 -- "$CHECK" foam $CF start.bin 1 24 24 2 1 bad.bin
expect_out 'multiples'
echo "PASS"
