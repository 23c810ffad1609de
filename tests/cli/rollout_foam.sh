# physgan rollout of a tiny foam surrogate, and the simulator's matching
# reference (simulate foam --init): a valid foam/1 file with the start
# frame copied, times t0 + i x step, eval foam against the reference at
# every frame; the reference starts from the same labels; errors (bad
# spec, frame out of range, a checkpoint of another model, frame size).
. "$(dirname "$0")/lib/common.sh"

rm -rf run run_sr run_wide x.h5
# The values of dataset $1 of file $2 in the hyperslab start $3, count $4,
# as text without h5dump's index prefixes.
slab() {
  h5dump -d "$1" -s "$3" -c "$4" "$2" | sed -n '/DATA {/,/}/p' | sed 's/^ *([0-9,]*)://'
}
tiny_foam_surrogate foam.h5 run

expect_exit 0 -- "$PHYSGAN" rollout $CK --init foam.h5:all:3 --steps 4 --out roll.h5
expect_out '2 sequence\(s\) x 5 frames of 32x32 \(G trained on 32x32\), 4 surrogate steps of 20 MCS from t = 30 MCS'
expect_out 'rollout: done, 4/4 steps'   # progress on stderr
# Gas pockets smaller than --min-bubble sites join the films.
expect_exit 0 -- "$PHYSGAN" rollout $CK --init foam.h5:all:3 --steps 2 --min-bubble 6 --out roll_min.h5
h5dump -a /min_bubble_sites roll_min.h5 | grep -q '(0): 6' || { echo "FAIL: min_bubble_sites"; exit 1; }
expect_exit 2 -- "$PHYSGAN" rollout $CK --init foam.h5:all:3 --steps 2 --min-bubble 0 --out x.h5
expect_out "--min-bubble '0'"
expect_exit 0 -- "$PHYSGAN" info roll.h5
expect_out 'valid foam/1'
expect_out 'surrogate += 1'
h5dump -d /time roll.h5 | grep -q '30, 50, 70, 90, 110' || { echo "FAIL: rollout times"; exit 1; }
# Frame 0 is the start frame itself.
slab /labels foam.h5 0,3,0,0 2,1,32,32 > a.txt
slab /labels roll.h5 0,0,0,0 2,1,32,32 > b.txt
cmp -s a.txt b.txt || { echo "FAIL: rollout frame 0 is not the start frame"; exit 1; }

# The reference from the same frames, at the same times.
expect_exit 0 -- "$PHYSGAN" simulate foam --init foam.h5:all:3 --frames 5 --interval 20 --out ref.h5
expect_out '2 sequence\(s\) x 5 frames of 32x32'
h5dump -d /time ref.h5 | grep -q '30, 50, 70, 90, 110' || { echo "FAIL: reference times"; exit 1; }
slab /labels ref.h5 0,0,0,0 2,1,32,32 > c.txt
cmp -s a.txt c.txt || { echo "FAIL: reference frame 0 is not the start frame"; exit 1; }
expect_exit 0 -- "$PHYSGAN" eval foam roll.h5 ref.h5 --json
expect_out '"matched_frames": 5'
for k in mean_neighbors area_ks mass_error threefold_fraction; do
  v=$(json_num $k); [ -n "$v" ] || { echo "FAIL: JSON $k"; exit 1; }
done
# One sequence, the last frame; --no-project runs too.
expect_exit 0 -- "$PHYSGAN" rollout $CK --init foam.h5:1:-1 --steps 2 --out one.h5 --no-project
expect_out '1 sequence\(s\) x 3 frames .* from t = 70 MCS, film_sigma 0, raw outputs'
# One-site films: frame 0's /phi is 0 or 1 only.
slab /phi roll.h5 0,0,0,0 1,1,32,32 |
  tr -s ', ' '\n\n' | grep -E '^[0-9.e-]+$' | sort -u > v.txt
[ "$(cat v.txt | tr '\n' ' ')" = "0 1 " ] || { echo "FAIL: sigma-0 phi not 0/1"; cat v.txt | head; exit 1; }

