/* Op kinds. One enum, one static_assert-checked table (op_table.c) of
 * names and forward/backward kernels. */
#ifndef PG_NN_OP_H
#define PG_NN_OP_H

typedef enum pg_op {
    PG_OP_INPUT,        /* data written by the caller */
    PG_OP_DENSE,
    PG_OP_CONV2D,       /* also conv1d on (N, C, L) tensors */
    PG_OP_CONVT2D,      /* also conv_transpose1d */
    PG_OP_BATCHNORM,
    PG_OP_INSTANCENORM,
    PG_OP_RELU,
    PG_OP_LRELU,
    PG_OP_TANH,
    PG_OP_SIGMOID,
    PG_OP_SOFTMAX,      /* over channels (dim 1) */
    PG_OP_GUMBEL_SOFTMAX,
    PG_OP_CONCAT,       /* along channels */
    PG_OP_ADD,
    PG_OP_RESHAPE,
    PG_OP_UPSAMPLE,     /* nearest neighbour */
    PG_OP_AVGPOOL,
    PG_OP_DROPOUT,
    PG_OP_MBSTD,        /* minibatch standard deviation channel */
    PG_OP_REPARAM,      /* z = mu + exp(logvar/2) * eps (VAE) */
    PG_OP_SLICE,        /* channels [begin, end) */
    PG_OP_UPSAMPLE_BILINEAR, /* bilinear, half-pixel centres */
    PG_OP_BLOCK_MATCH,  /* h + up(c - blockmean(h)) */
    PG_OP_CROP,         /* spatial window */
    PG_OP_SET_MEAN,     /* masked mean over set elements */
    PG_OP_GUMBEL_ASSIGN, /* one-hot slots constrained to a multiset */
    PG_OP_COUNT
} pg_op;

struct pg_graph;
struct pg_node;
typedef void (*pg_op_fn)(struct pg_graph *g, struct pg_node *n);

typedef struct pg_op_def {
    const char *name;
    pg_op_fn forward;
    pg_op_fn backward;
    /* Backward writes all of input 0's gradient, and overwrites it instead
     * of adding when pg_in_grad_overwrite says so (nn/graph.h, lazy
     * zeroing). */
    int overwrites_dx;
} pg_op_def;

extern const pg_op_def pg_op_defs[PG_OP_COUNT];

#endif
