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
              command -v physgan; echo "$MANPATH"; echo "$PHYSGAN_ROOT"' _ "$init" "$PWD/prefix")
grep -qx "$PWD/prefix/bin/physgan" <<<"$mod" ||
  { echo "FAIL: module load physgan did not put prefix/bin first on PATH: $mod"; exit 1; }
grep -q "$PWD/prefix/share/man" <<<"$mod" ||
  { echo "FAIL: MANPATH lacks prefix/share/man: $mod"; exit 1; }
echo "ok: module load physgan"
