#!/usr/bin/env bash
# Writes the man pages of physgan and of each of its commands into OUTDIR,
# generated with help2man from the same text as --help (so they cannot
# drift from it): physgan.1, physgan-COMMAND.1 for every command that
# `physgan --help` lists, and physgan-COMMAND-KIND.1 for every kind a
# command's help lists ("Kinds:", as eval terrain). Run by the build
# (CMake target physgan_man).
# usage: make-man.sh PHYSGAN OUTDIR
set -euo pipefail
# A sanitizer build's binary reports MPI's leaks at exit (into stderr, which
# help2man keeps, and as its exit status): not the pages' business.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
mkdir -p "$out"
version=$("$bin" --version | awk '{ print $2 }')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
h2m() { # h2m PROGRAM DESCRIPTION OUTFILE
  help2man --no-info --no-discard-stderr --version-string="$version" \
    --name="$2" --section=1 --source="physgan $version" \
    --manual="physgan manual" "$1" --output="$3.tmp"
  mv "$3.tmp" "$3"
}
# table HEADER: the rows (two spaces, a name, a description) after the
# line HEADER matches, as "name<TAB>description".
table() {
  awk -v head="$1" '$0 ~ head { on = 1; next } on && /^  [a-z]/ {
      name = $1; $1 = ""; sub(/^ +/, ""); print name "\t" $0 } on && /^$/ { on = 0 }'
}
# page "WORDS" DESCRIPTION: the page of `physgan WORDS`.
page() {
  local name="physgan-${1// /-}" wrapper
  wrapper="$tmp/$name"
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$bin" "$1" > "$wrapper"
  chmod +x "$wrapper"
  h2m "$wrapper" "$2" "$out/$name.1" < /dev/null
}
h2m "$bin" "physics-informed GANs for HPC clusters" "$out/physgan.1"
"$bin" --help | table '^commands:' | while IFS=$'\t' read -r cmd desc; do
  page "$cmd" "$desc"
  "$bin" "$cmd" --help 2>&1 < /dev/null | table 'Kinds:$' | while IFS=$'\t' read -r kind kdesc; do
    page "$cmd $kind" "$kdesc"
  done
done
