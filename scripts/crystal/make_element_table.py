#!/usr/bin/env python3
"""Writes data/crystal/elements.tsv from the tables Debian's python3-pymatgen
(2022.11.7) ships, so that the provenance of every number is one command:

    apt-get download python3-pymatgen && dpkg-deb -x python3-pymatgen_*.deb x
    python3 scripts/crystal/make_element_table.py x/usr/lib/python3/dist-packages/pymatgen \
        > data/crystal/elements.tsv

Only data is taken (pymatgen is MIT-licensed); no pymatgen code runs.
"""
import json
import sys

root = sys.argv[1]
pt = json.load(open(root + "/core/periodic_table.json"))

# bvparam_1991.yaml is a two-level "El:\n  c: x\n  r: y" mapping: read it
# without PyYAML.
bv, el = {}, None
for line in open(root + "/analysis/bvparam_1991.yaml"):
    if not line.strip():
        continue
    if not line.startswith(" "):
        el = line.strip().rstrip(":")
        bv[el] = {}
    else:
        k, v = line.strip().split(":")
        bv[el][k.strip()] = float(v)


def fmt(x):
    return "-" if x is None else ("%g" % x)


print("""# physgan crystal element table (data/crystal/elements.tsv)
# Made by scripts/crystal/make_element_table.py from the data files of
# Debian's python3-pymatgen 2022.11.7 (pymatgen, MIT licence):
#   chi      Pauling electronegativity (pymatgen periodic_table.json "X")
#   radius   Shannon crystal radius (A) of the element's common oxidation
#            state: R. D. Shannon, Acta Cryst. A32 (1976) 751-767, as
#            pymatgen's "Ionic radii"; where none is tabulated, the empirical
#            atomic radius of J. C. Slater, J. Chem. Phys. 41 (1964) 3199
#            (pymatgen "Atomic radius"); radius_src says which ("shannon" or
#            "slater")
#   ox       common oxidation state: the first of pymatgen's
#            "Common oxidation states" (0 when none)
#   ox_states  oxidation states seen in the ICSD (pymatgen
#            "ICSD oxidation states"; else "Oxidation states"), comma-separated
#   bv_r bv_c  the element parameters r (A) and c of N. E. Brese and
#            M. O'Keeffe, Acta Cryst. B47 (1991) 192-197, Table 2 (as
#            pymatgen's analysis/bvparam_1991.yaml): for a pair i-j the
#            bond-valence parameter is
#            R_ij = r_i + r_j - r_i r_j (sqrt(c_i) - sqrt(c_j))^2 / (c_i r_i + c_j r_j)
# "-" marks a value the sources do not give.
#Z\tsymbol\tchi\tradius\tradius_src\tox\tox_states\tbv_r\tbv_c""".replace("\\t", "\t"))
rows = sorted(((v["Atomic no"], s, v) for s, v in pt.items()), key=lambda r: r[0])
for z, s, v in rows:
    if z > 96:
        continue
    chi = v.get("X")
    if isinstance(chi, str):
        chi = None
    common = v.get("Common oxidation states") or []
    ox = common[0] if common else 0
    rad, src = None, "-"
    ionic = v.get("Ionic radii") or {}
    if str(ox) in ionic and ox != 0:
        rad, src = ionic[str(ox)], "shannon"
    else:
        ar = v.get("Atomic radius")
        if isinstance(ar, (int, float)):
            rad, src = ar, "slater"
    states = v.get("ICSD oxidation states") or v.get("Oxidation states") or common
    states = sorted(set(int(x) for x in states))
    b = bv.get(s, {})
    print("\t".join([str(z), s, fmt(chi), fmt(rad), src, str(ox),
                     ",".join(str(x) for x in states) or "-",
                     fmt(b.get("r")), fmt(b.get("c"))]))
