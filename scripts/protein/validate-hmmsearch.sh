#!/usr/bin/env bash
# Compare physgan's HMMER3 scoring with hmmsearch on real sequences
# (docs/proteins.md, "Validation"): the profiles hmmer-examples ships
# (Pkinase, fn3, globins4, RRM_1) against the first N sequences of the
# mmseqs2-examples UniProtKB database (default 2000), with hmmsearch's
# filters and null2 bias correction off (--max --nonull2), then with
# null2 on to count where the bias correction moves hmmsearch's score.
#
# usage: scripts/protein/validate-hmmsearch.sh [PHYSGAN] [N] [WORKDIR]
set -euo pipefail
PHYSGAN=${1:-build/physgan}
N=${2:-2000}
WORK=${3:-$(mktemp -d)}
EX=/usr/share/doc/hmmer/examples
DB=/usr/share/doc/mmseqs2/example-data/DB.fasta.gz
for f in "$EX/tutorial/Pkinase.hmm" "$EX/testsuite/RRM_1.hmm.gz" "$DB"; do
  [ -r "$f" ] || { echo "missing $f: install hmmer-examples and mmseqs2-examples" >&2; exit 1; }
done
command -v hmmsearch >/dev/null || { echo "hmmsearch missing: install hmmer" >&2; exit 1; }
mkdir -p "$WORK"
zcat "$DB" | awk -v n="$N" '/^>/ { k++ } k <= n' > "$WORK/db.fa"
zcat -f "$EX/testsuite/RRM_1.hmm.gz" > "$WORK/RRM_1.hmm"
printf '%-10s %8s %8s %10s %10s %10s %12s %12s\n' profile scored compared \
  'mean|d|' 'max|d|' '>0.1' 'null2:>0.1' 'max|dlog10E|'
for hmm in "$EX/tutorial/Pkinase.hmm" "$EX/tutorial/fn3.hmm" \
           "$EX/tutorial/globins4.hmm" "$WORK/RRM_1.hmm"; do
  name=$(basename "$hmm" .hmm)
  hmmsearch --max --nonull2 -Z "$N" -E 1e10 --domE 1e10 \
    --tblout "$WORK/$name.tbl" "$hmm" "$WORK/db.fa" > /dev/null
  hmmsearch --max -Z "$N" -E 1e10 --domE 1e10 \
    --tblout "$WORK/$name.null2.tbl" "$hmm" "$WORK/db.fa" > /dev/null
  "$PHYSGAN" score hmm -Z "$N" "$hmm" "$WORK/db.fa" > "$WORK/$name.pg" \
    2> "$WORK/$name.err"
  awk -v name="$name" '
    FILENAME ~ /null2/ { if ($1 !~ /^#/) s2[$1] = $6; next }
    FILENAME ~ /tbl$/ { if ($1 !~ /^#/) { s[$1] = $6; e[$1] = $5 }; next }
    $1 !~ /^#/ { scored++
      if (!($2 in s)) next
      d = $5 - s[$2]; if (d < 0) d = -d; n++; sum += d; if (d > w) w = d
      if (d > 0.1) bad++
      d2 = $5 - s2[$2]; if (d2 > 0.1 || d2 < -0.1) bad2++
      if ($7 > 0 && e[$2] > 0) { r = log($7 / e[$2]) / log(10); if (r < 0) r = -r; if (r > we) we = r } }
    END { printf "%-10s %8d %8d %10.4f %10.4f %10d %12d %12.4f\n",
          name, scored, n, sum / n, w, bad, bad2, we }' \
    "$WORK/$name.null2.tbl" "$WORK/$name.tbl" "$WORK/$name.pg"
done
echo "(tblout rounds scores to 0.1 bits and E-values to 2 digits: |d| <= 0.05"
echo " and |dlog10E| <= 0.02 are rounding; files in $WORK)"
