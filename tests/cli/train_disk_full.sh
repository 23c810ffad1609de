# physgan train with its run directory on a full disk: a small tmpfs holds
# the first checkpoint of a tiny job and not a second one (keep = 1 needs
# the old file and the new temporary side by side). The run must exit 1
# naming the checkpoint and "No space left on device", keep the previous
# checkpoint intact (it validates and resumes), and leave no temporary
# file. Needs root and tmpfs: exit 77 (skipped) otherwise.
. "$(dirname "$0")/lib/common.sh"
[ "$(id -u)" -eq 0 ] || { echo "skip: mounting a tmpfs needs root"; exit 77; }
rm -rf ref mnt full
mkdir -p mnt
mount -t tmpfs -o size=64k tmpfs mnt 2>/dev/null \
  || { echo "skip: cannot mount a tmpfs here"; exit 77; }
trap 'umount mnt 2>/dev/null' EXIT

"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
J="$SRC/jobs/terrain-gan-tiny.ini"
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=2 -o train.steps=12 -o train.log_every=5
        -o train.checkpoint_every=4 -o train.sample_every=1000
        -o train.keep_checkpoints=1 --plain)

# Size the disk from a reference run stopped after its first checkpoint:
# its whole run directory plus half a checkpoint.
expect_exit 3 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=ref \
  --stop-after 4
ck=$(( $(stat -c %s ref/checkpoints/ckpt-000004.h5) / 1024 ))
size=$(( $(du -sk ref | cut -f1) + ck / 2 ))
umount mnt
mount -t tmpfs -o size=${size}k tmpfs mnt || exit 1
echo "ok: tmpfs of ${size} KiB, checkpoint ${ck} KiB"

expect_exit 1 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=mnt/run
expect_out 'cannot write .*ckpt-000008\.h5.*No space left on device'
! grep -q 'Segmentation\|Signal:' <<<"$out" || { echo "FAIL: crash"; exit 1; }
ls mnt/run/checkpoints
[ "$(ls mnt/run/checkpoints)" = "ckpt-000004.h5" ] \
  || { echo "FAIL: checkpoints directory should hold only ckpt-000004.h5"; exit 1; }
echo "ok: previous checkpoint kept, no temporary file"
expect_exit 0 -- "$PHYSGAN" info mnt/run/checkpoints/ckpt-000004.h5
expect_out 'checkpoint/1'
# With room again, the run resumes from it.
rm -rf full && cp -r mnt/run full && umount mnt
mount -t tmpfs -o size=4m tmpfs mnt || exit 1
cp -r full mnt/run
expect_exit 0 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=mnt/run \
  --resume
expect_out 'resuming from .*ckpt-000004.h5 at step 4'
