# physgan screen crystals: usage errors (2); a checkpoint of a few steps on
# a tiny simulated training set screened into ranked.csv (one row per
# candidate, every score), spacegroups.csv and screen.html; the training
# set itself screened with --from (the baseline): every structure valid,
# its space groups at 0.01/0.1/0.3 A equal to its own,
# the top K written as CIFs that physgan's CIF import reads back with the
# same formulas; the same ranked.csv from 2 MPI ranks.
# Skipped (77) where libavogadro-data is not installed.
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals

expect_exit 0 -- "$PHYSGAN" screen crystals --help
expect_out '--from FILE.h5'
expect_exit 2 -- "$PHYSGAN" screen crystals ck.h5
expect_out '--out DIR is required'
expect_exit 2 -- "$PHYSGAN" screen crystals ck.h5 --from x.h5 --out o
expect_out 'expected one checkpoint, or --from'
expect_exit 1 -- "$PHYSGAN" screen crystals no/such.h5 --out o
expect_out 'no/such.h5'

[ -d "$CRYSTALS/halides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf run gen base base2 rt.h5

"$PHYSGAN" import cif "$CRYSTALS/halides" --out protos.h5 --max-atoms 40 \
  >/dev/null 2>&1 || { echo "FAIL: import cif"; exit 1; }
"$PHYSGAN" simulate crystal --prototypes protos.h5 --candidates 24 --seed 3 \
  --proxy-spacing 0.4 --out tiny.h5 >/dev/null 2>&1 || { echo "FAIL: simulate crystal"; exit 1; }
expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/crystal-vaegan.ini" -o data.path=tiny.h5 \
  -o model.width=4 -o model.z_dim=4 -o train.batch=4 -o train.steps=5 \
  -o output.dir=run --plain

# a checkpoint: every candidate in the CSV with its scores
expect_exit 0 -- "$PHYSGAN" screen crystals run/checkpoints/ckpt-000005.h5 \
  --train tiny.h5 --n 40 --top 3 --out gen --json
expect_out '"candidates": 40'
head -1 gen/ranked.csv | grep -q '^rank,index,formula,natoms,elements,spacegroup,volume_per_atom_A3,min_dist_A,struct_valid,charge_valid,oxidation,relaxed,duplicate_of,novel,mobile,proxy_level_1d,proxy_level_2d,proxy_level_3d,proxy_hop_A,head_level_3d,cif$' ||
  { echo "FAIL: ranked.csv header: $(head -1 gen/ranked.csv)"; exit 1; }
[ "$(wc -l < gen/ranked.csv)" -eq 41 ] || { echo "FAIL: 40 candidate rows expected"; exit 1; }
[ -s gen/screen.html ] && [ -s gen/spacegroups.csv ] || { echo "FAIL: page or space groups missing"; exit 1; }
echo "ok: a checkpoint screened"

# the training set itself (the baseline): valid, ranked, CIFs read back
expect_exit 0 -- "$PHYSGAN" screen crystals --from tiny.h5 --train tiny.h5 \
  --n 1000 --top 3 --out base --json
n=$(json_num candidates); v=$(json_num valid); top=$(json_num top)
[ "$n" -eq "$v" ] || { echo "FAIL: $v of $n training structures valid"; exit 1; }
expect_cmp "$top" '>=' 1
# the training set against itself: the same space-group distribution at
# every tolerance (total variation distance 0), each tolerance in the CSV
tv0=$(grep -o '"tv_groups": 0,' <<<"$out" | wc -l)
[ "$tv0" -eq 3 ] || { echo "FAIL: training vs itself: $tv0 of 3 tolerances at TV 0"; echo "$out"; exit 1; }
# ... and the same free parameters if kept symmetric (Wyckoff orbits),
# fewer than in P1
sp=$(json_num symmetric_parameters_median); spt=$(json_num symmetric_parameters_train_median)
p1p=$(json_num p1_parameters_median)
[ -n "$sp" ] && [ "$sp" = "$spt" ] || { echo "FAIL: symmetric parameters $sp vs the training set's $spt"; exit 1; }
expect_cmp "$sp" '<' "$p1p"
head -1 base/spacegroups_tolerance.csv | grep -q '^symprec_A,spacegroup,crystal_system,generated,generated_fraction,training,training_fraction$' ||
  { echo "FAIL: spacegroups_tolerance.csv header"; exit 1; }
[ "$(cut -d, -f1 base/spacegroups_tolerance.csv | sort -u | grep -c '^0')" -eq 3 ] ||
  { echo "FAIL: 3 tolerances expected in spacegroups_tolerance.csv"; exit 1; }
awk -F, 'NR > 1 && $4 != $6 { bad = 1 } END { exit bad }' base/spacegroups_tolerance.csv ||
  { echo "FAIL: the training set's groups differ from its own"; exit 1; }
grep -q '<svg' base/screen.html || { echo "FAIL: no picture in screen.html"; exit 1; }
ls base/*.cif > cifs.txt
[ "$(wc -l < cifs.txt)" -eq "$top" ] || { echo "FAIL: $top CIFs expected"; exit 1; }
expect_exit 0 -- "$PHYSGAN" import cif base --out rt.h5 --json
expect_out "\"imported\": $top"
# same formulas, in rank order (the import reads files sorted by name)
awk -F, -v k="$top" 'NR > 1 && $1 > 0 && $1 <= k { print $1, $3 }' base/ranked.csv | sort -n | cut -d' ' -f2 > want.txt
for f in $(cat cifs.txt); do basename "$f" .cif | cut -d_ -f2-; done > got.txt
cmp -s want.txt got.txt || { echo "FAIL: CIF names vs ranked formulas"; diff want.txt got.txt; exit 1; }
echo "ok: the training set screened, $top CIFs read back by import cif"

expect_exit 0 -- timeout 120 mpiexec -n 2 --oversubscribe "$PHYSGAN" screen crystals \
  --from tiny.h5 --train tiny.h5 --n 1000 --top 3 --out base2
cmp -s base/ranked.csv base2/ranked.csv || { echo "FAIL: 2 ranks rank otherwise"; exit 1; }
echo "ok: 2 ranks give the same ranked.csv"
echo "screen crystals checks passed"
