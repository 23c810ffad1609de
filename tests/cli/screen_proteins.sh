# physgan screen proteins on a tiny protein_gan run (two families): the
# outputs exist, top.fasta reads back with the FASTA importer with K
# sequences of the family, ranked.csv has every score for every unique
# sequence in rank order, the novelty filter and --hmm (a profile built
# by physgan's test data: fn3), the profile baseline (--from-profile),
# the same files on 2 and 3 ranks and from merged --shard parts
# (--scores), and errors (unknown family, another
# checkpoint's training file, missing options).
. "$(dirname "$0")/lib/common.sh"

rm -rf run scr scr2 scr3
printf '>a1\nMKVLAAGHHE\n>a2\nMKVLSAGHHD\n>a3\nMRVLAAGHYE\n>a4\nMKILAAGHHE\n' > fa.fa
printf '>b1\nWWPPCYTRQ\n>b2\nWWPPCYTRN\n>b3\nWFPPCYTRQ\n' > fb.fa
"$PHYSGAN" import fasta fa.fa fb.fa --out tiny.h5 >/dev/null || exit 1
expect_exit 0 -- "$PHYSGAN" train "$SRC/jobs/protein-gan.ini" -o data.path=tiny.h5 \
  -o model.width=4 -o model.z_dim=4 -o model.res_blocks=1 -o train.batch=4 \
  -o train.steps=4 -o train.checkpoint_every=4 -o output.dir=run --plain \
  -o physics.protein_profile_pseudocount=0.1
CK=run/checkpoints/ckpt-000004.h5

expect_exit 0 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --hmm "$SRC/tests/data/protein/fn3.hmm" --out scr
expect_out 'screen proteins: 40 generated \(length <= 12\)'
expect_out 'profile hits \(E < 0.01\): [0-9]+ of [0-9]+ unique'
for f in top.fasta all.fasta ranked.csv screen.html; do
  [ -s scr/$f ] || { echo "FAIL: scr/$f missing"; exit 1; }
done
unique=$(sed -n 's/.* \([0-9]*\) unique, .*/\1/p' <<<"$out")
top=$(grep -c '^>' scr/top.fasta)
[ "$(grep -c '^>' scr/all.fasta)" -eq "$unique" ] || { echo "FAIL: all.fasta count"; exit 1; }
[ "$(($(wc -l < scr/ranked.csv) - 1))" -eq "$unique" ] || { echo "FAIL: ranked.csv rows"; exit 1; }
expect_cmp "$top" "<=" 5
expect_cmp "$top" ">=" 1
# top.fasta reads back: K sequences, family named after the file.
expect_exit 0 -- "$PHYSGAN" import fasta scr/top.fasta --out top.h5 --json
expect_out "\"records\": $top, \"kept\": $top"
head -1 scr/ranked.csv | grep -q '^rank,id,length,novel,score,critic_p,d_real,hmm_bits,hmm_evalue,max_identity,nearest,sequence$' ||
  { echo "FAIL: ranked.csv header"; exit 1; }
# Ranks 1..n, novel ones first, scores falling within each part, every
# probability in (0, 1], score = log critic_p + log d_real, nearest a
# training id of family fa.
awk -F, 'NR > 1 {
  if ($1 != NR - 1) { print "rank " $1; exit 1 }
  if ($4 > prev_novel && NR > 2) { print "novel order"; exit 1 }
  if ($4 == prev_novel && NR > 2 && $5 > prev + 1e-9) { print "score order"; exit 1 }
  if ($6 <= 0 || $6 > 1 || $7 <= 0 || $7 > 1) { print "probability"; exit 1 }
  d = $5 - (log($6) + log($7)); if (d > 1e-4 || d < -1e-4) { print "score " $5; exit 1 }
  if ($10 < 0 || $10 > 1 || $11 !~ /^a[1-4]$/) { print "novelty"; exit 1 }
  if (length($12) != $3 || $9 == "") { print "sequence/hmm"; exit 1 }
  prev = $5; prev_novel = $4 }' scr/ranked.csv || { echo "FAIL: ranked.csv rows"; exit 1; }
echo "ok: ranked.csv consistent"
grep -q '<svg' scr/screen.html || { echo "FAIL: no histogram"; exit 1; }
grep -q 'mean pairwise identity (top)' scr/screen.html || { echo "FAIL: summary"; exit 1; }
# Sequence logos of the training family and the top set, on fa's centre
# (10 columns): two logo titles, and column 1 of the training logo has
# M (every fa sequence starts with it) as a letter.
grep -q 'Sequence logos' scr/screen.html || { echo "FAIL: no logos"; exit 1; }
grep -q 'training family fa (4 sequences)' scr/screen.html || { echo "FAIL: training logo"; exit 1; }
grep -q 'top set (' scr/screen.html || { echo "FAIL: top-set logo"; exit 1; }
grep -q 'fill="#222222">M</text>' scr/screen.html || { echo "FAIL: no M in the logo"; exit 1; }

