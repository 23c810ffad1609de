# The sequence GAN trainer under mpiexec -n 2: each rank draws its own
# batches from its stream and the gradients are averaged; a run stopped
# after step 3 and resumed on 2 ranks ends with the three nets, both
# ranks' RNG states and the metrics of a straight 2-rank run; resuming on
# 1 rank is refused.
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(mpiexec -n 2 --oversubscribe)
rm -rf straight resumed

printf '>a1\nMKVLAAGHHE\n>a2\nMKVLSAGHHD\n>a3\nMRVLAAGHYE\n' > fa.fa
printf '>b1\nWWPPCYTRQ\n>b2\nWWPPCYTRN\n' > fb.fa
"$PHYSGAN" import fasta fa.fa fb.fa --out tiny.h5 >/dev/null || exit 1
TRAIN=(train "$SRC/jobs/protein-gan.ini" -o data.path=tiny.h5
       -o model.width=4 -o model.z_dim=4 -o model.res_blocks=1
       -o train.batch=2 -o train.steps=6 -o train.checkpoint_every=5
       -o train.log_every=1 --plain)
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=straight
expect_out 'finished after step 6'
expect_exit 3 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=resumed \
  --stop-after 3
expect_exit 1 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=resumed --resume
expect_out 'written by 2 ranks and this run has 1'
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=resumed \
  --resume
for d in G/params D/params C/params opt/C/m rng/rank_0 rng/rank_1; do
  h5dump -d /$d straight/checkpoints/ckpt-000006.h5 | tail -n +2 > a.txt
  h5dump -d /$d resumed/checkpoints/ckpt-000006.h5 | tail -n +2 > b.txt
  cmp -s a.txt b.txt || { echo "FAIL: resumed /$d differs"; exit 1; }
done
echo "ok: 2-rank resume identical to the straight run"
diff <(cut -d, -f1-13 straight/metrics.csv) <(cut -d, -f1-13 resumed/metrics.csv) ||
  { echo "FAIL: metrics differ"; exit 1; }
echo "protein_gan MPI checks passed"
