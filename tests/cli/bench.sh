# physgan bench: the benchmarks run and report well-formed, positive
# numbers. Not a timing assertion: speed is compared in docs/benchmarks.md.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" bench gemm --n 128 --reps 2 --json
for key in gflops best_ms n threads; do
    v=$(json_num "$key"); [ -n "$v" ] || { echo "FAIL: no $key in $out"; exit 1; }
    expect_cmp "$v" ">" 0
done
expect_out '"blas": "[^"]+"'

expect_exit 0 -- "$PHYSGAN" bench dcgan64 --batch 4 --steps 1 --json
for key in ms_per_step gflops gflop_per_step samples_per_s peak_rss_mb threads batch; do
    v=$(json_num "$key"); [ -n "$v" ] || { echo "FAIL: no $key in $out"; exit 1; }
    expect_cmp "$v" ">" 0
done
expect_cmp "$(json_num batch)" "==" 4
expect_cmp "$(json_num ranks)" "==" 1
expect_out '"blas": "[^"]+"'
# The FLOP count is analytic: 565248000 per sample (docs/benchmarks.md).
expect_cmp "$(json_num gflop_per_step)" "==" 2.261

# Usage errors exit 2.
expect_exit 2 -- "$PHYSGAN" bench
expect_exit 2 -- "$PHYSGAN" bench resnet
expect_exit 2 -- "$PHYSGAN" bench dcgan64 --batch 0
