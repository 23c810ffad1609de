/* pg_cli_run_mpi (cli.h): the MPI start and end of the commands that share
 * work among ranks only when a launcher started them. */
#include <mpi.h>

#include "cli/cli.h"

int pg_cli_run_mpi(pg_cli_mpi_fn fn, void *ctx)
{
    int mpi = pg_cli_under_mpi_launcher(), rank = 0, ranks = 1, rc = 0;
    MPI_Comm comm = MPI_COMM_NULL;
    if (mpi) {
        MPI_Init(NULL, NULL);
        comm = MPI_COMM_WORLD;
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &ranks);
    }
    pg_status s = fn(ctx, comm, rank, ranks);
    /* Every rank has the same status; rank 0 prints the chain. */
    if (s != PG_OK) {
        if (rank == 0) rc = pg_cli_fail(s);
        else {
            pg_error_clear();
            rc = s == PG_ERR_ARG ? PG_EXIT_USAGE : PG_EXIT_FAILURE;
        }
    }
    if (mpi) MPI_Finalize();
    return rc;
}
