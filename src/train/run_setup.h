/* Setting up a run of `physgan train` (docs/hpc.md, "The run directory"),
 * shared by the three trainers (generic, paired, CycleGAN): the
 * communicator, the resolved job text, the run directory and the
 * checkpoint to resume, rank 0's parameters broadcast, metrics.csv and
 * train.log. */
#ifndef PG_TRAIN_RUN_SETUP_H
#define PG_TRAIN_RUN_SETUP_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/config.h"
#include "base/status.h"
#include "nn/net.h"

/* The start of every trainer's create: comm duplicated into *dup with
 * this rank and the size, run_dir copied into *dir. On failure *dup is
 * MPI_COMM_NULL or the duplicate and *dir NULL or the copy, so the
 * trainer's destroy frees what was made. */
pg_status pg_run_begin(MPI_Comm comm, const char *run_dir, MPI_Comm *dup,
                       int *rank, int *size, char **dir);
/* Collective, after the trainer read its options (opts: their status,
 * agreed here): the resolved job text into *config_text, the path
 * run_dir/checkpoints into *ckpt_dir, rank 0's pg_run_prepare, and the
 * checkpoint to resume into ckpt on every rank ("" to start fresh). */
pg_status pg_run_start(MPI_Comm comm, int rank, pg_status opts,
                       const pg_config *cfg, const char *run_dir, int resume,
                       char **config_text, char **ckpt_dir, char *ckpt,
                       size_t cap);
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
/* Rank 0: metrics.csv with header (kept up to resumed_step, or new when
 * resumed_step < 0) and train.log for appending. */
pg_status pg_run_open_outputs(const char *run_dir, const char *header,
                              int64_t resumed_step, FILE **metrics,
                              FILE **log);
/* A timestamped line of train.log (no-op when log is NULL). */
void pg_run_log(FILE *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
