#include "nn/op_impl.h"

int pg_op_input(pg_graph *g, int ndim, const int *shape)
{
    return pg_graph_add_node(g, PG_OP_INPUT, 0, NULL, ndim, shape, NULL);
}
