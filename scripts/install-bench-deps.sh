#!/usr/bin/env bash
# Installs the Debian 12 packages bench/compare_torch.sh needs beside the
# build's: PyTorch (the baseline physgan is compared with), OpenBLAS as the
# system BLAS (without it Debian's torch runs on the reference BLAS, ~4x
# slower: no fair baseline) and GNU time (peak RSS). Not needed to build,
# run or test physgan. Idempotent; run as root (or through sudo).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-bench-deps \
  python3 python3-torch libopenblas0 time
