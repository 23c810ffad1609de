/* Spatial crop of (N, C, H, W) images: the window of h x w cells at (top,
 * left). A generator that draws a margin around its output and crops it
 * away keeps the zero padding of its convolutions out of the samples (a
 * frame along every border that no crop of a real map has). */
#include <string.h>

#include "nn/op_impl.h"

int pg_op_crop(pg_graph *g, int x, int top, int left, int h, int w)
{
    if (!pg_graph_valid(g, x, "crop")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char s[64];
    if (t->ndim != 4 || top < 0 || left < 0 || h < 1 || w < 1 ||
        top + h > t->shape[2] || left + w > t->shape[3])
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "crop: window %dx%d at "
                                        "(%d, %d) must lie inside the image "
                                        "%s (N, C, H, W)", h, w, top, left,
                                        pg_tensor_shape_str(t, s, sizeof s)));
    pg_attr a = {.top = top, .left = left};
    int shape[PG_MAX_DIMS] = {t->shape[0], t->shape[1], h, w};
    return pg_graph_add_node(g, PG_OP_CROP, 1, &x, 4, shape, &a);
}

void pg_crop_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *xt = &pg_in(g, n, 0)->out;
    int H = xt->shape[2], W = xt->shape[3], h = n->out.shape[2],
        w = n->out.shape[3];
    long planes = (long)xt->shape[0] * xt->shape[1];
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < planes; i++)
        for (int r = 0; r < h; r++)
            memcpy(n->out.data + ((size_t)i * h + r) * w,
                   xt->data + ((size_t)i * H + n->a.top + r) * W + n->a.left,
                   (size_t)w * sizeof(float));
}

void pg_crop_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    pg_node *xn = pg_in(g, n, 0);
    int H = xn->out.shape[2], W = xn->out.shape[3], h = n->out.shape[2],
        w = n->out.shape[3];
    long planes = (long)xn->out.shape[0] * xn->out.shape[1];
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < planes; i++)
        for (int r = 0; r < h; r++) {
            float *dx = xn->grad.data + ((size_t)i * H + n->a.top + r) * W +
                        n->a.left;
            const float *dy = n->grad.data + ((size_t)i * h + r) * w;
            for (int c = 0; c < w; c++) dx[c] += dy[c];
        }
}
