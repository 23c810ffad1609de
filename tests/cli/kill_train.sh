# Kill anywhere: `physgan train` SIGKILLed at random moments (start-up,
# steps, checkpoint writes; every step writes a checkpoint, so many kills
# land inside one) and resumed each time ends with the parameters of an
# uninterrupted run, bit for bit, on 1 and on 2 ranks. After every kill
# every checkpoint left must be valid (`physgan info`: schema and checksum),
# and no temporary file may outlive the last resume (a killed write's
# *.tmp.PID is removed by the next write).
#
# PHYSGAN_KILLS=N kills per rank count (default 10, 20 in all; the long
# version in docs/testing.md uses 200), PHYSGAN_KILL_SEED the seed of the
# kill moments.
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
command -v h5diff >/dev/null || { echo "FAIL: no h5diff (hdf5-tools, scripts/install-deps.sh)"; exit 1; }
command -v setsid >/dev/null || { echo "FAIL: no setsid (util-linux)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
KILLS=${PHYSGAN_KILLS:-10}
RANDOM=${PHYSGAN_KILL_SEED:-1}
STEPS=12
rm -rf straight-* killed-* attempt.out

"$PHYSGAN" simulate terrain --size 16 --count 24 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
J="$SRC/jobs/terrain-gan-tiny.ini"
common=(-o data.path=terrain.h5 -o model.width=4 -o model.z_dim=8
        -o train.batch=2 -o train.steps=$STEPS -o train.log_every=1
        -o train.checkpoint_every=1 -o train.sample_every=4 -o train.samples=2
        --plain)

# campaign LABEL LAUNCHER...: straight run, then KILLS killed-and-resumed
# attempts in its own session each, then a resume to the end.
campaign() {
  local label=$1; shift
  local launch=("$@") s=straight-$label k=killed-$label
  local t0 t1 kills=0 mid_write=0 attempts=0 rc
  t0=$(date +%s%N)
  expect_exit 0 -- "${launch[@]}" "$PHYSGAN" train "$J" "${common[@]}" -o output.dir=$s
  t1=$(date +%s%N)
  # Kill moments uniform in [0, the straight run's wall time).
  local span_ms=$(( (t1 - t0) / 1000000 ))
  [ "$span_ms" -ge 50 ] || span_ms=50
  echo "$label: straight run $span_ms ms; kills in [0, $span_ms) ms"
  while [ "$kills" -lt "$KILLS" ]; do
    attempts=$((attempts + 1))
    [ "$attempts" -le $((KILLS * 8)) ] ||
      { echo "FAIL: $label: only $kills kills in $attempts attempts"; exit 1; }
    setsid "${launch[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
      -o output.dir=$k --resume >attempt.out 2>&1 &
    local pid=$! at=$(( (RANDOM * 32768 + RANDOM) % span_ms ))
    sleep "$(awk -v m=$at 'BEGIN { printf "%.3f", m / 1000 }')"
    # The whole session: mpiexec puts each rank in its own process group.
    pkill -KILL -s $pid
    { wait $pid; } 2>/dev/null; rc=$?
    while pgrep -s $pid >/dev/null; do sleep 0.05; done
    if [ "$rc" -eq 137 ]; then
      kills=$((kills + 1))
      ls $k/checkpoints/*.tmp.* >/dev/null 2>&1 && mid_write=$((mid_write + 1))
      # Every checkpoint left must verify (a killed write is not one).
      local c
      for c in $k/checkpoints/ckpt-*.h5; do
        [ -e "$c" ] || continue
        "$PHYSGAN" info "$c" >/dev/null 2>&1 ||
          { "$PHYSGAN" info "$c"; echo "FAIL: $label: kill $kills at $at ms left $c invalid"; exit 1; }
      done
    else
      [ "$rc" -eq 0 ] || { cat attempt.out; echo "FAIL: $label: attempt exited $rc"; exit 1; }
      # It finished before the kill: start again from scratch, and aim
      # earlier (the straight run may have been slowed by other load).
      rm -rf $k
      span_ms=$(( at > 50 ? at : 50 ))
    fi
  done
  expect_exit 0 -- "${launch[@]}" "$PHYSGAN" train "$J" "${common[@]}" \
    -o output.dir=$k --resume
  expect_out "finished after step $STEPS"
  local tmps
  tmps=$(ls $k/checkpoints/ | grep -c '\.tmp\.')
  [ "$tmps" -eq 0 ] || { ls $k/checkpoints; echo "FAIL: $label: stale temporary files"; exit 1; }
  local last
  last=$(printf 'ckpt-%06d.h5' $STEPS)
  same_ckpt_state $s/checkpoints/$last $k/checkpoints/$last || exit 1
  cut -d, -f1-10 $s/metrics.csv > a.csv
  cut -d, -f1-10 $k/metrics.csv > b.csv
  cmp a.csv b.csv || { diff a.csv b.csv; echo "FAIL: $label: metrics differ"; exit 1; }
  echo "ok: $label: $kills kills ($mid_write left a checkpoint write unfinished), $attempts attempts; final state and metrics equal the straight run's"
}

campaign 1rank
campaign 2ranks mpiexec -n 2 --oversubscribe
