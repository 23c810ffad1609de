# Killed writers: `simulate foam` (1 and 2 ranks), `generate`, `rollout`,
# `merge` and `import dem` SIGKILLed at random moments, over a previous
# version of their outputs or over none. Every output file left must be
# the previous version or the complete new one, never a partial file (HDF5
# compared with h5diff, which fails on a truncated file; the rest byte for
# byte); anything else in the directory must be a *.tmp.PID temporary, and
# a complete run afterwards leaves the new outputs and no temporary.
#
# PHYSGAN_KILLS=N kills per writer (default 3), PHYSGAN_KILL_SEED the seed
# of the kill moments.
. "$(dirname "$0")/lib/common.sh"
command -v mpiexec >/dev/null || { echo "FAIL: no mpiexec (openmpi-bin, scripts/install-deps.sh)"; exit 1; }
command -v h5diff >/dev/null || { echo "FAIL: no h5diff (hdf5-tools, scripts/install-deps.sh)"; exit 1; }
command -v setsid >/dev/null || { echo "FAIL: no setsid (util-linux)"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
KILLS=${PHYSGAN_KILLS:-3}
RANDOM=${PHYSGAN_KILL_SEED:-1}
rm -rf ref-* prev-* t-* gan fs

# Inputs: a terrain GAN checkpoint, a foam surrogate, two foam files to
# merge, the shipped DEM.
"$PHYSGAN" simulate terrain --size 16 --count 8 --seed 3 --out terrain.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=terrain.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=2 -o train.steps=1 \
  -o output.dir=gan --plain >/dev/null || { echo "FAIL: train"; exit 1; }
GK=gan/checkpoints/ckpt-000001.h5
tiny_foam_surrogate foam.h5 fs  # sets CK
CF=$CK
for s in 1 2; do
  "$PHYSGAN" simulate foam --size 32 --bubbles 16 --frames 4 --interval 10 \
    --sequences 2 --seed $s --out m$s.h5 >/dev/null || exit 1
done
DEM=$SRC/data/samples/jacksboro_fault_dem.asc

# w_NAME DIR VARIANT: the writer, its outputs in DIR; VARIANT 1 is the
# version checked, 2 the previous one it overwrites.
w_foam() { "$PHYSGAN" simulate foam --size 96 --bubbles 64 --frames 12 \
  --interval 10 --sequences 2 --seed $2 --out $1/f.h5; }
w_foam2() { mpiexec -n 2 --oversubscribe "$PHYSGAN" simulate foam --size 96 \
  --bubbles 64 --frames 12 --interval 10 --sequences 2 --seed $2 --out $1/f.h5; }
w_generate() { "$PHYSGAN" generate $GK --n 6 --seed $2 --out $1 --plain; }
w_rollout() { "$PHYSGAN" rollout $CF --init foam.h5:all:3 --steps $((4 - $2)) \
  --out $1/r.h5; }
w_merge() { if [ $2 = 1 ]; then "$PHYSGAN" merge $1/m.h5 m1.h5 m2.h5
            else "$PHYSGAN" merge $1/m.h5 m2.h5 m1.h5; fi; }
w_import() { "$PHYSGAN" import dem "$DEM" --out $1/d.h5 --patch $((8 * $2)) \
  --stride $((8 * $2)); }

same_file() {
  case $1 in
    *.h5) h5diff -q "$1" "$2" >/dev/null 2>&1 ;;
    *) cmp -s "$1" "$2" ;;
  esac
}

# check_dir DIR REF PREV: every file of DIR is REF's or PREV's version of
# it, or a temporary.
check_dir() {
  local f n
  for f in "$1"/*; do
    [ -e "$f" ] || continue
    n=${f##*/}
    case $n in *.tmp.[0-9]*) continue ;; esac
    if [ -e "$2/$n" ] && same_file "$f" "$2/$n"; then continue; fi
    if [ -n "$3" ] && [ -e "$3/$n" ] && same_file "$f" "$3/$n"; then continue; fi
    echo "FAIL: $f is neither the new nor the previous version"
    ls -la "$1"; return 1
  done
}

# campaign NAME: KILLS kills of w_NAME, alternately over the previous
# outputs and over none, then a complete run over what they left.
campaign() {
  local name=$1 ref=ref-$1 prev=prev-$1 t=t-$1
  mkdir -p $ref $prev
  local t0 t1
  t0=$(date +%s%N)
  w_$name $ref 1 >$ref.out 2>&1 || { cat $ref.out; echo "FAIL: $name"; exit 1; }
  t1=$(date +%s%N)
  w_$name $prev 2 >$prev.out 2>&1 || { cat $prev.out; echo "FAIL: $name (previous)"; exit 1; }
  local span_ms=$(( (t1 - t0) / 1000000 )) kills=0 attempts=0 tmp_left=0 new=0 rc
  [ "$span_ms" -ge 20 ] || span_ms=20
  export -f w_$name
  export PHYSGAN GK CF DEM
  while [ "$kills" -lt "$KILLS" ]; do
    attempts=$((attempts + 1))
    [ "$attempts" -le $((KILLS * 8)) ] ||
      { echo "FAIL: $name: only $kills kills in $attempts attempts"; exit 1; }
    rm -rf $t
    local over=$prev
    if [ $((attempts % 2)) -eq 1 ]; then cp -a $prev $t; else mkdir $t; over=; fi
    setsid bash -c "w_$name $t 1" >attempt.out 2>&1 &
    local pid=$! at=$(( (RANDOM * 32768 + RANDOM) % span_ms ))
    sleep "$(awk -v m=$at 'BEGIN { printf "%.3f", m / 1000 }')"
    pkill -KILL -s $pid
    { wait $pid; } 2>/dev/null; rc=$?
    while pgrep -s $pid >/dev/null; do sleep 0.05; done
    # Finished before the kill (the reference run was slower than this
    # one, e.g. under load): aim earlier from now on.
    if [ "$rc" -eq 0 ]; then span_ms=$(( at > 2 ? at : 2 )); continue; fi
    [ "$rc" -eq 137 ] || { cat attempt.out; echo "FAIL: $name exited $rc"; exit 1; }
    kills=$((kills + 1))
    check_dir $t $ref "$over" || { echo "FAIL: $name: kill at $at ms"; exit 1; }
    ls $t | grep -q '\.tmp\.' && tmp_left=$((tmp_left + 1))
    for f in $ref/*; do same_file $t/${f##*/} $f && { new=$((new + 1)); break; }; done
  done
  # The last killed directory, completed.
  w_$name $t 1 >attempt.out 2>&1 || { cat attempt.out; echo "FAIL: $name after the kills"; exit 1; }
  check_dir $t $ref "" || exit 1
  [ "$(ls $t | wc -l)" -eq "$(ls $ref | wc -l)" ] ||
    { ls $t $ref; echo "FAIL: $name: a file missing or left over"; exit 1; }
  echo "ok: $name: $kills kills (last window [0, $span_ms) ms; $tmp_left left a temporary, $new some new output); every file old or new, then complete and clean"
}

for w in foam foam2 generate rollout merge import; do campaign $w; done
