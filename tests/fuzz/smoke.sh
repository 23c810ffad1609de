#!/usr/bin/env bash
# A short libFuzzer run of one target (ctest fuzz_smoke_<target>):
#   smoke.sh FUZZER TARGET_DIR SECONDS
# Fuzzes for SECONDS from a copy of TARGET_DIR/corpus (new inputs go to the
# copy, never into the sources) after replaying TARGET_DIR/regress; any
# crash, leak, sanitizer report or timeout fails the test and leaves the
# input as crash-*/leak-*/timeout-* in the working directory.
set -euo pipefail
fuzzer=$1 dir=$2 seconds=$3
rm -rf corpus && mkdir corpus && cp "$dir"/corpus/* corpus/
# regress/ exists only for targets that had a crash (git keeps no empty
# folders).
shopt -s nullglob
regress=("$dir"/regress/*)
if [ ${#regress[@]} -gt 0 ]; then
  "$fuzzer" "${regress[@]}"
fi
# -close_fd_mask=1: the readers' own output is noise here; libFuzzer and the
# sanitizers report on stderr. A 2 GB RSS / malloc limit (libFuzzer's
# default) makes an allocation the input cannot justify a failure.
set +e
"$fuzzer" -max_total_time="$seconds" -timeout=10 -close_fd_mask=1 \
  -print_final_stats=1 corpus 2>&1 | tail -n 25
rc=${PIPESTATUS[0]}
exit "$rc"
