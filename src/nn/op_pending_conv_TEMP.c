/* TEMPORARY build scaffolding: deleted when op_conv.c / op_pool.c land. */
#include "nn/op_impl.h"
#define PENDING(name) \
    void pg_##name##_forward(pg_graph *g, pg_node *n) { (void)g; (void)n; } \
    void pg_##name##_backward(pg_graph *g, pg_node *n) { (void)g; (void)n; }
PENDING(conv2d) PENDING(convt2d) PENDING(upsample) PENDING(avgpool)
