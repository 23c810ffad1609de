/* TEMPORARY build scaffolding: deleted when the norm/softmax/shape/stochastic ops land. */
#include "nn/op_impl.h"
#define PENDING(name) \
    void pg_##name##_forward(pg_graph *g, pg_node *n) { (void)g; (void)n; } \
    void pg_##name##_backward(pg_graph *g, pg_node *n) { (void)g; (void)n; }
PENDING(batchnorm) PENDING(instancenorm) PENDING(softmax) PENDING(gumbel_softmax)
PENDING(concat) PENDING(add) PENDING(reshape) PENDING(dropout)
PENDING(mbstd) PENDING(reparam) PENDING(slice)
