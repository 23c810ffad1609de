# cmake --install into a temporary prefix: the binary, the job files with
# the Slurm template and the shipped samples land there, and the installed
# physgan finds its template from any working directory (physgan submit
# --dry-run in an empty directory, no source tree around); the man pages,
# the bash completion and the modulefile are installed and work.
. "$(dirname "$0")/lib/common.sh"
command -v cmake >/dev/null || { echo "FAIL: no cmake"; exit 1; }
rm -rf prefix empty && mkdir empty
build=$(dirname "$PHYSGAN")
expect_exit 0 -- cmake --install "$build" --prefix "$PWD/prefix"
for f in bin/physgan share/physgan/jobs/slurm/train.sbatch \
         share/physgan/jobs/terrain-gan.ini \
         share/physgan/samples/jacksboro_fault_dem.asc; do
  [ -s "prefix/$f" ] || { echo "FAIL: prefix/$f not installed"; exit 1; }
done
echo "ok: binary, jobs, Slurm template and samples installed"
cd empty
expect_exit 0 -- ../prefix/bin/physgan submit ../prefix/share/physgan/jobs/terrain-gan.ini \
  --nodes 1 --ntasks-per-node 2 --time 00:10:00 --dry-run
expect_out '#SBATCH --job-name=terrain-gan'
expect_out "srun '[^']*prefix/bin/physgan' train"
echo "ok: the installed physgan renders its own template"
cd ..

# Man pages (help2man, from --help) for physgan, each command and each kind.
command -v help2man >/dev/null ||
  { echo "FAIL: no help2man (scripts/install-deps.sh installs it)"; exit 1; }
for f in physgan.1 physgan-train.1 physgan-eval-terrain.1 physgan-import-dem.1; do
  [ -s "prefix/share/man/man1/$f" ] || { echo "FAIL: man page $f not installed"; exit 1; }
done
grep -q 'override a job' prefix/share/man/man1/physgan-train.1 ||
  { echo "FAIL: physgan-train.1 lacks the --help text"; exit 1; }
echo "ok: man pages installed"

# Bash completion, driven as bash does: commands, kinds, then options read
# from the installed binary's --help.
comp=prefix/share/bash-completion/completions/physgan
[ -s "$comp" ] || { echo "FAIL: $comp not installed"; exit 1; }
complete_words() { # complete_words WORD...: what <TAB> offers after them
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
           _physgan; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
[ "$(complete_words "$PWD/prefix/bin/physgan" tr)" = train ] ||
  { echo "FAIL: 'tr' does not complete to train"; exit 1; }
complete_words "$PWD/prefix/bin/physgan" eval te | grep -qx terrain ||
  { echo "FAIL: 'eval te' does not offer terrain"; exit 1; }
complete_words "$PWD/prefix/bin/physgan" eval terrain --js | grep -qx -- --json ||
  { echo "FAIL: 'eval terrain --js' does not offer --json"; exit 1; }
complete_words "$PWD/prefix/bin/physgan" train --res | grep -qx -- --resume ||
  { echo "FAIL: 'train --res' does not offer --resume"; exit 1; }
echo "ok: bash completion of commands, kinds and options"

# The modulefile: `module load physgan` (Environment Modules) puts the
# installed binary on PATH and its man pages on MANPATH, wherever the
# prefix is.
init=/usr/share/modules/init/bash
[ -r "$init" ] ||
  { echo "FAIL: no $init (scripts/install-deps.sh installs environment-modules)"; exit 1; }
mod=$(bash -c '. "$1"; module use "$2/share/modulefiles"; module load physgan;
              command -v physgan; echo "$MANPATH"; echo "$PHYSGAN_ROOT";
              echo "PKG_CONFIG_PATH=$PKG_CONFIG_PATH"; echo "CMAKE_PREFIX_PATH=$CMAKE_PREFIX_PATH"' \
      _ "$init" "$PWD/prefix")
grep -qx "$PWD/prefix/bin/physgan" <<<"$mod" ||
  { echo "FAIL: module load physgan did not put prefix/bin first on PATH: $mod"; exit 1; }
grep -q "$PWD/prefix/share/man" <<<"$mod" ||
  { echo "FAIL: MANPATH lacks prefix/share/man: $mod"; exit 1; }
grep -q "^PKG_CONFIG_PATH=$PWD/prefix/lib/pkgconfig" <<<"$mod" ||
  { echo "FAIL: PKG_CONFIG_PATH lacks prefix/lib/pkgconfig: $mod"; exit 1; }
grep -q "^CMAKE_PREFIX_PATH=$PWD/prefix" <<<"$mod" ||
  { echo "FAIL: CMAKE_PREFIX_PATH lacks the prefix: $mod"; exit 1; }
echo "ok: module load physgan"

# libphysgan (docs/api.md): shared (soname from the major version, only the
# physgan_* API exported) and static, the public headers alone, a CMake
# package and physgan.pc. A program built against a moved copy of the
# prefix, through find_package (shared and static) and through pkg-config,
# runs and sees the version of the headers.
major=$(sed -n 's/^#define PHYSGAN_VERSION_MAJOR \([0-9]*\)$/\1/p' \
        prefix/include/physgan/physgan_version.h)
[ -n "$major" ] || { echo "FAIL: no PHYSGAN_VERSION_MAJOR in physgan_version.h"; exit 1; }
for f in lib/libphysgan.so lib/libphysgan.so.$major lib/libphysgan.a \
         lib/cmake/physgan/physganConfig.cmake \
         lib/cmake/physgan/physganConfigVersion.cmake \
         lib/cmake/physgan/physganTargets.cmake lib/pkgconfig/physgan.pc; do
  [ -e "prefix/$f" ] || { echo "FAIL: prefix/$f not installed"; exit 1; }
done
headers=$(cd prefix/include/physgan && find . -type f | sort | tr '\n' ' ')
case "$headers" in
  "./physgan.h ./physgan_version.h "|"./fortran/physgan.mod ./physgan.h ./physgan_version.h ") ;;
  *) echo "FAIL: include/physgan holds more than the API: $headers"; exit 1;;
