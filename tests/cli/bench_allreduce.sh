# physgan bench allreduce under mpiexec -n 2: every size timed, the fitted
# latency and bandwidth positive (JSON and table); one rank is a usage
# error; bad --sizes named.
. "$(dirname "$0")/lib/common.sh"

command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(timeout 120 mpiexec -n 2 --oversubscribe)

expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" bench allreduce --sizes 1,256,65536 \
  --reps 5 --json
expect_out '"ranks": 2'
[ "$(grep -o '"floats":' <<<"$out" | wc -l)" -eq 3 ] ||
  { echo "FAIL: not 3 sizes"; echo "$out"; exit 1; }
expect_cmp "$(json_num fit_bandwidth_Bps)" '>' 0
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" bench allreduce --sizes 1,4096 --reps 3
expect_out 'fit t = a \+ bytes / B: a = [-0-9.]+ us, B = [0-9.e+]+ GB/s'
expect_exit 2 -- "$PHYSGAN" bench allreduce --reps 2
expect_out 'under mpiexec'
expect_exit 2 -- "$PHYSGAN" bench allreduce --sizes 1
expect_out '--sizes'
expect_exit 2 -- "$PHYSGAN" bench allreduce --sizes 1,x
echo "PASS"
