# simulate foam --decompose (one lattice in strips; here one process, no
# MPI): a valid foam/1 file from the serial run's Voronoi start whose
# `simulator` names the strips, with both rules; the same seed repeats;
# bench foam --decompose reports the decomposition; usage errors.
. "$(dirname "$0")/lib/common.sh"

for rule in stencil neighonly; do
  expect_exit 0 -- "$PHYSGAN" simulate foam --size 64 --bubbles 64 --frames 3 \
      --interval 20 --seed 4 --proposal "$rule" --decompose --out "$rule.h5" --plain
  expect_out 'each sequence decomposed over them'
  expect_exit 0 -- "$PHYSGAN" info "$rule.h5"
  expect_out 'valid foam/1 file'
  expect_out 'strips on 1 rank'
done
expect_out '2 sectors per strip, 4 sector round'
expect_exit 0 -- "$PHYSGAN" simulate foam --size 64 --bubbles 64 --frames 3 \
    --interval 20 --seed 4 --proposal neighonly --decompose --out again.h5 --plain
expect_exit 0 -- "$PHYSGAN" simulate foam --size 64 --bubbles 64 --frames 3 \
    --interval 20 --seed 4 --out serial.h5 --plain
if command -v h5dump >/dev/null; then
  # The labels without h5dump's first line (it names the file).
  lab() { h5dump -d /labels "$1" | tail -n +2 | md5sum; }
  [ "$(lab neighonly.h5)" = "$(lab again.h5)" ] ||
    { echo "FAIL: --decompose does not repeat with its seed"; exit 1; }
  # Frame 0 is the start: the serial run's Voronoi lattice.
  f0() { h5dump -d /labels -s 0,0,0,0 -c 1,1,64,64 "$1" | grep '^ *('; }
  [ "$(f0 serial.h5)" = "$(f0 stencil.h5)" ] ||
    { echo "FAIL: decomposed start differs from the serial start"; exit 1; }
  [ "$(lab serial.h5)" != "$(lab stencil.h5)" ] ||
    { echo "FAIL: decomposed run equals the serial one bit for bit (other streams)"; exit 1; }
  echo "ok: repeats, starts from the serial start"
fi
expect_exit 0 -- "$PHYSGAN" bench foam --decompose --size 64 --mcs 10 \
    --proposal neighonly --json
expect_out '"decomposed": true, "slices": 4, "strip_rows": 64'

expect_exit 2 -- "$PHYSGAN" simulate foam --decompose --slices 0 --out x.h5
expect_out '--slices'
[ ! -e x.h5 ] || { echo "FAIL: x.h5 written after a usage error"; exit 1; }
echo "all ok"
