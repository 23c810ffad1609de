# The CycleGAN trainer under mpiexec -n 2: every rank reads its shards of
# both files; a run stopped after step 3 and resumed on 2 ranks ends with
# the four nets and the metrics of a straight 2-rank run; resuming on 1
# rank is refused; generate --input on 2 ranks writes what 1 writes.
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(mpiexec -n 2 --oversubscribe)
rm -rf straight resumed

"$PHYSGAN" simulate terrain --size 16 --count 20 --beta 2 --cell-size 30 \
  --relief 150 --seed 1 --out syn.h5 >/dev/null || exit 1
"$PHYSGAN" simulate terrain --size 16 --count 12 --beta 4 --cell-size 30 \
  --relief 250 --seed 2 --out real.h5 >/dev/null || exit 1
TRAIN=(train "$SRC/jobs/terrain-cyclegan.ini" -o data.path=real.h5
       -o data.path_synthetic=syn.h5 -o model.width=4 -o model.depth=2
       -o train.batch=2 -o train.steps=7 -o train.checkpoint_every=5
       -o train.log_every=1 --plain)
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=straight
expect_out 'finished after step 7'
expect_exit 3 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=resumed \
  --stop-after 3
expect_exit 1 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=resumed --resume
expect_out 'written by 2 ranks and this run has 1'
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=resumed \
  --resume
for d in G/params G_BA/params D_A/params D/params opt/G_BA/m rng/rank_1; do
  h5dump -d /$d straight/checkpoints/ckpt-000007.h5 | tail -n +2 > a.txt
  h5dump -d /$d resumed/checkpoints/ckpt-000007.h5 | tail -n +2 > b.txt
  cmp -s a.txt b.txt || { echo "FAIL: resumed /$d differs"; exit 1; }
done
echo "ok: 2-rank resume identical to the straight run"
diff <(cut -d, -f1-16 straight/metrics.csv) <(cut -d, -f1-16 resumed/metrics.csv) ||
  { echo "FAIL: metrics differ"; exit 1; }

# generate --input under mpiexec: the ranks share the patches and write
# the file that one process writes.
rm -rf gen1 gen2
expect_exit 0 -- "$PHYSGAN" generate straight/checkpoints/ckpt-000007.h5 \
  --input syn.h5 --n 5 --out gen1 --plain
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" generate \
  straight/checkpoints/ckpt-000007.h5 --input syn.h5 --n 5 --out gen2 --plain
h5dump -d /terrain gen1/generated.h5 | tail -n +2 > a.txt
h5dump -d /terrain gen2/generated.h5 | tail -n +2 > b.txt
cmp -s a.txt b.txt || { echo "FAIL: 2-rank generate differs"; exit 1; }
cmp -s gen1/patch-04.asc gen2/patch-04.asc || { echo "FAIL: asc differs"; exit 1; }
echo "ok"