esac
soname=$(objdump -p prefix/lib/libphysgan.so | sed -n 's/^ *SONAME *//p')
[ "$soname" = "libphysgan.so.$major" ] || { echo "FAIL: soname '$soname'"; exit 1; }
others=$(nm -D --defined-only prefix/lib/libphysgan.so | awk '{print $3}' |
         grep -v -e '^physgan_' -e '^progname$' -e '^PHYSGAN_' || true)
[ -z "$others" ] || { echo "FAIL: libphysgan.so exports more than the API: $(echo $others | head -c 300)"; exit 1; }
echo "ok: libphysgan.so.$major (API symbols only), libphysgan.a, headers, packages"

rm -rf moved consumer && cp -a prefix moved && mkdir consumer
cat > consumer/version.c <<'C'
#include <physgan/physgan.h>
#include <stdio.h>
int main(void)
{
    int major, minor, patch;
    const char *v = physgan_version(&major, &minor, &patch);
    printf("library %s headers %s %s\n", v, PHYSGAN_VERSION_STRING,
           major == PHYSGAN_VERSION_MAJOR && minor == PHYSGAN_VERSION_MINOR
               ? "match" : "differ");
    return 0;
}
C
cat > consumer/CMakeLists.txt <<'C'
cmake_minimum_required(VERSION 3.22)
project(consumer C)
find_package(physgan REQUIRED)
add_executable(version_shared version.c)
target_link_libraries(version_shared PRIVATE physgan::physgan)
add_executable(version_static version.c)
target_link_libraries(version_static PRIVATE physgan::physgan_static)
C
expect_exit 0 -- cmake -S consumer -B consumer/build -DCMAKE_PREFIX_PATH="$PWD/moved"
expect_exit 0 -- cmake --build consumer/build
for v in shared static; do
  expect_exit 0 -- consumer/build/version_$v
  expect_out 'library [0-9.]+ headers [0-9.]+ match'
done
ldd consumer/build/version_shared | grep -q "$PWD/moved/lib/libphysgan.so" ||
  { echo "FAIL: version_shared does not load the moved prefix's library"; exit 1; }
expect_exit 0 -- env PKG_CONFIG_PATH="$PWD/moved/lib/pkgconfig" pkg-config --cflags --libs physgan
expect_out "-I$PWD/moved/lib/pkgconfig/../../include"
expect_exit 0 -- bash -c "cc -o consumer/version_pc consumer/version.c \
  \$(PKG_CONFIG_PATH='$PWD/moved/lib/pkgconfig' pkg-config --cflags --libs physgan) \
  -Wl,-rpath,'$PWD/moved/lib'"
expect_exit 0 -- consumer/version_pc
expect_out 'match'
# Static through pkg-config --static: no libphysgan.so at run time.
expect_exit 0 -- bash -c "cc -o consumer/version_pc_static consumer/version.c \
  \$(PKG_CONFIG_PATH='$PWD/moved/lib/pkgconfig' pkg-config --cflags physgan) \
  \$(PKG_CONFIG_PATH='$PWD/moved/lib/pkgconfig' pkg-config --static --libs physgan |
     sed 's/-lphysgan /-Wl,-Bstatic -lphysgan -Wl,-Bdynamic /')"
expect_exit 0 -- consumer/version_pc_static
expect_out 'match'
ldd consumer/version_pc_static | grep -q libphysgan &&
  { echo "FAIL: the static build loads libphysgan.so"; exit 1; }
echo "ok: find_package(physgan) and pkg-config physgan from a moved prefix"
