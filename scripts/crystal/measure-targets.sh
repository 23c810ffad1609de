#!/usr/bin/env bash
# The issue #16 targets of a crystal_vaegan checkpoint beside the baseline
# of screening the training set itself (docs/crystals.md, "Results"):
#   scripts/crystal/measure-targets.sh CKPT TRAIN.h5 OUTDIR [N] [PHYSGAN]
# screens N candidates of CKPT (default 1000) and the first N structures
# of TRAIN.h5 with physgan screen crystals (top 20 each), then prints one
# table row per quantity for both (outputs under OUTDIR/gen, OUTDIR/base).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,7p' "$0"; exit 2; }
ckpt=$1 train=$2 out=$3 n=${4:-1000} physgan=${5:-physgan}
mkdir -p "$out"
"$physgan" screen crystals "$ckpt" --train "$train" --n "$n" --top 20 \
  --out "$out/gen" --json > "$out/gen.json"
"$physgan" screen crystals --from "$train" --train "$train" --n "$n" \
  --top 20 --out "$out/base" --json > "$out/base.json"
python3 - "$out/gen.json" "$out/base.json" <<'PY'
import json, sys
g, b = (json.load(open(p)) for p in sys.argv[1:3])
def pct(d, k, of="candidates"):
    return "%.1f %%" % (100.0 * d[k] / d[of]) if d[of] else "n/a"
def num(d, k):
    return "n/a" if d[k] is None else "%.3f" % d[k]
rows = [("candidates", str(g["candidates"]), str(b["candidates"])),
        ("structurally valid (pairs >= 0.5 A)", pct(g, "valid_struct"), pct(b, "valid_struct")),
        ("charge valid (SMACT rule)", pct(g, "valid_charge"), pct(b, "valid_charge")),
        ("both valid", pct(g, "valid"), pct(b, "valid")),
        ("unique (of the valid)", pct(g, "unique", "valid"), pct(b, "unique", "valid")),
        ("novel (of the valid)", pct(g, "novel", "valid"), pct(b, "novel", "valid")),
        ("space groups among the valid / P1", "%d / %d" % (g["spacegroups"], g["p1"]),
         "%d / %d" % (b["spacegroups"], b["p1"])),
        ("W1 volume per atom to training (A^3)", num(g, "w_volume_per_atom"), num(b, "w_volume_per_atom")),
        ("W1 number of elements to training", num(g, "w_elements"), num(b, "w_elements")),
        ("valid with Li or Na", str(g["with_li_or_na"]), str(b["with_li_or_na"])),
        ("median PROXY 3D level, valid with Li/Na (v.u.)", num(g, "median_level_valid"), num(b, "median_level_valid")),
        ("median PROXY 3D level, top %d / %d (v.u.)" % (g["top"], b["top"]), num(g, "median_level_top"), num(b, "median_level_top")),
        ("median PROXY 3D level, training set (v.u.)", num(g, "median_level_train"), num(b, "median_level_train")),
        ("head vs PROXY on candidates (Spearman)", num(g, "spearman_head_proxy"), num(b, "spearman_head_proxy"))]
print("| quantity | generated | --from training |")
print("| --- | --- | --- |")
for r in rows: print("| %s | %s | %s |" % r)
PY
