#!/usr/bin/env python3
"""Writes data/crystal/shannon_radii.tsv from the Shannon (1976) radii table
that Debian's python3-pymatgen (2022.11.7) ships, so that the provenance of
every number is one command:

    apt-get download python3-pymatgen && dpkg-deb -x python3-pymatgen_*.deb x
    python3 scripts/crystal/make_shannon_table.py x/usr/lib/python3/dist-packages/pymatgen \
        > data/crystal/shannon_radii.tsv

One radius per (element, oxidation state): the crystal radius at six-fold
coordination (high spin where the table distinguishes spin), else at the
coordination number nearest six (the lower one on a tie); elements up to
Z = 96, as data/crystal/elements.tsv. Only data is taken
(pymatgen is MIT-licensed); no pymatgen code runs.
"""
import json
import sys

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "IVSQ": 4, "V": 5, "VI": 6,
         "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12,
         "XIV": 14, "IIIPY": 3, "IVPY": 4, "IIPY": 2}

pt = json.load(open(sys.argv[1] + "/core/periodic_table.json"))
print("""# physgan Shannon radii (data/crystal/shannon_radii.tsv)
# Made by scripts/crystal/make_shannon_table.py from pymatgen's copy
# (Debian python3-pymatgen 2022.11.7, core/periodic_table.json "Shannon
# radii", MIT licence) of
#   R. D. Shannon, "Revised effective ionic radii and systematic studies of
#   interatomic distances in halides and chalcogenides", Acta Cryst. A32
#   (1976) 751-767.
# One row per (element, oxidation state): the crystal radius (A) at
# coordination number cn = 6 (high spin where spin states differ), else at
# the coordination nearest 6 (the lower on a tie); Z <= 96.
# columns: Z  symbol  ox  cn  crystal_radius_A""")
rows = []
for sym, e in pt.items():
    sh = e.get("Shannon radii")
    if not sh or e["Atomic no"] > 96:
        continue
    for ox, by_cn in sh.items():
        best = None
        for cn_name, spins in by_cn.items():
            cn = ROMAN.get(cn_name)
            if cn is None:
                continue
            spin = spins.get("High Spin") or spins.get("") or next(iter(spins.values()))
            key = (abs(cn - 6), cn, cn_name != "VI")
            if best is None or key < best[0]:
                best = (key, cn, spin["crystal_radius"])
        if best:
            rows.append((e["Atomic no"], sym, int(ox), best[1], best[2]))
for z, sym, ox, cn, r in sorted(rows):
    print("%d\t%s\t%d\t%d\t%g" % (z, sym, ox, cn, r))
