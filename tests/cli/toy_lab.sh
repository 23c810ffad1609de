#!/usr/bin/env bash
# physgan toy --out / --serve from the command line: the replay file and its
# frame count, usage errors (exit 2), an unwritable replay path (exit 1),
# the loopback rule, and a served lab that stops cleanly (exit 0) on
# SIGTERM and on SIGINT.
source "$2/tests/cli/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" toy --steps 40 --batch 32 --eval-samples 200 --out lab.html --out-every 10 --plain
expect_out 'replay: lab.html \(5 frames\)'
[ "$(grep -o '"step":' lab.html | wc -l)" -eq 5 ] || { echo "FAIL: expected 5 frames in lab.html"; exit 1; }
grep -q 'https\?://' lab.html && { echo "FAIL: lab.html references a URL"; exit 1; }
echo "ok: lab.html holds 5 frames and no URL"

expect_exit 2 -- "$PHYSGAN" toy --out-every 5
expect_out '--out-every needs --out'
expect_exit 2 -- "$PHYSGAN" toy --serve 0 --json
expect_out 'does not combine'
expect_exit 2 -- "$PHYSGAN" toy --serve 127.0.0.1:99999
expect_out "port '99999' is not in \[0, 65535\]"
expect_exit 2 -- "$PHYSGAN" toy --max-clients 3
expect_out 'need --serve'
expect_exit 2 -- "$PHYSGAN" toy --serve 10.0.0.1:0
expect_out 'needs --allow-remote'
expect_exit 1 -- "$PHYSGAN" toy --steps 5 --eval-samples 200 --out no-such-dir/lab.html
expect_out 'no-such-dir/lab.html'

for sig in TERM INT; do
  "$PHYSGAN" toy --serve 127.0.0.1:0 --batch 32 --eval-samples 200 2>serve.log &
  pid=$!
  for _ in $(seq 100); do grep -q 'the lab is at' serve.log && break; sleep 0.1; done
  grep -q 'the lab is at http://127.0.0.1:[0-9]*/' serve.log || { echo "FAIL: no start line"; cat serve.log; kill $pid; exit 1; }
  kill -s "$sig" $pid
  wait $pid; rc=$?
  [ $rc -eq 0 ] && grep -q 'stopped' serve.log || { echo "FAIL: SIG$sig: exit $rc"; cat serve.log; exit 1; }
  echo "ok: SIG$sig stops the server cleanly"
done
