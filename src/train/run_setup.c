/* Run setup shared by the trainers (run_setup.h). */
#include "train/run_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "dist/agree.h"
#include "io/checkpoint.h"
#include "train/run_dir.h"

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

pg_status pg_run_init_nets(MPI_Comm comm, uint64_t seed, pg_net *const *nets,
                           int n)
{
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    pg_status st = PG_OK;
    if (rank == 0) {
        pg_rng *init = NULL;
        st = pg_rng_create(seed, 0, PG_RNG_INIT, &init);
        for (int i = 0; i < n && st == PG_OK; i++)
            st = pg_net_init(nets[i], init);
        pg_rng_destroy(&init);
    }
    PG_CHECK(pg_dist_agree(comm, st));
    return pg_run_bcast_nets(comm, nets, n);
}