# Wide films ([data] film_sigma 1.5): trained, stored in the checkpoint's
# job, and rollout uses them (frame 0's /phi has values between 0 and 1,
# its maximum 1 on the films).
"$PHYSGAN" train "$SRC/jobs/foam-surrogate.ini" -o data.path=foam.h5 \
  -o model.depth=3 -o model.d_layers=2 -o model.width=4 -o loss.pf_weight=0 \
  -o data.frame_step=2 -o data.film_sigma=1.5 -o physics.foam_plateau_weight=0 \
  -o data.min_bubble=6 -o train.batch=2 -o train.steps=2 -o output.dir=run_wide \
  --plain >/dev/null 2>&1 || { echo "FAIL: train film_sigma 1.5"; exit 1; }
expect_exit 0 -- "$PHYSGAN" rollout run_wide/checkpoints/ckpt-000002.h5 --init foam.h5:all:3 --steps 2 --out wide.h5
expect_out 'film_sigma 1.5, inputs projected.*, min_bubble 6\)'
# [data] min_bubble of the job is rollout's default; --min-bubble overrides.
h5dump -a /min_bubble_sites wide.h5 | grep -q '(0): 6' || { echo "FAIL: job min_bubble"; exit 1; }
expect_exit 0 -- "$PHYSGAN" rollout run_wide/checkpoints/ckpt-000002.h5 --init foam.h5:all:3 --steps 2 --min-bubble 1 --out wide1.h5
expect_out 'min_bubble 1\)'
slab /phi wide.h5 0,0,0,0 1,1,32,32 |
  tr -s ', ' '\n\n' | grep -E '^[0-9.e-]+$' | sort -u > v.txt
awk '$1 > 0.05 && $1 < 0.95 { mid++ } $1 == 1 { one++ } END { exit !(mid >= 3 && one == 1) }' v.txt ||
  { echo "FAIL: film_sigma 1.5 phi is not a wide field"; head v.txt; exit 1; }
expect_exit 0 -- "$PHYSGAN" eval foam wide.h5 ref.h5 --json
expect_out '"matched_frames": 3'

# bench foam with the checkpoint: both sides over the same physical time
# (4 steps x 20 MCS), a speedup computed from the two timings.
expect_exit 0 -- "$PHYSGAN" bench foam --size 32 --bubbles 16 --mcs 10 --checkpoint $CK --steps 4 --batch 2 --start 20 --json
expect_cmp "$(json_num step_mcs)" "==" 20
grep -Eq '"mcs": 10,' <<<"$out" && grep -Eq '"mcs": 80,' <<<"$out" ||
  { echo "FAIL: simulator bench 10 MCS, surrogate side 4 x 20 = 80 MCS"; exit 1; }
sim=$(json_num simulator_seconds); sur=$(json_num surrogate_seconds); sp=$(json_num speedup)
expect_cmp "$sp" ">" 0
awk -v a="$sim" -v b="$sur" -v s="$sp" 'BEGIN { r = a / b; exit !(s > 0.99 * r && s < 1.01 * r) }' ||
  { echo "FAIL: speedup is not simulator/surrogate seconds"; exit 1; }
expect_exit 0 -- "$PHYSGAN" bench foam --size 32 --mcs 10 --steps 2
expect_out 'freshly initialised unet_foam'
expect_out 'speedup '
# G is fully convolutional: a larger lattice than trained on is fine,
# sides must be multiples of 2^depth (8 here).
expect_exit 0 -- "$PHYSGAN" bench foam --size 64 --bubbles 32 --mcs 10 --checkpoint $CK --steps 2
expect_out 'trained on 32x32 frames'
expect_exit 2 -- "$PHYSGAN" bench foam --size 36 --mcs 10 --checkpoint $CK
expect_out 'frames of 36x36 sites: the surrogate .* needs sides that are multiples of 8'

