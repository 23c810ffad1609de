/* A trainer's penalties built by name and evaluated in physical units
 * (physics/penalty_list.h). */
#include "physics/penalty_list.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_SLOTS = 16 };

struct pg_penalty_list {
    pg_penalty_geom geom;
    const void *data;                  /* handed to every kind (args.data) */
    int n_slots;
    const pg_penalty_kind *slot_kind[MAX_SLOTS];
    int n;                             /* created (or waiting) penalties */
    int slot[MAX_SLOTS];               /* slot of penalty i */
    pg_penalty *pen[MAX_SLOTS];        /* NULL while waiting for finish */
    pg_penalty_ref *ref[MAX_SLOTS];    /* waiting kinds' accumulators */
    double weight[MAX_SLOTS];
    double param[MAX_SLOTS][PG_PENALTY_MAX_PARAMS];
    double *sums;                      /* every ref's sums, back to back */
    int n_sums;
    pg_tensor z, cond, grad;           /* x and cond in physical units; the
                                          penalties' gradient */
};

static pg_status read_weight(const pg_config *cfg, const pg_penalty_kind *k,
                             double *w)
{
    return pg_config_get_double(cfg, k->keys[0].section, k->keys[0].key, w);
}

static int in_domain(const char *domain, const pg_penalty_domain *d)
{
    return !strcmp(domain, d->name);
}

pg_status pg_penalty_config_check(const pg_config *cfg, const char *domain,
                                  unsigned flags, const char *who)
{
    int nd;
    const pg_penalty_domain *const *doms = pg_penalty_domains(&nd);
    const pg_penalty_domain *mine;
    PG_CHECK(pg_penalty_domain_find(domain, &mine));
    for (int d = 0; d < nd; d++)
        for (int i = 0; i < doms[d]->n_kinds; i++) {
            const pg_penalty_kind *k = &doms[d]->kinds[i];
            double w;
            PG_CHECK(read_weight(cfg, k, &w));
            if (!(w > 0)) continue;
            if (!in_domain(domain, doms[d]))
                return PG_FAIL(PG_ERR_CONFIG, "[%s] %s: %s is a %s penalty, "
                               "not for %s (%s samples); set it to 0",
                               k->keys[0].section, k->keys[0].key, k->name,
                               doms[d]->name, who, domain);
            if (k->ref_create && (flags & PG_PENALTY_LIST_NO_REF))
                return PG_FAIL(PG_ERR_CONFIG, "[%s] %s: %s needs a reference "
                               "from the training data, which %s does not "
                               "compute; set it to 0", k->keys[0].section,
                               k->keys[0].key, k->name, who);
        }
    return PG_OK;
}

pg_status pg_penalty_config_total_weight(const pg_config *cfg,
                                         const char *domain, double *out)
{
    const pg_penalty_domain *d;
    PG_CHECK(pg_penalty_domain_find(domain, &d));
    *out = 0;
    for (int i = 0; i < d->n_kinds; i++) {
        double w;
        PG_CHECK(read_weight(cfg, &d->kinds[i], &w));
        *out += w > 0 ? w : 0;
    }
    return PG_OK;
}

static pg_penalty_args args_of(const pg_penalty_list *l, int i,
                               const double *ref)
{
    return (pg_penalty_args){.geom = l->geom, .weight = l->weight[i],
                             .param = l->param[i], .ref = ref,
                             .data = l->data};
}

/* Read kind k's parameters and create it (or its data reference). */
static pg_status add_kind(pg_penalty_list *l, const pg_config *cfg,
                          const pg_penalty_kind *k, double w)
{
    int i = l->n;
    if (k->n_keys - 1 > PG_PENALTY_MAX_PARAMS)
        return PG_FAIL(PG_ERR_INTERNAL, "%s: more than %d parameters",
                       k->name, PG_PENALTY_MAX_PARAMS);
    for (int p = 1; p < k->n_keys; p++)
        PG_CHECK(pg_config_get_double(cfg, k->keys[p].section,
                                      k->keys[p].key, &l->param[i][p - 1]));
    l->weight[i] = w;
    l->slot[i] = l->n_slots - 1;
    l->n++;
    pg_penalty_args a = args_of(l, i, NULL);
    if (k->ref_create) PG_CHECK(k->ref_create(&a, &l->ref[i]));
    else PG_CHECK(k->create(&a, &l->pen[i]));
    return PG_OK;
}

