#include "train/ckpt_config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "train/job_schema.h"
#include "train/run_dir.h"

pg_status pg_ckpt_job_config(const pg_checkpoint *c, const char *path,
                             const char *arch, const char *what,
                             pg_config **cfg)
{
    const char *text = pg_checkpoint_config(c);
    if (!*text)
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has an empty /config",
                       path);
    /* The config loader reads files: through a private temporary one. */
    char tmp[] = "/tmp/physgan-job-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) return PG_FAIL(PG_ERR_IO, "cannot create a temporary file");
    close(fd);
    pg_status st = pg_run_dir_write_file(tmp, text);
    if (st == PG_OK) st = pg_job_config_load(tmp, NULL, 0, cfg);
    unlink(tmp);
    PG_CHECK(st);
    const char *a;
    PG_CHECK(pg_config_get_string(*cfg, "model", "arch", &a));
    if (strcmp(a, arch))
        return PG_FAIL(PG_ERR_CONFIG, "checkpoint %s is of [model] arch = "
                       "%s, not a %s (%s)", path, a, what, arch);
    return PG_OK;
}
