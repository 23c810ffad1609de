#!/usr/bin/env bash
# physgan info: lists a valid file and exits 0; names the problem and exits
# 1 for a file that breaks its schema, one that is not HDF5, a missing
# one and a checkpoint whose checksum fails. Fixtures:
# tests/cli/data/terrain-{valid,nan}.h5 (terrain/1, 2x4x4 tiles; the
# second has one NaN in sample 1).
source "$(dirname "$0")/lib/common.sh"
DATA=$SRC/tests/cli/data

expect_exit 0 -- "$PHYSGAN" info "$DATA/terrain-valid.h5"
expect_out '^schema: +terrain/1'
expect_out '/terrain +float32 +\(2, 4, 4\) +units: m'
expect_out 'cell_size_m += 30'
expect_out 'verdict: valid terrain/1 file'

expect_exit 0 -- "$PHYSGAN" info --json "$DATA/terrain-valid.h5"
expect_out '"valid": true'
expect_out '\{"name": "/terrain", "type": "float32", "shape": \[2, 4, 4\], "units": "m"\}'

expect_exit 1 -- "$PHYSGAN" info "$DATA/terrain-nan.h5"
expect_out 'verdict: INVALID, 1 problem'
expect_out 'terrain-nan.h5: /terrain: 1 NaN or Inf value \(first in row 1\)'

expect_exit 1 -- "$PHYSGAN" info --json "$DATA/terrain-nan.h5"
expect_out '"valid": false, "problems": \["/terrain: 1 NaN'

# A truncated copy is not readable as HDF5 any more.
head -c 1000 "$DATA/terrain-valid.h5" > truncated.h5
expect_exit 1 -- "$PHYSGAN" info truncated.h5
expect_out 'truncated.h5'

echo "just text" > text.h5
expect_exit 1 -- "$PHYSGAN" info text.h5
expect_out 'text.h5 is not an HDF5 file'

expect_exit 1 -- "$PHYSGAN" info missing.h5
expect_out 'cannot open missing.h5: No such file or directory'

expect_exit 2 -- "$PHYSGAN" info
expect_exit 2 -- "$PHYSGAN" info a.h5 b.h5
expect_exit 0 -- "$PHYSGAN" info --help
expect_out 'usage: physgan info FILE.h5'

# A checkpoint whose bytes changed after it was sealed fails its checksum
# (what resume checks before trusting it), though HDF5 still opens it.
rm -rf ckrun
"$PHYSGAN" simulate terrain --size 16 --count 8 --seed 3 --out ck-terrain.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=ck-terrain.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=2 -o train.steps=1 \
  -o output.dir=ckrun --plain >/dev/null || exit 1
expect_exit 0 -- "$PHYSGAN" info ckrun/checkpoints/ckpt-000001.h5
expect_out 'verdict: valid checkpoint/1'
cp ckrun/checkpoints/ckpt-000001.h5 damaged.h5
size=$(stat -c %s damaged.h5)
printf '\377' | dd of=damaged.h5 bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
expect_exit 1 -- "$PHYSGAN" info damaged.h5
expect_out 'damaged.h5: checksum: damaged.h5: checksum mismatch'
