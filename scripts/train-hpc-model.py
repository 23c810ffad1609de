#!/usr/bin/env python3
"""Alpha-beta model of data-parallel training (docs/hpc.md, "Data-parallel
training at scale"). Each step every rank computes its own batch (T_c, the
CPU seconds per step that scripts/train-hpc-measure.sh measured on one
rank) and then averages its gradients: one MPI_Allreduce per network (D's
d_steps times) plus two small ones (batch-norm state, the per-step
agreement). An allreduce of B bytes on P ranks costs, in the
recursive-halving/doubling (Rabenseifner) form MPI libraries use for large
messages, 2 log2(P) alpha + 2 (P - 1) / P * B / beta. Weak scaling (batch
per rank fixed): efficiency T_c / (T_c + T_allreduce(P)); nothing is
overlapped today.

usage: scripts/train-hpc-model.py MEASURED.tsv [ALLREDUCE.json] [ALPHA_US] [GBPS]
  MEASURED.tsv: scripts/train-hpc-measure.sh's output; ALLREDUCE.json:
  `mpiexec -n 2 physgan bench allreduce --json` on this machine (its fitted
  line gives the 2-rank column); ALPHA_US latency in microseconds (default
  1.5), GBPS bandwidth in GB/s (default 12.5: EDR InfiniBand, 100 Gb/s)."""
import json
import math
import sys

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
rows = [r for r in rows[1:]]
here = json.load(open(sys.argv[2])) if len(sys.argv) > 2 and sys.argv[2] != "-" else None
alpha = (float(sys.argv[3]) if len(sys.argv) > 3 else 1.5) * 1e-6
bw = (float(sys.argv[4]) if len(sys.argv) > 4 else 12.5) * 1e9
PS = (2, 16, 128, 1024)


def allreduce(p, nbytes, calls):
    if p == 1:
        return 0.0
    return calls * 2 * math.ceil(math.log2(p)) * alpha + 2 * (p - 1) / p * nbytes / bw


print("alpha %.2f us, bandwidth %.1f GB/s" % (alpha * 1e6, bw / 1e9))
if here:
    print("this machine (shared memory, %d ranks): a = %.2f us, B = %.3g GB/s"
          % (here["ranks"], here["fit_latency_s"] * 1e6,
             here["fit_bandwidth_Bps"] / 1e9))
head = "| job | networks (calls/step) | MB per step | T_c s/step |"
head += "".join(" allreduce ms, eff. @%d |" % p for p in PS)
if here:
    head += " this machine @2: ms, eff. |"
print(head)
print("| --- " * (head.count("|") - 1) + "|")
for job, nets, dsteps, floats, tc in rows:
    nets, dsteps, floats, tc = int(nets), int(dsteps), int(floats), float(tc)
    calls = nets + (dsteps - 1) + 2
    nbytes = 4 * floats
    line = "| %s | %d (%d) | %.2f | %.3f |" % (job, nets, calls, nbytes / 1e6, tc)
    for p in PS:
        t = allreduce(p, nbytes, calls)
        line += " %.3g, %.3f |" % (t * 1e3, tc / (tc + t))
    if here:
        t = calls * here["fit_latency_s"] + nbytes / here["fit_bandwidth_Bps"]
        line += " %.3g, %.3f |" % (t * 1e3, tc / (tc + t))
    print(line)
