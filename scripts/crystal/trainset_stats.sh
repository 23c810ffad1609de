#!/bin/bash
# Statistics of a crystal/1 file from `physgan simulate crystal` (the
# numbers of docs/crystals.md, "The shipped training set"), read with
# h5dump (hdf5-tools): structures, atoms per cell, distinct elements per
# structure, distinct compositions, space groups (how many distinct, how
# many P1), the share with Li or Na, the median energy per atom and the
# proxy's median 3D level over the Li/Na structures.
#   scripts/crystal/trainset_stats.sh train.h5
set -euo pipefail
f=${1:?usage: trainset_stats.sh FILE.h5}
# the values of a dataset (its first DATA block, not its attributes')
col() { h5dump -d "$1" -y -w 0 "$f" | awk '/DATA \{/ && !d { on = 1; d = 1; next }
  on && /}/ { exit } on' | tr ',' '\n' | awk 'NF { print $1 }'; }
A=$(h5dump -A "$f" | sed -n '/ATTRIBUTE "max_atoms"/,/}/p' | sed -n 's/.*(0): *\([0-9]*\).*/\1/p')
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "file: $f (padding A = $A)"
col /natoms | awk '{ n++; s += $1; if ($1 > m) m = $1 } END { printf "structures: %d, atoms per cell: mean %.1f, max %d\n", n, s / n, m }'
col /species | awk -v A="$A" '
  { if ($1 > 0) { c[$1]++; if ($1 == 3 || $1 == 11) li = 1 } }
  NR % A == 0 {
    key = ""; ne = 0
    for (z = 1; z <= 118; z++) if (z in c) { key = key z ":" c[z] " "; ne++ }
    # reduced composition: divide the counts by their gcd
    g = 0; for (z in c) { a = c[z]; b = g; while (b) { t = a % b; a = b; b = t }; g = a }
    red = ""; for (z = 1; z <= 118; z++) if (z in c) red = red z ":" c[z] / g " "
    comp[red]++; nel[ne]++; n++; lis += li; delete c; li = 0 }
  END {
    printf "distinct compositions (reduced): %d\n", length(comp)
    printf "elements per structure:"; for (k = 1; k <= 8; k++) if (k in nel) printf " %d: %d", k, nel[k]; printf "\n"
    printf "with Li or Na: %d (%.1f %%)\n", lis, 100 * lis / n }'
col /spacegroup | awk '{ sg[$1]++; n++; if ($1 == 1) p1++ }
  END { printf "space groups: %d distinct, P1: %d (%.1f %%)\n", length(sg), p1, 100 * p1 / n }'
col /props/spacegroup_prototype > .sgp.$$; col /spacegroup > .sg.$$
paste .sg.$$ .sgp.$$ | awk '{ n++; same += $1 == $2 } END { printf "space group of the prototype kept: %d (%.1f %%)\n", same, 100 * same / n }'
rm -f .sgp.$$ .sg.$$
echo "median energy: $(col /props/energy | median) eV/atom"
col /props/proxy_level_3d | awk '$1 >= 0 && $1 < 1e29' | { printf "proxy 3D level (Li/Na structures that percolate): median "; median; } | tr '\n' ' '; echo "v.u."
