#!/usr/bin/env bash
# Cut family domains out of the real sequences Debian packages ship and
# split them train/validation/test by identity clusters (docs/proteins.md,
# "Training data"), writing protein/1 files:
#
#   OUT/train.h5 OUT/val.h5 OUT/test.h5   one family label per profile
#   OUT/{train,val,test}/FAMILY.fasta     the same sequences as FASTA
#   OUT/counts.tsv                        every count of every step
#
# Sequences: mmseqs2-examples' UniProtKB sample (DB.fasta.gz), pftools'
# Swiss-Prot calibration set (examples/Calibration/reversed.seq, stored
# reversed as decoys: reversed back here) and hmmer-examples' globins45.fa.
# Families: the profiles hmmer-examples ships (tutorial Pkinase, fn3,
# globins4; testsuite RRM_1). A domain is an hmmsearch domain with
# independent E-value < 1e-5 covering >= 70 % of the profile's match
# states; its envelope is cut out. Domains with ambiguous residues
# (B Z J X U O) and exact duplicates within a family are dropped.
# Split: cd-hit clusters each family at 50 % identity (cd-hit's global
# identity: identical residues / length of the shorter sequence); whole
# clusters, in a seeded random order, fill test and then val to 10 % of
# the family's sequences each, the rest going to train;
# then cd-hit-2d removes from val and test every sequence >= 50 %
# identical to a training one (cd-hit clusters only bound identity to a
# cluster's representative), with -s2 0 -S2 100000: by default cd-hit-2d
# only compares a val/test sequence with training sequences at least as
# long, and missed e.g. IRR_CAVPO (269 residues, test) at 95 % to
# IRR_HUMAN (268, train). Last, `physgan score identity` (Smith-Waterman,
# the same identity over the shorter length) removes those still >= 50 %
# identical to a training one by physgan's alignment, the measure of the
# generated sequences' novelty.
#
# usage: scripts/protein/build-family-data.sh OUT [PHYSGAN] [SEED]
set -euo pipefail
OUT=${1:?usage: build-family-data.sh OUT [PHYSGAN] [SEED]}
PHYSGAN=${2:-build/physgan}
SEED=${3:-17}
EX=/usr/share/doc/hmmer/examples
MM=/usr/share/doc/mmseqs2/example-data/DB.fasta.gz
SP=/usr/share/doc/pftools/examples/Calibration/reversed.seq
for f in "$EX/tutorial/Pkinase.hmm" "$EX/testsuite/RRM_1.hmm.gz" "$MM" "$SP"; do
  [ -r "$f" ] || { echo "missing $f (scripts/install-deps.sh installs hmmer-examples, mmseqs2-examples, pftools)" >&2; exit 1; }
done
for t in hmmsearch cd-hit cd-hit-2d; do
  command -v $t >/dev/null || { echo "missing $t (Debian hmmer, cd-hit)" >&2; exit 1; }
done
mkdir -p "$OUT/work" "$OUT/train" "$OUT/val" "$OUT/test"
W=$OUT/work
: > "$OUT/counts.tsv"
count() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" | tee -a "$OUT/counts.tsv"; }
nseq() { grep -c '^>' "$1" || true; }

# ---- sequences: ids are the first word, one line per sequence ----------
zcat "$MM" | awk '/^>/ { if (s) print s; print ">" substr($1, 2); s = ""; next }
                  { s = s $0 } END { if (s) print s }' > "$W/mmseqs.fa"
awk 'function rev(x,  r, i) { r = ""; for (i = length(x); i > 0; i--) r = r substr(x, i, 1); return r }
     /^>/ { if (h) { print h; print rev(s) } h = $1; sub(/_rev$/, "", h); s = ""; next }
     { s = s $0 } END { if (h) { print h; print rev(s) } }' "$SP" > "$W/swissprot.fa"
awk '/^>/ { if (s) print s; print $1; s = ""; next } { s = s $0 } END { if (s) print s }' \
  "$EX/tutorial/globins45.fa" > "$W/globins45.fa"
count all mmseqs2_uniprotkb "$(nseq "$W/mmseqs.fa")"
count all pftools_swissprot "$(nseq "$W/swissprot.fa")"
count all hmmer_globins45 "$(nseq "$W/globins45.fa")"
cat "$W/mmseqs.fa" "$W/swissprot.fa" "$W/globins45.fa" > "$W/all.fa"

cp "$EX/tutorial/Pkinase.hmm" "$EX/tutorial/fn3.hmm" "$EX/tutorial/globins4.hmm" "$W/"
zcat "$EX/testsuite/RRM_1.hmm.gz" > "$W/RRM_1.hmm"
FAMILIES="Pkinase fn3 globins4 RRM_1"

