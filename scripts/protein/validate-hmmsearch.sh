#!/usr/bin/env bash
# Compare physgan's HMMER3 scoring with hmmsearch on real sequences
# (docs/proteins.md, "Validation"): the profiles hmmer-examples ships
# (Pkinase, fn3, globins4, RRM_1) against the first N sequences of the
# mmseqs2-examples UniProtKB database (default 2000), with hmmsearch's
# filters and null2 bias correction off (--max --nonull2), then with
# null2 on to count where the bias correction moves hmmsearch's score,
# and physgan's own null2 correction (`score hmm --null2`) against that
# (null2 columns: compared, |d| > 0.1 in all, and among the sequences
# whose domain regions hmmsearch would not split, the case physgan
# reproduces; mean |d|).
# Then every other amino-acid profile of hmmer-examples' testsuite (HMMER3/e
# and /f files, M = 1 to 1142) against the first N_EXTRA (default 200).
#
# usage: scripts/protein/validate-hmmsearch.sh [PHYSGAN] [N] [WORKDIR] [N_EXTRA]
set -euo pipefail
PHYSGAN=${1:-build/physgan}
N=${2:-2000}
WORK=${3:-$(mktemp -d)}
N_EXTRA=${4:-200}
EX=/usr/share/doc/hmmer/examples
DB=/usr/share/doc/mmseqs2/example-data/DB.fasta.gz
for f in "$EX/tutorial/Pkinase.hmm" "$EX/testsuite/RRM_1.hmm.gz" "$DB"; do
  [ -r "$f" ] || { echo "missing $f: install hmmer-examples and mmseqs2-examples" >&2; exit 1; }
done
command -v hmmsearch >/dev/null || { echo "hmmsearch missing: install hmmer" >&2; exit 1; }
mkdir -p "$WORK"
zcat "$DB" | awk -v n="$N" '/^>/ { k++ } k <= n' > "$WORK/db.fa"
zcat -f "$EX/testsuite/RRM_1.hmm.gz" > "$WORK/RRM_1.hmm"
printf '%-15s %6s %8s %8s %10s %10s %10s %12s %12s %10s %10s %12s %12s\n' profile M scored compared \
  'mean|d|' 'max|d|' '>0.1' 'null2:>0.1' 'max|dlog10E|' \
  'n2:cmp' 'n2:>0.1' 'n2:unsplit' 'n2:mean|d|'
compare() { # NAME PROFILE FASTA Z
  local name=$1 hmm=$2 fa=$3 z=$4 M
  M=$(awk '$1 == "LENG" { print $2; exit }' "$hmm")
  hmmsearch --max --nonull2 -Z "$z" -E 1e10 --domE 1e10 \
    --tblout "$WORK/$name.tbl" "$hmm" "$fa" > /dev/null
  hmmsearch --max -Z "$z" -E 1e10 --domE 1e10 \
    --tblout "$WORK/$name.null2.tbl" "$hmm" "$fa" > /dev/null
  "$PHYSGAN" score hmm -Z "$z" "$hmm" "$fa" > "$WORK/$name.pg" 2> "$WORK/$name.err"
  "$PHYSGAN" score hmm --null2 --json -Z "$z" "$hmm" "$fa" 2> /dev/null |
    sed -n 's/.*"id": "\([^"]*\)".*"forward_bits": \([-0-9.]*\).*"split": \([0-9]*\).*/\1 \2 \3/p' \
    > "$WORK/$name.pg2"
  awk -v name="$name" -v M="$M" '
    FILENAME ~ /null2/ { if ($1 !~ /^#/) s2[$1] = $6; next }
    FILENAME ~ /pg2$/ { if (!($1 in s2)) next
      d = $2 - s2[$1]; if (d < 0) d = -d; n3++; sum3 += d
      if ($3 == 0) { u3++; if (d > 0.1) ubad3++ }
      if (d > 0.1) { bad3++; print "  " name " " $1 " null2: physgan " $2 ", hmmsearch " s2[$1] " (split regions " $3 ")" > "/dev/stderr" }
      next }
    FILENAME ~ /tbl$/ { if ($1 !~ /^#/) { s[$1] = $6; e[$1] = $5 }; next }
    $1 !~ /^#/ { scored++
      if (!($2 in s)) next
      d = $5 - s[$2]; if (d < 0) d = -d; n++; sum += d; if (d > w) w = d
      if (d > 0.1) { bad++; print "  " name " " $2 ": physgan " $5 ", hmmsearch " s[$2] > "/dev/stderr" }
      d2 = $5 - s2[$2]; if (d2 > 0.1 || d2 < -0.1) bad2++
      if ($7 > 0 && e[$2] > 0) { r = log($7 / e[$2]) / log(10); if (r < 0) r = -r; if (r > we) we = r } }
    END { printf "%-15s %6d %8d %8d %10.4f %10.4f %10d %12d %12.4f %10d %10d %12s %12.4f\n",
          name, M, scored, n, n ? sum / n : 0, w, bad, bad2, we,
          n3, bad3, ubad3 + 0 "/" u3 + 0, n3 ? sum3 / n3 : 0 }' \
    "$WORK/$name.null2.tbl" "$WORK/$name.pg2" "$WORK/$name.tbl" "$WORK/$name.pg"
}
for hmm in "$EX/tutorial/Pkinase.hmm" "$EX/tutorial/fn3.hmm" \
           "$EX/tutorial/globins4.hmm" "$WORK/RRM_1.hmm"; do
  compare "$(basename "$hmm" .hmm)" "$hmm" "$WORK/db.fa" "$N"
done
awk -v n="$N_EXTRA" '/^>/ { k++ } k <= n' "$WORK/db.fa" > "$WORK/db_extra.fa"
for gz in "$EX"/testsuite/*.hmm*; do
  name=$(basename "$gz"); name=${name%%.hmm*}
  zcat -f "$gz" > "$WORK/x_$name.hmm"
  [ "$(awk '$1 == "ALPH" { print $2; exit }' "$WORK/x_$name.hmm")" = amino ] || continue
  [ "$name" = RRM_1 ] && continue
  compare "$name" "$WORK/x_$name.hmm" "$WORK/db_extra.fa" "$N_EXTRA"
done
echo "(tblout rounds scores to 0.1 bits and E-values to 2 digits: |d| <= 0.05"
echo " and |dlog10E| <= 0.02 are rounding; files in $WORK)"
