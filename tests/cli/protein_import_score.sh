# physgan import fasta|stockholm and score hmm on the shipped protein test
# data (tests/data/protein): counts, protein/1 validity, the same scores
# from FASTA and from protein/1, agreement with the stored hmmsearch table,
# JSON, and usage (2) and run-time (1) errors with clear messages.
. "$(dirname "$0")/lib/common.sh"
D=$SRC/tests/data/protein

expect_exit 0 -- "$PHYSGAN" import fasta --help
expect_out 'B Z J X U O'
expect_exit 2 -- "$PHYSGAN" import fasta "$D/fn3_50.fasta"
expect_out '--out F.h5 is required'
expect_exit 2 -- "$PHYSGAN" import fasta --out x.h5
expect_out 'expected one or more input files'
expect_exit 2 -- "$PHYSGAN" import fasta "$D/fn3_50.fasta" --out x.h5 --max-length 0
ls x.h5 >/dev/null 2>&1 && { echo "FAIL: a usage error wrote a file"; exit 1; }

expect_exit 0 -- "$PHYSGAN" import fasta "$D/fn3_50.fasta" --family fn3 --out fn3.h5 --json
expect_out '"records": 50, "kept": 50'
expect_out '"families": \{"fn3": 50\}'
expect_exit 0 -- "$PHYSGAN" info fn3.h5
expect_out 'verdict: valid protein/1'

printf '# STOCKHOLM 1.0\n#=GF ID toy\na1 MK-VL\na2 mkxvl\n\na1 W.*\na2 W-.\n//\n' > toy.sto
expect_exit 0 -- "$PHYSGAN" import stockholm toy.sto --out toy.h5
expect_out '2 sequences read, 1 kept'
expect_out 'family 0 toy: 1'
expect_out "toy.sto:4: sequence a2 skipped: ambiguous or non-standard residue 'x'"
printf '>bad\nMK1V\n' > bad.fa
expect_exit 1 -- "$PHYSGAN" import fasta bad.fa --out bad.h5
expect_out "bad.fa:2: sequence bad: character '1'"

# Scores: from FASTA and from protein/1 identical; the stored hmmsearch
# scores (--max --nonull2 -Z 50) within 0.1 bits.
expect_exit 0 -- "$PHYSGAN" score hmm "$D/fn3.hmm" "$D/fn3_50.fasta"
fasta_out=$out
expect_out '^# profile +id +length +vit_bits +fwd_bits +vit_E +E-value'
expect_exit 0 -- "$PHYSGAN" score hmm "$D/fn3.hmm" fn3.h5
[ "$out" = "$fasta_out" ] || { echo "FAIL: FASTA and protein/1 scores differ"; exit 1; }
echo "ok: FASTA and protein/1 give the same table"
worst=$(awk 'FNR == NR { if ($1 !~ /^#/) s[$1] = $6; next }
             $1 !~ /^#/ { d = $5 - s[$2]; if (d < 0) d = -d; if (d > w) w = d; n++ }
             END { if (n != 50) print "count", n; else print w }' \
        "$D/fn3_50.hmmsearch.tbl" <(echo "$fasta_out"))
expect_cmp "$worst" "<=" 0.1
expect_exit 0 -- "$PHYSGAN" score hmm "$D/fn3.hmm" fn3.h5 --json -Z 1000
expect_out '"profiles": 1, "sequences": 50, "Z": 1000'
expect_out '"profile": "fn3", "id": "tr\|[A-Z0-9]+\|[A-Z0-9_]+", "length": [0-9]+, "viterbi_bits"'

expect_exit 2 -- "$PHYSGAN" score hmm "$D/fn3.hmm"
expect_out 'expected PROFILE.hmm and SEQS'
expect_exit 1 -- "$PHYSGAN" score hmm "$D/fn3_50.fasta" fn3.h5
expect_out 'fn3_50.fasta:1: expected a HMMER3 format line'
echo "all protein import/score checks passed"
