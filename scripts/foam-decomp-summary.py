#!/usr/bin/env python3
"""Summary of scripts/foam-decomp-validate.sh runs (one or more runs.txt
files, lines "RULE MODE SEED dA/dt exponent <n> vN-slope"): per rule and
mode the mean and standard error over seeds, and for the decomposed modes
the mean paired difference from the serial run of the same seed (same
Voronoi start), and 2 ranks' from 1 process's, with standard errors.

usage: scripts/foam-decomp-summary.py RUNS.txt [RUNS.txt ...]"""
import statistics as st
import sys

NAMES = ["d<A>/dt", "exponent", "<n>", "vN slope"]
runs = {}
for path in sys.argv[1:]:
    for line in open(path):
        f = line.split()
        if len(f) == 7:
            runs[(f[0], f[1], f[2])] = [float(x) for x in f[3:]]


def ms(v):
    return "%.4f ± %.4f" % (st.mean(v), st.stdev(v) / len(v) ** 0.5)


print("| rule | mode | seeds | " + " | ".join(NAMES) + " |")
print("| --- | --- | ---: |" + " ---: |" * len(NAMES))
for rule in sorted({k[0] for k in runs}, reverse=True):
    seeds = sorted({k[2] for k in runs if k[0] == rule}, key=int)
    for mode in ("serial", "dd1", "dd2"):
        have = [s for s in seeds if (rule, mode, s) in runs]
        if len(have) < 2:
            continue
        cols = [ms([runs[(rule, mode, s)][i] for s in have])
                for i in range(len(NAMES))]
        print("| %s | %s | %d | %s |" % (rule, mode, len(have), " | ".join(cols)))
        if mode == "serial":
            continue
        for ref in ("serial", "dd1") if mode == "dd2" else ("serial",):
            both = [s for s in have if (rule, ref, s) in runs]
            cols = [ms([runs[(rule, mode, s)][i] - runs[(rule, ref, s)][i]
                        for s in both]) for i in range(len(NAMES))]
            print("| %s | %s − %s (paired) | %d | %s |" %
                  (rule, mode, ref, len(both), " | ".join(cols)))
