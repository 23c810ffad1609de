/* Slurm batch scripts for `physgan submit` (docs/hpc.md "Slurm").
 *
 * A template (jobs/slurm/train.sbatch) is plain text in which @NAME@,
 * NAME made of capitals, digits and '_', is replaced by a value; every
 * other '@' is kept. The placeholders:
 *
 *   @JOB_NAME@         Slurm job name (the job file's name without .ini)
 *   @NODES@            --nodes
 *   @NTASKS_PER_NODE@  --ntasks-per-node (MPI ranks per node)
 *   @TIME@             --time as given (validated)
 *   @CHDIR@            working directory of the job (the submit directory)
 *   @OUTPUT@           Slurm's output file, in the run directory
 *   @EXTRA_SBATCH@     "#SBATCH" lines for --partition, --account and
 *                      --array when given (else nothing)
 *   @STOPPED_EXIT@     exit code of physgan train stopped by a signal (3)
 *   @COMMAND@          the job step's command line (after srun)
 *   @PHYSGAN@ @JOB_FILE@ @RUN_DIR@  shell-quoted paths, for custom templates
 *
 * An unknown placeholder is an error naming TEMPLATE:LINE. Not collective.
 */
#ifndef PG_TRAIN_SLURM_SCRIPT_H
#define PG_TRAIN_SLURM_SCRIPT_H

#include "base/status.h"
#include "io/text_buffer.h"

/* Exit code of `physgan train` stopped by SIGTERM/SIGINT/SIGUSR1 after a
 * checkpoint (src/cli/cmd_train.c). */
enum { PG_SLURM_TRAIN_STOPPED_EXIT = 3 };

typedef struct pg_slurm_job {
    const char *job_name;
    long nodes, ntasks_per_node;
    const char *time;        /* Slurm time limit, checked by _time_parse */
    const char *chdir;       /* absolute */
    const char *output;      /* absolute path of Slurm's output file */
    const char *partition;   /* NULL: the cluster's default */
    const char *account;     /* NULL: the user's default */
    const char *array;       /* NULL: not an array job */
    const char *command;     /* the job step's command line (shell text) */
    const char *physgan, *job_file, *run_dir; /* absolute paths */
} pg_slurm_job;

/* Parse a Slurm time limit: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or
 * D-HH:MM:SS (fields after the first below 60 or 24 hours). *seconds is
 * the limit; PG_ERR_ARG naming the text and the formats otherwise, or when
 * it is zero. */
pg_status pg_slurm_time_parse(const char *s, long *seconds);

/* Check a --array specification: comma-separated N or N-M items with an
 * optional :STEP on ranges and an optional final %LIMIT (0-7, 1,3,5,
 * 0-15:2%4). PG_ERR_ARG naming the text otherwise. */
pg_status pg_slurm_array_check(const char *s);

/* Quote s for a POSIX shell (single quotes, ' as '\''). */
void pg_slurm_shell_quote(pg_text_buffer *b, const char *s);

/* Fill the template (text, named template_name in messages) for job j and
 * append the script to out. PG_ERR_FORMAT for an unknown or unterminated
 * placeholder; PG_ERR_ARG for values Slurm could not read in an #SBATCH
 * line (whitespace or newlines in them). */
pg_status pg_slurm_script_render(const char *text, const char *template_name,
                                 const pg_slurm_job *j, pg_text_buffer *out);

#endif
