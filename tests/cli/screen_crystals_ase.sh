# The CIFs `screen crystals` writes, read by another code: Debian's ASE
# (python3-ase) must find in every one the atom count and the volume per
# atom that ranked.csv gives for it (relative 1e-4), so VESTA/ASE/pymatgen
# users get the structure physgan scored. Skipped (77) where
# libavogadro-data or python3-ase is missing (scripts/install-deps.sh
# installs both).
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals
PY=/usr/bin/python3
[ -d "$CRYSTALS/halides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }
"$PY" -c 'import ase.io' 2>/dev/null || {
  echo "SKIP: no ASE for $PY (apt-get install python3-ase)"; exit 77; }
rm -rf base

"$PHYSGAN" import cif "$CRYSTALS/halides" --out protos.h5 --max-atoms 40 \
  >/dev/null 2>&1 || { echo "FAIL: import cif"; exit 1; }
"$PHYSGAN" simulate crystal --prototypes protos.h5 --candidates 24 --seed 3 \
  --proxy-spacing 0.4 --out tiny.h5 >/dev/null 2>&1 || { echo "FAIL: simulate crystal"; exit 1; }
expect_exit 0 -- "$PHYSGAN" screen crystals --from tiny.h5 --train tiny.h5 \
  --n 1000 --top 6 --out base --json
top=$(json_num top)
expect_cmp "$top" '>=' 3
# rank -> natoms, volume per atom (ranked.csv columns 4 and 7); the CIFs
# are named NN_FORMULA.cif in rank order.
awk -F, -v k="$top" 'NR > 1 && $1 > 0 && $1 <= k { print $1, $4, $7 }' \
  base/ranked.csv | sort -n > want.txt
"$PY" - base want.txt <<'PYEOF' || exit 1
import glob, sys
import ase.io
cifs = sorted(glob.glob(sys.argv[1] + "/*.cif"))
want = [l.split() for l in open(sys.argv[2])]
if len(cifs) != len(want):
    sys.exit("FAIL: %d CIFs, %d ranked rows" % (len(cifs), len(want)))
for path, (rank, natoms, vpa) in zip(cifs, want):
    a = ase.io.read(path, format="cif")
    got_vpa = a.get_volume() / len(a)
    if len(a) != int(natoms) or abs(got_vpa - float(vpa)) > 1e-4 * float(vpa):
        sys.exit("FAIL: %s: ASE reads %d atoms, %.5f A^3/atom; ranked.csv "
                 "says %s, %s" % (path, len(a), got_vpa, natoms, vpa))
    print("ok: %s: %d atoms (%s), %.4f A^3/atom" %
          (path, len(a), a.get_chemical_formula(), got_vpa))
PYEOF
echo "PASS: ASE reads every CIF as physgan scored it"
