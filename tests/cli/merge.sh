# physgan merge: job-array shards concatenated along the sample dimension.
. "$(dirname "$0")/lib/common.sh"

# values DATASET_SELECTION FILE: the numbers, one per line, full precision.
values() {
  local f=$1; shift
  h5dump "$@" -y -w 0 -m '%.9g' -o vals.txt "$f" > /dev/null || exit 1
  tr -s ' ,\n' '\n' < vals.txt | grep -v '^$'
}

expect_exit 0 -- "$PHYSGAN" simulate terrain --size 16 --count 3 --seed 1 --out a.h5
expect_exit 0 -- "$PHYSGAN" simulate terrain --size 16 --count 2 --seed 2 --out b.h5
expect_exit 0 -- "$PHYSGAN" merge m.h5 a.h5 b.h5 --json
expect_out '"samples": 5'
expect_exit 0 -- "$PHYSGAN" info m.h5
expect_out 'valid terrain/1'
expect_out '\(5, 16, 16\)'
[ "$(values m.h5 -d /terrain -s 0,0,0 -c 3,16,16)" = "$(values a.h5 -d /terrain)" ] ||
  { echo "FAIL: first rows differ from a.h5"; exit 1; }
[ "$(values m.h5 -d /terrain -s 3,0,0 -c 2,16,16)" = "$(values b.h5 -d /terrain)" ] ||
  { echo "FAIL: last rows differ from b.h5"; exit 1; }
echo "ok: merged rows equal the inputs, in order"

# Different sample shapes, another schema, a missing input: errors, no output.
expect_exit 0 -- "$PHYSGAN" simulate terrain --size 32 --count 2 --seed 3 --out c.h5
expect_exit 1 -- "$PHYSGAN" merge bad.h5 a.h5 c.h5
expect_out 'sample shape'
expect_exit 0 -- "$PHYSGAN" simulate foam --size 16 --bubbles 4 --frames 2 --interval 1 --sequences 1 --out f.h5
expect_exit 1 -- "$PHYSGAN" merge bad.h5 a.h5 f.h5
expect_out 'f.h5'
expect_exit 1 -- "$PHYSGAN" merge bad.h5 a.h5 missing.h5
expect_out 'missing.h5'
[ ! -e bad.h5 ] || { echo "FAIL: a failed merge left bad.h5"; exit 1; }
ls bad.h5.tmp.* 2>/dev/null && { echo "FAIL: temp file left"; exit 1; }
echo "ok: failures leave no output"

# Foam: /labels concatenated, /time (shared) copied once.
expect_exit 0 -- "$PHYSGAN" simulate foam --size 16 --bubbles 4 --frames 2 --interval 1 --sequences 2 --seed 5 --out g.h5
expect_exit 0 -- "$PHYSGAN" merge fm.h5 f.h5 g.h5
expect_out '3 samples'
expect_out 'into fm\.h5 and fm\.xmf'
[ "$(grep -c '<Time Value=' fm.xmf)" = 2 ] || { echo "FAIL: fm.xmf"; exit 1; }
echo "ok: merged foam file has its sidecar"
expect_exit 0 -- "$PHYSGAN" info fm.h5
expect_out 'valid foam/1'

expect_exit 2 -- "$PHYSGAN" merge only.h5
