# physgan view foam (and the XDMF sidecar of simulate foam) on tiny files:
# the sidecar names every time; the HTML page embeds one PNG per frame and
# shown time, matches two files by /time, needs no network; PNG frames and
# strips have the PNG signature and the expected size; the plots' fits are
# those of simulate --report; bad input exits 2 naming the problem, an
# unwritable output 1.
. "$(dirname "$0")/lib/common.sh"

# Width and height of a PNG from its IHDR chunk (bytes 17-24, big endian).
png_size() {
  local sig; sig=$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')
  [ "$sig" = "89504e470d0a1a0a" ] || { echo "FAIL: $1 is not a PNG ($sig)"; exit 1; }
  od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'
}
expect_eq() {
  [ "$1" = "$2" ] || { echo "FAIL: $3: got '$1', expected '$2'"; exit 1; }
  echo "ok: $3 = $2"
}

expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 3 \
    --interval 20 --sequences 2 --seed 3 --out f.h5 --report --fit-from 0
expect_out 'wrote f\.h5 and f\.xmf'
report_slope=$(sed -n 's/^| mean area vs t | \([0-9.-]*\) sites.*/\1/p' <<<"$out")
report_vn=$(sed -n 's/^| dA\/dt vs n-6, all bubbles | \([0-9.-]*\) sites.*/\1/p' <<<"$out")
[ -s f.xmf ] || { echo "FAIL: f.xmf not written"; exit 1; }
expect_eq "$(grep -c '<Time Value=' f.xmf)" 3 "times in the sidecar"
expect_eq "$(grep -c 'f.h5:/labels' f.xmf)" 6 "grids (3 times x 2 sequences) reading f.h5"
grep -q 'CollectionType="Temporal"' f.xmf || { echo "FAIL: not a time series"; exit 1; }

# The page: 3 times of one file, 3 images, no URL of any kind.
expect_exit 0 -- "$PHYSGAN" view foam f.h5 --seq 1 --out v.html
expect_out '3 of 3 time\(s\), 3 frame image\(s\)'
expect_eq "$(grep -o 'data:image/png;base64,' v.html | wc -l)" 3 "embedded PNGs"
expect_eq "$(grep -c '^{t: "' v.html)" 3 "times in the player"
expect_eq "$(grep -ci 'http' v.html)" 0 "lines naming http"
expect_eq "$(grep -o 'data:image/svg+xml;base64,' v.html | wc -l)" 2 "charts (bubbles, <n>)"
expect_eq "$(grep -o '^const MARK_X = \[[^]]*\]' v.html | tr -cd , | wc -c)" 2 "chart markers (3 times)"
grep -q 'id="scrub" type="range"' v.html && grep -q 'id="play"' v.html ||
  { echo "FAIL: no player controls"; exit 1; }
grep -q 'sequence 1' v.html || { echo "FAIL: sequence not named"; exit 1; }

# Beside a file with frames every 10 MCS: times 0..40 (5), images 3 + 5.
expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 5 \
    --interval 10 --seed 4 --out g.h5
expect_exit 0 -- "$PHYSGAN" view foam f.h5 g.h5 --out w.html
expect_out '5 of 5 time\(s\), 8 frame image\(s\)'
expect_eq "$(grep -o 'data:image/png;base64,' w.html | wc -l)" 8 "embedded PNGs"
expect_eq "$(grep -c '^{t: "10", a: null, b: {src' w.html)" 1 "t = 10 only in g.h5"
expect_exit 0 -- "$PHYSGAN" view foam f.h5 g.h5 --out w2.html --max-frames 2
expect_out '2 of 5 time\(s\)'
expect_eq "$(grep -c '^{t: "' w2.html)" 2 "times with --max-frames 2"

# PNG frames and strips.
expect_exit 0 -- "$PHYSGAN" view foam f.h5 --png frames --scale 2
for t in 0 1 2; do
  expect_eq "$(png_size frames/f-s0-f000$t.png)" 64x64 "frame $t at scale 2"