# A strict novelty filter keeps sequences identical to >= 1% of a
# training one out of the top set: with --max-identity 0.01 nothing that
# shares a residue with a training sequence gets in.
expect_exit 0 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --max-identity 0.01 --out scr2
awk -F, 'NR > 1 && $4 == 1 && $10 >= 0.01 { exit 1 }' scr2/ranked.csv ||
  { echo "FAIL: a non-novel sequence marked novel"; exit 1; }

# The profile baseline: draws of fa's training profile (centre MKVLAAGHHE,
# 10 columns; pseudocount 0.1 from the job), scored alike; the draws'
# lengths follow fa's training lengths (all 10) smoothed by the profile's
# 2-residue kernel, so they lie within 12 (L) with a mean near 10, and
# most start with M as every fa sequence does (q(M) about 0.97 in column
# 0).
expect_exit 0 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --from-profile --out scr3
awk -F, 'NR > 1 { if ($3 < 3 || $3 > 12 || $2 !~ /^fa-pssm-/) { print "row " $0; exit 1 }
                  m += substr($12, 1, 1) == "M"; n++; len += $3 }
         END { if (m < 0.8 * n) { print "M first in " m " of " n; exit 1 }
               if (len / n < 8 || len / n > 11) { print "mean length " len / n; exit 1 } }' scr3/ranked.csv ||
  { echo "FAIL: profile draws"; exit 1; }
echo "ok: --from-profile draws the training profile"

# Under MPI every rank scores its share and rank 0 writes: the same files
# as one process, byte for byte, on 2 and 3 ranks (3 ranks: uneven shares).
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
for np in 2 3; do
  rm -rf scr_mpi
  expect_exit 0 -- mpiexec -n $np --oversubscribe "$PHYSGAN" screen proteins $CK \
    --family fa --train tiny.h5 --n 40 --top 5 \
    --hmm "$SRC/tests/data/protein/fn3.hmm" --out scr_mpi
  for f in top.fasta all.fasta ranked.csv screen.html; do
    cmp -s scr/$f scr_mpi/$f || { echo "FAIL: $f on $np ranks differs"; exit 1; }
  done
done
echo "ok: 2 and 3 ranks write one process's files"

# Job arrays: three --shard parts (the last on 2 ranks) joined by
# physgan merge, then --scores: one run's files, byte for byte. A merge
# in the wrong order, a missing shard and other options are refused.
rm -rf shards scr_m
for i in 0 1; do
  expect_exit 0 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
    --n 40 --top 5 --hmm "$SRC/tests/data/protein/fn3.hmm" --out shards --shard $i/3
  expect_out "shard $i/3 scored sequences [0-9]+\.\.[0-9]+ into shards/scores-$i-of-3.h5"
done
expect_exit 0 -- mpiexec -n 2 --oversubscribe "$PHYSGAN" screen proteins $CK \
  --family fa --train tiny.h5 --n 40 --top 5 \
  --hmm "$SRC/tests/data/protein/fn3.hmm" --out shards --shard 2/3
S=(shards/scores-0-of-3.h5 shards/scores-1-of-3.h5 shards/scores-2-of-3.h5)
expect_exit 0 -- "$PHYSGAN" merge merged.h5 "${S[@]}"
expect_exit 0 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --hmm "$SRC/tests/data/protein/fn3.hmm" --out scr_m --scores merged.h5
for f in top.fasta all.fasta ranked.csv screen.html; do
  cmp -s scr/$f scr_m/$f || { echo "FAIL: $f from merged shards differs"; exit 1; }
done
echo "ok: merged shards write one run's files"
expect_exit 0 -- "$PHYSGAN" merge swapped.h5 "${S[1]}" "${S[0]}" "${S[2]}"
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --hmm "$SRC/tests/data/protein/fn3.hmm" --out scr2 --scores swapped.h5
expect_out 'swapped.h5: row 0 holds sequence [0-9]+, not 0: merge every shard, in shard order'
expect_exit 0 -- "$PHYSGAN" merge two.h5 "${S[0]}" "${S[1]}"
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --hmm "$SRC/tests/data/protein/fn3.hmm" --out scr2 --scores two.h5
expect_out 'two.h5: [0-9]+ scored sequences, this run has [0-9]+ unique ones'
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --hmm "$SRC/tests/data/protein/fn3.hmm" --out scr2 --scores merged.h5 --seed 2
expect_out 'merged.h5: attribute seed is 1, this run.s --seed is 2'
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 \
  --n 40 --top 5 --out scr2 --scores merged.h5
expect_out 'attribute hmm is 1'
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 --out scr2 --shard 3/3
expect_out "--shard '3/3': expected I/N with 0 <= I < N"
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train tiny.h5 --out scr2 \
  --shard 0/2 --scores merged.h5
expect_out '--shard scores a part, --scores reads them all'

expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fc --train tiny.h5 --out scr2
expect_out '--family fc: .*tiny.h5 has no such family'
"$PHYSGAN" import fasta fa.fa --out one.h5 >/dev/null || exit 1
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --train one.h5 --out scr2
expect_out 'one.h5 has 1 families, the checkpoint .* was trained on 2'
expect_exit 2 -- "$PHYSGAN" screen proteins $CK --family fa --out scr2
expect_out '--family, --train and --out are required'
echo "screen proteins checks passed"
