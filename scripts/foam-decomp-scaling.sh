#!/usr/bin/env bash
# Strong and weak scaling of the decomposed foam at 1 and 2 ranks
# (docs/hpc.md, "One foam on many ranks"): `bench foam --decompose`,
# strong on SIZE^2 (default 2048) with 1 and 2 ranks, weak with
# SIZE^2 / 2 sites per rank (1 rank on WEAK^2, default 1448^2 ~ 2048^2 / 2,
# against 2 ranks on SIZE^2), both rules, REPEATS alternating repeats.
#
# usage: scripts/foam-decomp-scaling.sh PHYSGAN [MCS_STENCIL] [MCS_NEIGHONLY] [REPEATS] [SIZE] [WEAK]
# Prints one line per run: rule, ranks, size, wall s, CPU s (all ranks),
# site updates/s, halo s (slowest rank), halo bytes per rank per MCS.
set -euo pipefail
physgan=$1 mst=${2:-50} mno=${3:-10} reps=${4:-2} size=${5:-2048} weak=${6:-1448}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
echo "rule ranks size wall_s cpu_s site_updates_per_s halo_s halo_bytes_per_mcs"
for rep in $(seq "$reps"); do
  for rule in stencil neighonly; do
    mcs=$mst; [ "$rule" = neighonly ] && mcs=$mno
    for run in "1 $size" "2 $size" "1 $weak"; do
      set -- $run
      mpiexec -n "$1" --oversubscribe "$physgan" bench foam --decompose \
        --size "$2" --mcs "$mcs" --proposal "$rule" --json |
        python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["proposal"], d["ranks"], d["size"], "%.3f %.3f %.4g %.3f %.4g" % (
    d["seconds"], d["cpu_seconds"], d["site_updates_per_s"],
    d["halo_seconds"], d["halo_bytes_per_mcs"]))'
    done
  done
done
