# physgan generate under mpiexec -n 2: the ranks share the patches and
# write generated.h5 together (parallel HDF5, collective transfers). The
# files are those of one process: /terrain and the root attributes
# (h5dump), every patch-NN.asc, for n divisible by 2 or not (5), for one
# patch (rank 1 writes no rows) and for more than one generator pass per
# rank (37). `physgan info` validates the 2-rank file; a missing
# checkpoint, or a patch that one rank cannot write, fails on both ranks
# (exit 1, no hang, no file).
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
command -v h5dump >/dev/null || { echo "FAIL: no h5dump (hdf5-tools, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(timeout 120 mpiexec -n 2 --oversubscribe)
rm -rf run one-* two-*

"$PHYSGAN" simulate terrain --size 16 --count 16 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=terrain.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=4 -o train.steps=4 \
  -o train.checkpoint_every=4 -o train.sample_every=4 \
  -o output.dir=run --plain >/dev/null 2>&1 || { echo "FAIL: train"; exit 1; }
CK=run/checkpoints/ckpt-000004.h5
[ -s "$CK" ] || { echo "FAIL: no checkpoint"; exit 1; }

# h5dump's first line names the file: leave it out.
dump() { h5dump "$@" | tail -n +2; }

for n in 5 1 37; do
  expect_exit 0 -- "$PHYSGAN" generate "$CK" --n $n --out one-$n --seed 7 \
    --format h5,asc --plain
  expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" generate "$CK" --n $n \
    --out two-$n --seed 7 --format h5,asc --plain
  expect_out "generate: $n patches of 16 x 16 cells"
  [ "$(grep -o 'patches of' <<<"$out" | wc -l)" -eq 1 ] \
    || { echo "FAIL: more than rank 0 printed"; exit 1; }
  # The same elevation range (MPI_Allreduce) as one process.
  [ "$(sed -n 's/.*elevations \(.*\) m (m_ref.*/\1/p' <<<"$out")" = \
    "$(sed -n 's/.*elevations \(.*\) m (m_ref.*/\1/p' \
       <<<"$("$PHYSGAN" generate "$CK" --n $n --out one-$n --seed 7 \
             --format asc --plain 2>&1)")" ] \
    || { echo "FAIL: elevation range differs"; exit 1; }
  cmp <(dump -d /terrain one-$n/generated.h5) \
      <(dump -d /terrain two-$n/generated.h5) \
    || { echo "FAIL: /terrain differs for --n $n"; exit 1; }
  cmp <(dump -A one-$n/generated.h5) <(dump -A two-$n/generated.h5) \
    || { echo "FAIL: attributes differ for --n $n"; exit 1; }
  [ "$(ls one-$n/*.asc | wc -l)" -eq $n ] || { echo "FAIL: asc count"; exit 1; }
  for f in one-$n/patch-*.asc; do
    cmp -s "$f" "two-$n/${f##*/}" || { echo "FAIL: ${f##*/} differs"; exit 1; }
  done
  [ -s two-$n/generated.xmf ] && [ -s two-$n/job.ini ] \
    || { echo "FAIL: xmf or job.ini"; exit 1; }
  ! ls two-$n/*.tmp.* >/dev/null 2>&1 || { echo "FAIL: temp left"; exit 1; }
  echo "ok: --n $n: 2 ranks wrote the files of 1 process"
done
expect_exit 0 -- "$PHYSGAN" info two-5/generated.h5
expect_out 'valid terrain/1'
expect_out '/terrain +float32 +\(5, 16, 16\) +units: m'

expect_exit 1 -- "${MPI[@]}" "$PHYSGAN" generate nothere.h5 --out two-bad
expect_out 'nothere.h5'
[ ! -e two-bad/generated.h5 ] || { echo "FAIL: wrote after an error"; exit 1; }
echo "ok: a failure on the ranks is an exit 1"
# A failure on rank 1 only (its patch 17 cannot be written; the ranks share
# passes of 16 patches): rank 0 does not wait for it forever, and no
# generated.h5 or temporary file is left.
rm -rf two-fail && mkdir -p two-fail/patch-17.asc
expect_exit 1 -- "${MPI[@]}" "$PHYSGAN" generate "$CK" --n 20 --out two-fail \
  --format h5,asc --plain
expect_out 'patch-17.asc'
expect_out 'failed on another rank'
[ ! -e two-fail/generated.h5 ] && ! ls two-fail/*.tmp.* >/dev/null 2>&1 \
  || { echo "FAIL: files left after a failure on one rank"; exit 1; }
echo "ok: a failure on one rank is an exit 1 of both"