/* One block for every waiting kind's sums, zeroed. */
static pg_status alloc_sums(pg_penalty_list *l)
{
    for (int i = 0; i < l->n; i++)
        if (l->ref[i]) l->n_sums += l->ref[i]->len;
    if (!l->n_sums) return PG_OK;
    l->sums = calloc((size_t)l->n_sums, sizeof *l->sums);
    if (!l->sums) return PG_FAIL(PG_ERR_NOMEM, "penalty reference sums");
    double *s = l->sums;
    for (int i = 0; i < l->n; i++)
        if (l->ref[i]) {
            l->ref[i]->sums = s;
            s += l->ref[i]->len;
        }
    return PG_OK;
}

static pg_status alloc_buffers(pg_penalty_list *l)
{
    if (!l->n) return PG_OK;
    const pg_penalty_geom *g = &l->geom;
    int shape[4] = {g->batch, g->channels, g->h, g->w};
    PG_CHECK(pg_tensor_alloc(&l->z, 4, shape));
    PG_CHECK(pg_tensor_alloc(&l->cond, 4, shape));
    PG_CHECK(pg_tensor_alloc(&l->grad, 4, shape));
    return PG_OK;
}

static pg_status build(pg_penalty_list *l, const pg_config *cfg,
                       const char *domain, unsigned flags, const char *who)
{
    const pg_penalty_domain *d;
    PG_CHECK(pg_penalty_config_check(cfg, domain, flags, who));
    PG_CHECK(pg_penalty_domain_find(domain, &d));
    for (int i = 0; i < d->n_kinds; i++) {
        const pg_penalty_kind *k = &d->kinds[i];
        if (k->ref_create && (flags & PG_PENALTY_LIST_NO_REF)) continue;
        if (l->n_slots == MAX_SLOTS)
            return PG_FAIL(PG_ERR_INTERNAL, "domain %s: more than %d "
                           "penalties", d->name, MAX_SLOTS);
        l->slot_kind[l->n_slots++] = k;
        double w;
        PG_CHECK(read_weight(cfg, k, &w));
        if (w > 0) PG_CHECK(add_kind(l, cfg, k, w));
    }
    PG_CHECK(alloc_sums(l));
    PG_CHECK(alloc_buffers(l));
    return PG_OK;
}

pg_status pg_penalty_list_create(const pg_config *cfg, const char *domain,
                                 unsigned flags, const char *who,
                                 const pg_penalty_geom *geom,
                                 pg_penalty_list **out)
{
    return pg_penalty_list_create_data(cfg, domain, flags, who, geom, NULL,
                                       out);
}

