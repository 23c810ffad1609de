/* XDMF sidecar of a foam/1 file (foam_xdmf.h). */
#include "io/foam_xdmf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/foam_file.h"
#include "io/h5.h"
#include "io/xdmf.h"

/* Lattice spacing written into the sidecar: lengths in sites. */
static const double SITE = 1.0;

pg_status pg_foam_xdmf_path(const char *h5_path, char *out, size_t cap)
{
    size_t n = strlen(h5_path);
    if (n >= 3 && !strcmp(h5_path + n - 3, ".h5")) n -= 3;
    if (n + 5 > cap)
        return PG_FAIL(PG_ERR_ARG, "%s: path too long for its XDMF sidecar",
                       h5_path);
    memcpy(out, h5_path, n);
    memcpy(out + n, ".xmf", 5);
    return PG_OK;
}

pg_status pg_foam_xdmf_write(const char *h5_path, char *xmf_out, size_t cap)
{
    size_t plen = strlen(h5_path) + 8;
    char *xmf = malloc(plen);
    if (!xmf) return PG_FAIL(PG_ERR_NOMEM, "XDMF path");
    pg_h5_file *f = NULL;
    double *time = NULL;
    pg_foam_shape sh;
    pg_status st = PG_OK;
    PG_CHECK_GOTO(st, pg_foam_xdmf_path(h5_path, xmf, plen), done);
    PG_CHECK_GOTO(st, pg_h5_file_open(h5_path, "foam/1", &f), done);
    PG_CHECK_GOTO(st, pg_foam_file_shape(f, h5_path, &sh), done);
    time = malloc((size_t)sh.frames * sizeof *time);
    if (!time) {
        st = PG_FAIL(PG_ERR_NOMEM, "%s: /time", h5_path);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_h5_dataset_read(f, "/time", PG_H5_F64, time,
                                         (size_t)sh.frames), done);
    const char *base = strrchr(h5_path, '/');
    base = base ? base + 1 : h5_path;
    pg_xdmf_field x = {base, "/labels", "bubble_id", PG_H5_I32, 4,
                       {(size_t)sh.sequences, (size_t)sh.frames,
                        (size_t)sh.height, (size_t)sh.width},
                       SITE, SITE, time, 1};
    PG_CHECK_GOTO(st, pg_xdmf_write(xmf, &x), done);
    if (xmf_out) PG_CHECK_GOTO(st, pg_foam_xdmf_path(h5_path, xmf_out, cap),
                               done);
done:
    pg_h5_file_close(&f);
    free(time);
    free(xmf);
    return st;
}
