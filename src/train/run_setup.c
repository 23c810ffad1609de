/* Run setup shared by the trainers (run_setup.h). */
#include "train/run_setup.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dist/agree.h"
#include "io/checkpoint.h"
#include "train/run_dir.h"
#include "train/trainer_impl.h"

pg_status pg_run_begin(MPI_Comm comm, const char *run_dir, MPI_Comm *dup,
                       int *rank, int *size, char **dir)
{
    *dup = MPI_COMM_NULL;
    *dir = NULL;
    if (MPI_Comm_dup(comm, dup) != MPI_SUCCESS) {
        *dup = MPI_COMM_NULL;
        return PG_FAIL(PG_ERR_MPI, "MPI_Comm_dup failed");
    }
    MPI_Comm_rank(*dup, rank);
    MPI_Comm_size(*dup, size);
    *dir = strdup(run_dir);
    return *dir ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "run dir");
}

pg_status pg_run_start(MPI_Comm comm, int rank, pg_status opts,
                       const pg_config *cfg, const char *run_dir, int resume,
                       char **config_text, char **ckpt_dir, char *ckpt,
                       size_t cap)
{
    pg_status st = opts;
    ckpt[0] = 0;
    if (st == PG_OK) st = pg_run_config_text(cfg, config_text);
    if (st == PG_OK && !(*ckpt_dir = pg_run_path(run_dir, "checkpoints")))
        st = PG_FAIL(PG_ERR_NOMEM, "paths");
    PG_CHECK(pg_dist_agree(comm, st));
    if (rank == 0)
        st = pg_run_prepare(run_dir, *ckpt_dir, *config_text, resume, ckpt,
                            cap);
    PG_CHECK(pg_dist_agree(comm, st));
    return pg_run_bcast_string(comm, ckpt, cap);
}

pg_status pg_run_config_text(const pg_config *c, char **out)
{
    size_t len;
    FILE *f = open_memstream(out, &len);
    if (!f) return PG_FAIL(PG_ERR_NOMEM, "config text");
    pg_status st = pg_config_write(c, f);
    fclose(f);
    if (st != PG_OK) {
        free(*out);
        *out = NULL;
    }
    return st;
}

char *pg_run_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", dir, name);
    return s;
}

pg_status pg_run_prepare(const char *run_dir, const char *ckpt_dir,
                         const char *config_text, int resume, char *ckpt,
                         size_t cap)
{
    ckpt[0] = 0;
    PG_CHECK(pg_run_dir_prepare(run_dir));
    int n = pg_run_dir_count_checkpoints(ckpt_dir);
    if (n && !resume)
        return PG_FAIL(PG_ERR_STATE, "%s already holds %d checkpoint%s: "
                       "continue it with --resume, or choose another "
                       "[output] dir", ckpt_dir, n, n == 1 ? "" : "s");
    if (n) {
        char *path;
        PG_CHECK(pg_checkpoint_find_latest_good(ckpt_dir, &path));
        snprintf(ckpt, cap, "%s", path);
        free(path);
    }
    char *job = pg_run_path(run_dir, "job.ini");
    if (!job) return PG_FAIL(PG_ERR_NOMEM, "path");
    pg_status st = pg_run_dir_write_file(job, config_text);
    free(job);
    return st;
}

pg_status pg_run_bcast_string(MPI_Comm comm, char *s, size_t cap)
{
    if (MPI_Bcast(s, (int)cap, MPI_CHAR, 0, comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "MPI_Bcast failed");
    return PG_OK;
}

pg_status pg_run_bcast_nets(MPI_Comm comm, pg_net *const *nets, int n)
{
    for (int i = 0; i < n; i++)
        /* Buffers of up to INT_MAX floats: one broadcast each. */
        if (MPI_Bcast(nets[i]->w, (int)nets[i]->nw, MPI_FLOAT, 0, comm) !=
                MPI_SUCCESS ||
            (nets[i]->ns &&
             MPI_Bcast(nets[i]->s, (int)nets[i]->ns, MPI_FLOAT, 0, comm) !=
                 MPI_SUCCESS))
            return PG_FAIL(PG_ERR_MPI, "broadcast of %s's parameters failed",
                           nets[i]->name);
    return PG_OK;
}

pg_status pg_run_open_outputs(const char *run_dir, const char *header,
                              int64_t resumed_step, FILE **metrics,
                              FILE **log)
{
    char *path = pg_run_path(run_dir, "metrics.csv");
    if (!path) return PG_FAIL(PG_ERR_NOMEM, "path");
    pg_status st = pg_run_dir_metrics_open(path, header, resumed_step,
                                           metrics);
    free(path);
    PG_CHECK(st);
    path = pg_run_path(run_dir, "train.log");
    if (!path) return PG_FAIL(PG_ERR_NOMEM, "path");
    *log = fopen(path, "a");
    st = *log ? PG_OK : PG_FAIL(PG_ERR_IO, "cannot append to %s", path);
    free(path);
    return st;
}

void pg_run_log(FILE *log, const char *fmt, ...)
{
    if (!log) return;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(log, "%s ", when);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log, fmt, ap);
    va_end(ap);
    fputc('\n', log);
    fflush(log);
}
