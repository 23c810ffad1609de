# physgan screen crystals for job arrays: three --shard parts of a relaxed
# screen of a composition-conditional checkpoint (the last part on 2 MPI
# ranks) joined by physgan merge, then --scores: ranked.csv,
# spacegroups.csv, screen.html and the CIFs of one unsharded run, byte for
# byte (the relaxed cells travel through the crystal_screen/1 files). A
# merge in the wrong order, a missing shard, other options (--seed,
# --relax, --compositions) and --shard with --scores are refused by name.
# Skipped (77) where libavogadro-data is not installed.
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals

[ -d "$CRYSTALS/halides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf runs one shards scr-m scr-x merged.h5 swapped.h5 two.h5
"$PHYSGAN" import cif "$CRYSTALS/halides" --out protos.h5 --max-atoms 40 \
  >/dev/null 2>&1 || { echo "FAIL: import cif"; exit 1; }
"$PHYSGAN" simulate crystal --prototypes protos.h5 --candidates 24 --seed 3 \
  --proxy-spacing 0.4 --out tiny.h5 >/dev/null 2>&1 || { echo "FAIL: simulate crystal"; exit 1; }
expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/crystal-vaegan.ini" -o data.path=tiny.h5 \
  -o model.width=4 -o model.z_dim=4 -o train.batch=4 -o train.steps=5 \
  -o output.dir=runs --plain
CK=runs/checkpoints/ckpt-000005.h5
OPTS=(--train tiny.h5 --n 24 --top 3 --relax --compositions train)

expect_exit 0 -- "$PHYSGAN" screen crystals $CK "${OPTS[@]}" --out one --json
expect_out '"candidates": 24'
relaxed=$(json_num relaxed)
expect_cmp "$relaxed" '>=' 1
# a relaxed candidate among the CIFs: its cell must travel through the shards
awk -F, 'NR > 1 && $21 != "" && $12 == 1 { found = 1 } END { exit !found }' one/ranked.csv ||
  { echo "FAIL: no relaxed candidate among the CIFs"; exit 1; }
files=(ranked.csv spacegroups.csv screen.html)
for f in one/*.cif; do files+=("$(basename "$f")"); done
[ "${#files[@]}" -ge 4 ] || { echo "FAIL: no CIF written"; exit 1; }

for i in 0 1; do
  expect_exit 0 -- "$PHYSGAN" screen crystals $CK "${OPTS[@]}" --out shards --shard $i/3
  expect_out "shard $i/3 scored candidates [0-9]+\.\.[0-9]+ into shards/scores-$i-of-3.h5"
done
expect_exit 0 -- timeout 300 mpiexec -n 2 --oversubscribe "$PHYSGAN" screen crystals \
  $CK "${OPTS[@]}" --out shards --shard 2/3 --json
expect_out '"scored_first": 16, "scored_count": 8'
[ ! -e shards/ranked.csv ] || { echo "FAIL: a shard ranked"; exit 1; }
S=(shards/scores-0-of-3.h5 shards/scores-1-of-3.h5 shards/scores-2-of-3.h5)
expect_exit 0 -- "$PHYSGAN" merge merged.h5 "${S[@]}"
expect_exit 0 -- "$PHYSGAN" info merged.h5
expect_out 'crystal_screen/1'
expect_exit 0 -- "$PHYSGAN" screen crystals $CK "${OPTS[@]}" --out scr-m --scores merged.h5
for f in "${files[@]}"; do
  cmp -s "one/$f" "scr-m/$f" || { echo "FAIL: $f from merged shards differs"; exit 1; }
done
[ "$(ls scr-m/*.cif | wc -l)" -eq "$(ls one/*.cif | wc -l)" ] || { echo "FAIL: CIF count"; exit 1; }
echo "ok: merged shards write one run's files (${#files[@]} files)"

expect_exit 0 -- "$PHYSGAN" merge swapped.h5 "${S[1]}" "${S[0]}" "${S[2]}"
expect_exit 2 -- "$PHYSGAN" screen crystals $CK "${OPTS[@]}" --out scr-x --scores swapped.h5
expect_out 'swapped.h5: row 0 holds candidate 8, not 0: merge every shard, in shard order'
expect_exit 0 -- "$PHYSGAN" merge two.h5 "${S[0]}" "${S[1]}"
expect_exit 2 -- "$PHYSGAN" screen crystals $CK "${OPTS[@]}" --out scr-x --scores two.h5
expect_out 'two.h5: 16 scored candidates, this run has 24: merge every shard'
expect_exit 2 -- "$PHYSGAN" screen crystals $CK "${OPTS[@]}" --out scr-x --scores merged.h5 --seed 2
expect_out "merged.h5: attribute seed is 1, this run's --seed is 2"
expect_exit 2 -- "$PHYSGAN" screen crystals $CK --train tiny.h5 --n 24 --top 3 \
  --compositions train --out scr-x --scores merged.h5
expect_out "attribute relax is 1, this run's --relax \(1\) or not \(0\) is 0"
expect_exit 2 -- "$PHYSGAN" screen crystals $CK --train tiny.h5 --n 24 --top 3 --relax \
  --compositions substitute --out scr-x --scores merged.h5
expect_out "attribute compositions is train, this run's --compositions is substitute"
expect_exit 2 -- "$PHYSGAN" screen crystals --from tiny.h5 --n 24 --top 3 --relax \
  --out scr-x --scores merged.h5
expect_out "attribute from is 0"
[ ! -e scr-x/ranked.csv ] || { echo "FAIL: a refused run wrote ranked.csv"; exit 1; }
expect_exit 2 -- "$PHYSGAN" screen crystals $CK --out scr-x --shard 3/3
expect_out "--shard '3/3': expected I/N with 0 <= I < N"
expect_exit 2 -- "$PHYSGAN" screen crystals $CK --out scr-x --shard 0/2 --scores merged.h5
expect_out '--shard scores a part, --scores reads them all'
echo "screen crystals --shard checks passed"
