#!/usr/bin/env bash
# Measures the targets of issue #17 (docs/proteins.md, "Results") for a
# protein_gan checkpoint and, beside it, for two simple baselines: the
# composition baseline (lengths and residues drawn from the training
# split, no order) and the profile baseline (sequences drawn column by
# column from the training split's profile, `screen proteins
# --from-profile`: protein.profile's PSSM, no indels), with
# hmmsearch (Debian hmmer, default options: filters and null2 on) as the
# independent check:
#   - hits: generated sequences of family A whose full-sequence E-value
#     with A's profile is < 0.01 (hmmsearch's default Z: the file's count);
#   - conditioning: hits of A's profile and of no other family's profile;
#   - novelty: median of the largest identity to A's training sequences
#     (physgan score identity); diversity: mean pairwise identity of the
#     first 200 generated sequences against that of the first 200 training
#     ones (natural);
#   - Jensen-Shannon divergence (bits) of the amino-acid composition and
#     of the length histogram (5-residue bins) against the training split.
# usage: scripts/protein/measure-targets.sh CKPT DATA OUT [PHYSGAN] [N]
#   DATA: the output of build-family-data.sh; N sequences a family (500).
set -euo pipefail
CK=${1:?usage: measure-targets.sh CKPT DATA OUT [PHYSGAN] [N]}
DATA=${2:?DATA}
OUT=${3:?OUT}
PHYSGAN=${4:-build/physgan}
N=${5:-500}
HERE=$(cd "$(dirname "$0")" && pwd)
EX=/usr/share/doc/hmmer/examples
ALL="Pkinase fn3 globins4 RRM_1"
# FAMILIES (environment) measures a subset; conditioning always checks
# against every family's profile.
FAMILIES=${FAMILIES:-$ALL}
# SETS (environment) measures a subset of gan, profile, baseline: the two
# baselines do not depend on the checkpoint's training, so comparing
# checkpoints of one split needs them once.
SETS=${SETS:-gan profile baseline}
has() { case " $SETS " in *" $1 "*) return 0;; esac; return 1; }
mkdir -p "$OUT/profiles"
cp "$EX/tutorial/Pkinase.hmm" "$EX/tutorial/fn3.hmm" "$EX/tutorial/globins4.hmm" "$OUT/profiles/"
zcat "$EX/testsuite/RRM_1.hmm.gz" > "$OUT/profiles/RRM_1.hmm"

first200() { awk '/^>/ { n++ } n <= 200' "$1"; }
pairwise() { "$PHYSGAN" score identity "$1" "$1" --pairwise | sed -n 's/.*within SEQS //p'; }

printf 'set\tfamily\tunique\thits_own\thit_fraction\tconditioned_fraction\tmedian_max_identity\tmean_pairwise_generated\tmean_pairwise_natural\tjsd_composition\tjsd_length\n' > "$OUT/targets.tsv"
for fam in $FAMILIES; do
  nat="$DATA/train/$fam.fasta"
  first200 "$nat" > "$OUT/natural200.$fam.fa"
  natpw=$(pairwise "$OUT/natural200.$fam.fa")
  has gan && "$PHYSGAN" screen proteins "$CK" --family "$fam" --train "$DATA/train.h5" \
    --n "$N" --top 100 --hmm "$OUT/profiles/$fam.hmm" --out "$OUT/gan/$fam"
  has profile && "$PHYSGAN" screen proteins "$CK" --family "$fam" --train "$DATA/train.h5" \
    --n "$N" --top 100 --hmm "$OUT/profiles/$fam.hmm" --out "$OUT/profile/$fam" \
    --from-profile --seed 17
  if has baseline; then
    mkdir -p "$OUT/baseline/$fam"
    python3 "$HERE/targets.py" baseline "$nat" "$N" 17 > "$OUT/baseline/$fam/all.fasta"
  fi
  for set in $SETS; do
    d="$OUT/$set/$fam"
    for p in $ALL; do
      hmmsearch --cpu 1 --tblout "$d/$p.tbl" "$OUT/profiles/$p.hmm" "$d/all.fasta" > /dev/null
    done
    unique=$(grep -c '^>' "$d/all.fasta")
    # Full-sequence E-value: column 5 of --tblout.
    read -r own cond < <(awk -v fam="$fam" '
        FNR == 1 { p = FILENAME; sub(/.*\//, "", p); sub(/\.tbl$/, "", p) }
        /^#/ { next }
        $5 < 0.01 { if (p == fam) own[$1] = 1; else other[$1] = 1 }
        END { n = 0; c = 0
              for (s in own) { n++; if (!(s in other)) c++ }
              print n, c }' "$d"/*.tbl)
    med=$("$PHYSGAN" score identity "$d/all.fasta" "$nat" | sed -n 's/# median max identity //p')
    first200 "$d/all.fasta" > "$d/first200.fa"
    genpw=$(pairwise "$d/first200.fa")
    read -r jc jl < <(python3 "$HERE/targets.py" jsd "$d/all.fasta" "$nat")
    awk -v s="$set" -v f="$fam" -v u="$unique" -v o="$own" -v c="$cond" \
        -v m="$med" -v g="$genpw" -v n="$natpw" -v jc="$jc" -v jl="$jl" \
        'BEGIN { printf "%s\t%s\t%d\t%d\t%.4f\t%.4f\t%s\t%s\t%s\t%s\t%s\n",
                 s, f, u, o, o / u, c / u, m, g, n, jc, jl }' >> "$OUT/targets.tsv"
  done
done
column -t "$OUT/targets.tsv"
