# physgan import dem: the shipped SRTM sample end to end (counts, cell
# sizes, elevation range, both outputs valid terrain/1 files), a .npy
# import, usage errors (2) and run-time errors (1) with clear messages.
. "$(dirname "$0")/lib/common.sh"
SAMPLE=$SRC/data/samples/jacksboro_fault_dem.asc

expect_exit 0 -- "$PHYSGAN" import dem --help
expect_out '--val-fraction'
expect_exit 0 -- "$PHYSGAN" import --help
expect_out 'dem'
expect_exit 2 -- "$PHYSGAN" import dem --out x
expect_out 'expected the elevation file'
expect_exit 2 -- "$PHYSGAN" import dem "$SAMPLE"
expect_out '--out PREFIX is required'
expect_exit 2 -- "$PHYSGAN" import dem "$SAMPLE" --out x --patch 1
expect_out "--patch '1'"
expect_exit 2 -- "$PHYSGAN" import dem "$SAMPLE" --out x --val-fraction 1
expect_exit 2 -- "$PHYSGAN" import dem "$SAMPLE" --out x --cell-size-y 3
expect_out '--cell-size-y needs --cell-size'
expect_exit 2 -- "$PHYSGAN" import dem "$SAMPLE" --out x stray
ls x* >/dev/null 2>&1 && { echo "FAIL: a usage error wrote a file"; exit 1; }
echo "ok: usage errors write nothing"

# The sample: 344 x 403 cells of 3 arc-seconds at 36.59 N.
expect_exit 0 -- "$PHYSGAN" import dem "$SAMPLE" --out jf.h5 --json
expect_out '"rows": 344, "cols": 403, "nodata_cells": 0'
expect_out '"cell_source": "geographic"'
expect_cmp "$(json_num cell_size_m)" ">" 74.5
expect_cmp "$(json_num cell_size_m)" "<" 74.7
expect_cmp "$(json_num cell_size_y_m)" ">" 92.4
expect_cmp "$(json_num cell_size_y_m)" "<" 92.6
expect_out '"train": \{"output": "jf_train.h5", "col0": 0, "col1": 258, "patches": 63, "candidates": 63'
expect_out '"validation": \{"output": "jf_val.h5", "col0": 322, "col1": 403, "patches": 9, "candidates": 9'
expect_out '"z_min_m": 236.000'
expect_out '"z_max_m": 1076.000'
for f in jf_train.h5 jf_val.h5; do
  expect_exit 0 -- "$PHYSGAN" info "$f"
  expect_out 'verdict: valid terrain/1'
  expect_out '/terrain +float32 +\([0-9]+, 64, 64\) +units: m'
  expect_out '/origin_rc +int32'
  expect_out 'cell_size_y_m'
done
ls jf*.tmp.* >/dev/null 2>&1 && { echo "FAIL: temporary file left"; exit 1; }

# Human-readable summary; other tiling.
expect_exit 0 -- "$PHYSGAN" import dem "$SAMPLE" --out t2 --patch 32 \
  --stride 32 --val-fraction 0.25 --gap 0
expect_out 'train +columns 0\.\.301: 90 of 90 patches kept'
expect_out 'validation columns 302\.\.402: 30 of 30 patches kept'

# A .npy: needs --cell-size (usage, 2), then imports with square cells.
npy() { # npy FILE DESCR ROWS COLS: header only, data appended by caller
  local dict="{'descr': '$2', 'fortran_order': False, 'shape': ($3, $4), }"
  local hl=$(( (10 + ${#dict} + 1 + 63) / 64 * 64 - 10 ))
  { printf '\223NUMPY\001\000'
    printf "\\$(printf %03o $((hl % 256)))\\$(printf %03o $((hl / 256)))"
    printf '%s' "$dict"; printf "%$((hl - ${#dict} - 1))s\n" ''; } > "$1"
}
npy g.npy '<i2' 40 40
head -c 3200 /dev/zero >> g.npy
expect_exit 2 -- "$PHYSGAN" import dem g.npy --out g --patch 16
expect_out 'g.npy: a .npy file has no georeferencing; give its cell size'
expect_exit 0 -- "$PHYSGAN" import dem g.npy --out g --patch 16 \
  --cell-size 5 --val-fraction 0.4 --gap 0 --json
expect_out '"cell_source": "given", "cell_size_m": 5.000000, "cell_size_y_m": 5.000000'
expect_exit 0 -- "$PHYSGAN" info g_val.h5
expect_out 'verdict: valid'

# Run-time errors: exit 1, naming the file and the problem.
npy u.npy '<u2' 2 2
head -c 8 /dev/zero >> u.npy
expect_exit 1 -- "$PHYSGAN" import dem u.npy --out u --cell-size 5
expect_out "u.npy: unsupported .npy dtype '<u2'"
expect_exit 1 -- "$PHYSGAN" import dem no-such.tif --out n
expect_out 'no-such.tif: cannot read as a raster'
echo "not a raster" > junk.tif
expect_exit 1 -- "$PHYSGAN" import dem junk.tif --out n
expect_out 'junk.tif: cannot read as a raster'
expect_exit 1 -- "$PHYSGAN" import dem "$SAMPLE" --out n --patch 400
expect_out 'patch of 400 x 400 cells is larger than the raster \(344 rows x 403 columns\)'
printf 'ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n-9999 -9999 -9999\n-9999 -9999 -9999\n' > nd.asc
expect_exit 1 -- "$PHYSGAN" import dem nd.asc --out n --cell-size 10
expect_out 'nd.asc: every one of its 2 x 3 cells is no-data'
expect_exit 1 -- "$PHYSGAN" import dem "$SAMPLE" --out no/such/dir/n
expect_out 'no/such/dir/n_train.h5'
ls n_*.h5 >/dev/null 2>&1 && { echo "FAIL: a failed import wrote a file"; exit 1; }
echo "ok: failed imports write nothing"
