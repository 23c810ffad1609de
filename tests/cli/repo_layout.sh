# The repository's top level is the project's layout (docs/design.md):
# CMakeLists.txt src physics models data jobs tests docs, plus the build and
# CI support folders. Run outputs committed by accident (a training run
# started in the checkout's root) fail here. Skipped outside a git checkout.
. "$(dirname "$0")/lib/common.sh"

command -v git >/dev/null && git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1 ||
  { echo "SKIPPED: $SRC is not a git checkout"; exit 77; }
allowed=" .ci .gitignore CMakeLists.txt README.md bench cmake data docs jobs models physics scripts src tests "
extra=""
for top in $(git -C "$SRC" ls-files | cut -d/ -f1 | sort -u); do
  [[ "$allowed" == *" $top "* ]] || extra="$extra $top"
done
[ -z "$extra" ] || { echo "FAIL: tracked entries outside the layout:$extra"; exit 1; }
echo "ok: every tracked top-level entry belongs to the layout"
