/* Block matching: y = h + up(c - blockmean(h)), the exact projection of h
 * onto the images whose f x f block means equal c. A super-resolution
 * generator ends with it so that its output averages back to the coarse
 * DEM it was given, cell for cell (a coarser posting averages the ground
 * it covers); the network then only chooses the detail inside each block.
 * Backward: dh = dy - blockmean(dy) (the projection is its own adjoint),
 * dc = blocksum(dy). */
#include "nn/im2col.h"
#include "nn/op_impl.h"

int pg_op_block_match(pg_graph *g, int h, int c, int factor)
{
    if (!pg_graph_valid(g, h, "block_match") ||
        !pg_graph_valid(g, c, "block_match"))
        return -1;
    const pg_tensor *ht = &g->nodes[h].out, *ct = &g->nodes[c].out;
    char s1[64], s2[64];
    if (factor < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "block_match: factor %d, "
                                        "expected an integer >= 1", factor));
    if (ht->ndim != 4 || ct->ndim != 4 || ct->shape[0] != ht->shape[0] ||
        ct->shape[1] != ht->shape[1] ||
        (long)ct->shape[2] * factor != ht->shape[2] ||
        (long)ct->shape[3] * factor != ht->shape[3])
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "block_match: image %s "
                                        "and block means %s do not match "
                                        "factor %d (want (N, C, H, W) and "
                                        "(N, C, H/%d, W/%d))",
                                        pg_tensor_shape_str(ht, s1, sizeof s1),
                                        pg_tensor_shape_str(ct, s2, sizeof s2),
                                        factor, factor, factor));
    pg_attr a = {.factor = factor};
    int in[2] = {h, c};
    return pg_graph_add_node(g, PG_OP_BLOCK_MATCH, 2, in, 4, ht->shape, &a);
}

/* Mean of the f x f block of plane p (row stride w) at block (by, bx). */
static float block_mean(const float *p, int w, int f, int by, int bx)
{
    float s = 0.0f;
    for (int u = 0; u < f; u++) {
        const float *r = p + (size_t)(by * f + u) * w + (size_t)bx * f;
        for (int v = 0; v < f; v++) s += r[v];
    }
    return s / (float)(f * f);
}

/* Adds d to every cell of the block. */
static void block_add(float *p, int w, int f, int by, int bx, float d)
{
    for (int u = 0; u < f; u++) {
        float *r = p + (size_t)(by * f + u) * w + (size_t)bx * f;
        for (int v = 0; v < f; v++) r[v] += d;
    }
}

void pg_block_match_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *ht = &pg_in(g, n, 0)->out, *ct = &pg_in(g, n, 1)->out;
    int f = n->a.factor, H = ht->shape[2], W = ht->shape[3];
    int bh = ct->shape[2], bw = ct->shape[3];
    long planes = (long)ht->shape[0] * ht->shape[1];
    #pragma omp parallel for if (ht->size > PG_OMP_MIN)
    for (long i = 0; i < planes; i++) {
        const float *hp = ht->data + (size_t)i * H * W;
        const float *cp = ct->data + (size_t)i * bh * bw;
        float *yp = n->out.data + (size_t)i * H * W;
        for (size_t k = 0; k < (size_t)H * W; k++) yp[k] = hp[k];
        for (int by = 0; by < bh; by++)
            for (int bx = 0; bx < bw; bx++)
                block_add(yp, W, f, by, bx,
                          cp[(size_t)by * bw + bx] - block_mean(hp, W, f, by, bx));
    }
}

void pg_block_match_backward(pg_graph *g, pg_node *n)
{
    int need_h = pg_in_needs_grad(g, n, 0), need_c = pg_in_needs_grad(g, n, 1);
    if (!need_h && !need_c) return;
    pg_node *hn = pg_in(g, n, 0), *cn = pg_in(g, n, 1);
    int f = n->a.factor, H = n->out.shape[2], W = n->out.shape[3];
    int bh = cn->out.shape[2], bw = cn->out.shape[3];
    long planes = (long)n->out.shape[0] * n->out.shape[1];
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < planes; i++) {
        const float *dy = n->grad.data + (size_t)i * H * W;
        float *dh = need_h ? hn->grad.data + (size_t)i * H * W : NULL;
        float *dc = need_c ? cn->grad.data + (size_t)i * bh * bw : NULL;
        if (dh)
            for (size_t k = 0; k < (size_t)H * W; k++) dh[k] += dy[k];
        for (int by = 0; by < bh; by++)
            for (int bx = 0; bx < bw; bx++) {
                float m = block_mean(dy, W, f, by, bx);
                if (dh) block_add(dh, W, f, by, bx, -m);
                if (dc) dc[(size_t)by * bw + bx] += m * (float)(f * f);
            }
    }
}
