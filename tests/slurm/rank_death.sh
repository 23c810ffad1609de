#!/usr/bin/env bash
# The `slurm` ctest of rank death under srun (issue 18): a 2-rank training
# job submitted with `physgan submit` on a real single-node Slurm
# (tests/slurm/lib.sh), then
#  - rank 1 SIGKILLed mid-run: srun names the task ("task 1: Killed") and
#    aborts the step (Open MPI under PMIx), the job ends FAILED within
#    seconds, no hang;
#  - rank 1 SIGSTOPped (hung, not dead: MPI and Slurm notice nothing): rank
#    0's [train] watchdog_seconds names rank 1 as stopped and ends its
#    process, and srun then ends the step;
# each time every checkpoint left is valid, and `physgan submit --resume`
# continues the run to the final parameters of a straight 2-rank job, bit
# for bit. Exits 77 (skipped) without Slurm. The daemons are always stopped.
# Usage: rank_death.sh PHYSGAN SOURCE_DIR (run in an empty working directory)
set -uo pipefail
PHYSGAN=$(realpath "${1:?physgan binary}")
SRC=$(realpath "${2:?source dir}")
STEPS=300
TIMEOUT=120         # seconds for any one wait

. "$SRC/tests/slurm/lib.sh"
slurm_start

rm -rf out && mkdir -p out
"$PHYSGAN" simulate terrain --size 32 --count 48 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out "$WORK/out/terrain.h5" >/dev/null || fail "simulate terrain"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# Width 16 and batch 8: on an idle machine 300 steps last about 2 s, time
# enough to catch the run between its second checkpoint and its end.
common=(-o data.path="$WORK/out/terrain.h5" -o model.width=16 -o model.z_dim=8
        -o train.batch=8 -o train.steps=$STEPS -o train.log_every=10
        -o train.checkpoint_every=10 -o train.sample_every=100
        -o train.samples=2 -o train.watchdog_seconds=20)

# submit NAME [ARGS]: submit the 2-rank job into out/runs/NAME; sets $JOB.
submit() {
  local name=$1 out; shift
  out=$("$PHYSGAN" submit "$SRC/jobs/terrain-gan-tiny.ini" --nodes 1 \
    --ntasks-per-node 2 --time 10:00 "${common[@]}" \
    -o output.dir="$WORK/out/runs/$name" "$@" 2>&1) || fail "physgan submit: $out"
  JOB=$(sed -n 's/^submitted batch job \([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$JOB" ] || fail "no job id in: $out"
}
ended() { scontrol show job "$JOB" | grep -qE 'JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL)'; }
state() { scontrol show job "$JOB" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
# The pid of the job's rank R (the physgan process whose SLURM_PROCID is R).
rank_pid() {
  local p
  for p in $(pgrep -x physgan); do
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null |
      grep -qx "SLURM_JOB_ID=$JOB" || continue
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null |
      grep -qx "SLURM_PROCID=$1" && { echo "$p"; return 0; }
  done
  return 1
}
params() {  # params CHECKPOINT DATASET: the dataset's values as text
  h5dump -d "$2" -y -w 0 "$1" | sed -n '/DATA {/,/}/p'
}
final=$(printf 'ckpt-%06d.h5' $STEPS)

# The straight run.
submit straight
wait_for $TIMEOUT "straight job $JOB ended" ended
[ "$(state)" = COMPLETED ] || fail "straight job $JOB: $(state)"
[ -f "out/runs/straight/checkpoints/$final" ] || fail "straight run has no $final"

# hit NAME SIGNAL: submit, wait for two checkpoints, signal rank 1, wait for
# the job to end FAILED, check the checkpoints left, resubmit with --resume
# and compare the final parameters with the straight run's.
hit() {
  local name=$1 sig=$2 run=out/runs/$1 r1= t0 c ds
  submit "$name"
  two_ckpts() {
    [ "$(ls "$run"/checkpoints/ckpt-*.h5 2>/dev/null | wc -l)" -ge 2 ] &&
      r1=$(rank_pid 1)
  }
  # Polled every 20 ms, not wait_for's 0.5 s: an idle machine runs the
  # whole job in about 2 s.
  local i
  for ((i = 0; i < TIMEOUT * 50; i++)); do two_ckpts && break; sleep 0.02; done
  [ -n "$r1" ] || fail "job $JOB: no rank 1 with two checkpoints within ${TIMEOUT}s"
  echo "ok: job $JOB running with two checkpoints"
  kill "-$sig" "$r1" || fail "kill -$sig $r1"
  t0=$SECONDS
  wait_for $TIMEOUT "job $JOB ended after SIG$sig to rank 1 (pid $r1)" ended
  echo "ok: ended in $((SECONDS - t0)) s, state $(state)"
  [ "$(state)" = FAILED ] || fail "job $JOB: $(state) after losing rank 1"
  [ ! -f "$run/checkpoints/$final" ] || fail "the run finished before rank 1 was hit"
  for c in "$run"/checkpoints/ckpt-*.h5; do
    "$PHYSGAN" info "$c" >/dev/null 2>&1 || fail "$c invalid"
  done
  echo "ok: every checkpoint left is valid"
  local log=$run/slurm-$JOB.out
  if [ "$sig" = KILL ]; then
    grep -q 'task 1: Killed' "$log" || fail "srun did not name task 1 in $log"
    echo "ok: $(grep -m1 'task 1: Killed' "$log")"
  else
    grep -q 'watchdog:   rank 1 .* is stopped' "$log" ||
      fail "the watchdog did not name rank 1 as stopped in $log"
    echo "ok: $(grep -m1 'watchdog:   rank 1' "$log")"
  fi
  submit "$name" --resume
  wait_for $TIMEOUT "resumed job $JOB ended" ended
  [ "$(state)" = COMPLETED ] || fail "resumed job $JOB: $(state)"
  for ds in /G/params /D/params /opt/G/m /opt/D/v; do
    a=$(params "out/runs/straight/checkpoints/$final" "$ds")
    [ -n "$a" ] || fail "no $ds in the straight run's $final"
    [ "$a" = "$(params "$run/checkpoints/$final" "$ds")" ] ||
      fail "$ds of $final differs from the straight run after SIG$sig"
  done
  echo "ok: resumed after SIG$sig, $final equals the straight run's"
}
hit killed KILL
hit stopped STOP
echo "PASS: rank death under srun ends the job with the rank named, the run resumes bit for bit"
