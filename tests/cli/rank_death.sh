# Rank death on `mpiexec -n 2 physgan train`: rank 1 SIGKILLed mid-run ends
# the job (mpiexec names the rank) without a hang; rank 1 SIGSTOPped (hung,
# not dead: MPI notices nothing) ends it through [train] watchdog_seconds,
# with rank 0's message naming rank 1 as stopped. Each time the
# checkpoints left are valid and --resume continues to the parameters of a
# straight run, bit for bit.
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
command -v h5diff >/dev/null || { echo "FAIL: no h5diff (hdf5-tools, scripts/install-deps.sh)"; exit 1; }
command -v setsid >/dev/null || { echo "FAIL: no setsid (util-linux)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI=(mpiexec -n 2 --oversubscribe)
STEPS=300
rm -rf straight killed stopped

"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
J="$SRC/jobs/terrain-gan-tiny.ini"
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=2 -o train.steps=$STEPS -o train.log_every=10
        -o train.checkpoint_every=10 -o train.sample_every=100
        -o train.samples=2 --plain)

# A straight run, with a watchdog that must stay quiet.
expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
  -o train.watchdog_seconds=20 -o output.dir=straight
expect_out "finished after step $STEPS"
! grep -q watchdog <<<"$out" || { echo "FAIL: the watchdog spoke"; exit 1; }

# hit DIR SIGNAL [ARGS]: start the run, wait for its second checkpoint,
# send SIGNAL to rank 1; the run must end within 60 s. Sets $out, $rc.
hit() {
  local dir=$1 sig=$2; shift 2
  setsid "${MPI[@]}" "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=$dir \
    "$@" >$dir.out 2>&1 &
  local pid=$! r1= i
  for i in $(seq 600); do
    [ "$(ls $dir/checkpoints/ckpt-*.h5 2>/dev/null | wc -l)" -ge 2 ] &&
      r1=$(rank_pid $pid 1) && [ -n "$r1" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$r1" ] || { pkill -KILL -s $pid; cat $dir.out; echo "FAIL: no rank 1 to hit"; exit 1; }
  kill -$sig $r1
  local t0=$SECONDS
  for i in $(seq 600); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then
    pkill -KILL -s $pid; cat $dir.out; echo "FAIL: $sig to rank 1: still running after 60 s"; exit 1
  fi
  wait $pid; rc=$?
  out=$(cat $dir.out)
  while pgrep -s $pid >/dev/null; do sleep 0.1; done
  echo "ok: $sig to rank 1 (pid $r1): the job ended in $((SECONDS - t0)) s, exit $rc"
  [ "$rc" -ne 0 ] || { echo "$out"; echo "FAIL: exit 0 after losing a rank"; exit 1; }
  local c
  for c in $dir/checkpoints/ckpt-*.h5; do
    "$PHYSGAN" info "$c" >/dev/null 2>&1 || { "$PHYSGAN" info "$c"; echo "FAIL: $c invalid"; exit 1; }
  done
  echo "ok: every checkpoint left is valid"
}

# resume_to_end DIR: --resume finishes with the straight run's state.
resume_to_end() {
  expect_exit 0 -- "${MPI[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
    -o output.dir=$1 --resume
  expect_out 'resuming from .*ckpt-[0-9]*.h5 at step'
  local last
  last=$(printf 'ckpt-%06d.h5' $STEPS)
  same_ckpt_state straight/checkpoints/$last $1/checkpoints/$last || exit 1
}

# Dead: Open MPI's launcher notices and ends the job, naming the rank.
hit killed KILL
expect_out 'rank 1 .*exited on signal 9'
resume_to_end killed

# Hung: only the watchdog ends it, naming what it sees of rank 1.
hit stopped STOP -o train.watchdog_seconds=3
expect_out 'watchdog: rank 0 of 2 \(pid [0-9]+ on [^)]*\): no progress for 3 s'
expect_out 'watchdog:   rank 1 \(pid [0-9]+ on [^)]*\) is stopped'
expect_out 'continue with --resume'
grep -q 'watchdog: rank 0 of 2' stopped/train.log || { echo "FAIL: not in train.log"; exit 1; }
echo "ok: the watchdog's message is in train.log"
resume_to_end stopped
