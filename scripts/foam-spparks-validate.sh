#!/usr/bin/env bash
# Validate `simulate foam` against the SPPARKS potts/neighonly reference
# runs (docs/foam.md, "Two proposal rules"): import each run, start physgan
# from SPPARKS's frame at 100 MCS with each rule/sweep and each seed, and
# fit the mean area against time over 100-1000 MCS with the same analysis
# (`physgan eval foam`) for SPPARKS and physgan.
#
# usage: scripts/foam-spparks-validate.sh PHYSGAN SPPARKS_DIR OUT_DIR [SEEDS] [RULES]
#   SEEDS: space-separated (default "1 2")
#   RULES: space-separated PROPOSAL:SWEEP (default "neighonly:random
#          stencil:checkerboard neighonly:checkerboard")
# Prints one line per run: label, reference run, seed, d<A>/dt (sites/MCS),
# <n> and von Neumann slope over t >= 100 MCS, CPU seconds of the run.
set -euo pipefail
physgan=$1 ref=$2 out=$3 seeds=${4:-1 2}
rules=${5:-neighonly:random stencil:checkerboard neighonly:checkerboard}
mkdir -p "$out"
# The least-squares slope of mean area against t over t >= 100 MCS, from
# the table of `eval foam`.
fit() {
  awk -F'|' '/^\| [0-9]/ {t=$2+0; a=$4+0; n6=$5+0;
               if (t >= 100 - 1e-9) {n++; sx+=t; sy+=a; sxx+=t*t; sxy+=t*a; sn+=n6}}
             /^von Neumann: slope/ {vn=$0; sub(/.*slope /,"",vn); sub(/ .*/,"",vn)}
             END {printf "%.4f %.4f %s", (n*sxy-sx*sy)/(n*sxx-sx*sx), sn/n, vn}' "$1"
}
for f in "$ref"/spparks_256_seed*.h5; do
  run=$(basename "$f" .h5)
  "$physgan" import spparks "$f" --out "$out/$run.h5" > /dev/null
  # SPPARKS's own frames from 100 MCS on (the von Neumann pairs as physgan's).
  "$physgan" import spparks "$f" --first 10 --out "$out/$run.from100.h5" > /dev/null
  "$physgan" eval foam "$out/$run.from100.h5" > "$out/$run.eval.txt"
  echo "spparks $run - $(fit "$out/$run.eval.txt") -"
  for rule in $rules; do
    for seed in $seeds; do
      o="$out/$run.${rule%%:*}.${rule##*:}.s$seed"
      /usr/bin/time -f "%U" "$physgan" simulate foam --init "$out/$run.h5:0:10" \
               --proposal "${rule%%:*}" --sweep "${rule##*:}" --frames 91 --interval 10 \
               --seed "$seed" --out "$o.h5" --plain > /dev/null 2> "$o.err"
      cpu=$(tail -1 "$o.err")
      "$physgan" eval foam "$o.h5" > "$o.eval.txt"
      echo "$rule $run $seed $(fit "$o.eval.txt") $cpu"
    done
  done
done
