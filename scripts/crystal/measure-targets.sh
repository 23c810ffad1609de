#!/usr/bin/env bash
# The issue #16 targets of a crystal_vaegan checkpoint beside the baseline
# of screening the training set itself (docs/crystals.md, "Results"):
#   scripts/crystal/measure-targets.sh [--relax] [--compositions S] CKPT TRAIN.h5 OUTDIR [N] [PHYSGAN]
# screens N candidates of CKPT (default 1000) and the first N structures
# of TRAIN.h5 with physgan screen crystals (top 20 each), then prints one
# table row per quantity for both (outputs under OUTDIR/gen, OUTDIR/base).
# --relax also screens the same candidates relaxed in the training set's
# force field (OUTDIR/gen-relaxed), a column of its own beside the raw one;
# --compositions S: a composition-conditional checkpoint's compositions
# (train or substitute, screen crystals' option).
set -euo pipefail
relax=0 comp=train
while [ $# -gt 0 ]; do
  case $1 in
    --relax) relax=1; shift ;;
    --compositions) comp=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] || { sed -n '2,11p' "$0"; exit 2; }
ckpt=$1 train=$2 out=$3 n=${4:-1000} physgan=${5:-physgan}
mkdir -p "$out"
"$physgan" screen crystals "$ckpt" --train "$train" --n "$n" --top 20 \
  --compositions "$comp" --out "$out/gen" --json > "$out/gen.json"
cols=("$out/gen.json")
if [ "$relax" = 1 ]; then
  "$physgan" screen crystals "$ckpt" --train "$train" --n "$n" --top 20 \
    --compositions "$comp" --relax --out "$out/gen-relaxed" --json > "$out/gen-relaxed.json"
  cols+=("$out/gen-relaxed.json")
fi
"$physgan" screen crystals --from "$train" --train "$train" --n "$n" \
  --top 20 --out "$out/base" --json > "$out/base.json"
cols+=("$out/base.json")
python3 - "${cols[@]}" <<'PY'
import json, sys
ds = [json.load(open(p)) for p in sys.argv[1:]]
def pct(d, k, of="candidates"):
    return "%.1f %%" % (100.0 * d[k] / d[of]) if d[of] else "n/a"
def num(d, k):
    return "n/a" if d[k] is None else "%.3f" % d[k]
rows = [("candidates", lambda d: str(d["candidates"])),
        ("compositions (conditional G)", lambda d: d.get("compositions", "none")),
        ("relaxed: converged / not converged / collapsed / failed", lambda d: "%d / %d / %d / %d" % (d["relaxed"], d["relax_unconverged"], d["relax_collapsed"], d["relax_failed"]) if d.get("relax") else "not relaxed"),
        ("structurally valid (pairs >= 0.5 A)", lambda d: pct(d, "valid_struct")),
        ("charge valid (SMACT rule)", lambda d: pct(d, "valid_charge")),
        ("both valid", lambda d: pct(d, "valid")),
        ("unique (of the valid)", lambda d: pct(d, "unique", "valid")),
        ("novel (of the valid)", lambda d: pct(d, "novel", "valid")),
        ("space groups among the valid / P1", lambda d: "%d / %d" % (d["spacegroups"], d["p1"])),
        ("W1 volume per atom to training (A^3)", lambda d: num(d, "w_volume_per_atom")),
        ("W1 number of elements to training", lambda d: num(d, "w_elements")),
        ("valid with Li or Na", lambda d: str(d["with_li_or_na"])),
        ("median PROXY 3D level, valid with Li/Na (v.u.)", lambda d: num(d, "median_level_valid")),
        ("median PROXY 3D level, top K (v.u.)", lambda d: "%s (K = %d)" % (num(d, "median_level_top"), d["top"])),
        ("median PROXY 3D level, training set (v.u.)", lambda d: num(d, "median_level_train")),
        ("head vs PROXY on candidates (Spearman)", lambda d: num(d, "spearman_head_proxy"))]
heads = ["generated"] + (["generated, relaxed"] if len(ds) == 3 else []) + ["--from training"]
print("| quantity | " + " | ".join(heads) + " |")
print("| --- " * (len(heads) + 1) + "|")
for name, f in rows: print("| %s | %s |" % (name, " | ".join(f(d) for d in ds)))
PY
