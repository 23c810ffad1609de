# Validated inputs: every command that reads a dataset refuses a corrupted
# file before using it, naming the file, the dataset and the problem (exit
# 1; view foam 2, its code for unusable input): a NaN in a terrain/1 (train
# on 1 and 2 ranks, generate --data, eval terrain, simulate terrain --like,
# merge), a negative bubble id in a foam/1 (rollout --init, eval foam, view
# foam, train on foam, merge), a residue index beyond the alphabet in a
# protein/1 (score identity). Corrupted copies are made with
# tests/support/h5_poke.c (one element rewritten).
. "$(dirname "$0")/lib/common.sh"
POKE=$(dirname "$PHYSGAN")/tests/physgan_h5_poke
[ -x "$POKE" ] || { echo "FAIL: no $POKE (built with the tests)"; exit 1; }
rm -rf gan fs m.h5

"$PHYSGAN" simulate terrain --size 16 --count 8 --seed 3 --out t.h5 >/dev/null || exit 1
cp t.h5 t-nan.h5
"$POKE" t-nan.h5 /terrain 37 nan || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=t.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=2 -o train.steps=1 \
  -o output.dir=gan --plain >/dev/null || { echo "FAIL: train"; exit 1; }
GK=gan/checkpoints/ckpt-000001.h5
tiny_foam_surrogate f.h5 fs  # sets CK
cp f.h5 f-neg.h5
"$POKE" f-neg.h5 /labels 5 -3 || exit 1
"$PHYSGAN" import fasta "$SRC/tests/data/protein/fn3_50.fasta" --out p.h5 >/dev/null || exit 1
cp p.h5 p-bad.h5
"$POKE" p-bad.h5 /seq 0 99 || exit 1

# refused FILE WHAT [CODE] -- command: exit CODE (default 1) naming the
# file, the dataset and the problem.
refused() {
  local file=$1 what=$2 code=1; shift 2
  [ "$1" = "--" ] || { code=$1; shift; }
  shift
  expect_exit $code -- "$@"
  expect_out "$file: not a valid [a-z]+/1 file, 1 problem: $what"
}
NAN='/terrain: 1 NaN or Inf value'
refused t-nan.h5 "$NAN" -- "$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" \
  -o data.path=t-nan.h5 -o model.width=4 -o model.z_dim=8 -o train.batch=2 \
  -o train.steps=1 -o output.dir=r1 --plain
# On 2 ranks rank 0 alone validates; the verdict reaches both.
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
refused t-nan.h5 "$NAN" -- mpiexec -n 2 --oversubscribe "$PHYSGAN" train \
  "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=t-nan.h5 -o model.width=4 \
  -o model.z_dim=8 -o train.batch=2 -o train.steps=1 -o output.dir=r3 --plain
refused t-nan.h5 "$NAN" -- "$PHYSGAN" generate $GK --n 2 --data t-nan.h5 --out g --plain
refused t-nan.h5 "$NAN" -- "$PHYSGAN" eval terrain t.h5 t-nan.h5
refused t-nan.h5 "$NAN" -- "$PHYSGAN" simulate terrain --like t-nan.h5 --count 2 --out s.h5
refused t-nan.h5 "$NAN" -- "$PHYSGAN" merge m.h5 t.h5 t-nan.h5
[ ! -e m.h5 ] || { echo "FAIL: merge wrote m.h5"; exit 1; }

NEG='/labels: .*-3'
refused f-neg.h5 "$NEG" -- "$PHYSGAN" rollout $CK --init f-neg.h5:all:1 --steps 1 --out r.h5
refused f-neg.h5 "$NEG" -- "$PHYSGAN" eval foam f-neg.h5
# view's exit code for unusable input is 2 (its --help).
refused f-neg.h5 "$NEG" 2 -- "$PHYSGAN" view foam f-neg.h5 --out v.html
refused f-neg.h5 "$NEG" -- "$PHYSGAN" merge m.h5 f.h5 f-neg.h5
refused f-neg.h5 "$NEG" -- "$PHYSGAN" train "$SRC/jobs/foam-surrogate.ini" \
  -o data.path=f-neg.h5 -o model.depth=3 -o model.d_layers=2 -o model.width=4 \
  -o train.batch=2 -o train.steps=1 -o output.dir=r2 --plain

refused p-bad.h5 '/seq: .*99' -- "$PHYSGAN" score identity p-bad.h5 p.h5
