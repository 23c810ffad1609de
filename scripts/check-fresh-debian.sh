#!/usr/bin/env bash
# Runs the README's two commands the way a new user would: in a fresh
# Debian 12 (bookworm) root made with debootstrap, where none of physgan's
# packages are installed. Needs root, debootstrap and Debian's package
# registry. Takes several minutes (package downloads).
#   usage: scripts/check-fresh-debian.sh [WORKDIR]   (default /var/tmp/physgan-fresh)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/var/tmp/physgan-fresh}
root="$work/bookworm"
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install debootstrap" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "run as root (chroot)" >&2; exit 1; }

rm -rf "$root"
mkdir -p "$work"
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
git clone -q "$src" "$root/root/physgan"
chroot "$root" /bin/bash -c "cd /root/physgan && bash scripts/run-demo.sh"
chroot "$root" /bin/bash -c "cd /root/physgan && bash scripts/run-tests.sh"
echo "fresh-debian check: both README commands succeeded"
