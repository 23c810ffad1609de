# physgan import cif: usage errors (2), a missing path (1), and two folders
# of the COD CIFs libavogadro-data ships (halides and oxides, 87 files):
# counts by rejection reason, messages naming the file, a valid crystal/1
# file. Skipped (77) where libavogadro-data is not installed
# (scripts/install-deps.sh installs it).
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals

expect_exit 0 -- "$PHYSGAN" import cif --help
expect_out '--symprec'
expect_exit 0 -- "$PHYSGAN" import --help
expect_out 'cif'
expect_exit 2 -- "$PHYSGAN" import cif --out x.h5
expect_out 'expected CIF files or directories'
expect_exit 2 -- "$PHYSGAN" import cif some.cif
expect_out '--out FILE.h5 is required'
expect_exit 2 -- "$PHYSGAN" import cif some.cif --out x.h5 --symprec 0
expect_exit 1 -- "$PHYSGAN" import cif no/such/dir --out x.h5
expect_out 'no/such/dir'
ls x.h5* >/dev/null 2>&1 && { echo "FAIL: a failed import wrote a file"; exit 1; }
echo "ok: failed imports write nothing"

[ -d "$CRYSTALS/halides" ] && [ -d "$CRYSTALS/oxides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }

# a CIF rejected mid-parse leaves COD's lexer state behind; the files
# after it (the same one again, then a good one) must still parse
# (a fuzzing find: the second parse crashed inside libcodcif)
BAD="$SRC/tests/fuzz/cif/regress/second-parse-segv.cif"
expect_exit 0 -- "$PHYSGAN" import cif "$BAD" "$BAD" "$CRYSTALS/halides/NaCl-Halite.cif" \
  --out after_bad.h5 --json
expect_out '"files": 3, "blocks": 1, "imported": 1, "rejected": 2'
expect_out 'second-parse-segv.cif: line 1: stray CIF values'
# a file holding one quote crashed COD's lexer (its token buffer unset)
LONE="$SRC/tests/fuzz/cif/regress/lone-quote-segv.cif"
expect_exit 0 -- "$PHYSGAN" import cif "$LONE" "$CRYSTALS/halides/NaCl-Halite.cif" \
  --out after_quote.h5 --json
expect_out '"files": 2, "blocks": 1, "imported": 1, "rejected": 1'
expect_out 'lone-quote-segv.cif: '

mkdir -p p1
expect_exit 0 -- "$PHYSGAN" import cif "$CRYSTALS/halides" "$CRYSTALS/oxides" \
  --out cod.h5 --json --cif-dir p1
expect_out '"files": 87, "blocks": 87, "imported": 76, "rejected": 11'
expect_out '"partial_occupancy": 3'
expect_out '"no_neutral_oxidation_states": 4'
expect_out 'rejected \(partial_occupancy\): .*/[^ ]+\.cif: site .* \(_atom_site_occupancy\)'
expect_out 'rejected \(no_neutral_oxidation_states\): .*oxides/Fe3O4-Magnetite.cif'
expect_out '"spacegroup_agrees": 74, "spacegroup_differs": 2'
expect_exit 0 -- "$PHYSGAN" info cod.h5
expect_out 'verdict: valid crystal/1'
expect_out '/oxidation +int16 +\(76, [0-9]+\) +units: e'

# the P1 CIFs written by --cif-dir read back: every structure, none
# rejected, the same (formula, space group) pairs
[ "$(ls p1/*.cif | wc -l)" -eq 76 ] || { echo "FAIL: expected 76 P1 CIFs"; exit 1; }
echo "ok: 76 P1 CIFs written"
expect_exit 0 -- "$PHYSGAN" import cif p1 --out p1.h5 --json
expect_out '"files": 76, "blocks": 76, "imported": 76, "rejected": 0'
expect_out '"unique_formula_spacegroup": 74'
if command -v h5dump >/dev/null; then
  for d in spacegroup natoms oxidation; do
    a=$(h5dump -d /$d -y -w 0 cod.h5 | sed -n '/DATA/,/}/p')
    b=$(h5dump -d /$d -y -w 0 p1.h5 | sed -n '/DATA/,/}/p')
    [ "$a" = "$b" ] || { echo "FAIL: /$d differs after the P1 round trip"; exit 1; }
    echo "ok: /$d identical after the P1 round trip"
  done
fi

# rock salt from the halides: 8 atoms, Fm-3m (225), Na +1 and Cl -1
if command -v h5dump >/dev/null; then
  i=$(h5dump -d /source cod.h5 | grep -n 'halides/NaCl' | head -1)
  [ -n "$i" ] || { echo "FAIL: no NaCl among the sources"; exit 1; }
  echo "ok: NaCl imported"
fi

# the conductivity proxy of the Li and Na structures among them
expect_exit 2 -- "$PHYSGAN" eval crystal cod.h5
expect_out '--mobile Li or --mobile Na is required'
expect_exit 1 -- "$PHYSGAN" eval crystal missing.h5 --mobile Li
expect_out 'missing.h5'
expect_exit 0 -- "$PHYSGAN" eval crystal cod.h5 --mobile Na
expect_out 'conductivity PROXY for Na'
expect_out 'NaCl +225 +8 '
expect_exit 0 -- "$PHYSGAN" eval crystal cod.h5 --mobile Li --json
expect_out '"proxy": "bond-valence-sum mismatch percolation \(a proxy, not a conductivity\)"'
expect_out '"formula": "Li2O", "spacegroup": 225, "natoms": 12, "grid": \[24, 24, 24\]'
