# The viewer's real use: a surrogate rollout (tiny, barely trained) beside
# the simulator's run from the same frame. rollout writes the XDMF sidecar;
# the page shows the 5 common times with both frames at each (10 PNGs) and
# the rollout's recovered-label diagnostics, its bubbles tracked by overlap
# (its ids are renumbered every frame) unless --no-track; a strip puts the reference
# under the rollout.
. "$(dirname "$0")/lib/common.sh"

rm -rf run
"$PHYSGAN" simulate foam --size 32 --bubbles 16 --frames 8 --interval 10 \
  --sequences 2 --seed 1 --out foam.h5 >/dev/null 2>&1 || exit 1
"$PHYSGAN" train "$SRC/jobs/foam-surrogate.ini" -o data.path=foam.h5 \
  -o model.depth=3 -o model.d_layers=2 -o model.width=4 -o loss.pf_weight=0 \
  -o data.frame_step=2 -o train.batch=2 -o train.steps=2 -o output.dir=run \
  --plain >/dev/null 2>&1 || { echo "FAIL: train"; exit 1; }
expect_exit 0 -- "$PHYSGAN" rollout run/checkpoints/ckpt-000002.h5 \
  --init foam.h5:1:3 --steps 4 --out roll.h5
expect_out 'wrote roll\.h5 and roll\.xmf'
[ "$(grep -c '<Time Value=' roll.xmf)" = 5 ] || { echo "FAIL: roll.xmf times"; exit 1; }
echo "ok: roll.xmf has 5 times"
expect_exit 0 -- "$PHYSGAN" simulate foam --init foam.h5:1:3 --frames 5 \
  --interval 20 --out ref.h5
expect_exit 0 -- "$PHYSGAN" view foam roll.h5 ref.h5 --out v.html --strip s.png
expect_out '5 of 5 time\(s\), 10 frame image\(s\)'
# The rollout's ids are renumbered every frame: it is tracked, ref.h5 not.
expect_out 'roll\.h5: bubbles tracked by overlap \(its ids are renumbered'
[ "$(grep -c '(ids tracked by overlap)' v.html)" = 1 ] || { echo "FAIL: tracked caption"; exit 1; }
echo "ok: only roll.h5 tracked"
expect_exit 0 -- "$PHYSGAN" view foam roll.h5 ref.h5 --out n.html --no-track
grep -q 'tracked by overlap)' n.html && { echo "FAIL: --no-track"; exit 1; }
echo "ok: --no-track"
expect_exit 0 -- "$PHYSGAN" view foam roll.h5 ref.h5 --out t.html --track
[ "$(grep -c '(ids tracked by overlap)' t.html)" = 2 ] || { echo "FAIL: --track"; exit 1; }
echo "ok: --track tracks both"
# Tracking changes no bubble: the diagnostics are the same; the images of
# the rollout are not (its colours now follow the bubbles).
[ "$(grep -o 'diag: "[^"]*"' v.html)" = "$(grep -o 'diag: "[^"]*"' n.html)" ] ||
  { echo "FAIL: diagnostics changed by tracking"; exit 1; }
echo "ok: same diagnostics with and without tracking"
[ "$(grep -o 'a: {src: "[^"]*"' v.html | md5sum)" != "$(grep -o 'a: {src: "[^"]*"' n.html | md5sum)" ] ||
  { echo "FAIL: tracking changed no image"; exit 1; }
echo "ok: tracked frames differ"
[ "$(grep -c '^{t: "[0-9]*", a: {src: "data:image/png;base64,[^"]*", diag: "frame [0-4]: [0-9]* bubbles' v.html)" = 5 ] ||
  { echo "FAIL: rollout frames with diagnostics"; exit 1; }
echo "ok: 5 rollout frames with diagnostics"
[ "$(grep -ci http v.html)" = 0 ] || { echo "FAIL: a URL in the page"; exit 1; }
echo "ok: no URL"
# 5 frames of 32 in a row with 4-pixel gaps, two rows.
dims=$(od -An -tu1 -j16 -N8 s.png | awk '{print $3*256+$4 "x" $7*256+$8}')
[ "$dims" = "176x68" ] || { echo "FAIL: strip is $dims"; exit 1; }
echo "ok: strip 176x68"
