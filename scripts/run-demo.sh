#!/usr/bin/env bash
# Fresh machine to a finished job: installs the Debian packages, builds, and
# runs the default job end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build/physgan demo xor
