#!/usr/bin/env bash
# Installs what the `slurm` ctest needs (Debian's munge and slurm-wlm).
# Idempotent: does nothing when the daemons are already installed. Needs
# root for apt-get; without root it only says what is missing (the test
# then skips).
set -euo pipefail
need=()
command -v munged >/dev/null 2>&1 || need+=(munge)
command -v slurmctld >/dev/null 2>&1 || need+=(slurm-wlm)
if [ ${#need[@]} -eq 0 ]; then
  echo "tests/slurm/setup.sh: munge and slurm-wlm already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "tests/slurm/setup.sh: not root; missing ${need[*]} (the slurm test will be skipped)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
