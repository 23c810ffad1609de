#!/usr/bin/env bash
# Browser test of the live lab: starts `physgan toy --serve` on a free
# loopback port, drives Debian's headless Chromium through chromedriver's
# WebDriver API (plain curl), changes the loss with the page's select, and
# checks that the page shows the new loss, that the step counter and the
# shown G loss move, and that a bad value typed into a field comes back as
# the server's 400 message on the page. Saves lab.png in the working
# directory. Exits 77 (skipped) when chromium, chromedriver or curl is
# missing: tests/browser/setup.sh installs them.
# $1 = physgan binary, $2 = source directory.
set -uo pipefail
PHYSGAN=${1:?physgan binary}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
DRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
for tool in "$CHROMIUM" "$DRIVER" "$(command -v curl || echo curl)"; do
  if [ ! -x "$tool" ]; then
    echo "SKIP: $tool not found (run tests/browser/setup.sh as root)"
    exit 77
  fi
done

work=$(pwd)
profile=$(mktemp -d)
server_pid="" driver_pid="" session=""
cleanup() {
  [ -n "$session" ] && curl -s -m 5 -X DELETE "$wd/session/$session" >/dev/null
  [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill -INT "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$profile"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- server log"; cat "$work/server.log"; exit 1; }

# wait_for FILE REGEX: up to 10 s for a line; prints the match.
wait_for() {
  for _ in $(seq 100); do
    grep -Eo "$2" "$1" 2>/dev/null | head -n 1 && return 0
    sleep 0.1
  done
  return 1
}

"$PHYSGAN" toy --serve 127.0.0.1:0 --batch 64 --eval-samples 1000 --plain \
  2>"$work/server.log" >/dev/null &
server_pid=$!
port=$(wait_for "$work/server.log" '127\.0\.0\.1:[0-9]+' | cut -d: -f2) ||
  fail "the server did not start"
lab="http://127.0.0.1:$port/"
echo "ok: lab at $lab"

"$DRIVER" --port=0 >"$work/driver.log" 2>&1 &
driver_pid=$!
dport=$(wait_for "$work/driver.log" 'started successfully on port [0-9]+' | grep -Eo '[0-9]+$') ||
  fail "chromedriver did not start: $(cat "$work/driver.log")"
wd="http://127.0.0.1:$dport"

# wdc METHOD PATH [JSON]: a WebDriver call; prints the response.
wdc() {
  curl -s -m 30 -X "$1" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$wd$2"
}
# js EXPR: the value of a JavaScript expression returning a string.
js() {
  wdc POST "/session/$session/execute/sync" \
    "{\"script\":\"return String($1);\",\"args\":[]}" |
    sed -n 's/.*"value":"\([^"]*\)".*/\1/p'
}
text_of() { js "document.getElementById('$1').textContent"; }
element() {
  wdc POST "/session/$session/element" "{\"using\":\"css selector\",\"value\":\"$1\"}" |
    grep -Eo '"element-6066-11e4-a52e-4f735466cecf":"[^"]+"' | cut -d'"' -f4
}
# until_text ID REGEX: up to 15 s for the element's text to match.
until_text() {
  for _ in $(seq 75); do
    t=$(text_of "$1")
    grep -Eq "$2" <<<"$t" && return 0
    sleep 0.2
  done
  fail "#$1 shows '$t', expected /$2/"
}

caps='{"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"'"$CHROMIUM"'","args":["--headless","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--window-size=1100,900","--user-data-dir='"$profile"'"]}}}}'
session=$(wdc POST /session "$caps" | grep -Eo '"sessionId":"[^"]+"' | cut -d'"' -f4)
[ -n "$session" ] || fail "no WebDriver session: $(cat "$work/driver.log")"
wdc POST "/session/$session/url" "{\"url\":\"$lab\"}" >/dev/null

until_text m-loss '^nonsat$'
until_text m-step '^[1-9][0-9]*$'
echo "ok: the page shows loss nonsat and training steps"

# a user picks the hinge loss in the select
opt=$(element '#loss option[value=hinge]')
[ -n "$opt" ] || fail "no hinge option in the loss select"
wdc POST "/session/$session/element/$opt/click" '{}' >/dev/null
until_text m-loss '^hinge$'
until_text status 'loss=hinge'
s1=$(text_of m-step); g1=$(text_of m-lossg)
sleep 1.5
s2=$(text_of m-step); g2=$(text_of m-lossg)
[ "$s2" -gt "$s1" ] 2>/dev/null || fail "step did not advance after the change ($s1 -> $s2)"
[ "$g1" != "$g2" ] || fail "the shown G loss did not change ($g1)"
[ "$(curl -s "${lab}state" | grep -Eo '"loss":"[a-z]+"' | head -n 1)" = '"loss":"hinge"' ] ||
  fail "the server does not report loss hinge"
echo "ok: after choosing hinge the page shows it, step $s1 -> $s2, G loss $g1 -> $g2"

# a bad value comes back as the server's message
field=$(element '#d_lr')
wdc POST "/session/$session/element/$field/clear" '{}' >/dev/null
wdc POST "/session/$session/element/$field/value" '{"text":"5"}' >/dev/null
wdc POST "/session/$session/element/$(element '#apply')/click" '{}' >/dev/null
until_text status "parameter 'd_lr': '5' is not a number in \[1e-05, 0.1\]"
[ "$(js "document.getElementById('status').className")" = err ] || fail "status not marked as an error"
echo "ok: d_lr=5 shows the 400 message"

sleep 1
wdc GET "/session/$session/screenshot" | sed -n 's/.*"value":"\([^"]*\)".*/\1/p' |
  base64 -d >"$work/lab.png" || fail "no screenshot"
[ "$(head -c 4 "$work/lab.png" | tail -c 3)" = PNG ] || fail "screenshot is not a PNG"
echo "ok: screenshot $work/lab.png ($(stat -c %s "$work/lab.png") bytes)"
