/* A domain-decomposed Potts foam: strips, halo exchange, the shared pass
 * order (foam_decomp.h). */
#include "physics/foam/io/foam_decomp.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rng.h"
#include "dist/agree.h"

enum { TAG_UP = 811, TAG_DOWN = 812, TAG_GATHER = 813, SECTORS = 2 };

struct pg_foam_decomp {
    pg_foam_decomp_opts o;
    MPI_Comm comm;       /* duplicated; MPI_COMM_NULL for one process */
    int rank, ranks, y0, rows;
    int up, down;        /* ranks holding the rows above and below */
    pg_rng *rng;         /* this rank's attempts */
    pg_rng *order;       /* the pass order, the same on every rank */
    pg_foam_potts *p;
    double halo_bytes, halo_s;
};

pg_status pg_foam_decomp_rows(int n, int ranks, int r, int *y0, int *rows)
{
    /* Pairs of rows, so that every strip starts on an even row and keeps
     * the global sublattice parity. */
    int pairs = n / 2, base = pairs / ranks, extra = pairs % ranks;
    if (base < 1)
        return PG_FAIL(PG_ERR_ARG, "foam decomposition: %d rows on %d ranks; "
                       "each rank needs at least 2 rows (at most %d ranks)",
                       n, ranks, pairs);
    *rows = 2 * (base + (r < extra));
    *y0 = 2 * (r * base + (r < extra ? r : extra));
    return PG_OK;
}

/* Copy the neighbours' edge rows into the halo rows of strip `a`
 * (rows + 2 rows of n ids): this rank's first own row goes up, its last
 * down. Collective over the neighbours. */
static pg_status exchange(pg_foam_decomp *d, int32_t *a)
{
    const int n = d->o.n, rows = d->rows;
    int32_t *top = a + (size_t)n, *bottom = a + (size_t)rows * n;
    int32_t *halo_up = a, *halo_down = a + (size_t)(rows + 1) * n;
    double t0 = pg_clock_now_s();
    if (d->ranks == 1) {
        memcpy(halo_down, top, (size_t)n * sizeof *a);
        memcpy(halo_up, bottom, (size_t)n * sizeof *a);
    } else {
        if (MPI_Sendrecv(top, n, MPI_INT32_T, d->up, TAG_UP, halo_down, n,
                         MPI_INT32_T, d->down, TAG_UP, d->comm,
                         MPI_STATUS_IGNORE) != MPI_SUCCESS ||
            MPI_Sendrecv(bottom, n, MPI_INT32_T, d->down, TAG_DOWN, halo_up, n,
                         MPI_INT32_T, d->up, TAG_DOWN, d->comm,
                         MPI_STATUS_IGNORE) != MPI_SUCCESS)
            return PG_FAIL(PG_ERR_MPI, "foam halo exchange (rank %d)",
                           d->rank);
        d->halo_bytes += 2.0 * n * sizeof *a;
    }
    d->halo_s += pg_clock_now_s() - t0;
    return PG_OK;
}

static pg_status halo_update(pg_foam_decomp *d)
{
    /* The strip's own array: rows + 2 rows from row 0. */
    PG_CHECK(exchange(d, pg_foam_potts_strip_row(d->p, 0)));
    pg_foam_potts_strip_halo_changed(d->p);
    return PG_OK;
}

/* Scatter the own rows of start from rank 0 into a (rows + 2) x n.
 * Collective; every rank has agreed to get here. */
static pg_status scatter(pg_foam_decomp *d, const int32_t *start, int32_t *a)
{
    const int n = d->o.n;
    if (d->ranks == 1) {
        memcpy(a + n, start, (size_t)n * d->rows * sizeof *a);
        return PG_OK;
    }
    int *counts = NULL, *displs = NULL;
    if (d->rank == 0) {
        counts = malloc((size_t)d->ranks * sizeof *counts);
        displs = malloc((size_t)d->ranks * sizeof *displs);
        /* No way out of the collective below: a failed allocation here
         * aborts through MPI (a few ints per rank). */
        for (int r = 0; counts && displs && r < d->ranks; r++) {
            int y0 = 0, rows = 0;
            (void)pg_foam_decomp_rows(n, d->ranks, r, &y0, &rows);
            counts[r] = rows * n;
            displs[r] = y0 * n;
        }
    }
    int rc = MPI_Scatterv(start, counts, displs, MPI_INT32_T, a + n,
                          d->rows * n, MPI_INT32_T, 0, d->comm);
    free(counts);
    free(displs);
    if (rc != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "foam scatter of the start (rank %d)",
                       d->rank);
    return PG_OK;
}