pg_status pg_penalty_list_create_data(const pg_config *cfg,
                                      const char *domain, unsigned flags,
                                      const char *who,
                                      const pg_penalty_geom *geom,
                                      const void *data, pg_penalty_list **out)
{
    *out = NULL;
    pg_penalty_list *l = calloc(1, sizeof *l);
    if (!l) return PG_FAIL(PG_ERR_NOMEM, "penalty list");
    l->geom = *geom;
    l->data = data;
    pg_status st = build(l, cfg, domain, flags, who);
    if (st != PG_OK) {
        pg_penalty_list_destroy(&l);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = l;
    return PG_OK;
}

void pg_penalty_list_destroy(pg_penalty_list **lp)
{
    pg_penalty_list *l = lp ? *lp : NULL;
    if (!l) return;
    for (int i = 0; i < l->n; i++) {
        pg_penalty_destroy(&l->pen[i]);
        pg_penalty_ref_destroy(&l->ref[i]);
    }
    free(l->sums);
    pg_tensor_release(&l->z);
    pg_tensor_release(&l->cond);
    pg_tensor_release(&l->grad);
    free(l);
    *lp = NULL;
}

int pg_penalty_list_needs_ref(const pg_penalty_list *l)
{
    for (int i = 0; i < l->n; i++)
        if (l->ref[i]) return 1;
    return 0;
}

pg_status pg_penalty_list_observe(pg_penalty_list *l, const float *x,
                                  size_t n)
{
    if (!n) return PG_OK;
    for (int i = 0; i < l->n; i++)
        if (l->ref[i]) PG_CHECK(l->ref[i]->add(l->ref[i], x, n));
    return PG_OK;
}

double *pg_penalty_list_ref_sums(pg_penalty_list *l, int *len)
{
    *len = l->n_sums;
    return l->sums;
}

pg_status pg_penalty_list_finish(pg_penalty_list *l, double n_samples)
{
    for (int i = 0; i < l->n; i++) {
        pg_penalty_ref *r = l->ref[i];
        if (!r) continue;
        double *ref = malloc((size_t)r->len * sizeof *ref);
        if (!ref) return PG_FAIL(PG_ERR_NOMEM, "penalty reference");
        for (int k = 0; k < r->len; k++) ref[k] = r->sums[k] / n_samples;
        pg_penalty_args a = args_of(l, i, ref);
        pg_status st = l->slot_kind[l->slot[i]]->create(&a, &l->pen[i]);
        free(ref);
        PG_CHECK(st);
        pg_penalty_ref_destroy(&l->ref[i]);
    }
    return PG_OK;
}

int pg_penalty_list_size(const pg_penalty_list *l) { return l->n; }

const char *pg_penalty_list_name(const pg_penalty_list *l, int i)
{
    return l->slot_kind[l->slot[i]]->name;
}

double pg_penalty_list_weight(const pg_penalty_list *l, int i)
{
    return l->weight[i];
}

int pg_penalty_list_slots(const pg_penalty_list *l) { return l->n_slots; }

const char *pg_penalty_list_slot_name(const pg_penalty_list *l, int s)
{
    return l->slot_kind[s]->name;
}

int pg_penalty_list_slot(const pg_penalty_list *l, int i)
{
    return l->slot[i];
}

/* x_phys = scale_i x + offset_i (penalty_list.h: the two arithmetics). */
static void to_physical(const pg_penalty_units *u, const float *x, float *z,
                        int n, size_t per)
{
    if (!u->scale) {
        float scale = u->batch_scale, offset = u->batch_offset;
        for (size_t c = 0; c < (size_t)n * per; c++)
            z[c] = scale * x[c] + offset;
        return;
    }
    for (int i = 0; i < n; i++)
        for (size_t c = 0; c < per; c++)
            z[(size_t)i * per + c] =
                (float)(u->scale[i] * x[(size_t)i * per + c] + u->offset[i]);
}

/* The chain rule: dx_phys/dx = scale_i, times the caller's gain. The
 * gradient buffer keeps the penalty part (pg_penalty_list_grad). */
static void to_normalised(const pg_penalty_units *u, double gain, float *g,
                          float *gx, int n, size_t per)
{
    for (int i = 0; i < n; i++) {
        double scale = u->scale ? u->scale[i] : (double)u->batch_scale;
        float k = (float)(gain * scale);
        float *gi = g + (size_t)i * per, *gxi = gx + (size_t)i * per;
        for (size_t c = 0; c < per; c++) {
            gi[c] *= k;
            gxi[c] += gi[c];
        }
    }
}

pg_status pg_penalty_list_eval(pg_penalty_list *l, const float *x,
                               const float *cond, const pg_penalty_units *u,
                               double gain, double *values, float *gx)
{
    if (!l->n) return PG_OK;
    int n = l->geom.batch;
    size_t len = l->z.size, per = len / (size_t)n;
    for (int i = 0; i < l->n; i++)
        if (!l->pen[i])
            return PG_FAIL(PG_ERR_STATE, "%s waits for its data reference "
                           "(pg_penalty_list_finish)",
                           pg_penalty_list_name(l, i));
    to_physical(u, x, l->z.data, n, per);
    if (cond) to_physical(u, cond, l->cond.data, n, per);
    memset(l->grad.data, 0, len * sizeof *l->grad.data);
    pg_penalty_input in = {&l->z, cond ? &l->cond : NULL, NULL};
    for (int i = 0; i < l->n; i++)
        PG_CHECK(pg_penalty_eval(l->pen[i], &in, &values[i], &l->grad));
    to_normalised(u, gain, l->grad.data, gx, n, per);
    return PG_OK;
}

const float *pg_penalty_list_grad(const pg_penalty_list *l)
{
    return l->grad.data;
}
