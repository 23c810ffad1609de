# Shared helpers for CLI tests: sourced, not run. $1 = physgan binary,
# $2 = source directory. Each check prints what it checked; the first
# failure exits 1 with the command's output.
PHYSGAN=${1:?physgan binary}
SRC=${2:?source dir}
failures=0

# expect_exit CODE -- command...: run, capture output in $out, compare code.
expect_exit() {
  local want=$1; shift; [ "$1" = "--" ] && shift
  out=$("$@" 2>&1); local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: '$*' exited $got, expected $want"; echo "$out"; exit 1
  fi
  echo "ok: '$*' exited $want"
}
# expect_out PATTERN: $out must match the extended regex.
expect_out() {
  if ! grep -Eq -- "$1" <<<"$out"; then
    echo "FAIL: output does not match /$1/:"; echo "$out"; exit 1
  fi
  echo "ok: output matches /$1/"
}
# json_num KEY: numeric value of "KEY": in $out.
json_num() { sed -n "s/.*\"$1\": *\(-\{0,1\}[0-9.eE+-]*\).*/\1/p" <<<"$out" | head -n 1; }
# expect_cmp A OP B (awk comparison on numbers)
expect_cmp() {
  # An empty or non-numeric value (a missing JSON key) is a failure, not a
  # string comparison that may pass.
  local v
  for v in "$1" "$3"; do
    v=${v//[[:space:]]/}
    [[ "$v" =~ ^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$ ]] ||
      { echo "FAIL: expected $1 $2 $3: '$v' is not a number"; exit 1; }
  done
  if ! awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"; then
    echo "FAIL: expected $1 $2 $3"; exit 1
  fi
  echo "ok: $1 $2 $3"
}

# same_ckpt_state A.h5 B.h5: the parameters, optimiser, batch-norm and RNG
# state and loader position of two checkpoints are equal bit for bit
# (everything but the wall clock and the file's provenance; h5diff).
same_ckpt_state() {
  local g
  for g in /G /D /opt /rng /loader /step; do
    h5ls "$1$g" >/dev/null 2>&1 || continue
    h5diff -q "$1" "$2" "$g" "$g" >/dev/null 2>&1 ||
      { echo "FAIL: $g differs between $1 and $2"; h5diff -r "$1" "$2" "$g" "$g" | head; return 1; }
  done
  echo "ok: $1 and $2 hold the same state"
}

# rank_pid LAUNCHER_PID RANK: the pid of Open MPI rank RANK among the
# processes of the session LAUNCHER_PID leads (empty while it has none).
rank_pid() {
  local p
  for p in $(pgrep -s "$1"); do
    tr '\0' '\n' < /proc/$p/environ 2>/dev/null |
      grep -qx "OMPI_COMM_WORLD_RANK=$2" && { echo $p; return; }
  done
}

# tiny_foam_surrogate DATA.h5 RUNDIR: simulate a 32^2 foam (2 sequences x 8
# frames, 10 MCS apart) into DATA.h5 and train a tiny unet_foam on it for
# 2 steps into RUNDIR (trained step 20 MCS); sets CK to its checkpoint.
tiny_foam_surrogate() {
  "$PHYSGAN" simulate foam --size 32 --bubbles 16 --frames 8 --interval 10 \
    --sequences 2 --seed 1 --out "$1" >/dev/null 2>&1 || { echo "FAIL: simulate"; exit 1; }
  "$PHYSGAN" train "$SRC/jobs/foam-surrogate.ini" -o data.path="$1" \
    -o model.depth=3 -o model.d_layers=2 -o model.width=4 -o loss.pf_weight=0 \
    -o data.frame_step=2 -o data.film_sigma=0 -o train.batch=2 -o train.steps=2 -o output.dir="$2" \
    --plain >/dev/null 2>&1 || { echo "FAIL: train"; exit 1; }
  CK=$2/checkpoints/ckpt-000002.h5
}
