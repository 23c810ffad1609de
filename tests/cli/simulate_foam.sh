# physgan simulate foam / bench foam: a small run writes foam/1 with the
# asked-for bubbles at t = 0 and coarsens; same seed, same result; usage
# errors exit 2, run-time failures 1.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 4 \
    --interval 20 --sequences 2 --seed 3 --out f.h5 --report --plain
[ -s f.h5 ] || { echo "FAIL: f.h5 not written"; exit 1; }
ls f.h5.tmp.* 2>/dev/null && { echo "FAIL: temporary file left"; exit 1; }
expect_out '^\| 0 \| 20\.0 \| 51\.2 \|'
expect_out '^\| 60 \| '
first=$(grep '^|' <<<"$out")
# Bubbles at the last frame: fewer than at the start.
last=$(grep '^| 60 |' <<<"$out" | awk -F'|' '{print $3}')
expect_cmp "$last" "<" 20

expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 4 \
    --interval 20 --sequences 2 --seed 3 --out g.h5 --report --plain
[ "$first" = "$(grep '^|' <<<"$out")" ] || { echo "FAIL: same seed, different tables"; exit 1; }
echo "ok: reproducible"
expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 4 \
    --interval 20 --sequences 2 --seed 4 --out h.h5 --report --plain
[ "$first" != "$(grep '^|' <<<"$out")" ] || { echo "FAIL: other seed, same tables"; exit 1; }
echo "ok: seed matters"

if command -v h5dump >/dev/null; then
  h5dump -H f.h5 > header.txt
  grep -q 'DATASET "labels"' header.txt && grep -q '( 2, 4, 32, 32 )' header.txt &&
    grep -q 'ATTRIBUTE "simulator"' header.txt && grep -q 'ATTRIBUTE "temperature"' header.txt ||
    { echo "FAIL: foam/1 layout"; cat header.txt; exit 1; }
  echo "ok: foam/1 layout"
fi

# Usage errors.
expect_exit 2 -- "$PHYSGAN" simulate foam --size 32
expect_out 'out FILE.h5 is required'
expect_exit 2 -- "$PHYSGAN" simulate foam --size 31 --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam --bubbles 0 --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam --size 8 --bubbles 65 --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam --frames two --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam --temperature -1 --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam --frames 2 --report --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam --bogus --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate foam extra --out x.h5
[ ! -e x.h5 ] || { echo "FAIL: x.h5 written after a usage error"; exit 1; }
expect_exit 0 -- "$PHYSGAN" simulate foam --help
expect_out 'foam/1'
# Run-time failure: the output directory does not exist.
expect_exit 1 -- "$PHYSGAN" simulate foam --size 16 --bubbles 4 --frames 2 \
    --out no/such/dir/f.h5

# bench foam: a short run; the rate is computed from the run.
expect_exit 0 -- "$PHYSGAN" bench foam --size 64 --mcs 50 --json
rate=$(json_num site_updates_per_s)
b0=$(json_num bubbles_start)
b1=$(json_num bubbles_end)
expect_cmp "$rate" ">" 0
expect_cmp "$b0" "==" 64
expect_cmp "$b1" "<" "$b0"
expect_exit 2 -- "$PHYSGAN" bench foam --size 63
expect_exit 2 -- "$PHYSGAN" bench foam --mcs 0
