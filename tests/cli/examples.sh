# docs/examples/terrain_generate.c (docs/api.md) built against the installed
# prefix, once through find_package(physgan) (docs/examples/CMakeLists.txt) and
# once through pkg-config, from a copy of the prefix moved elsewhere; both
# programs reproduce /terrain of `physgan generate` for the same
# checkpoint and seed bit for bit. The Fortran example: examples_fortran.sh.
. "$(dirname "$0")/lib/common.sh"
command -v cmake >/dev/null || { echo "FAIL: no cmake"; exit 1; }
command -v h5dump >/dev/null || { echo "FAIL: no h5dump (hdf5-tools)"; exit 1; }
rm -rf prefix moved ex g run && mkdir ex
expect_exit 0 -- cmake --install "$(dirname "$PHYSGAN")" --prefix "$PWD/prefix"
mv prefix moved   # relocatable: nothing may point back at the install path

"$PHYSGAN" simulate terrain --size 16 --count 16 --beta 2.5 --cell-size 10 \
  --relief 50 --seed 3 --out terrain.h5 >/dev/null || exit 1
"$PHYSGAN" train "$SRC/jobs/terrain-gan-tiny.ini" -o data.path=terrain.h5 \
  -o model.width=4 -o model.z_dim=8 -o train.batch=4 -o train.steps=2 \
  -o train.checkpoint_every=2 -o output.dir=run --plain >/dev/null 2>&1 ||
  { echo "FAIL: train"; exit 1; }
CK=run/checkpoints/ckpt-000002.h5
expect_exit 0 -- "$PHYSGAN" generate $CK --n 5 --seed 11 --format h5 --out g --plain
h5dump -d /terrain -b LE -o cli.f32 g/generated.h5 >/dev/null || { echo "FAIL: h5dump"; exit 1; }

# find_package(physgan)
expect_exit 0 -- cmake -S "$PWD/moved/share/physgan/examples" -B ex/cmake -DCMAKE_PREFIX_PATH="$PWD/moved"
expect_exit 0 -- cmake --build ex/cmake --target terrain_generate
expect_exit 0 -- ex/cmake/terrain_generate $CK 11 5 cmake.f32
expect_out 'dcgan_small at step 2, patches of 16 x 16 cells of 10 x 10 m'
expect_out 'generated 5 patches'
cmp -s cmake.f32 cli.f32 || { echo "FAIL: find_package build: patches differ from physgan generate"; exit 1; }
echo "ok: find_package build reproduces physgan generate ($(stat -c %s cli.f32) bytes)"

# pkg-config
export PKG_CONFIG_PATH="$PWD/moved/lib/pkgconfig"
expect_exit 0 -- bash -c "cc -o ex/terrain_generate_pc '$PWD/moved/share/physgan/examples/terrain_generate.c' \
  \$(pkg-config --cflags --libs physgan) -Wl,-rpath,'$PWD/moved/lib'"
expect_exit 0 -- ex/terrain_generate_pc $CK 11 5 pc.f32
cmp -s pc.f32 cli.f32 || { echo "FAIL: pkg-config build: patches differ from physgan generate"; exit 1; }
echo "ok: pkg-config build reproduces physgan generate"
# Another seed gives other patches (the comparison can fail).
expect_exit 0 -- ex/terrain_generate_pc $CK 12 5 pc12.f32
cmp -s pc12.f32 cli.f32 && { echo "FAIL: seed 12 gave seed 11's patches"; exit 1; }
# Errors name the file.
expect_exit 1 -- ex/terrain_generate_pc nothere.h5 1 1 x.f32
expect_out 'nothere.h5'
echo "PASS"
