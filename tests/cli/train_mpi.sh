# physgan train under mpiexec -n 2: a stopped and resumed run has the
# metrics of a straight one (the mpi_train_resume test compares the
# parameters byte for byte), the ranks' run directory is written once, and
# resuming a 2-rank checkpoint on 1 rank is refused (exit 1).
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(mpiexec -n 2 --oversubscribe)
rm -rf straight resumed

"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
J="$SRC/jobs/terrain-gan-tiny.ini"
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=2 -o train.steps=24 -o train.log_every=4
        -o train.checkpoint_every=5 -o train.sample_every=12 -o train.samples=3
        --plain)

expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
  -o output.dir=straight
expect_out 'finished after step 24'
[ "$(grep -c 'finished after step' <<<"$out")" -eq 1 ] \
  || { echo "FAIL: more than rank 0 printed"; exit 1; }
echo "ok: rank 0 prints"
expect_exit 3 -- "${MPI[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
  -o output.dir=resumed --stop-after 11
expect_exit 1 -- "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=resumed \
  --resume
expect_out 'written by 2 ranks and this run has 1'
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
  -o output.dir=resumed --resume
expect_out 'resuming from .*ckpt-000011.h5 at step 11'
cut -d, -f1-10 straight/metrics.csv > a.csv
cut -d, -f1-10 resumed/metrics.csv > b.csv
cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: metrics differ"; exit 1; }
[ "$(wc -l < a.csv)" -eq 7 ] || { echo "FAIL: rows"; exit 1; }
echo "ok: 2-rank resumed metrics equal the straight run's"
