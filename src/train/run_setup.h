/* The pieces of setting up a run of `physgan train` (docs/hpc.md, "The
 * run directory") below the run object (run.h), shared by the three
 * trainers (generic, paired, CycleGAN): the resolved job text, rank 0's
 * run directory and the checkpoint to resume, and the broadcasts of that
 * checkpoint's name and of rank 0's parameters. */
#ifndef PG_TRAIN_RUN_SETUP_H
#define PG_TRAIN_RUN_SETUP_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/status.h"
#include "nn/net.h"

/* The resolved job (pg_config_write) as a malloc'ed string. */
pg_status pg_run_config_text(const pg_config *c, char **out);
/* "dir/name", malloc'ed (NULL when out of memory). */
char *pg_run_path(const char *dir, const char *name);
/* Rank 0: create run_dir, write run_dir/job.ini, and put the newest good
 * checkpoint of ckpt_dir into ckpt ("" to start fresh). Checkpoints
 * without resume are refused (PG_ERR_STATE). */
pg_status pg_run_prepare(const char *run_dir, const char *ckpt_dir,
                         const char *config_text, int resume, char *ckpt,
                         size_t cap);
/* Collective: broadcast ckpt (cap bytes) from rank 0. */
pg_status pg_run_bcast_string(MPI_Comm comm, char *s, size_t cap);
/* Collective: rank 0's weights and state of each net to every rank. */
pg_status pg_run_bcast_nets(MPI_Comm comm, pg_net *const *nets, int n);
/* Collective: rank 0 initialises the n nets in order from the stream
 * (seed, 0, PG_RNG_INIT) (so the start does not depend on the number of
 * ranks), the status is agreed, and the nets are broadcast. */
pg_status pg_run_init_nets(MPI_Comm comm, uint64_t seed, pg_net *const *nets,
                           int n);

#endif
