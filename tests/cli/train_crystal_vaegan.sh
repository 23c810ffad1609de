# The crystal VAE-GAN trainer ([model] arch = crystal_vaegan) on a tiny
# training set simulated from the COD halides of libavogadro-data: a run
# writes the metrics (reconstruction, KL, the penalties, the property
# head's held-out rank correlation) and checkpoints with the codec; a run
# stopped after step 3 and resumed ends with the four nets, their Adam
# states and the RNG of a straight run, on 1 rank and on 2 (mpiexec); a
# data file without the PROXY is refused with a message naming it.
# Skipped (77) where libavogadro-data is not installed.
. "$(dirname "$0")/lib/common.sh"
CRYSTALS=/usr/share/avogadro2/crystals
[ -d "$CRYSTALS/halides" ] || {
  echo "SKIP: $CRYSTALS not found (apt-get install libavogadro-data)"; exit 77; }
command -v h5dump >/dev/null || { echo "FAIL: no h5dump (hdf5-tools)"; exit 1; }
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(mpiexec -n 2 --oversubscribe)
rm -rf one one_r two two_r

"$PHYSGAN" import cif "$CRYSTALS/halides" --out protos.h5 --max-atoms 40 \
  >/dev/null 2>&1 || { echo "FAIL: import cif"; exit 1; }
"$PHYSGAN" simulate crystal --prototypes protos.h5 --candidates 24 --seed 3 \
  --proxy-spacing 0.4 --out tiny.h5 >/dev/null 2>&1 || { echo "FAIL: simulate crystal"; exit 1; }

TRAIN=(train "$SRC/jobs/crystal-vaegan.ini" -o data.path=tiny.h5
       -o model.width=4 -o model.z_dim=4 -o train.batch=3 -o train.steps=6
       -o train.checkpoint_every=5 -o train.log_every=1
       -o physics.crystal_gii_weight=0.1 -o physics.crystal_charge_weight=0.1 --plain)

# the import has no PROXY: refused, naming the file and the dataset
expect_exit 1 -- "$PHYSGAN" train "$SRC/jobs/crystal-vaegan.ini" \
  -o data.path=protos.h5 -o output.dir=none --plain
expect_out 'protos.h5 has no /props/proxy_level_3d'

expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=one
expect_out 'finished after step 6'
head -1 one/metrics.csv | grep -q 'recon_species,recon_coords,kl,prop_mse,prop_fake,crystal.spacing,crystal.charge,crystal.gii,crystal.cell,prop_rho' ||
  { echo "FAIL: metrics header: $(head -1 one/metrics.csv)"; exit 1; }
[ "$(wc -l < one/metrics.csv)" -eq 7 ] || { echo "FAIL: 6 metrics rows expected"; exit 1; }
grep -q 'property head: Spearman rank correlation' one/train.log ||
  { echo "FAIL: no held-out correlation in train.log"; exit 1; }
h5dump -d /crystal/vocab one/checkpoints/ckpt-000006.h5 >/dev/null 2>&1 ||
  { echo "FAIL: no codec in the checkpoint"; exit 1; }
echo "ok: a straight run"

same() {  # same DIR_A DIR_B DATASETS...: identical at step 6
  local a=$1 b=$2; shift 2
  for d in "$@"; do
    h5dump -d /$d $a/checkpoints/ckpt-000006.h5 | tail -n +2 > a.txt
    h5dump -d /$d $b/checkpoints/ckpt-000006.h5 | tail -n +2 > b.txt
    cmp -s a.txt b.txt || { echo "FAIL: resumed /$d differs ($a vs $b)"; exit 1; }
  done
  diff <(cut -d, -f1-18 $a/metrics.csv) <(cut -d, -f1-18 $b/metrics.csv) ||
    { echo "FAIL: metrics differ ($a vs $b)"; exit 1; }
}
expect_exit 3 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=one_r --stop-after 3
expect_exit 0 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=one_r --resume
same one one_r G/params E/params D/params P/params opt/G/m opt/P/v rng/rank_0
echo "ok: 1-rank resume identical to the straight run"

expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=two
expect_exit 3 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=two_r --stop-after 3
expect_exit 1 -- "$PHYSGAN" "${TRAIN[@]}" -o output.dir=two_r --resume
expect_out 'written by 2 ranks and this run has 1'
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" "${TRAIN[@]}" -o output.dir=two_r --resume
same two two_r G/params E/params D/params P/params opt/E/m rng/rank_0 rng/rank_1
echo "ok: 2-rank resume identical to the straight run"
echo "crystal_vaegan checks passed"
