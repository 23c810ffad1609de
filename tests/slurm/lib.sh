# Shared by the slurm ctests (run_test.sh, rank_death.sh): a real
# single-node Slurm on localhost. Sourced after PHYSGAN and SRC are set;
# `slurm_start` starts munged, slurmctld and slurmd with tests/slurm/
# slurm.conf under a temporary directory $D (an EXIT trap stops them and
# removes it) and waits until the node is idle. Exits 77 (ctest: skipped)
# when Slurm is not installed or when not root.

for b in munged slurmctld slurmd sbatch scontrol sinfo squeue h5dump; do
  if ! command -v "$b" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$b" ]; then
    echo "SKIP: $b not installed (run tests/slurm/setup.sh as root to install munge and slurm-wlm)"
    exit 77
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the single-node Slurm of this test runs as root (SlurmUser=root)"
  exit 77
fi
export PATH=$PATH:/usr/sbin
WORK=$PWD

# fail MESSAGE: print the daemons' and the job's logs, exit 1.
fail() {
  echo "FAIL: $*"
  for f in "$D"/slurmctld.log "$D"/slurmd.log "$WORK"/out/runs/*/slurm-*.out; do
    [ -f "$f" ] && { echo "---- $f (end)"; tail -n 40 "$f"; }
  done
  exit 1
}
# wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds.
wait_for() {
  local t=$1 what=$2; shift 2
  for ((i = 0; i < t * 2; i++)); do "$@" && { echo "ok: $what"; return 0; }; sleep 0.5; done
  fail "timed out after ${t}s waiting for: $what"
}
# A free TCP port on loopback: nothing accepts a connection there.
port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}
node_idle() { sinfo -h -N -o '%t' 2>/dev/null | grep -qx 'idle'; }

slurm_stop() {
  [ -f "$D/slurmd.pid" ] && kill "$(cat "$D/slurmd.pid")" 2>/dev/null
  [ -f "$D/slurmctld.pid" ] && kill "$(cat "$D/slurmctld.pid")" 2>/dev/null
  [ -f "$D/munge/munged.pid" ] && kill "$(cat "$D/munge/munged.pid")" 2>/dev/null
  sleep 1
  rm -rf "$D"
}

slurm_start() {
  D=$(mktemp -d /tmp/physgan-slurm.XXXXXX)
  chmod 700 "$D"
  mkdir -p "$D/munge" "$D/ctld" "$D/slurmd" "$D/tmpfs"
  trap slurm_stop EXIT
  # munge with its own key and socket (no systemd, running as root).
  dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$D/munge/munge.key"
  munged --force --key-file="$D/munge/munge.key" --socket="$D/munge/munge.socket" \
    --pid-file="$D/munge/munged.pid" --log-file="$D/munge/munged.log" \
    --seed-file="$D/munge/munged.seed" || fail "munged did not start"
  # Free ports, so that a second copy of the test or a real Slurm on the
  # machine does not collide.
  local host
  host=$(hostname -s)
  sed -e "s|@DIR@|$D|g" -e "s|@HOST@|$host|g" -e "s|@CPUS@|$(nproc)|g" \
      -e "s|@CTLD_PORT@|$(port)|g" -e "s|@SLURMD_PORT@|$(port)|g" \
      "$SRC/tests/slurm/slurm.conf" > "$D/slurm.conf"
  export SLURM_CONF=$D/slurm.conf
  slurmctld -i -f "$SLURM_CONF" || fail "slurmctld did not start"
  slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
  wait_for 60 "node $host idle in sinfo" node_idle
}
