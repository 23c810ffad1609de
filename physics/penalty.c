/* The penalty hook: shape check and ownership (physics/penalty.h). */
#include "physics/penalty.h"

#include <stdlib.h>

pg_status pg_penalty_eval(const pg_penalty *p, const pg_tensor *x,
                          double *value, pg_tensor *grad_x)
{
    if (!p || !p->eval || !x || !x->data || !value)
        return PG_FAIL(PG_ERR_ARG, "penalty: missing penalty, input or "
                       "value");
    if (grad_x && !pg_tensor_same_shape(x, grad_x)) {
        char a[64], b[64];
        return PG_FAIL(PG_ERR_SHAPE, "penalty %s: gradient %s does not "
                       "match input %s", p->name ? p->name : "?",
                       pg_tensor_shape_str(grad_x, b, sizeof b),
                       pg_tensor_shape_str(x, a, sizeof a));
    }
    PG_CHECK(p->eval(p, x, value, grad_x));
    return PG_OK;
}

void pg_penalty_destroy(pg_penalty **p)
{
    if (!p || !*p) return;
    if ((*p)->destroy_ctx) (*p)->destroy_ctx((*p)->ctx);
    free(*p);
    *p = NULL;
}
