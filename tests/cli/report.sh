# physgan report: a page from a hand-made run directory (job.ini,
# metrics.csv with a gap, samples from `physgan simulate terrain`, a
# checkpoint), written atomically and self-contained; usage errors exit 2,
# a missing run directory, metrics.csv or a malformed row exit 1 naming
# the file (and line:column).
. "$(dirname "$0")/lib/common.sh"

expect_exit 2 -- "$PHYSGAN" report
expect_out 'RUN_DIR is required'
expect_exit 0 -- "$PHYSGAN" report --help
expect_out '--out FILE.html'
expect_exit 2 -- "$PHYSGAN" report a b
expect_exit 1 -- "$PHYSGAN" report no-such-run
expect_out 'no-such-run'
mkdir -p empty
expect_exit 1 -- "$PHYSGAN" report empty
expect_out 'empty/metrics.csv'

mkdir -p run/samples run/checkpoints
"$PHYSGAN" config "$SRC/jobs/xor-demo.ini" > run/job.ini
{
  echo "step,epoch,loss_d,loss_g,terrain.slope,samples_per_s"
  for i in $(seq 1 50); do
    awk -v i="$i" 'BEGIN { printf "%d,%d,%.6f,%.6f,%s,%.1f\n", i, int(i / 10),
      1.3 * exp(-i / 20) + 0.1, 0.7 + 0.3 * sin(i / 5),
      (i > 15 && i < 20) ? "" : sprintf("%.4f", 2 / i), 100 + i }'
  done
} > run/metrics.csv
expect_exit 0 -- "$PHYSGAN" simulate terrain --out run/samples/step-000050.h5 \
  --size 32 --count 4
expect_exit 0 -- "$PHYSGAN" simulate terrain --out run/samples/step-000010.h5 \
  --size 32 --count 2
cp run/samples/step-000010.h5 run/checkpoints/ckpt-000050.h5

expect_exit 0 -- "$PHYSGAN" report run
expect_out 'wrote run/report.html'
html=run/report.html
[ -s "$html" ] || { echo "FAIL: $html missing"; exit 1; }
ls run/report.html.tmp.* >/dev/null 2>&1 && { echo "FAIL: temporary file left"; exit 1; }
n=$(grep -o '<svg' "$html" | wc -l)
expect_cmp "$n" "==" 5
grep -q 'http' "$html" && { echo "FAIL: the page references the network"; exit 1; }
echo "ok: no network references"
n=$(grep -o 'src="data:image/png;base64,' "$html" | wc -l)
expect_cmp "$n" "==" 4   # the newest samples file, 4 patches
out=$(cat "$html")
expect_out 'samples/step-000050.h5'
expect_out 'checkpoints/ckpt-000050.h5'
expect_out '<td>terrain.slope</td><td class="num">0.04</td><td class="num">50</td>'
expect_out '<td>hidden</td><td>16</td>'
# The embedded images decode as PNGs of 32 x 32 pixels.
if command -v base64 >/dev/null && command -v file >/dev/null; then
  grep -o 'base64,[^"]*' "$html" | head -n 1 | cut -c8- | base64 -d > first.png
  file first.png | grep -q 'PNG image data, 32 x 32, 8-bit/color RGB' ||
    { echo "FAIL: $(file first.png)"; exit 1; }
  echo "ok: embedded image is a 32 x 32 RGB PNG"
fi

expect_exit 0 -- "$PHYSGAN" report run --out elsewhere.html
[ -s elsewhere.html ] || { echo "FAIL: --out ignored"; exit 1; }
echo "ok: --out"

# A malformed row: file:line:column, and no page written.
mkdir -p bad && printf 'step,loss_d\n1,0.5\n2,0.4x\n3,0.3\n' > bad/metrics.csv
expect_exit 1 -- "$PHYSGAN" report bad
expect_out 'bad/metrics.csv:3:3:'
expect_out "'0.4x' in column 'loss_d' is not a number"
[ ! -e bad/report.html ] || { echo "FAIL: page written despite the error"; exit 1; }
echo "ok: nothing written on error"
