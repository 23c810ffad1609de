#!/usr/bin/env bash
# physgan vs. PyTorch on one DCGAN training step, on this machine, in one go.
#
#   bench/compare_torch.sh [PHYSGAN] [STEPS] [BATCH] [ROUNDS]
#
# PHYSGAN defaults to build/physgan. Runs `physgan bench dcgan64` and
# bench/torch_dcgan_step.py (the same model and step) with the same batch,
# steps and thread count, at 1 and 2 threads, alternating ROUNDS times and
# keeping each side's fastest run (the one least disturbed by other load);
# then bench gemm at 1 thread and the conv layers' rate (--profile), and the
# 2-rank MPI scaling. Prints a Markdown table (docs/benchmarks.md).
#
# Needs Debian's python3-torch and libopenblas0 (without it torch runs on
# the reference BLAS, ~4x slower: no fair baseline); it installs nothing,
# scripts/install-bench-deps.sh does.
# Both sides run with the same environment; OMP_WAIT_POLICY defaults to
# passive for both (see docs/benchmarks.md: with the default spinning, an
# OpenMP pool and OpenBLAS's threads fight for 2 busy cores).
set -u
here=$(cd "$(dirname "$0")" && pwd)
PHYSGAN=${1:-$here/../build/physgan}
STEPS=${2:-5}
BATCH=${3:-64}
ROUNDS=${4:-2}
TORCH_SCRIPT=${TORCH_SCRIPT:-$here/torch_dcgan_step.py}
PY=/usr/bin/python3
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

missing=()
[ -x "$PY" ] || missing+=(python3)
[ -x "$PY" ] && ! "$PY" -c 'import torch' 2>/dev/null && missing+=(python3-torch)
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] ||
    [ -e /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ] ||
    missing+=(libopenblas0)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "compare_torch.sh: missing ${missing[*]}; install with:" >&2
    echo "  apt-get install -y ${missing[*]}   (or: scripts/install-bench-deps.sh)" >&2
    exit 2
fi
[ -x "$PHYSGAN" ] || { echo "compare_torch.sh: no physgan at $PHYSGAN (build first, or pass its path)" >&2; exit 2; }

# json KEY: the value of KEY in the last JSON object of stdin.
json() { "$PY" -c 'import json,sys
lines=[l for l in sys.stdin if l.startswith("{")]
print(json.loads(lines[-1])[sys.argv[1]])' "$1"; }
# min A B (numbers; empty A means none yet)
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "physgan: $("$PHYSGAN" --version); torch: $("$PY" -c 'import torch; print(torch.__version__)'); blas (torch): $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
echo "batch $BATCH, $STEPS timed steps after 2 warm-up, best of $ROUNDS alternating rounds, OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
echo
echo "| threads | physgan ms/step | PyTorch ms/step | ratio (torch/physgan) | physgan GFLOP/s | physgan peak RSS MiB | PyTorch peak RSS MiB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for t in 1 2; do
    pg_ms="" th_ms="" pg_rss="" th_rss="" pg_gf=""
    for r in $(seq "$ROUNDS"); do
        out=$("$PHYSGAN" bench dcgan64 --batch "$BATCH" --steps "$STEPS" --threads "$t" --json) || exit 1
        ms=$(json ms_per_step <<<"$out")
        if [ "$(min "$pg_ms" "$ms")" = "$ms" ]; then pg_gf=$(json gflops <<<"$out"); fi
        pg_ms=$(min "$pg_ms" "$ms")
        pg_rss=$(min "$pg_rss" "$(json peak_rss_mb <<<"$out")")
        out=$( { /usr/bin/time -f "maxrss_kb %M" "$PY" "$TORCH_SCRIPT" "$t" "$STEPS" "$BATCH"; } 2>&1) || { echo "$out"; exit 1; }
        th_ms=$(min "$th_ms" "$(json ms_per_step <<<"$out")")
        kb=$(sed -n 's/^maxrss_kb //p' <<<"$out")
        th_rss=$(min "$th_rss" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')")
    done
    echo "| $t | $pg_ms | $th_ms | $(ratio "$th_ms" "$pg_ms") | $pg_gf | $pg_rss | $th_rss |"
done
echo

gemm=$("$PHYSGAN" bench gemm --n 2048 --threads 1 --json | json gflops)
conv=$("$PHYSGAN" bench dcgan64 --batch "$BATCH" --steps "$STEPS" --threads 1 --profile --json | "$PY" -c 'import json,sys
print([json.loads(l) for l in sys.stdin if l.startswith("{\"profile")][0]["profile"]["conv_gflops"])')
echo "| 1 thread | GFLOP/s |"
echo "| --- | ---: |"
echo "| sgemm 2048 (bench gemm) | $gemm |"
echo "| conv + transposed-conv layers in the step (--profile) | $conv |"
echo "| conv efficiency (conv / sgemm) | $(awk -v a="$conv" -v b="$gemm" 'BEGIN { printf "%.0f %%", 100 * a / b }') |"
echo

if command -v mpiexec >/dev/null; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    s1="" s2=""
    for r in $(seq "$ROUNDS"); do
        a=$(mpiexec -n 1 --oversubscribe "$PHYSGAN" bench dcgan64 --batch "$BATCH" --steps "$STEPS" --threads 1 --json | json samples_per_s) || exit 1
        b=$(mpiexec -n 2 --oversubscribe "$PHYSGAN" bench dcgan64 --batch "$BATCH" --steps "$STEPS" --threads 1 --json | json samples_per_s) || exit 1
        s1=$(awk -v a="$s1" -v b="$a" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }')
        s2=$(awk -v a="$s2" -v b="$b" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }')
    done
    echo "| MPI, 1 thread per rank, batch $BATCH per rank | samples/s |"
    echo "| --- | ---: |"
    echo "| 1 rank | $s1 |"
    echo "| 2 ranks | $s2 |"
    echo "| scaling (2 ranks / 1 rank) | $(ratio "$s2" "$s1") |"
else
    echo "(no mpiexec: MPI scaling skipped)"
fi
