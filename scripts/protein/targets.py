#!/usr/bin/env python3
"""Helpers of scripts/protein/measure-targets.sh (docs/proteins.md,
"Results"): the composition baseline and the Jensen-Shannon divergences.

  targets.py baseline TRAIN.fasta N SEED   N sequences on stdout (FASTA):
      lengths drawn from the training lengths, residues drawn independently
      from the training composition (a position-independent model)
  targets.py jsd GEN.fasta NATURAL.fasta   prints "jsd_composition
      jsd_length": JSD in bits (0..1) of the amino-acid frequencies and of
      the length histograms (bins of 5 residues)
"""
import math
import random
import sys

AA = "ACDEFGHIKLMNPQRSTVWY"


def read_fasta(path):
    seqs, cur = [], None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if cur is not None:
                    seqs.append("".join(cur))
                cur = []
            elif cur is not None:
                cur.append(line.upper())
    if cur is not None:
        seqs.append("".join(cur))
    return seqs


def composition(seqs):
    counts = {a: 0 for a in AA}
    for s in seqs:
        for c in s:
            if c in counts:
                counts[c] += 1
    total = sum(counts.values())
    return [counts[a] / total for a in AA]


def jsd(p, q):
    def kl(a, m):
        return sum(x * math.log2(x / y) for x, y in zip(a, m) if x > 0)
    m = [(x + y) / 2 for x, y in zip(p, q)]
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def length_hist(seqs, top):
    bins = [0] * (top // 5 + 1)
    for s in seqs:
        bins[len(s) // 5] += 1
    return [b / len(seqs) for b in bins]


def main():
    if sys.argv[1] == "baseline":
        train = read_fasta(sys.argv[2])
        n, rng = int(sys.argv[3]), random.Random(int(sys.argv[4]))
        comp = composition(train)
        lengths = [len(s) for s in train]
        for i in range(n):
            L = rng.choice(lengths)
            s = "".join(rng.choices(AA, weights=comp, k=L))
            print(f">base-{i + 1:06d}")
            for p in range(0, L, 60):
                print(s[p:p + 60])
    elif sys.argv[1] == "jsd":
        gen, nat = read_fasta(sys.argv[2]), read_fasta(sys.argv[3])
        top = max(len(s) for s in gen + nat)
        print(f"{jsd(composition(gen), composition(nat)):.4f} "
              f"{jsd(length_hist(gen, top), length_hist(nat, top)):.4f}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