/* This rank's rows, generators and buffers (a: the strip with halos). */
static pg_status decomp_setup(pg_foam_decomp *d, int32_t **a)
{
    const pg_foam_decomp_opts *o = &d->o;
    if (o->slices < 1)
        return PG_FAIL(PG_ERR_ARG, "foam decomposition: %d sector rounds per "
                       "MCS; need >= 1", o->slices);
    PG_CHECK(pg_foam_decomp_rows(o->n, d->ranks, d->rank, &d->y0, &d->rows));
    d->up = (d->rank + d->ranks - 1) % d->ranks;
    d->down = (d->rank + 1) % d->ranks;
    PG_CHECK(pg_rng_create(o->seed, o->sequence,
                           PG_FOAM_RNG_STREAM_STRIP + d->rank, &d->rng));
    PG_CHECK(pg_rng_create(o->seed, o->sequence, PG_FOAM_RNG_STREAM_ORDER,
                           &d->order));
    *a = malloc((size_t)o->n * (d->rows + 2) * sizeof **a);
    if (!*a)
        return PG_FAIL(PG_ERR_NOMEM, "foam strip of %d x %d", d->rows, o->n);
    return PG_OK;
}

/* Collective: set up, agree, scatter, exchange, index the strip. */
static pg_status decomp_init(pg_foam_decomp *d, const int32_t *start)
{
    int32_t *a = NULL;
    pg_status st = pg_dist_agree_each(d->comm, decomp_setup(d, &a));
    if (st == PG_OK) st = scatter(d, start, a);
    if (st == PG_OK) st = exchange(d, a);
    if (st == PG_OK)
        st = pg_foam_potts_create_strip(d->o.n, d->rows, a, d->o.temperature,
                                        d->rng, &d->p);
    free(a);
    PG_CHECK(st);
    pg_foam_potts_set_proposal(d->p, d->o.proposal);
    /* A strip builds no boundary list: nothing to fail. */
    return pg_foam_potts_set_sweep(d->p, d->o.sweep);
}

