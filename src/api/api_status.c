/* Status codes and messages of the C API (api_status.h). */
#include "api_status.h"

#include <assert.h>
#include <stdio.h>

#include "base/version.h"
#include "physgan/physgan.h"

/* The public codes are pg_status's values (docs/api.md lists them). */
#define SAME(api, pg) ((int)(api) == (int)(pg))
static_assert(SAME(PHYSGAN_ERR_ARG, PG_ERR_ARG) &&
              SAME(PHYSGAN_ERR_CONFIG, PG_ERR_CONFIG) &&
              SAME(PHYSGAN_ERR_IO, PG_ERR_IO) &&
              SAME(PHYSGAN_ERR_FORMAT, PG_ERR_FORMAT) &&
              SAME(PHYSGAN_ERR_NOMEM, PG_ERR_NOMEM) &&
              SAME(PHYSGAN_ERR_SHAPE, PG_ERR_SHAPE) &&
              SAME(PHYSGAN_ERR_NUMERIC, PG_ERR_NUMERIC) &&
              SAME(PHYSGAN_ERR_MPI, PG_ERR_MPI) &&
              SAME(PHYSGAN_ERR_STATE, PG_ERR_STATE) &&
              SAME(PHYSGAN_ERR_INTERNAL, PG_ERR_INTERNAL) &&
              SAME(PHYSGAN_ERR_INTERNAL + 1, PG_STATUS_COUNT),
              "public status codes match pg_status");

int pg_api_status(pg_status st, char *msg, size_t cap)
{
    if (st == PG_OK) {
        msg[0] = 0;
        pg_error_clear();
        return PHYSGAN_OK;
    }
    const char *m = pg_error_message();
    snprintf(msg, cap, "%s", *m ? m : pg_strerror(st));
    pg_error_clear();
    return (int)st;
}

const char *physgan_strerror(int status)
{
    return pg_strerror((pg_status)status);
}

const char *physgan_version(int *major, int *minor, int *patch)
{
    if (major) *major = PHYSGAN_VERSION_MAJOR;
    if (minor) *minor = PHYSGAN_VERSION_MINOR;
    if (patch) *patch = PHYSGAN_VERSION_PATCH;
    return PHYSGAN_VERSION;
}
