# physgan view terrain: patches of terrain/1 files as one hillshaded PNG
# strip, a row per file (size from the PNG header: n patches of w cells
# at scale k with 2-pixel gaps), --first/--step selection, and errors.
. "$(dirname "$0")/lib/common.sh"

rm -f strip.png one.png bad.png
"$PHYSGAN" simulate terrain --size 16 --count 10 --seed 1 --out a.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 16 --count 10 --seed 2 --out b.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 32 --count 2 --seed 3 --out c.h5 >/dev/null || exit 1

# Width and height of a PNG: big-endian at bytes 16..23 of the IHDR chunk.
png_size() {
  od -An -tu1 -j16 -N8 "$1" |
    awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'
}
expect_exit 0 -- "$PHYSGAN" view terrain a.h5 b.h5 --strip strip.png --n 3 --scale 2
expect_out '3 patches x 2 files -> strip.png \(100 x 66 pixels\)'
[ "$(png_size strip.png)" = "100 66" ] || { echo "FAIL: PNG size $(png_size strip.png)"; exit 1; }
# --step 3 --n 4 reaches patch 9, the last one; one more is refused.
expect_exit 0 -- "$PHYSGAN" view terrain a.h5 --strip one.png --n 4 --step 3 --scale 1
[ "$(png_size one.png)" = "70 16" ] || { echo "FAIL: PNG size $(png_size one.png)"; exit 1; }
expect_exit 2 -- "$PHYSGAN" view terrain a.h5 --strip bad.png --n 4 --step 3 --first 1
expect_out 'holds 10 patches: --first 1 --step 3 --n 4 needs patch 10'
expect_exit 2 -- "$PHYSGAN" view terrain a.h5 c.h5 --strip bad.png --n 2
expect_out 'a strip needs one patch size'
expect_exit 2 -- "$PHYSGAN" view terrain missing.h5 --strip bad.png
expect_exit 2 -- "$PHYSGAN" view terrain a.h5
expect_out 'strip FILE.png is required'
expect_exit 2 -- "$PHYSGAN" view terrain a.h5 --strip bad.png --scale 17
[ ! -e bad.png ] || { echo "FAIL: bad.png written"; exit 1; }
echo "ok"
