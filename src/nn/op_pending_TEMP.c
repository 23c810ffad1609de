/* TEMPORARY build scaffolding: removed as each op lands. */
#include "nn/op_impl.h"
#define PENDING(name) \
    void pg_##name##_forward(pg_graph *g, pg_node *n) { (void)g; (void)n; } \
    void pg_##name##_backward(pg_graph *g, pg_node *n) { (void)g; (void)n; }
PENDING(conv2d) PENDING(convt2d) PENDING(batchnorm) PENDING(instancenorm)
PENDING(softmax) PENDING(gumbel_softmax) PENDING(concat) PENDING(add)
PENDING(reshape) PENDING(upsample) PENDING(avgpool) PENDING(dropout)
PENDING(mbstd) PENDING(reparam) PENDING(slice)
