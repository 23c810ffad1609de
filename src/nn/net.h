/* A network's parameters: one flat float buffer of trainable weights, one
 * of their gradients, and one of non-trainable state (batch-norm running
 * statistics, spectral-norm power-iteration vectors).
 *
 * Graphs claim slices of a net while they are built. The first graph built
 * on a net defines its layout; further graphs built on the same net (for
 * example a discriminator instance for real and one for fake samples, or a
 * batch-1 generator for inference) must claim identical slices in the same
 * order and then share weights, gradients and state. One flat buffer per
 * network gives one MPI_Allreduce, one optimiser loop and one HDF5 dataset
 * per network.
 */
#ifndef PG_NN_NET_H
#define PG_NN_NET_H

#include <stddef.h>

#include "base/rng.h"
#include "base/status.h"

/* How a trainable slice is initialised. */
typedef enum pg_init {
    PG_INIT_ZERO,
    PG_INIT_ONE,
    PG_INIT_HE,      /* N(0, 2/fan_in): before ReLU-family activations */
    PG_INIT_XAVIER,  /* N(0, 2/(fan_in+fan_out)) */
    PG_INIT_NORMAL,  /* N(0, 0.02^2): DCGAN convention */
} pg_init;

typedef struct pg_slice {
    char name[48];   /* "conv2.weight", "bn1.running_var" */
    size_t off, len; /* into w/g, or into s for state slices */
    int is_state;    /* 0: trainable (w, g); 1: state (s) */
    pg_init init;
    int fan_in, fan_out;
} pg_slice;

typedef struct pg_net {
    char name[16];   /* "G", "D", "E" */
    float *w, *g;    /* trainable weights and their gradients, nw floats */
    float *s;        /* non-trainable state, ns floats */
    size_t nw, ns;
    size_t cap_w, cap_s; /* floats allocated while the layout grows */
    pg_slice *slices;
    int n_slices, cap_slices;
    int sealed;      /* layout fixed: later graphs must match it */
} pg_net;

pg_status pg_net_create(const char *name, pg_net **out);
void pg_net_destroy(pg_net **net);

/* Claim the next slice; *off receives its offset. While the net is not
 * sealed this appends; once sealed, the slice at position *cursor must have
 * the same name, kind and length. The cursor is the caller's (the graph's)
 * count of slices claimed so far. */
pg_status pg_net_claim(pg_net *net, int *cursor, const char *name,
                       size_t len, int is_state, pg_init init, int fan_in,
                       int fan_out, size_t *off);
/* Fix the layout (called when the first graph on the net is finalised). */
void pg_net_seal(pg_net *net);

/* Fill weights and state according to each slice's init rule. Running
 * variances and other state slices named "*.running_var" start at one,
 * spectral-norm vectors ("*.sn_u") at a random unit vector, others zero. */
pg_status pg_net_init(pg_net *net, pg_rng *rng);
/* Set all gradients to zero. */
void pg_net_zero_grad(pg_net *net);
/* Euclidean norm of the gradient buffer (double accumulation). */
double pg_net_grad_norm(const pg_net *net);
/* Slice by name, or NULL. */
const pg_slice *pg_net_find(const pg_net *net, const char *name);

#endif
