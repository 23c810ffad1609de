#include "train/ckpt_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train/job_schema.h"

pg_status pg_ckpt_job_config(const pg_checkpoint *c, const char *path,
                             const char *arch, const char *what,
                             pg_config **cfg)
{
    *cfg = NULL;
    const char *text = pg_checkpoint_config(c);
    if (!*text)
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has an empty /config",
                       path);
    /* Parsed where it lies: messages name "CKPT:/config:LINE". */
    size_t n = strlen(path) + sizeof ":/config";
    char *name = malloc(n);
    if (!name) return PG_FAIL(PG_ERR_NOMEM, "checkpoint %s: /config", path);
    snprintf(name, n, "%s:/config", path);
    pg_status st = pg_job_config_load_text(text, name, cfg);
    free(name);
    PG_CHECK(st);
    if (!arch) return PG_OK;
    const char *a;
    PG_CHECK_GOTO(st, pg_config_get_string(*cfg, "model", "arch", &a), fail);
    if (strcmp(a, arch)) {
        st = PG_FAIL(PG_ERR_CONFIG, "checkpoint %s is of [model] arch = %s, "
                     "not a %s (%s)", path, a, what, arch);
        goto fail;
    }
    return PG_OK;
fail:
    pg_config_destroy(cfg);
    return st;
}
