#!/usr/bin/env bash
# Measures what the data-parallel scaling model (scripts/train-hpc-model.py,
# docs/hpc.md "Data-parallel training at scale") needs of each shipped
# training job: the floats every rank allreduces per step (the sizes of
# the checkpoint's /NET/params, D counted d_steps times) and the CPU
# seconds of one step on one rank and one thread (the CPU time of a run of
# S2 steps minus one of S1 steps, over S2 - S1: start-up cancels, and CPU
# time is less sensitive to other load than wall time). Writes one TSV row
# per job to stdout.
#   scripts/train-hpc-measure.sh [OUT_DIR] [PHYSGAN] [S1] [S2]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-out/hpc}
P=$(realpath "${2:-build/physgan}")
S1=${3:-5}
S2=${4:-25}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$OUT/data"
D=$OUT/data
# The jobs' data, as their headers make it (smaller foam: the step's cost
# does not depend on how many frames the file holds).
[ -e $D/jb_train.h5 ] || $P import dem data/samples/jacksboro_fault_dem.asc --patch 64 --stride 16 --out $D/jb >/dev/null
[ -e $D/jb128_train.h5 ] || $P import dem data/samples/jacksboro_fault_dem.asc --patch 128 --stride 16 --val-fraction 0.35 --gap 32 --out $D/jb128 >/dev/null
[ -e $D/jf32_train.h5 ] || $P import dem data/samples/jacksboro_fault_dem.asc --patch 32 --stride 8 --out $D/jf32 >/dev/null
[ -e $D/syn32.h5 ] || $P simulate terrain --size 32 --count 256 --beta 2.5 --cell-size 83 --relief 300 --seed 7 --out $D/syn32.h5 >/dev/null
[ -e $D/t32.h5 ] || $P simulate terrain --size 32 --count 64 --beta 3 --seed 1 --out $D/t32.h5 >/dev/null
[ -e $D/foam256.h5 ] || $P simulate foam --size 256 --bubbles 1024 --start 400 --frames 11 --interval 100 --sequences 2 --seed 21 --out $D/foam256.h5 >/dev/null 2>&1
[ -e $D/foam128.h5 ] || $P simulate foam --size 128 --bubbles 256 --start 100 --frames 11 --interval 20 --sequences 2 --seed 21 --out $D/foam128.h5 >/dev/null 2>&1

# job | data overrides
jobs=(
  "terrain-gan-tiny|-o data.path=$D/t32.h5"
  "terrain-gan|-o data.path=$D/jb_train.h5"
  "terrain-gan-128|-o data.path=$D/jb128_train.h5"
  "terrain-sr|-o data.path=$D/jf32_train.h5"
  "terrain-cyclegan|-o data.path=$D/jf32_train.h5 -o data.path_synthetic=$D/syn32.h5"
  "foam-surrogate|-o data.path=$D/foam256.h5"
  "foam-surrogate-128|-o data.path=$D/foam128.h5"
)
cpu_of() { # job overrides steps dir -> user+sys seconds of the run
  local TIMEFORMAT='%U %S' t
  t=$( { time "$P" train "jobs/$1.ini" $2 -o train.steps=$3 -o train.checkpoint_every=$3 \
          -o output.dir="$4" --plain >/dev/null 2>&1; } 2>&1 )
  awk '{ print $1 + $2 }' <<<"$t"
}
printf 'job\tnetworks\td_steps\tfloats_per_step\tcpu_s_per_step\n'
for row in "${jobs[@]}"; do
  job=${row%%|*} ov=${row#*|}
  rm -rf "$OUT/runs/$job-a" "$OUT/runs/$job-b"
  a=$(cpu_of "$job" "$ov" "$S1" "$OUT/runs/$job-a")
  b=$(cpu_of "$job" "$ov" "$S2" "$OUT/runs/$job-b")
  ck=$(ls "$OUT/runs/$job-b"/checkpoints/ckpt-*.h5 | tail -n 1)
  dsteps=$(sed -n 's/^ *d_steps *= *\([0-9]*\).*/\1/p' "jobs/$job.ini" | head -n 1)
  dsteps=${dsteps:-1}
  # /NET/params of every trained network (not G_ema, which is not reduced).
  read -r nets floats < <("$P" info "$ck" | awk -v ds="$dsteps" '
    $1 ~ /^\/[A-Za-z_]+\/params$/ && $1 != "/G_ema/params" {
      gsub(/[(),]/, "", $3); n++; f += ($1 ~ /^\/D/ ? ds : 1) * $3 }
    END { print n, f }')
  awk -v j="$job" -v n="$nets" -v d="$dsteps" -v f="$floats" -v a="$a" -v b="$b" \
      -v s1="$S1" -v s2="$S2" 'BEGIN { printf "%s\t%d\t%d\t%d\t%.4f\n", j, n, d, f, (b - a) / (s2 - s1) }'
done