for fam in $FAMILIES; do
  M=$(awk '$1 == "LENG" { print $2 }' "$W/$fam.hmm")
  hmmsearch --cpu 1 --noali -E 1 --domE 1 --domtblout "$W/$fam.dom" -o /dev/null \
    "$W/$fam.hmm" "$W/all.fa"
  # Envelopes of the accepted domains: id from to.
  awk -v M="$M" '$1 !~ /^#/ && $13 < 1e-5 && ($17 - $16 + 1) >= 0.7 * M { print $1, $20, $21 }' \
    "$W/$fam.dom" > "$W/$fam.env"
  count "$fam" domains "$(wc -l < "$W/$fam.env")"
  awk 'FNR == NR { want[$1] = want[$1] " " $2 "-" $3; next }
       /^>/ { id = substr($1, 2); next }
       (id in want) { n = split(substr(want[id], 2), r, " ")
         for (j = 1; j <= n; j++) { split(r[j], a, "-")
           print ">" id "/" a[1] "-" a[2]; print substr($0, a[1], a[2] - a[1] + 1) } }' \
    "$W/$fam.env" "$W/all.fa" > "$W/$fam.domains.fa"
  awk '/^>/ { h = $0; next }
       toupper($0) ~ /[BZJXUO]/ { amb++; next }
       !(toupper($0) in seen) { seen[toupper($0)] = 1; print h; print; next }
       { dup++ }
       END { printf "%d %d\n", amb, dup > "/dev/stderr" }' \
    "$W/$fam.domains.fa" > "$W/$fam.unique.fa" 2> "$W/$fam.dropped"
  read -r amb dup < "$W/$fam.dropped"
  count "$fam" dropped_ambiguous "$amb"
  count "$fam" dropped_duplicate "$dup"
  count "$fam" unique "$(nseq "$W/$fam.unique.fa")"

  cd-hit -i "$W/$fam.unique.fa" -o "$W/$fam.c50" -c 0.5 -n 2 -d 0 -M 2000 -T 1 > "$W/$fam.cdhit.log"
  count "$fam" clusters_50 "$(grep -c '^>Cluster' "$W/$fam.c50.clstr")"
  # Clusters in a seeded random order fill test, then val, to 10 % of
  # the family's sequences each; the rest is train. Members follow their
  # cluster.
  awk -v seed="$SEED" '
    /^>Cluster/ { c++; next }
    { id = $0; sub(/^[^>]*>/, "", id); sub(/\.\.\..*$/, "", id)
      members[c] = members[c] " " id; size[c]++; total++ }
    END { srand(seed)
      for (i = 0; i < c; i++) { order[i] = i; key[i] = rand() }
      for (i = 1; i < c; i++) { j = i                 # insertion sort by key
        while (j > 0 && key[order[j - 1]] > key[order[j]]) {
          t = order[j]; order[j] = order[j - 1]; order[j - 1] = t; j-- } }
      for (i = 0; i < c; i++) { k = order[i]
        s = nt < 0.1 * total ? "test" : nv < 0.1 * total ? "val" : "train"
        if (s == "test") nt += size[k]; else if (s == "val") nv += size[k]
        n = split(substr(members[k], 2), m, " ")
        for (j = 1; j <= n; j++) print m[j], s } }' \
    "$W/$fam.c50.clstr" > "$W/$fam.split"
  for s in train val test; do
    awk -v s="$s" 'FNR == NR { if ($2 == s) keep[$1] = 1; next }
                   /^>/ { k = (substr($1, 2) in keep) } k' \
      "$W/$fam.split" "$W/$fam.unique.fa" > "$W/$fam.$s.fa"
  done
  cp "$W/$fam.train.fa" "$OUT/train/$fam.fasta"
  count "$fam" train "$(nseq "$OUT/train/$fam.fasta")"
  for s in val test; do
    count "$fam" "${s}_clustered" "$(nseq "$W/$fam.$s.fa")"
    if [ -s "$W/$fam.$s.fa" ]; then
      cd-hit-2d -i "$OUT/train/$fam.fasta" -i2 "$W/$fam.$s.fa" -o "$W/$fam.$s.novel" \
        -c 0.5 -n 2 -d 0 -s2 0 -S2 100000 -M 2000 -T 1 > "$W/$fam.$s.2d.log"
      count "$fam" "${s}_cdhit2d" "$(nseq "$W/$fam.$s.novel")"
      if [ -s "$W/$fam.$s.novel" ]; then
        "$PHYSGAN" score identity "$W/$fam.$s.novel" "$OUT/train/$fam.fasta" \
          > "$W/$fam.$s.identity"
      else
        : > "$W/$fam.$s.identity"
      fi
      awk 'FNR == NR { if ($1 !~ /^#/ && $3 < 0.5) keep[$1] = 1; next }
           /^>/ { k = (substr($1, 2) in keep) } k' \
        "$W/$fam.$s.identity" "$W/$fam.$s.novel" > "$OUT/$s/$fam.fasta"
    else
      : > "$OUT/$s/$fam.fasta"
    fi
    count "$fam" "$s" "$(nseq "$OUT/$s/$fam.fasta")"
  done
done

# protein/1 files: the family label of each sequence is its file's name.
for s in train val test; do
  files=()
  for fam in $FAMILIES; do [ -s "$OUT/$s/$fam.fasta" ] && files+=("$OUT/$s/$fam.fasta"); done
  "$PHYSGAN" import fasta "${files[@]}" --out "$OUT/$s.h5" > "$W/import_$s.log"
  count all "${s}_h5" "$(awk '/sequences read/ { print $6 }' "$W/import_$s.log")"
done
echo "wrote $OUT/train.h5 $OUT/val.h5 $OUT/test.h5; counts in $OUT/counts.tsv"
