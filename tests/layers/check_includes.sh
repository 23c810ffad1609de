#!/usr/bin/env bash
# Layer check (ctest: layers_includes): every #include "..." of a library
# source names a header of its own layer or of a layer that its CMake
# target links, directly or through other layers. The map comes from the
# build (BUILD/layers.txt, written by CMakeLists.txt from physgan_layer):
# one line per layer, "name folder,folder,... linked,linked,...".
#   usage: check_includes.sh BUILD/layers.txt SOURCE_DIR
set -uo pipefail
map=$1 src=$2
declare -A layer_of deps
while read -r name dirs edges; do
  [ -n "$name" ] || continue
  for d in ${dirs//,/ }; do layer_of[$d]=$name; done
  deps[$name]=${edges//,/ }
done < "$map"
[ ${#layer_of[@]} -gt 0 ] || { echo "FAIL: no layers in $map"; exit 1; }

closure() { # every layer reachable from $1, itself included
  local todo=("$1") seen=" " l
  while [ ${#todo[@]} -gt 0 ]; do
    l=${todo[0]}; todo=("${todo[@]:1}")
    case "$seen" in *" $l "*) continue;; esac
    seen+="$l "; todo+=(${deps[$l]})
  done
  echo "$seen"
}

bad=0 checked=0
for dir in "${!layer_of[@]}"; do
  me=${layer_of[$dir]}; ok=$(closure "$me")
  for f in "$src/$dir"/*.[ch]; do
    [ -e "$f" ] || continue
    while IFS=: read -r line inc; do
      checked=$((checked + 1))
      hdir=$(dirname "$inc")
      [ "$hdir" = . ] && continue                    # same folder
      [ -n "${layer_of[$hdir]+x}" ] || hdir=src/$hdir  # src/base/x.h is "base/x.h"
      to=${layer_of[$hdir]:-}
      [ -n "$to" ] || continue                        # generated or system header
      case "$ok" in *" $to "*) ;; *)
        echo "${f#$src/}:$line: layer '$me' includes \"$inc\" of layer '$to' (allowed: $ok)"
        bad=$((bad + 1));;
      esac
    done < <(grep -n '^#include "' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1:\2/')
  done
done
echo "$checked includes checked, $bad across a layer boundary the build does not allow"
[ $bad -eq 0 ]