pg_status pg_foam_decomp_create(const pg_foam_decomp_opts *o, MPI_Comm comm,
                                const int32_t *start, pg_foam_decomp **out)
{
    *out = NULL;
    pg_foam_decomp *d = calloc(1, sizeof *d);
    if (!d) return PG_FAIL(PG_ERR_NOMEM, "foam decomposition");
    d->o = *o;
    d->comm = MPI_COMM_NULL;
    d->ranks = 1;
    pg_status st = PG_OK;
    if (comm != MPI_COMM_NULL) {
        if (MPI_Comm_dup(comm, &d->comm) != MPI_SUCCESS) {
            free(d);
            return PG_FAIL(PG_ERR_MPI, "MPI_Comm_dup");
        }
        MPI_Comm_rank(d->comm, &d->rank);
        MPI_Comm_size(d->comm, &d->ranks);
    }
    st = decomp_init(d, start);
    st = pg_dist_agree_each(d->comm, st);
    if (st != PG_OK) {
        pg_foam_decomp_destroy(&d);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = d;
    return PG_OK;
}

void pg_foam_decomp_destroy(pg_foam_decomp **d)
{
    if (!d || !*d) return;
    pg_foam_potts_destroy(&(*d)->p);
    pg_rng_destroy(&(*d)->rng);
    pg_rng_destroy(&(*d)->order);
    if ((*d)->comm != MPI_COMM_NULL) MPI_Comm_free(&(*d)->comm);
    free(*d);
    *d = NULL;
}

/* One checkerboard MCS: the four sublattices in a shared random order. */
static pg_status checkerboard_mcs(pg_foam_decomp *d)
{
    gsl_rng *g = pg_rng_gsl(d->order);
    int first = (int)(gsl_rng_get(g) & 3);
    /* Array row y holds global row y0 + y - 1: with y0 even the row
     * parity flips. */
    int flip = (d->y0 & 1) ? 0 : 2;
    for (int q = 0; q < 4; q++) {
        pg_foam_potts_strip_sublattice(d->p, (first ^ q) ^ flip);
        PG_CHECK(halo_update(d));
    }
    return PG_OK;
}

/* One random-order MCS: `slices` rounds over the two sectors. */
static pg_status random_mcs(pg_foam_decomp *d)
{
    gsl_rng *g = pg_rng_gsl(d->order);
    const int half = d->rows / 2, k = d->o.slices;
    const long sites = (long)half * d->o.n;
    for (int s = 0; s < k; s++) {
        /* This round's share of the sector's N^2-per-MCS attempts; the k
         * shares add up to exactly `sites`. */
        long share = sites * (s + 1) / k - sites * s / k;
        int first = (int)(gsl_rng_get(g) & 1);
        for (int q = 0; q < SECTORS; q++) {
            int r0 = 1 + ((first ^ q) ? half : 0);
            pg_foam_potts_strip_random(d->p, r0, r0 + half, share);
            PG_CHECK(halo_update(d));
        }
    }
    return PG_OK;
}

pg_status pg_foam_decomp_run(pg_foam_decomp *d, long mcs)
{
    for (long m = 0; m < mcs; m++) {
        pg_status st = d->o.sweep == PG_FOAM_SWEEP_RANDOM ? random_mcs(d)
                                                          : checkerboard_mcs(d);
        if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

int pg_foam_decomp_y0(const pg_foam_decomp *d) { return d->y0; }
int pg_foam_decomp_nrows(const pg_foam_decomp *d) { return d->rows; }

const int32_t *pg_foam_decomp_labels(const pg_foam_decomp *d)
{
    /* The own rows are contiguous in the strip's array, after the upper
     * halo row. */
    return pg_foam_potts_strip_row(d->p, 1);
}

pg_status pg_foam_decomp_gather(pg_foam_decomp *d, int32_t *all)
{
    const int n = d->o.n;
    const int32_t *mine = pg_foam_decomp_labels(d);
    if (d->rank == 0) memcpy(all, mine, (size_t)d->rows * n * sizeof *all);
    for (int r = 1; r < d->ranks; r++) {
        int y0 = 0, rows = 0, rc = MPI_SUCCESS;
        PG_CHECK(pg_foam_decomp_rows(n, d->ranks, r, &y0, &rows));
        if (d->rank == 0)
            rc = MPI_Recv(all + (size_t)y0 * n, rows * n, MPI_INT32_T, r,
                          TAG_GATHER, d->comm, MPI_STATUS_IGNORE);
        else if (d->rank == r)
            rc = MPI_Send(mine, rows * n, MPI_INT32_T, 0, TAG_GATHER, d->comm);
        if (rc != MPI_SUCCESS)
            return PG_FAIL(PG_ERR_MPI, "foam gather of rank %d's strip", r);
    }
    return PG_OK;
}

long long pg_foam_decomp_attempts(const pg_foam_decomp *d)
{
    return pg_foam_potts_boundary_attempts(d->p);
}

long long pg_foam_decomp_flips(const pg_foam_decomp *d)
{
    return pg_foam_potts_flips(d->p);
}

double pg_foam_decomp_halo_bytes(const pg_foam_decomp *d)
{
    return d->halo_bytes;
}

double pg_foam_decomp_halo_seconds(const pg_foam_decomp *d)
{
    return d->halo_s;
}

pg_status pg_foam_decomp_verify(const pg_foam_decomp *d)
{
    return pg_foam_potts_verify(d->p);
}
