#!/usr/bin/env python3
"""Alpha-beta model of the domain-decomposed foam (docs/hpc.md, "One foam
on many ranks"): time per MCS on P ranks = compute (N^2 / P site updates
at the one-rank rate R) + halo exchanges (passes per MCS x 2 MPI_Sendrecv
of one row each, alpha + bytes / bandwidth), for strips (physgan's
decomposition: a row of N int32 each way) and, for comparison, square
blocks (4 edges of N / sqrt(P) ids + 4 corner ids, each way).

usage: scripts/foam-hpc-model.py RATE_STENCIL RATE_NEIGHONLY [ALPHA_US] [GBPS] [SLICES]
  RATE_*: one-rank site updates per second (bench foam --decompose on 1
  rank); ALPHA_US MPI latency in microseconds (default 1.5), GBPS
  bandwidth per direction in GB/s (default 12.5: EDR InfiniBand, 100
  Gb/s), SLICES sector rounds per MCS (default 4)."""
import math
import sys

r_st, r_no = float(sys.argv[1]), float(sys.argv[2])
alpha = (float(sys.argv[3]) if len(sys.argv) > 3 else 1.5) * 1e-6
bw = (float(sys.argv[4]) if len(sys.argv) > 4 else 12.5) * 1e9
slices = int(sys.argv[5]) if len(sys.argv) > 5 else 4
PASSES = {"stencil": 4, "neighonly": 2 * slices}
RATE = {"stencil": r_st, "neighonly": r_no}


def per_mcs(n, p, rule, blocks=False):
    comp = n * n / p / RATE[rule]
    if p == 1:
        return comp, 0.0, 0.0
    if blocks:
        side = n / math.sqrt(p)
        msgs, nbytes = 8, 4 * (4 * side + 4)   # 4 edges + 4 corners, 8 messages
    else:
        msgs, nbytes = 2, 2 * 4 * n              # one row up, one row down
    comm = PASSES[rule] * (msgs * alpha + nbytes / bw)
    return comp, comm, PASSES[rule] * nbytes


print("alpha %.2f us, bandwidth %.1f GB/s, rates %.3g (stencil) and %.3g "
      "(neighonly) site updates/s per rank, %d sector rounds per MCS" %
      (alpha * 1e6, bw / 1e9, r_st, r_no, slices))
print("| run | rule | P | rows per rank | halo bytes/MCS per rank | compute ms/MCS | halo ms/MCS | speedup | efficiency |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label, n_of, ps in (("strong 2048^2", lambda p: 2048, (1, 2, 16, 128, 1024)),
                        ("strong 16384^2", lambda p: 16384, (1, 64, 1024)),
                        ("weak 2048^2 per rank", lambda p: int(2048 * math.sqrt(p)) // 2 * 2,
                         (1, 2, 16, 128, 1024))):
    for rule in ("stencil", "neighonly"):
        for p in ps:
            n = n_of(p)
            if p > n // 2:
                continue
            comp, comm, hb = per_mcs(n, p, rule)
            t1 = n * n / RATE[rule] if label.startswith("strong") else comp
            t = comp + comm
            speed = t1 / t if label.startswith("strong") else p * t1 / t
            print("| %s | %s | %d | %d | %.3g | %.3g | %.3g | %.3g | %.3f |" %
                  (label, rule, p, n // p, hb, comp * 1e3, comm * 1e3, speed,
                   speed / p))
print()
print("square blocks instead of strips, 16384^2, neighonly:")
for p in (64, 1024):
    comp, comm, hb = per_mcs(16384, p, "neighonly", blocks=True)
    print("  P %d: halo %.3g bytes/MCS per rank, compute %.3g ms, halo %.3g ms, "
          "efficiency %.3f" % (p, hb, comp * 1e3, comm * 1e3, comp / (comp + comm)))
