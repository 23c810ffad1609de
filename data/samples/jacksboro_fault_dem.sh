#!/bin/sh
# One-off conversion of matplotlib's sample DEM (Debian package
# python-matplotlib-data) into an ESRI ASCII grid that GDAL, QGIS and
# `physgan import dem` read. Shell, unzip, od and awk only (no Python).
# Run once from the repository root:
#   sh data/samples/jacksboro_fault_dem.sh
# Writes data/samples/jacksboro_fault_dem.asc and .prj (see README.md).
#
# The .npz is a zip of .npy files: elevation '<i2' (344, 403) metres, and
# float64 scalars dx, dy (degrees per cell), xmin, xmax, ymin, ymax
# (degrees). ymin (36.733) is larger than ymax (36.446): they are the
# edges of the first and the last row, so row 0 is the northern edge, as
# in an image; the grid's lower-left corner is (xmin, ymax).
set -eu
npz=${1:-/usr/share/matplotlib/mpl-data/sample_data/jacksboro_fault_dem.npz}
out=${2:-data/samples/jacksboro_fault_dem}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$npz" -d "$tmp"

# Offset of the data in a version-1 .npy: 10-byte preamble plus the
# little-endian uint16 header length at byte 8.
data_offset() { echo $((10 + $(od -An -tu2 -j8 -N2 "$1" | tr -d ' '))); }
scalar() {
    f=$tmp/$1.npy
    grep -q "'descr': '<f8'" "$f" || { echo "$f: not float64" >&2; exit 1; }
    od -An -tf8 -j"$(data_offset "$f")" -N8 "$f" | tr -d ' '
}
e=$tmp/elevation.npy
grep -q "'descr': '<i2', 'fortran_order': False, 'shape': (344, 403)" "$e" ||
    { echo "$e: expected int16 (344, 403) in C order" >&2; exit 1; }
rows=344 cols=403
dx=$(scalar dx) dy=$(scalar dy) xmin=$(scalar xmin) ymax=$(scalar ymax)
[ "$dx" = "$dy" ] || { echo "cells are not square in degrees" >&2; exit 1; }

{
    printf 'ncols %d\nnrows %d\nxllcorner %s\nyllcorner %s\ncellsize %s\n' \
        "$cols" "$rows" "$xmin" "$ymax" "$dx"
    printf 'NODATA_value -32768\n'
    # One od line per raster row: cols int16 values = 2*cols bytes.
    od -An -v -td2 -w$((2 * cols)) -j"$(data_offset "$e")" "$e" |
        awk -v n="$cols" 'NF != n { print "bad row " NR > "/dev/stderr"; exit 1 }
                          { $1 = $1; print }'
} > "$out.asc.tmp"
[ "$(wc -l < "$out.asc.tmp")" -eq $((rows + 6)) ] ||
    { echo "row count mismatch" >&2; exit 1; }
mv "$out.asc.tmp" "$out.asc"
# SRTM heights are referenced to WGS 84 horizontally (ESRI WKT for GDAL).
printf '%s\n' 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]' > "$out.prj"
echo "wrote $out.asc ($rows x $cols) and $out.prj"
