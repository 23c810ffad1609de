/* foam/1 layout check and writer (foam_file.h). */
#include "io/foam_file.h"

#include <stdlib.h>

pg_status pg_foam_file_shape(pg_h5_file *f, const char *path,
                             pg_foam_shape *out)
{
    pg_h5_dataset_info li, ti;
    if (!pg_h5_is_dataset(f, "/labels") || !pg_h5_is_dataset(f, "/time"))
        return PG_FAIL(PG_ERR_FORMAT, "%s: a foam/1 file needs /labels and "
                       "/time", path);
    PG_CHECK(pg_h5_dataset_info_get(f, "/labels", &li));
    PG_CHECK(pg_h5_dataset_info_get(f, "/time", &ti));
    if (li.type != PG_H5_I32 || li.rank != 4 || ti.rank != 1 ||
        ti.dims[0] != li.dims[1] || li.nelem == 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s: /labels must be int32 (S,T,H,W) "
                       "and /time (T), not empty", path);
    out->sequences = (int)li.dims[0];
    out->frames = (int)li.dims[1];
    out->height = (int)li.dims[2];
    out->width = (int)li.dims[3];
    return PG_OK;
}

static pg_status write_header(pg_h5_file *f, const pg_foam_header *h,
                              const int32_t *labels)
{
    const pg_foam_shape *s = &h->shape;
    size_t dims[4] = {(size_t)s->sequences, (size_t)s->frames,
                      (size_t)s->height, (size_t)s->width};
    PG_CHECK(pg_h5_dataset_write(f, "/labels", PG_H5_I32, 4, dims, labels,
                                 "1", h->gzip));
    size_t tdim = (size_t)s->frames;
    double *time = malloc(tdim * sizeof *time);
    if (!time) return PG_FAIL(PG_ERR_NOMEM, "foam/1 time axis");
    for (int t = 0; t < s->frames; t++)
        time[t] = h->start_mcs + t * h->interval_mcs;
    pg_status st = pg_h5_dataset_write(f, "/time", PG_H5_F64, 1, &tdim, time,
                                       "MCS", 0);
    free(time);
    PG_CHECK(st);
    PG_CHECK(pg_h5_attr_write_string(f, "/", "simulator", h->simulator));
    PG_CHECK(pg_h5_attr_write_double(f, "/", "temperature", h->temperature));
    PG_CHECK(pg_h5_attr_write_int(f, "/", "size", s->height));
    PG_CHECK(pg_h5_attr_write_double(f, "/", "interval_mcs", h->interval_mcs));
    PG_CHECK(pg_h5_attr_write_double(f, "/", "start_mcs", h->start_mcs));
    return PG_OK;
}

pg_status pg_foam_file_create(const char *path, const char *source,
                              const pg_foam_header *h, const int32_t *labels,
                              pg_h5_file **out)
{
    *out = NULL;
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_writer_open(path, "foam/1", source, &f));
    pg_status st = write_header(f, h, labels);
    if (st != PG_OK) {
        pg_h5_writer_abort(&f);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = f;
    return PG_OK;
}
