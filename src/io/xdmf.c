/* XDMF 2 sidecars for HDF5 grids (see xdmf.h). */
#include "io/xdmf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic_file.h"
#include "io/text_buffer.h"

static pg_status check(const pg_xdmf_field *f)
{
    if (!f->h5_file || !*f->h5_file || !f->dataset || !*f->dataset)
        return PG_FAIL(PG_ERR_ARG, "XDMF: the HDF5 file name and the "
                       "dataset path are required");
    if (f->rank != 3 && f->rank != 4)
        return PG_FAIL(PG_ERR_ARG, "XDMF: %s has rank %d; 3 (K,H,W) or 4 "
                       "(S,T,H,W) are supported", f->dataset, f->rank);
    for (int i = 0; i < f->rank; i++)
        if (!f->dims[i])
            return PG_FAIL(PG_ERR_ARG, "XDMF: %s has an empty dimension %d",
                           f->dataset, i);
    if (!(f->dx > 0 && f->dy > 0 && isfinite(f->dx) && isfinite(f->dy)))
        return PG_FAIL(PG_ERR_ARG, "XDMF: spacing dx = %g, dy = %g must be "
                       "finite and > 0", f->dx, f->dy);
    if (f->type != PG_H5_F32 && f->type != PG_H5_F64 &&
        f->type != PG_H5_I32 && f->type != PG_H5_I16)
        return PG_FAIL(PG_ERR_ARG, "XDMF: %s of type %s is not supported",
                       f->dataset, pg_h5_type_name(f->type));
    /* Names go into XML attributes and text unescaped: refuse markup. */
    const char *names[] = {f->h5_file, f->dataset, f->name ? f->name : ""};
    for (int i = 0; i < 3; i++)
        if (strpbrk(names[i], "<>&\"'"))
            return PG_FAIL(PG_ERR_ARG, "XDMF: '%s' contains a character "
                           "that XML would need escaped", names[i]);
    return PG_OK;
}

static const char *number_type(pg_h5_type t, int *precision)
{
    *precision = (int)pg_h5_type_size(t);
    return (t == PG_H5_F32 || t == PG_H5_F64) ? "Float" : "Int";
}

/* One uniform grid: item `item` (and time index t for rank 4). */
static void put_grid(pg_text_buffer *b, const pg_xdmf_field *f, size_t item,
                     size_t t, const char *indent)
{
    int r4 = f->rank == 4, prec;
    size_t h = f->dims[f->rank - 2], w = f->dims[f->rank - 1];
    const char *nt = number_type(f->type, &prec);
    double x0 = f->side_by_side ? (double)item * (double)(w + 1) * f->dx : 0;
    pg_text_buffer_printf(
        b,
        "%s<Grid Name=\"item-%02zu\" GridType=\"Uniform\">\n"
        "%s  <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"1 %zu %zu\"/>\n"
        "%s  <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n"
        "%s    <DataItem Name=\"Origin\" Dimensions=\"3\" NumberType=\"Float\" "
        "Precision=\"8\" Format=\"XML\">0 0 %.17g</DataItem>\n"
        "%s    <DataItem Name=\"Spacing\" Dimensions=\"3\" NumberType=\"Float\" "
        "Precision=\"8\" Format=\"XML\">1 %.17g %.17g</DataItem>\n"
        "%s  </Geometry>\n",
        indent, item, indent, h, w, indent, indent, x0, indent, f->dy, f->dx,
        indent);
    pg_text_buffer_printf(
        b,
        "%s  <Attribute Name=\"%s\" AttributeType=\"Scalar\" Center=\"Node\">\n"
        "%s    <DataItem ItemType=\"HyperSlab\" Dimensions=\"%s%zu %zu\" "
        "Type=\"HyperSlab\">\n",
        indent, f->name ? f->name : "value", indent, r4 ? "1 1 " : "1 ", h,
        w);
    if (r4)
        pg_text_buffer_printf(
            b,
            "%s      <DataItem Dimensions=\"3 4\" Format=\"XML\">%zu %zu 0 0 "
            "1 1 1 1 1 1 %zu %zu</DataItem>\n"
            "%s      <DataItem Dimensions=\"%zu %zu %zu %zu\" NumberType=\"%s\" "
            "Precision=\"%d\" Format=\"HDF\">%s:%s</DataItem>\n",
            indent, item, t, h, w, indent, f->dims[0], f->dims[1], h, w, nt,
            prec, f->h5_file, f->dataset);
    else
        pg_text_buffer_printf(
            b,
            "%s      <DataItem Dimensions=\"3 3\" Format=\"XML\">%zu 0 0 "
            "1 1 1 1 %zu %zu</DataItem>\n"
            "%s      <DataItem Dimensions=\"%zu %zu %zu\" NumberType=\"%s\" "
            "Precision=\"%d\" Format=\"HDF\">%s:%s</DataItem>\n",
            indent, item, h, w, indent, f->dims[0], h, w, nt, prec,
            f->h5_file, f->dataset);
    pg_text_buffer_printf(b, "%s    </DataItem>\n%s  </Attribute>\n"
                             "%s</Grid>\n", indent, indent, indent);
}

pg_status pg_xdmf_format(const pg_xdmf_field *f, char **out)
{
    PG_CHECK(check(f));
    pg_text_buffer b = {0};
    pg_text_buffer_append(&b, "<?xml version=\"1.0\" ?>\n"
                              "<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
                              "<Xdmf Version=\"2.0\">\n  <Domain>\n");
    if (f->rank == 3) {
        pg_text_buffer_printf(&b, "    <Grid Name=\"%s\" GridType=\"Collection\""
                              " CollectionType=\"Spatial\">\n", f->dataset);
        for (size_t k = 0; k < f->dims[0]; k++)
            put_grid(&b, f, k, 0, "      ");
        pg_text_buffer_append(&b, "    </Grid>\n");
    } else {
        pg_text_buffer_printf(&b, "    <Grid Name=\"%s\" GridType=\"Collection\""
                              " CollectionType=\"Temporal\">\n", f->dataset);
        for (size_t t = 0; t < f->dims[1]; t++) {
            pg_text_buffer_printf(&b, "      <Grid Name=\"t-%zu\" GridType="
                                  "\"Collection\" CollectionType=\"Spatial\">\n"
                                  "        <Time Value=\"%.17g\"/>\n", t,
                                  f->times ? f->times[t] : (double)t);
            for (size_t s = 0; s < f->dims[0]; s++)
                put_grid(&b, f, s, t, "        ");
            pg_text_buffer_append(&b, "      </Grid>\n");
        }
        pg_text_buffer_append(&b, "    </Grid>\n");
    }
    pg_text_buffer_append(&b, "  </Domain>\n</Xdmf>\n");
    pg_status st = pg_text_buffer_status(&b, "XDMF text");
    if (st != PG_OK) {
        pg_text_buffer_free(&b);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = b.data;
    return PG_OK;
}

pg_status pg_xdmf_write(const char *xmf_path, const pg_xdmf_field *f)
{
    char *text = NULL;
    PG_CHECK(pg_xdmf_format(f, &text));
    pg_status st = pg_atomic_file_write(xmf_path, text, strlen(text), 0644);
    free(text);
    PG_CHECK(st);
    return PG_OK;
}
