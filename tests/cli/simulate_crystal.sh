# physgan simulate crystal: usage errors (2); a tiny training set from the
# COD halides that libavogadro-data ships (24 candidates): every written
# structure neutral, with energies, forces and the proxy; the same file
# from 2 MPI ranks and from two --shard halves joined by physgan merge.
# Skipped (77) where libavogadro-data is not installed (scripts/install-deps.sh).
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals

expect_exit 0 -- "$PHYSGAN" simulate crystal --help
expect_out '--prototypes'
expect_exit 2 -- "$PHYSGAN" simulate crystal --out x.h5
expect_out '--prototypes P.h5 is required'
expect_exit 2 -- "$PHYSGAN" simulate crystal --prototypes p.h5 --out x.h5 --shard 2/2
expect_out "--shard '2/2'"
expect_exit 1 -- "$PHYSGAN" simulate crystal --prototypes no/such.h5 --out x.h5
expect_out 'no/such.h5'
ls x.h5* >/dev/null 2>&1 && { echo "FAIL: a failed run wrote a file"; exit 1; }
echo "ok: failed runs write nothing"

[ -d "$CRYSTALS/halides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }
"$PHYSGAN" import cif "$CRYSTALS/halides" --out protos.h5 --max-atoms 40 \
  >/dev/null 2>&1 || { echo "FAIL: import cif"; exit 1; }

SIM=(simulate crystal --prototypes protos.h5 --candidates 24 --seed 3 --proxy-spacing 0.4)
expect_exit 0 -- "$PHYSGAN" "${SIM[@]}" --out one.h5 --json
expect_out '"candidates": 24'
w=$(json_num written); li=$(json_num with_li_or_na)
expect_cmp "$w" '>=' 8
expect_cmp "$li" '>=' 1
expect_exit 0 -- "$PHYSGAN" info one.h5
expect_out 'verdict: valid crystal/1'
expect_out '/props/forces +float32 +\([0-9]+, 40, 3\)'
expect_out '/props/energy +float32'
expect_out '/props/proxy_level_3d +float32'

command -v h5dump >/dev/null || { echo "FAIL: no h5dump (hdf5-tools, scripts/install-deps.sh)"; exit 1; }
# the values of a dataset in h5dump's output (its first DATA block, not
# its attributes'), one a line
values() { awk '/DATA \{/ && !d { on = 1; d = 1; next } on && /}/ { exit } on' |
  tr ',' '\n' | awk 'NF { print $1 }'; }
{
  # neutral: the oxidation states of every structure sum to zero
  h5dump -d /oxidation -y -w 0 one.h5 | values > ox.txt
  [ "$(wc -l < ox.txt)" -eq $((w * 40)) ] || { echo "FAIL: /oxidation has not $w x 40 values"; exit 1; }
  awk -v A=40 '{ s += $1; if (NR % A == 0) { if (s != 0) bad++; s = 0 } }
       END { exit bad > 0 }' ox.txt || { echo "FAIL: a structure is not neutral"; exit 1; }
  echo "ok: every structure is charge-neutral"
  # relaxed: every residual force below the tolerance (0.01 eV/A)
  h5dump -d /props/max_force -y -w 0 one.h5 | values |
    awk '{ n++; if ($1 + 0 > 0.01) bad++ } END { exit bad > 0 || n == 0 }' ||
    { echo "FAIL: a structure is not relaxed"; exit 1; }
  echo "ok: every structure relaxed below 0.01 eV/A"
}

# the candidates' results do not depend on ranks or shards
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
expect_exit 0 -- timeout 120 mpiexec -n 2 --oversubscribe "$PHYSGAN" "${SIM[@]}" --out two.h5 --json
expect_out '"ranks": 2'
expect_exit 0 -- "$PHYSGAN" "${SIM[@]}" --shard 0/2 --out s0.h5
expect_exit 0 -- "$PHYSGAN" "${SIM[@]}" --shard 1/2 --out s1.h5
expect_exit 0 -- "$PHYSGAN" merge merged.h5 s0.h5 s1.h5
{
  for d in frac species oxidation props/energy props/forces; do
    a=$(h5dump -d /$d -y -w 0 one.h5 | sed -n '/DATA/,/}/p')
    b=$(h5dump -d /$d -y -w 0 two.h5 | sed -n '/DATA/,/}/p')
    [ "$a" = "$b" ] || { echo "FAIL: /$d differs on 2 ranks"; exit 1; }
  done
  echo "ok: 2 ranks write the same structures"
  for d in species oxidation props/energy; do
    a=$(h5dump -d /$d -y -w 0 one.h5 | sed -n '/DATA/,/}/p' | tr -d ' \n')
    b=$(h5dump -d /$d -y -w 0 merged.h5 | sed -n '/DATA/,/}/p' | tr -d ' \n')
    [ "$a" = "$b" ] || { echo "FAIL: /$d of the merged shards differs"; exit 1; }
  done
  echo "ok: two shards merged = one run"
}
