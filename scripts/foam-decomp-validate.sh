#!/usr/bin/env bash
# Statistics of a domain-decomposed foam against the serial simulator
# (docs/foam.md, "One foam on many ranks"): for each rule and seed, the
# same Voronoi start (stream of sequence 0 of the seed) run serially, with
# --decompose on 1 process and with --decompose on 2 ranks (mpiexec), each
# analysed by `physgan eval foam --json` over t >= FROM MCS.
#
# usage: scripts/foam-decomp-validate.sh PHYSGAN OUT_DIR [SEEDS] [RULES] [SIZE] [MCS] [EXTRA]
#   SEEDS  space-separated (default "1 2 3 4 5 6 7 8")
#   RULES  space-separated PROPOSAL:SWEEP (default "stencil:checkerboard
#          neighonly:random")
#   SIZE   lattice side (default 256; bubbles SIZE^2/64), MCS run length
#          (default 1000; frames every MCS/20, fits over t >= MCS/5)
#   EXTRA  more `simulate foam` options for the decomposed runs (e.g.
#          "--slices 1")
# Prints one line per run (rule, mode, seed, d<A>/dt in sites/MCS, growth
# exponent, <n>, von Neumann slope), then scripts/foam-decomp-summary.py's
# table: means and standard errors over seeds, paired differences.
set -euo pipefail
physgan=$1 out=$2 seeds=${3:-1 2 3 4 5 6 7 8}
rules=${4:-stencil:checkerboard neighonly:random}
size=${5:-256} mcs=${6:-1000} extra=${7:-}
interval=$((mcs / 20)) from=$((mcs / 5))
mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
runs="$out/runs.txt"
: > "$runs"
for rule in $rules; do
  for seed in $seeds; do
    for mode in serial dd1 dd2; do
      o="$out/${rule%%:*}.$mode.s$seed.h5"
      args=(simulate foam --size "$size" --bubbles $((size * size / 64))
            --frames 21 --interval "$interval" --seed "$seed"
            --proposal "${rule%%:*}" --sweep "${rule##*:}" --out "$o" --plain)
      case $mode in
        serial) "$physgan" "${args[@]}" > /dev/null 2>&1 ;;
        # shellcheck disable=SC2086
        dd1) "$physgan" "${args[@]}" --decompose $extra > /dev/null 2>&1 ;;
        # shellcheck disable=SC2086
        dd2) mpiexec -n 2 --oversubscribe "$physgan" "${args[@]}" --decompose \
               $extra > /dev/null 2>&1 ;;
      esac
      "$physgan" eval foam "$o" --json --growth-from "$from" | python3 -c '
import json, sys
d = json.load(sys.stdin)["file"]
print(sys.argv[1], sys.argv[2], sys.argv[3], "%.4f %.4f %.4f %.4f" % (
    d["growth_rate"], d["growth_exponent"], d["mean_neighbors"],
    d["von_neumann_slope"]))' "${rule%%:*}" "$mode" "$seed" | tee -a "$runs"
    done
  done
done
python3 "$(dirname "$0")/foam-decomp-summary.py" "$runs"