# A coarse grid (--coarse 2): G on 32x32 for 64x64 frames, each step
# 2^2 x 20 MCS; frames written at 64x64, /phi on G's grid; frame 0 is the
# start itself; bench foam times the same loop over the same time.
"$PHYSGAN" simulate foam --size 64 --bubbles 16 --frames 1 --start 40 --out big.h5 >/dev/null 2>&1
expect_exit 0 -- "$PHYSGAN" rollout $CK --init big.h5:0:0 --steps 2 --coarse 2 --out coarse.h5
expect_out '1 sequence\(s\) x 3 frames of 64x64 \(G trained on 32x32\), G on a 32x32 grid \(--coarse 2\), 2 surrogate steps of 80 MCS from t = 40 MCS'
h5dump -H -d /labels coarse.h5 | grep -q 'DATASPACE  SIMPLE { ( 1, 3, 64, 64 )' || { echo "FAIL: coarse /labels dims"; exit 1; }
h5dump -H -d /phi coarse.h5 | grep -q 'DATASPACE  SIMPLE { ( 1, 3, 32, 32 )' || { echo "FAIL: coarse /phi dims"; exit 1; }
h5dump -a /coarse coarse.h5 | grep -q '(0): 2' || { echo "FAIL: /coarse attribute"; exit 1; }
h5dump -d /time coarse.h5 | grep -q '40, 120, 200' || { echo "FAIL: coarse rollout times"; exit 1; }
slab /labels big.h5 0,0,0,0 1,1,64,64 > a.txt
slab /labels coarse.h5 0,0,0,0 1,1,64,64 > b.txt
cmp -s a.txt b.txt || { echo "FAIL: coarse rollout frame 0 is not the start frame"; exit 1; }
expect_exit 0 -- "$PHYSGAN" simulate foam --init big.h5:0:0 --frames 3 --interval 80 --out big_ref.h5
expect_exit 0 -- "$PHYSGAN" eval foam coarse.h5 big_ref.h5 --json
expect_out '"matched_frames": 3'
expect_exit 0 -- "$PHYSGAN" bench foam --size 64 --bubbles 16 --mcs 10 --checkpoint $CK --steps 2 --start 40 --coarse 2 --json
expect_cmp "$(json_num step_mcs)" "==" 80
grep -Eq '"coarse": 2,' <<<"$out" && grep -Eq '"mcs": 160,' <<<"$out" ||
  { echo "FAIL: bench --coarse 2: 2 steps x 80 MCS"; exit 1; }
expect_exit 2 -- "$PHYSGAN" rollout $CK --init big.h5:0:0 --steps 2 --coarse 3 --out x.h5
expect_out 'frames of 64x64 sites do not divide into 3x3 blocks'
expect_exit 2 -- "$PHYSGAN" rollout $CK --init foam.h5:0:0 --steps 2 --coarse 8 --out x.h5
expect_out 'frames of 4x4 sites: the surrogate .* needs sides that are multiples of 8'
expect_exit 2 -- "$PHYSGAN" bench foam --size 64 --mcs 10 --checkpoint $CK --coarse 3
expect_out 'do not divide into 3x3 blocks'

# Errors.
expect_exit 2 -- "$PHYSGAN" rollout $CK --init foam.h5:0 --steps 2 --out x.h5
expect_out 'FILE.h5:SEQ:FRAME'
expect_exit 2 -- "$PHYSGAN" rollout $CK --init foam.h5:0:8 --steps 2 --out x.h5
expect_out 'frame out of range: foam.h5 has 8 frames'
expect_exit 2 -- "$PHYSGAN" rollout $CK --init foam.h5:2:0 --steps 2 --out x.h5
expect_out 'sequence 2 out of range'
expect_exit 2 -- "$PHYSGAN" simulate foam --init foam.h5:0:9 --frames 2 --out x.h5
expect_out 'frame out of range'
"$PHYSGAN" simulate foam --size 64 --bubbles 40 --frames 1 --out large.h5 >/dev/null 2>&1
expect_exit 0 -- "$PHYSGAN" rollout $CK --init large.h5:0:0 --steps 2 --out large_roll.h5
expect_out '1 sequence\(s\) x 3 frames of 64x64 \(G trained on 32x32\)'
"$PHYSGAN" simulate foam --size 20 --bubbles 4 --frames 1 --out small.h5 >/dev/null 2>&1
expect_exit 2 -- "$PHYSGAN" rollout $CK --init small.h5:0:0 --steps 2 --out x.h5
expect_out 'frames of 20x20 sites: the surrogate .* needs sides that are multiples of 8'
"$PHYSGAN" simulate terrain --size 32 --count 8 --seed 4 --out sr.h5 >/dev/null 2>&1
"$PHYSGAN" train "$SRC/jobs/terrain-sr.ini" -o data.path=sr.h5 -o model.width=4 \
  -o train.batch=4 -o train.steps=1 -o output.dir=run_sr --plain >/dev/null 2>&1 ||
  { echo "FAIL: sr train"; exit 1; }
expect_exit 2 -- "$PHYSGAN" rollout run_sr/checkpoints/ckpt-000001.h5 --init foam.h5:0:0 --steps 2 --out x.h5
expect_out 'arch = unet_sr, not a foam surrogate'
[ ! -e x.h5 ] || { echo "FAIL: output written on error"; exit 1; }
echo "ok"
