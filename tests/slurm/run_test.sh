#!/usr/bin/env bash
# The `slurm` ctest: a real single-node Slurm on localhost (Debian's munge
# and slurm-wlm; tests/slurm/setup.sh installs them). Starts munged,
# slurmctld and slurmd with tests/slurm/slurm.conf under a temporary
# directory (tests/slurm/lib.sh), submits a short terrain GAN with `physgan submit`, preempts it
# mid-run the way Slurm does before a time limit (USR1 to the batch shell),
# checks that the job checkpointed, requeued itself and resumed, and that
# its final generator and discriminator parameters equal those of the same
# training run straight through without Slurm. Exits 77 (ctest: skipped)
# when Slurm is not installed. The daemons are always stopped.
# Usage: run_test.sh PHYSGAN SOURCE_DIR (run in an empty working directory)
set -uo pipefail
PHYSGAN=$(realpath "${1:?physgan binary}")
SRC=$(realpath "${2:?source dir}")
STEPS=1500          # about 20 s at the tiny job's speed
PREEMPT_AT=200      # signal once metrics.csv has reached this step
TIMEOUT=90          # seconds for any one wait

. "$SRC/tests/slurm/lib.sh"
slurm_start
HOST=$(hostname -s)

# The tiny terrain job, its data, and a reference run straight through.
mkdir -p jobs out
cp "$SRC/jobs/terrain-gan-tiny.ini" jobs/tiny.ini
"$PHYSGAN" simulate terrain --size 32 --count 64 --beta 3 --seed 1 \
  --out out/terrain-32.h5 >/dev/null || fail "simulate terrain"
rm -rf out/runs
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$PHYSGAN" train jobs/tiny.ini --plain -o train.steps=$STEPS \
  -o output.dir="$WORK/out/runs/reference" > reference.log 2>&1 ||
  { cat reference.log; fail "reference training run"; }
echo "ok: reference run of $STEPS steps"

out=$("$PHYSGAN" submit jobs/tiny.ini --nodes 1 --ntasks-per-node 1 \
  --time 10:00 -o train.steps=$STEPS -o output.dir="$WORK/out/runs/slurm" 2>&1) ||
  fail "physgan submit: $out"
echo "$out"
JOB=$(sed -n 's/^submitted batch job \([0-9]*\).*/\1/p' <<<"$out")
[ -n "$JOB" ] || fail "no job id in: $out"
RUN=$WORK/out/runs/slurm
grep -q -- '--signal=B:USR1@120' "$RUN/submit.sbatch" || fail "script lacks --signal"

last_step() { tail -n 1 "$RUN/metrics.csv" 2>/dev/null | cut -d, -f1; }
reached() { local s; s=$(last_step); [[ "$s" =~ ^[0-9]+$ ]] && [ "$s" -ge "$PREEMPT_AT" ]; }
wait_for $TIMEOUT "job $JOB running and past step $PREEMPT_AT" reached
# What Slurm does before a time limit or preemption with --signal=B:USR1.
scancel --signal=USR1 --batch "$JOB" || fail "scancel --signal=USR1"
echo "ok: sent USR1 to the batch shell of job $JOB at step $(last_step)"

restarted() { scontrol show job "$JOB" | grep -q 'Restarts=[1-9]'; }
wait_for 60 "job $JOB requeued (Restarts >= 1)" restarted
# A requeued job waits (BeginTime) about two minutes; start it now, but
# only once the old batch step has left the node: releasing it earlier
# races slurmd's clean-up ("Job already killed, do not launch batch job")
# and the relaunch fails.
pending_and_free() {
  scontrol show job "$JOB" | grep -q 'JobState=PENDING' && node_idle
}
wait_for 60 "job $JOB pending and node $HOST idle again" pending_and_free
sleep 1
scontrol update JobId="$JOB" StartTime=now 2>/dev/null || true
done_state() { scontrol show job "$JOB" | grep -qE 'JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT)'; }
wait_for $TIMEOUT "job $JOB ended" done_state
scontrol show job "$JOB" | grep -q 'JobState=COMPLETED' ||
  fail "job $JOB: $(scontrol show job "$JOB" | grep -o 'JobState=[A-Z_]*')"
echo "ok: job $JOB completed"

LOG=$(ls "$RUN"/slurm-"$JOB".out)
grep -q 'requeueing job' "$LOG" || fail "the job did not requeue itself"
grep -q 'start (restart 1)' "$LOG" || fail "no second start in $LOG"
echo "ok: $LOG shows the stop, the requeue and the restart"
# Every step appears once, in order, up to the last (a stop adds a row at
# its step, so the preempted run may have one row more than the reference).
cut -d, -f1 "$RUN/metrics.csv" | tail -n +2 | awk -v last=$STEPS '
  $1 <= prev { bad = 1 } { prev = $1 } END { exit bad || prev != last }' ||
  fail "metrics.csv steps are not increasing up to $STEPS"
echo "ok: metrics.csv has each step once, up to $STEPS"

final=$(printf 'ckpt-%06d.h5' $STEPS)
for ds in /G/params /D/params /opt/G/m /opt/D/v; do
  a=$(h5dump -d "$ds" -y -w 0 "out/runs/reference/checkpoints/$final" | sed -n '/DATA {/,/}/p')
  b=$(h5dump -d "$ds" -y -w 0 "$RUN/checkpoints/$final" | sed -n '/DATA {/,/}/p')
  [ -n "$a" ] || fail "no $ds in the reference checkpoint"
  [ "$a" = "$b" ] || fail "$ds differs between the preempted and the straight run"
  echo "ok: $ds of $final equal to the straight run"
done
echo "PASS: preempted, requeued and resumed job ends with the same parameters"
