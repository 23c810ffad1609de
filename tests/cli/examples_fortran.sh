# docs/examples/foam_step.f90 (docs/api.md, "Fortran") built against the
# installed prefix through find_package(physgan) and through pkg-config
# (physgan-fortran), from a moved copy of the prefix; both step a tiny foam
# surrogate's frames (with --coarse 1 and 2) to the same bits as the last
# frame of `physgan rollout`. SKIPPED (exit 77) without gfortran or when
# physgan was built without its Fortran module.
. "$(dirname "$0")/lib/common.sh"
command -v gfortran >/dev/null ||
  { echo "SKIPPED: no gfortran (scripts/install-deps.sh installs it)"; exit 77; }
command -v h5dump >/dev/null || { echo "FAIL: no h5dump (hdf5-tools)"; exit 1; }
rm -rf prefix moved ex run && mkdir ex
expect_exit 0 -- cmake --install "$(dirname "$PHYSGAN")" --prefix "$PWD/prefix"
[ -s prefix/include/physgan/fortran/physgan.mod ] ||
  { echo "SKIPPED: physgan was built without the Fortran module (no Fortran compiler at configure time)"; exit 77; }
mv prefix moved

tiny_foam_surrogate foam.h5 run
h5dump -d /labels -s 0,3,0,0 -c 2,1,32,32 -b LE -o start.i32 foam.h5 >/dev/null ||
  { echo "FAIL: h5dump"; exit 1; }
expect_exit 0 -- cmake -S "$PWD/moved/share/physgan/examples" -B ex/cmake -DCMAKE_PREFIX_PATH="$PWD/moved"
expect_exit 0 -- cmake --build ex/cmake --target foam_step
export PKG_CONFIG_PATH="$PWD/moved/lib/pkgconfig"
expect_exit 0 -- bash -c "gfortran -o ex/foam_step_pc '$PWD/moved/share/physgan/examples/foam_step.f90' \
  \$(pkg-config --cflags --libs physgan-fortran) -Wl,-rpath,'$PWD/moved/lib'"
for coarse in 1 2; do
  expect_exit 0 -- "$PHYSGAN" rollout $CK --init foam.h5:all:3 --steps 2 \
    --coarse $coarse --out roll$coarse.h5
  h5dump -d /labels -s 0,2,0,0 -c 2,1,32,32 -b LE -o cli$coarse.i32 roll$coarse.h5 >/dev/null ||
    { echo "FAIL: h5dump"; exit 1; }
  cmp -s cli$coarse.i32 start.i32 && { echo "FAIL: rollout left the frames unchanged"; exit 1; }
  for build in cmake/foam_step foam_step_pc; do
    expect_exit 0 -- ex/$build $CK start.i32 2 32 32 $coarse 2 out.i32
    expect_out 'unet_foam at step 2'
    cmp -s out.i32 cli$coarse.i32 ||
      { echo "FAIL: ex/$build --coarse $coarse: frames differ from physgan rollout"; exit 1; }
    echo "ok: ex/$build, coarse $coarse: the rollout's frames bit for bit"
  done
done
echo "PASS"
