/* foam/1 layout check (foam_file.h). */
#include "io/foam_file.h"

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
