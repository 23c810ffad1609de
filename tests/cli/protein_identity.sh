# physgan score identity on sequences whose alignments are checked by hand
# (tests/unit_protein_identity.c gives the sums): nearest reference and
# identity per sequence, the median, --pairwise, --family from a
# protein/1 reference, JSON, and usage (2) and run-time (1) errors.
. "$(dirname "$0")/lib/common.sh"

printf '>all20\nACDEFGHIKLMNPQRSTVWY\n>w4\nWWWW\n' > q.fa
# kr_pq: K->R and PQ deleted (17/18 to all20); wy: WY inside G's (a few
# identities over 14 to all20, far below 17/18).
printf '>kr_pq\nACDEFGHIRLMNRSTVWY\n>wy\nGGGGGGGGGGWYGG\n' > a.fa
printf '>copy\nACDEFGHIKLMNPQRSTVWY\n' > b.fa

expect_exit 0 -- "$PHYSGAN" score identity q.fa a.fa
expect_out 'all20 +20 +0.9444 kr_pq'
# WWWW: one W against kr_pq's (1/4) or wy's (1/4): the first wins ties.
expect_out 'w4 +4 +0.2500 kr_pq'
expect_out 'median max identity 0.5972'

expect_exit 0 -- "$PHYSGAN" score identity q.fa a.fa --pairwise --json
expect_out '"median_max_identity": 0.597222'
# all20 vs WWWW: one W over 4.
expect_out '"mean_pairwise_identity": 0.250000'
expect_out '"id": "w4", "length": 4, "max_identity": 0.250000, "nearest": "kr_pq"'

# Reference as protein/1 with two families; --family picks one.
expect_exit 0 -- "$PHYSGAN" import fasta a.fa b.fa --out ref.h5
expect_exit 0 -- "$PHYSGAN" score identity q.fa ref.h5
expect_out 'all20 +20 +1.0000 copy'
expect_exit 0 -- "$PHYSGAN" score identity q.fa ref.h5 --family a
expect_out 'all20 +20 +0.9444 kr_pq'
expect_exit 2 -- "$PHYSGAN" score identity q.fa ref.h5 --family c
expect_out '--family c: the reference set has no such family \(it has a, b\)'

expect_exit 2 -- "$PHYSGAN" score identity q.fa
expect_out 'expected SEQS and REF'
expect_exit 1 -- "$PHYSGAN" score identity q.fa missing.fa
expect_out 'missing.fa'
echo "score identity checks passed"