done
expect_exit 0 -- "$PHYSGAN" view foam f.h5 --strip s.png
expect_eq "$(png_size s.png)" 104x32 "strip of 3 frames (3 x 32 + 2 x 4 gaps)"
expect_exit 0 -- "$PHYSGAN" view foam f.h5 g.h5 --strip s2.png --max-frames 2
expect_eq "$(png_size s2.png)" 68x68 "strip of 2 frames over 2 rows"
# --crop: a 10x12 window at row 5, column 7 of every frame (image sizes;
# a window outside the frames and a malformed one exit 2).
expect_exit 0 -- "$PHYSGAN" view foam f.h5 g.h5 --strip s3.png --max-frames 2 --crop 5,7,10,12
expect_eq "$(png_size s3.png)" 28x24 "cropped strip (2 x 12 + 4, 2 x 10 + 4)"
expect_exit 0 -- "$PHYSGAN" view foam f.h5 --png crop --crop 5,7,10,12 --no-track
expect_eq "$(png_size crop/f-s0-f0000.png)" 12x10 "cropped frame"
expect_exit 2 -- "$PHYSGAN" view foam f.h5 --strip x.png --crop 30,0,4,4
expect_out '--crop: a window of 4x4 sites at row 30, column 0 is not inside frames of 32x32'
expect_exit 2 -- "$PHYSGAN" view foam f.h5 --strip x.png --crop 1,2,3
expect_out "--crop '1,2,3': expected Y,X,H,W"

# Plots: three SVG files, fits equal to simulate --report's.
expect_exit 0 -- "$PHYSGAN" view foam f.h5 --plots plots --fit-from 0
for p in growth von_neumann neighbors; do
  head -c 4 plots/foam_$p.svg | grep -q '<svg' || { echo "FAIL: foam_$p.svg"; exit 1; }
done
expect_out "mean area vs t: slope $report_slope sites/MCS"
expect_out "von Neumann: k = $report_vn sites/MCS"
if command -v xmllint >/dev/null; then
  xmllint --noout f.xmf plots/*.svg || { echo "FAIL: not well-formed XML"; exit 1; }
  echo "ok: f.xmf and the plots are well-formed XML"
fi

# Bad input: exit 2 with the reason.
expect_exit 2 -- "$PHYSGAN" view foam missing.h5 --out x.html
expect_out 'missing\.h5'
echo "not hdf5" > bad.h5
expect_exit 2 -- "$PHYSGAN" view foam bad.h5 --out x.html
expect_out 'bad\.h5'
expect_exit 0 -- "$PHYSGAN" simulate terrain --count 1 --size 32 --out t.h5
expect_exit 2 -- "$PHYSGAN" view foam t.h5 --out x.html
expect_out 'foam/1'
expect_exit 2 -- "$PHYSGAN" view foam f.h5 --seq 2 --out x.html
expect_out 'sequence 2 out of range: the file has 2 sequence'
expect_exit 0 -- "$PHYSGAN" simulate foam --size 16 --bubbles 5 --frames 2 \
    --interval 10 --out small.h5
expect_exit 2 -- "$PHYSGAN" view foam f.h5 small.h5 --out x.html
expect_out 'sizes must be equal'
expect_exit 2 -- "$PHYSGAN" view foam small.h5 --plots p2
expect_out 'the fits need >= 3'
expect_exit 0 -- "$PHYSGAN" simulate foam --size 128 --bubbles 64 --frames 1 \
    --out big.h5
expect_exit 2 -- "$PHYSGAN" view foam big.h5 --out x.html --scale 64
expect_out 'page budget'
[ -e x.html ] && { echo "FAIL: x.html written after errors"; exit 1; }
expect_exit 2 -- "$PHYSGAN" view foam f.h5
expect_out 'nothing to write'
expect_exit 2 -- "$PHYSGAN" view foam a.h5 b.h5 c.h5 --out x.html
expect_exit 2 -- "$PHYSGAN" view foam f.h5 --out x.html --scale 0
expect_exit 2 -- "$PHYSGAN" view foam f.h5 --bogus
expect_exit 2 -- "$PHYSGAN" view
expect_exit 0 -- "$PHYSGAN" view foam --help
expect_out 'self-contained HTML'
# An output that cannot be written: exit 1.
expect_exit 1 -- "$PHYSGAN" view foam f.h5 --out no/such/dir/v.html
expect_out 'no/such/dir'
