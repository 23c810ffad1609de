# physgan simulate terrain: usage errors, a terrain/1 file with the
# requested shape and attributes, the exponent measured back, and the same
# seed giving the same elevations.
. "$(dirname "$0")/lib/common.sh"

expect_exit 2 -- "$PHYSGAN" simulate
expect_exit 0 -- "$PHYSGAN" simulate --help
expect_out 'terrain'
expect_exit 2 -- "$PHYSGAN" simulate nosuchkind
expect_out "unknown kind 'nosuchkind'"
expect_exit 0 -- "$PHYSGAN" simulate terrain --help
expect_out '--cell-size'
expect_exit 2 -- "$PHYSGAN" simulate terrain --size 32
expect_out '--out FILE.h5 is required'
expect_exit 2 -- "$PHYSGAN" simulate terrain --size 4 --out x.h5
expect_out "--size '4'"
expect_exit 2 -- "$PHYSGAN" simulate terrain --beta 9 --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate terrain --relief -3 --out x.h5
expect_exit 2 -- "$PHYSGAN" simulate terrain --out x.h5 stray
[ ! -e x.h5 ] || { echo "FAIL: a usage error wrote x.h5"; exit 1; }
echo "ok: usage errors write nothing"

# An unwritable place is a run-time failure (1) that leaves nothing behind.
expect_exit 1 -- "$PHYSGAN" simulate terrain --out no/such/dir/t.h5
expect_out 'no/such/dir/t.h5'

expect_exit 0 -- "$PHYSGAN" simulate terrain --size 64 --count 6 --beta 3 \
  --cell-size 25 --relief 300 --seed 5 --out a.h5 --json
beta=$(json_num psd_beta)
expect_cmp "$beta" ">" 2.8
expect_cmp "$beta" "<" 3.2
mean=$(json_num slope_mean_deg)
expect_cmp "$mean" ">" 0
expect_cmp "$mean" "<" 90
[ -s a.h5 ] || { echo "FAIL: a.h5 missing"; exit 1; }
ls a.h5.tmp.* >/dev/null 2>&1 && { echo "FAIL: temporary file left"; exit 1; }
echo "ok: a.h5 written, no temporary file left"

# Human-readable summary.
expect_exit 0 -- "$PHYSGAN" simulate terrain --size 32 --count 1 --out b.h5
expect_out 'wrote 1 patch of 32 x 32 cells \(30 m\) to b.h5'
expect_out 'beta requested 3, measured'

command -v h5dump >/dev/null ||
  { echo "FAIL: no h5dump (hdf5-tools, scripts/install-deps.sh)"; exit 1; }
{
  expect_exit 0 -- h5dump -H a.h5
  expect_out 'DATASET "terrain"'
  expect_out 'H5T_IEEE_F32LE'
  expect_out 'SIMPLE \{ \( 6, 64, 64 \)'
  expect_exit 0 -- h5dump -a /physgan_schema a.h5
  expect_out '"terrain/1"'
  expect_exit 0 -- h5dump -a /cell_size_m a.h5
  expect_out '\(0\): 25'
  expect_exit 0 -- h5dump -a /terrain/units a.h5
  expect_out '"m"'
  # Elevations span [0, relief] in every patch: check the first.
  expect_exit 0 -- h5dump -d /terrain -s 0,0,0 -c 1,64,64 -y -w 0 a.h5
  read -r lo hi < <(tr -s ' ,\n' '\n' <<<"$(sed -n '/DATA {/,/}/p' <<<"$out")" |
    grep -E '^-?[0-9.]+(e[-+]?[0-9]+)?$' |
    awk 'NR==1{lo=$1;hi=$1} {if($1<lo)lo=$1; if($1>hi)hi=$1} END{print lo, hi}')
  expect_cmp "$lo" "<" 0.001
  expect_cmp "$hi" ">" 299.99
  expect_cmp "$hi" "<" 300.01
  # Same seed, same elevations.
  expect_exit 0 -- "$PHYSGAN" simulate terrain --size 64 --count 6 --beta 3 \
    --cell-size 25 --relief 300 --seed 5 --out c.h5
  cmp <(h5dump -d /terrain a.h5 | tail -n +3) \
      <(h5dump -d /terrain c.h5 | tail -n +3) ||
    { echo "FAIL: same seed, different elevations"; exit 1; }
  echo "ok: reproducible"
}

# --like: surrogates of a file's patches, one per patch by default, its
# cells kept; shape options are refused with it.
expect_exit 2 -- "$PHYSGAN" simulate terrain --like a.h5 --beta 2 --out l.h5
expect_out 'do not apply'
expect_exit 1 -- "$PHYSGAN" simulate terrain --like nosuch.h5 --out l.h5
expect_out 'nosuch.h5'
expect_exit 0 -- "$PHYSGAN" simulate terrain --like a.h5 --seed 3 --out l.h5 --json
expect_out '"count": 6'
lbeta=$(json_num psd_beta)
expect_cmp "$lbeta" ">" 2.7
expect_cmp "$lbeta" "<" 3.3
expect_exit 0 -- "$PHYSGAN" simulate terrain --like a.h5 --count 2 --out l2.h5
expect_out 'wrote 2 phase-randomised surrogates of the patches of a.h5'
expect_exit 0 -- h5dump -a /cell_size_m l.h5   # h5dump checked above
expect_out '\(0\): 25'
expect_exit 0 -- h5dump -a /synth_like l.h5
expect_out '"a.h5"'
echo "ok: --like"

# The schema validator.
expect_exit 0 -- "$PHYSGAN" info a.h5
expect_out 'valid terrain/1 file'
