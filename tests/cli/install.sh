# cmake --install into a temporary prefix: the binary, the job files with
# the Slurm template and the shipped samples land there, and the installed
# physgan finds its template from any working directory (physgan submit
# --dry-run in an empty directory, no source tree around).
. "$(dirname "$0")/lib/common.sh"
command -v cmake >/dev/null || { echo "FAIL: no cmake"; exit 1; }
rm -rf prefix empty && mkdir empty
build=$(dirname "$PHYSGAN")
expect_exit 0 -- cmake --install "$build" --prefix "$PWD/prefix"
for f in bin/physgan share/physgan/jobs/slurm/train.sbatch \
         share/physgan/jobs/terrain-gan.ini \
         share/physgan/samples/jacksboro_fault_dem.asc; do
  [ -s "prefix/$f" ] || { echo "FAIL: prefix/$f not installed"; exit 1; }
done
echo "ok: binary, jobs, Slurm template and samples installed"
cd empty
expect_exit 0 -- ../prefix/bin/physgan submit ../prefix/share/physgan/jobs/terrain-gan.ini \
  --nodes 1 --ntasks-per-node 2 --time 00:10:00 --dry-run
expect_out '#SBATCH --job-name=terrain-gan'
expect_out "srun '[^']*prefix/bin/physgan' train"
echo "ok: the installed physgan renders its own template"
