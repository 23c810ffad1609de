/* m_ref and h_ref of a dataset (see data_reference.h). */
#include "train/data_reference.h"

#include <stdlib.h>
#include <string.h>

#include "base/sample_range.h"
#include "io/terrain_file.h"
#include "io/h5.h"
#include "io/schema.h"

/* Rows read at once: bounded memory for datasets larger than RAM. */
static const size_t BLOCK_BYTES = (size_t)8 << 20;

pg_status pg_normalize_parse(const char *name, pg_normalize *out)
{
    if (!strcmp(name, "none")) *out = PG_NORMALIZE_NONE;
    else if (!strcmp(name, "patch")) *out = PG_NORMALIZE_PATCH;
    else if (!strcmp(name, "relief")) *out = PG_NORMALIZE_RELIEF;
    else
        return PG_FAIL(PG_ERR_CONFIG, "[data] normalize = %s: expected "
                       "none, patch or relief", name);
    return PG_OK;
}

static pg_status read_shape(pg_h5_file *f, const char *path,
                            const char *dataset, pg_data_reference *r)
{
    pg_h5_dataset_info info;
    PG_CHECK(pg_h5_dataset_info_get(f, dataset, &info));
    if (info.type != PG_H5_F32 || (info.rank != 3 && info.rank != 4) ||
        !info.dims[0])
        return PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s must be float32 "
                       "(N,H,W) or (N,C,H,W) with N > 0; it is %s of rank %d",
                       path, dataset, pg_h5_type_name(info.type), info.rank);
    r->n = info.dims[0];
    r->c = info.rank == 4 ? info.dims[1] : 1;
    r->h = info.dims[info.rank - 2];
    r->w = info.dims[info.rank - 1];
    return PG_OK;
}

pg_status pg_data_reference_compute(const char *path, const char *dataset,
                                    pg_normalize normalize,
                                    pg_data_reference *out)
{
    pg_data_reference r = {0};
    pg_h5_file *f = NULL;
    float *buf = NULL;
    pg_status st;
    int terrain = !strcmp(dataset, "/terrain");
    PG_CHECK(terrain ? pg_h5_file_open_valid(path, "terrain/1", &f)
                     : pg_h5_file_open(path, NULL, &f));
    PG_CHECK_GOTO(st, read_shape(f, path, dataset, &r), done);
    if (terrain)
        PG_CHECK_GOTO(st, pg_terrain_file_cells(f, &r.cell_size_m,
                                                &r.cell_size_y_m), done);
    r.offset = 0;
    r.scale = 1;
    if (normalize) {
        size_t len = r.c * r.h * r.w;
        size_t rows = BLOCK_BYTES / (len * sizeof(float));
        rows = rows ? rows : 1;
        rows = rows < r.n ? rows : r.n;
        buf = malloc(rows * len * sizeof *buf);
        if (!buf) {
            st = PG_FAIL(PG_ERR_NOMEM, "%s: %zu samples of %zu values", path,
                         rows, len);
            goto done;
        }
        double sum_mid = 0, sum_half = 0, max_half = 0;
        for (size_t row0 = 0; row0 < r.n; row0 += rows) {
            size_t k = r.n - row0 < rows ? r.n - row0 : rows;
            PG_CHECK_GOTO(st, pg_h5_dataset_read_rows(f, dataset, PG_H5_F32,
                                                      row0, k, buf), done);
            for (size_t i = 0; i < k; i++) {
                double mid, half;
                pg_data_sample_range(buf + i * len, len, &mid, &half);
                sum_mid += mid;
                sum_half += half;
                max_half = half > max_half ? half : max_half;
            }
        }
        r.offset = sum_mid / (double)r.n;
        r.scale = normalize == PG_NORMALIZE_RELIEF
                      ? max_half : sum_half / (double)r.n;
    }
    *out = r;
    st = PG_OK;
done:
    free(buf);
    pg_h5_file_close(&f);
    return st;
}
