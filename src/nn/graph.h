/* The static computation graph.
 *
 * A graph is a list of nodes in topological order. Each node has an op,
 * up to PG_NODE_MAX_IN input node ids, an output tensor and a gradient
 * tensor of the same shape. Forward walks the list, backward walks it in
 * reverse, each op adding its contribution to its inputs' gradients and,
 * when parameter gradients are on, to the net's flat gradient buffer.
 *
 * Building: create a graph on a net, add nodes with the pg_op_* builders
 * (see ops.h), then pg_graph_finalize. Builders return the new node id, or
 * -1 once any build step failed; the first failure is kept and reported by
 * pg_graph_finalize, so model code reads as a straight list of layers.
 * All buffers are allocated while building; forward and backward never
 * allocate.
 *
 * Training step:
 *   write inputs (pg_graph_data), pg_graph_forward,
 *   pg_graph_zero_grads, add the loss gradient into output nodes
 *   (pg_graph_gradv), pg_graph_backward.
 * A frozen network (the discriminator during the generator step) runs
 * backward with parameter gradients off and still delivers the gradient
 * with respect to its input node.
 */
#ifndef PG_NN_GRAPH_H
#define PG_NN_GRAPH_H

#include <stddef.h>

#include "base/rng.h"
#include "base/status.h"
#include "nn/net.h"
#include "nn/op.h"
#include "base/tensor.h"

#define PG_NODE_MAX_IN 4

/* Layer flags. */
enum {
    PG_NO_BIAS = 1 << 0,       /* dense/conv without bias */
    PG_SPECTRAL_NORM = 1 << 1, /* dense/conv weight divided by its top
                                  singular value (power iteration) */
    PG_AFFINE = 1 << 2,        /* instance norm with learned scale/shift */
    PG_HARD = 1 << 3,          /* Gumbel-softmax straight-through one-hot */
};

/* Attributes of a node; each op reads the fields it documents in ops.h. */
typedef struct pg_attr {
    int out_ch;                /* dense: out features; conv: out channels */
    int kh, kw, sh, sw, ph, pw;/* kernel, stride, padding (conv, pool) */
    int oph, opw;              /* output padding (transposed conv) */
    int dh, dw;                /* dilation (conv): taps dh, dw apart;
                                  0 reads as 1 (no dilation) */
    int flags;
    float alpha;               /* leaky slope, dropout p, Gumbel tau,
                                  batch-norm momentum */
    float eps;                 /* normalisation epsilon */
    int factor;                /* upsampling factor, mbstd group size */
    int begin, end;            /* channel slice [begin, end) */
    int top, left;             /* crop window's first row and column */
    int sn_iters;              /* power iterations per training forward */
} pg_attr;

typedef struct pg_node {
    pg_op op;
    int n_in;
    int in[PG_NODE_MAX_IN];
    pg_tensor out;   /* activation */
    pg_tensor grad;  /* d loss / d out */
    pg_attr a;
    /* Offsets of this node's slices in net->w (and net->g) ... */
    size_t w_off, w_len;  /* weight, or batch-norm gamma */
    size_t b_off, b_len;  /* bias, or batch-norm beta (b_len 0: none) */
    /* ... and in net->s. */
    size_t s_off, s_len;  /* running stats, spectral-norm u */
    /* Saved values for backward, owned by the graph (aux_len floats). */
    float *aux;
    size_t aux_len;
    /* Scratch floats needed during this node's forward/backward; the graph
     * holds one shared scratch buffer of the largest such size. */
    size_t ws_len;
    int requires_grad; /* input nodes: deliver d loss / d input */
    int need_grad;     /* computed: some gradient must flow through here */
    /* Lazy zeroing (pg_graph_zero_grads): a stale gradient holds garbage
     * that reads as zero. Backward zeroes it before an op adds into it, or
     * lets the first op that writes all of it overwrite it (pg_op_def
     * overwrites_dx). A gradient handed out by pg_graph_gradt/gradv is
     * exposed: zeroed eagerly from then on, since callers keep pointers. */
    int grad_stale;
    int grad_exposed;
} pg_node;

typedef struct pg_graph {
    pg_net *net;      /* borrowed; NULL for a graph without parameters */
    pg_node *nodes;
    int n_nodes, cap_nodes;
    int cursor;       /* net slices claimed so far */
    float *ws;        /* shared scratch */
    size_t ws_len;
    pg_rng *rng;      /* borrowed: dropout masks, Gumbel noise */
    int training;     /* batch statistics, dropout on */
    int update_state; /* forward updates running stats and SN vectors */
    int param_grads;  /* backward accumulates into net->g */
    pg_status status; /* first build failure, sticky */
    int finalized;
} pg_graph;

/* Create an empty graph on net (which may be NULL). Defaults: training,
 * state updates and parameter gradients on. */
pg_status pg_graph_create(pg_net *net, pg_graph **out);
void pg_graph_destroy(pg_graph **g);

/* Allocate scratch, compute which nodes need gradients, seal the net. */
pg_status pg_graph_finalize(pg_graph *g);

/* Run the graph. Collective over nothing; uses OpenMP inside ops. */
pg_status pg_graph_forward(pg_graph *g);
/* Zero every node's gradient tensor (not the net's gradients): input nodes'
 * and exposed ones now, the others lazily in backward (pg_node). */
void pg_graph_zero_grads(pg_graph *g);
pg_status pg_graph_backward(pg_graph *g);

/* Training mode (batch statistics, dropout) and state updates. */
void pg_graph_set_training(pg_graph *g, int training, int update_state);
/* Whether backward accumulates parameter gradients (0 = frozen net). */
void pg_graph_set_param_grads(pg_graph *g, int on);
/* Whether an input node receives d loss / d input (default on). */
void pg_graph_set_requires_grad(pg_graph *g, int node, int on);
/* Borrowed RNG for stochastic ops. */
void pg_graph_set_rng(pg_graph *g, pg_rng *rng);

static inline pg_tensor *pg_graph_out(pg_graph *g, int node)
{
    return &g->nodes[node].out;
}
/* Zero a stale gradient (see pg_node's grad_stale). */
void pg_graph_grad_materialize(pg_node *n);
static inline pg_tensor *pg_graph_gradt(pg_graph *g, int node)
{
    pg_node *n = &g->nodes[node];
    n->grad_exposed = 1;
    if (n->grad_stale) pg_graph_grad_materialize(n);
    return &n->grad;
}
static inline float *pg_graph_data(pg_graph *g, int node)
{
    return g->nodes[node].out.data;
}
static inline float *pg_graph_gradv(pg_graph *g, int node)
{
    return pg_graph_gradt(g, node)->data;
}

/* ---- for builders and ops (nn/ internals) ---- */

/* Append a node with the given inputs and output shape; allocates out and
 * grad. Returns the id, or -1 (sticky failure). */
int pg_graph_add_node(pg_graph *g, pg_op op, int n_in, const int *in,
                      int ndim, const int *shape, const pg_attr *a);
/* Claim a net slice for node id ("<id>.<op>.<what>" names it). */
int pg_graph_claim(pg_graph *g, int id, const char *what, size_t len,
                   int is_state, pg_init init, int fan_in, int fan_out,
                   size_t *off);
/* Allocate aux floats for node id. Returns 0 on success, -1 on failure. */
int pg_graph_aux(pg_graph *g, int id, size_t len);
/* Record a build failure (first one wins); returns -1. */
int pg_graph_fail(pg_graph *g, pg_status s);
/* Whether a node id refers to an existing node; records a failure if not. */
int pg_graph_valid(pg_graph *g, int id, const char *who);

#endif
