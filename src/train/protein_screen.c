#include "train/protein_screen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/agree.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "io/shard.h"
#include "io/text_buffer.h"
#include "models/protein_seqgan.h"
#include "nn/ops.h"
#include "physics/protein/io/protein_fasta_write.h"
#include "physics/protein/io/protein_file.h"
#include "physics/protein/io/protein_hmm_read.h"
#include "physics/protein/protein_alphabet.h"
#include "physics/protein/protein_identity.h"
#include "physics/protein/protein_onehot.h"
#include "physics/protein/protein_pssm.h"
#include "physics/protein/protein_score.h"
#include "train/generate.h"
#include "train/job_schema.h"
#include "train/net_load.h"
#include "train/protein_gan.h"
#include "train/protein_screen_scores.h"
#include "viz/protein_screen_page.h"

enum { BATCH = 64 };

/* Scores of the unique sequences, index = sequence index in gen. */
typedef struct scores {
    double *critic_p, *d_real, *bits, *evalue, *max_id, *score;
    int *nearest, *order, *novel;
    char **desc;
} scores;

typedef struct screen {
    const pg_protein_screen_opts *o;
    pg_checkpoint *ck;
    pg_config *cfg;
    pg_protein_seqs *train, *gen, *top;
    int fam;
    pg_seqgan_dims d;
    pg_net *gnet, *dnet, *cnet;
    pg_graph *g, *dg, *cg;
    int g_z, g_f, g_out, d_in, d_out, c_in, c_out, batch;
    pg_rng *rng;
    uint8_t *res;
    pg_protein_pssm *pssm;       /* from_profile: the sampler */
    float *x;                    /* from_profile: the batch, one-hot */
    scores s;
} screen;

static pg_status load_model(screen *w)
{
    const pg_protein_screen_opts *o = w->o;
    int64_t length, families;
    const char *arch;
    PG_CHECK(pg_checkpoint_read(o->checkpoint, 0, &w->ck));
    PG_CHECK(pg_job_config_load_text(pg_checkpoint_config(w->ck),
                                     o->checkpoint, &w->cfg));
    PG_CHECK(pg_config_get_string(w->cfg, "model", "arch", &arch));
    if (strcmp(arch, "protein_gan") || !pg_checkpoint_has(w->ck,
                                                          "protein/length"))
        return PG_FAIL(PG_ERR_FORMAT, "%s: not a protein_gan checkpoint "
                       "([model] arch = %s)", o->checkpoint, arch);
    PG_CHECK(pg_checkpoint_get_int(w->ck, "protein/length", &length));
    PG_CHECK(pg_checkpoint_get_int(w->ck, "protein/families", &families));
    PG_CHECK(pg_protein_file_read(o->train_path, &w->train));
    if (w->train->n_families != families)
        return PG_FAIL(PG_ERR_ARG, "%s has %d families, the checkpoint %s "
                       "was trained on %lld: give its training split",
                       o->train_path, w->train->n_families, o->checkpoint,
                       (long long)families);
    w->fam = -1;
    for (int f = 0; f < w->train->n_families; f++)
        if (!strcmp(w->train->families[f], o->family)) w->fam = f;
    if (w->fam < 0)
        return PG_FAIL(PG_ERR_ARG, "--family %s: %s has no such family (the "
                       "first is %s)", o->family, o->train_path,
                       w->train->families[0]);
    PG_CHECK(pg_protein_gan_dims_read(w->cfg, (int)length, (int)families,
                                      o->checkpoint, &w->d));
    return PG_OK;
}

static pg_status build(screen *w)
{
    int b = w->batch, L = w->d.length;
    PG_CHECK(pg_rng_create(w->o->seed, 0, PG_RNG_NOISE, &w->rng));
    PG_CHECK(pg_net_create("G", &w->gnet));
    PG_CHECK(pg_net_create("D", &w->dnet));
    PG_CHECK(pg_net_create("C", &w->cnet));
    PG_CHECK(pg_graph_create(w->gnet, &w->g));
    pg_graph_set_rng(w->g, w->rng);
    w->g_z = pg_op_input(w->g, 2, (int[]){b, w->d.z_dim});
    w->g_f = pg_op_input(w->g, 2, (int[]){b, w->d.families});
    w->g_out = pg_seqgan_generator(w->g, w->g_z, w->g_f, &w->d);
    PG_CHECK(pg_graph_finalize(w->g));
    PG_CHECK(pg_graph_create(w->dnet, &w->dg));
    w->d_in = pg_op_input(w->dg, 3, (int[]){b, PG_PROTEIN_TOKENS, L});
    w->d_out = pg_seqgan_discriminator(w->dg, w->d_in, &w->d);
    PG_CHECK(pg_graph_finalize(w->dg));
    PG_CHECK(pg_graph_create(w->cnet, &w->cg));
    w->c_in = pg_op_input(w->cg, 3, (int[]){b, PG_PROTEIN_TOKENS, L});
    w->c_out = pg_seqgan_critic(w->cg, w->c_in, &w->d);
    PG_CHECK(pg_graph_finalize(w->cg));
    PG_CHECK(pg_net_load(w->ck, w->o->checkpoint, "G", 0, w->gnet));
    PG_CHECK(pg_net_load(w->ck, w->o->checkpoint, "D", 0, w->dnet));
    PG_CHECK(pg_net_load(w->ck, w->o->checkpoint, "C", 0, w->cnet));
    /* G samples (Gumbel noise on: training mode) without touching any
     * state; D and C judge in inference mode. */
    pg_graph_set_training(w->g, 1, 0);
    pg_graph_set_training(w->dg, 0, 0);
    pg_graph_set_training(w->cg, 0, 0);
    w->res = malloc((size_t)L);
    if (!w->res) return PG_FAIL(PG_ERR_NOMEM, "screen buffer");
    if (w->o->from_profile) {
        double beta;
        PG_CHECK(pg_config_get_double(w->cfg, "physics",
                                      "protein_profile_pseudocount", &beta));
        PG_CHECK(pg_protein_pssm_build(w->train, L, beta, &w->pssm));
        w->x = malloc((size_t)b * PG_PROTEIN_TOKENS * (size_t)L *
                      sizeof *w->x);
        if (!w->x) return PG_FAIL(PG_ERR_NOMEM, "screen batch");
    }
    return PG_OK;
}

/* A batch of sequences, one-hot (b, 21, L): G's, or the profile's draws
 * (an empty draw is all end tokens). */
static pg_status fill_batch(screen *w, const float **x)
{
    int b = w->batch, L = w->d.length;
    if (!w->pssm) {
        float *z = pg_graph_data(w->g, w->g_z);
        pg_rng_fill_gaussian(w->rng, z, (size_t)b * (size_t)w->d.z_dim, 1.0);
        PG_CHECK(pg_graph_forward(w->g));
        *x = pg_graph_data(w->g, w->g_out);
        return PG_OK;
    }
    size_t per = (size_t)PG_PROTEIN_TOKENS * (size_t)L;
    for (int k = 0; k < b; k++) {
        float *xk = w->x + (size_t)k * per;
        int n = pg_protein_pssm_sample(w->pssm, w->fam, w->rng, w->res);
        if (n > 0) {
            PG_CHECK(pg_protein_onehot_encode(w->res, n, L, xk));
            continue;
        }
        memset(xk, 0, per * sizeof *xk);
        for (int i = 0; i < L; i++) xk[(size_t)PG_PROTEIN_END * L + i] = 1;
    }
    *x = w->x;
    return PG_OK;
}

static pg_status grow_scores(screen *w, int n)
{
    scores *s = &w->s;
    size_t m = (size_t)n;
    double **d[] = {&s->critic_p, &s->d_real, &s->bits, &s->evalue,
                    &s->max_id, &s->score};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (!(*d[i] = calloc(m, sizeof **d[i])))
            return PG_FAIL(PG_ERR_NOMEM, "%d scores", n);
    s->nearest = calloc(m, sizeof *s->nearest);
    s->order = calloc(m, sizeof *s->order);
    s->novel = calloc(m, sizeof *s->novel);
    s->desc = calloc(m, sizeof *s->desc);
    if (!s->nearest || !s->order || !s->novel || !s->desc)
        return PG_FAIL(PG_ERR_NOMEM, "%d scores", n);
    return PG_OK;
}

/* Whether res (len) is already in gen. */
static int seen(const pg_protein_seqs *gen, const uint8_t *res, int len)
{
    for (int i = 0; i < gen->n; i++)
        if (gen->length[i] == len &&
            !memcmp(pg_protein_seqs_at(gen, i), res, (size_t)len))
            return 1;
    return 0;
}

static double softmax_at(const float *x, int n, int k)
{
    double m = x[0], sum = 0;
    for (int c = 1; c < n; c++) if (x[c] > m) m = x[c];
    for (int c = 0; c < n; c++) sum += exp(x[c] - m);
    return exp(x[k] - m) / sum;
}

/* G's batches until n sequences are made; the unique ones into gen with
 * critic_p and d_real. */
static pg_status generate(screen *w, pg_protein_screen_result *r)
{
    int b = w->batch, F = w->d.families, L = w->d.length, classes = F + 1;
    size_t len = (size_t)b * PG_PROTEIN_TOKENS * (size_t)L;
    int gfam;
    PG_CHECK(pg_protein_seqs_family(w->gen, w->o->family, &gfam));
    float *f = pg_graph_data(w->g, w->g_f);
    memset(f, 0, (size_t)b * (size_t)F * sizeof *f);
    for (int k = 0; k < b; k++) f[k * F + w->fam] = 1.0f;
    while (r->generated < w->o->n) {
        const float *x = NULL;
        PG_CHECK(fill_batch(w, &x));
        memcpy(pg_graph_data(w->dg, w->d_in), x, len * sizeof *x);
        memcpy(pg_graph_data(w->cg, w->c_in), x, len * sizeof *x);
        PG_CHECK(pg_graph_forward(w->dg));
        PG_CHECK(pg_graph_forward(w->cg));
        const float *dl = pg_graph_data(w->dg, w->d_out);
        const float *cl = pg_graph_data(w->cg, w->c_out);
        for (int k = 0; k < b && r->generated < w->o->n; k++) {
            r->generated++;
            int n = pg_protein_onehot_decode(x + (size_t)k * PG_PROTEIN_TOKENS *
                                                     (size_t)L, L, w->res);
            if (n == 0) { r->empty++; continue; }
            if (seen(w->gen, w->res, n)) { r->duplicates++; continue; }
            char id[64];
            snprintf(id, sizeof id, "%s-%s-%06d", w->o->family,
                     w->pssm ? "pssm" : "gen", r->generated);
            int i = w->gen->n;
            PG_CHECK(pg_protein_seqs_add(w->gen, id, w->res, n, gfam));
            w->s.critic_p[i] = softmax_at(cl + (size_t)k * classes, classes,
                                          w->fam);
            w->s.d_real[i] = 1.0 / (1.0 + exp(-(double)dl[k]));
        }
    }
    r->unique = w->gen->n;
    return PG_OK;
}

/* Sequences i = lo + rank, lo + rank + size, ... below hi: this rank's
 * share of the scored range. */
static pg_status own_share(const screen *w, int lo, int hi, int rank,
                           int size, pg_protein_seqs **out)
{
    PG_CHECK(pg_protein_seqs_create(out));
    int f;
    PG_CHECK(pg_protein_seqs_family(*out, w->o->family, &f));
    for (int i = lo + rank; i < hi; i += size)
        PG_CHECK(pg_protein_seqs_add(*out, w->gen->ids[i],
                                     pg_protein_seqs_at(w->gen, i),
                                     w->gen->length[i], f));
    return PG_OK;
}

/* The costly scores of this rank's share into v (4 x n: Forward bits,
 * Forward P, max identity, nearest training index; at the sequences'
 * indices, zero elsewhere). */
static pg_status score_share(screen *w, const pg_protein_seqs *mine,
                             int lo, int rank, int size, double *v)
{
    int n = w->gen->n, m = mine->n;
    pg_protein_hmm **list = NULL;
    int nh = 0;
    pg_protein_identity *id = NULL;
    pg_protein_score *sc = malloc(((size_t)m + 1) * sizeof *sc);
    double *best = malloc(((size_t)m + 1) * sizeof *best);
    int *near = malloc(((size_t)m + 1) * sizeof *near);
    pg_status st = sc && best && near
                       ? PG_OK
                       : PG_FAIL(PG_ERR_NOMEM, "%d sequences' scores", m);
    if (st == PG_OK && w->o->hmm_path) {
        st = pg_protein_hmm_read(w->o->hmm_path, &list, &nh);
        if (st == PG_OK) st = pg_protein_score_seqs(list[0], mine, sc);
    }
    if (st == PG_OK) st = pg_protein_identity_create(&id);
    if (st == PG_OK)
        st = pg_protein_identity_nearest(id, mine, w->train, w->fam, best,
                                         near);
    for (int k = 0; st == PG_OK && k < m; k++) {
        size_t i = (size_t)lo + (size_t)rank + (size_t)k * (size_t)size;
        v[i] = w->o->hmm_path ? sc[k].forward_bits : 0;
        v[(size_t)n + i] = w->o->hmm_path ? sc[k].forward_p : 0;
        v[2 * (size_t)n + i] = best[k];
        v[3 * (size_t)n + i] = near[k];
    }
    pg_protein_identity_destroy(&id);
    pg_protein_hmm_list_destroy(&list, nh);
    free(sc);
    free(best);
    free(near);
    return st;
}

/* Collective: every rank scores its share of sequences [lo, hi) (profile,
 * novelty: the costly part); rank 0 gets them in *out (4 x n, as
 * score_share's v; zero outside the range), other ranks NULL. The result
 * does not depend on the number of ranks (each sequence is scored
 * alone). */
static pg_status score_range(screen *w, MPI_Comm comm, int rank, int size,
                             int lo, int hi, double **out)
{
    int n = w->gen->n;
    pg_protein_seqs *mine = NULL;
    double *v = calloc(4 * (size_t)n, sizeof *v);
    double *all = rank == 0 && size > 1 ? calloc(4 * (size_t)n, sizeof *all)
                                        : v;
    pg_status st = v && all ? PG_OK
                            : PG_FAIL(PG_ERR_NOMEM, "%d sequences' scores",
                                      n);
    *out = NULL;
    if (st == PG_OK) st = own_share(w, lo, hi, rank, size, &mine);
    if (st == PG_OK) st = score_share(w, mine, lo, rank, size, v);
    pg_protein_seqs_destroy(&mine);
    st = pg_dist_agree(comm, st);
    if (st == PG_OK && size > 1 &&
        MPI_Reduce(v, all, 4 * n, MPI_DOUBLE, MPI_SUM, 0, comm) !=
            MPI_SUCCESS)
        st = PG_FAIL(PG_ERR_MPI, "gathering the sequences' scores failed");
    if (all != v) free(v);
    if (st != PG_OK || rank != 0) {
        free(all);
        return st;
    }
    *out = all;
    return PG_OK;
}

/* Rank 0: every unique sequence's scores from v (4 x n) into w->s. */
static void take_scores(screen *w, const double *all,
                        pg_protein_screen_result *r)
{
    int n = w->gen->n;
    r->hmm_hits = w->o->hmm_path ? 0 : -1;
    for (int i = 0; i < n; i++) {
        w->s.bits[i] = w->o->hmm_path ? all[i] : NAN;
        /* E = Z P with Z the unique count, as hmmsearch's -Z. */
        w->s.evalue[i] = w->o->hmm_path ? (double)n * all[n + i] : NAN;
        w->s.max_id[i] = all[2 * (size_t)n + i];
        w->s.nearest[i] = (int)all[3 * (size_t)n + i];
        r->hmm_hits += w->o->hmm_path && w->s.evalue[i] < 0.01;
    }
}

static const screen *sort_ctx;

/* Novel ones first, then by score, best first; ties by index. */
static int by_rank(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    const scores *s = &sort_ctx->s;
    if (s->novel[i] != s->novel[j]) return s->novel[j] - s->novel[i];
    if (s->score[i] != s->score[j]) return s->score[i] < s->score[j] ? 1 : -1;
    return i - j;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static pg_status rank_all(screen *w, pg_protein_screen_result *r)
{
    int n = w->gen->n;
    pg_protein_identity *id = NULL;
    PG_CHECK(pg_protein_identity_create(&id));
    pg_status st = PG_OK;
    double *sorted = malloc((size_t)n * sizeof *sorted);
    if (st == PG_OK && !sorted) st = PG_FAIL(PG_ERR_NOMEM, "%d values", n);
    if (st == PG_OK) {
        memcpy(sorted, w->s.max_id, (size_t)n * sizeof *sorted);
        qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
        r->median_max_identity = n % 2 ? sorted[n / 2]
                                       : 0.5 * (sorted[n / 2 - 1] +
                                                sorted[n / 2]);
        free(sorted);
        for (int i = 0; i < n; i++) {
            w->s.score[i] = log(w->s.critic_p[i]) + log(w->s.d_real[i]);
            w->s.novel[i] = w->s.max_id[i] < w->o->max_identity;
            r->novel += w->s.novel[i];
            r->mean_critic_p += w->s.critic_p[i] / n;
            r->mean_d_real += w->s.d_real[i] / n;
            w->s.order[i] = i;
        }
        sort_ctx = w;
        qsort(w->s.order, (size_t)n, sizeof *w->s.order, by_rank);
        r->top = r->novel < w->o->top ? r->novel : w->o->top;
        int tf = 0;
        st = pg_protein_seqs_family(w->top, w->o->family, &tf);
        for (int k = 0; k < r->top && st == PG_OK; k++) {
            int i = w->s.order[k];
            st = pg_protein_seqs_add(w->top, w->gen->ids[i],
                                     pg_protein_seqs_at(w->gen, i),
                                     w->gen->length[i], tf);
        }
        r->mean_pairwise_top = NAN;
        if (st == PG_OK && r->top >= 2)
            st = pg_protein_identity_mean_pairwise(id, w->top, -1,
                                                   &r->mean_pairwise_top);
    }
    pg_protein_identity_destroy(&id);
    PG_CHECK(st);
    return PG_OK;
}

static void csv_num(pg_text_buffer *b, double v)
{
    if (isfinite(v)) pg_text_buffer_printf(b, ",%.6g", v);
    else pg_text_buffer_append(b, ",");
}

static pg_status write_csv(screen *w, const char *path)
{
    pg_text_buffer b = {0};
    pg_text_buffer_append(&b, "rank,id,length,novel,score,critic_p,d_real,"
                          "hmm_bits,hmm_evalue,max_identity,nearest,"
                          "sequence\n");
    for (int k = 0; k < w->gen->n; k++) {
        int i = w->s.order[k];
        pg_text_buffer_printf(&b, "%d,%s,%d,%d", k + 1, w->gen->ids[i],
                              (int)w->gen->length[i], w->s.novel[i]);
        csv_num(&b, w->s.score[i]);
        csv_num(&b, w->s.critic_p[i]);
        csv_num(&b, w->s.d_real[i]);
        csv_num(&b, w->s.bits[i]);
        csv_num(&b, w->s.evalue[i]);
        csv_num(&b, w->s.max_id[i]);
        pg_text_buffer_printf(&b, ",%s,", w->s.nearest[i] >= 0
                                              ? w->train->ids[w->s.nearest[i]]
                                              : "");
        const uint8_t *res = pg_protein_seqs_at(w->gen, i);
        for (int p = 0; p < w->gen->length[i]; p++)
            pg_text_buffer_append_n(&b, &PG_PROTEIN_ALPHABET[res[p]], 1);
        pg_text_buffer_append(&b, "\n");
    }
    return pg_atomic_file_write_text(path, &b);
}

/* Residue counts of the family's training sequences and of the top set,
 * each aligned onto the family's centre: *counts (2 x mc x 20). */
static pg_status logo_counts(screen *w, double **counts, int *mc)
{
    int c;
    PG_CHECK(pg_protein_pssm_centre(w->train, w->fam, &c));
    *mc = w->train->length[c];
    size_t len = (size_t)*mc * PG_PROTEIN_K;
    *counts = calloc(2 * len, sizeof **counts);
    if (!*counts) return PG_FAIL(PG_ERR_NOMEM, "logo counts");
    const uint8_t *centre = pg_protein_seqs_at(w->train, c);
    PG_CHECK(pg_protein_pssm_star_counts(w->train, w->fam, centre, *mc,
                                         *counts));
    PG_CHECK(pg_protein_pssm_star_counts(w->top, -1, centre, *mc,
                                         *counts + len));
    return PG_OK;
}

static pg_status write_page(screen *w, const pg_protein_screen_result *r,
                            const char *path)
{
    int n = w->gen->n, k = r->top;
    double *all = malloc(5 * (size_t)(n + k + 1) * sizeof *all);
    if (!all) return PG_FAIL(PG_ERR_NOMEM, "page values");
    double *top = all + 5 * (size_t)n;
    const double *src[5] = {w->s.critic_p, w->s.d_real, w->s.bits,
                            w->s.max_id, NULL};
    for (int h = 0; h < 5; h++)
        for (int i = 0; i < n; i++)
            all[(size_t)h * n + i] = src[h] ? src[h][i]
                                            : (double)w->gen->length[i];
    for (int h = 0; h < 5; h++)
        for (int j = 0; j < k; j++)
            top[(size_t)h * k + j] = all[(size_t)h * n + w->s.order[j]];
    pg_screen_hist hs[5] = {
        {"function critic", "P(family) by the critic", all, top},
        {"realness", "sigmoid of D's logit", all + n, top + k},
        {"profile HMM", "Forward bits (physgan's HMMER3 scorer)", all + 2 * n,
         top + 2 * k},
        {"novelty", "max identity to the family's training sequences",
         all + 3 * n, top + 3 * k},
        {"length", "residues", all + 4 * n, top + 4 * k}};
    char rows[10][160];
    snprintf(rows[0], 160, "checkpoint\t%s", w->o->checkpoint);
    snprintf(rows[1], 160, "family\t%s (training split %s)", w->o->family,
             w->o->train_path);
    snprintf(rows[2], 160, "generated\t%d (%d empty, %d duplicates)",
             r->generated, r->empty, r->duplicates);
    snprintf(rows[3], 160, "unique\t%d", r->unique);
    snprintf(rows[4], 160, "novel (max identity < %.2f)\t%d",
             w->o->max_identity, r->novel);
    snprintf(rows[5], 160, "top set\t%d", r->top);
    snprintf(rows[6], 160, "median max identity (unique)\t%.4f",
             r->median_max_identity);
    snprintf(rows[7], 160, "mean pairwise identity (top)\t%.4f",
             r->mean_pairwise_top);
    snprintf(rows[8], 160, "profile\t%s", w->o->hmm_path ? w->o->hmm_path
                                                          : "(none)");
    snprintf(rows[9], 160, "HMM hits, E < 0.01 (unique)\t%d", r->hmm_hits);
    const char *rp[10];
    for (int i = 0; i < 10; i++) rp[i] = rows[i];
    double *counts = NULL;
    pg_screen_logo logos[2];
    char titles[2][160];
    pg_status st = logo_counts(w, &counts, &logos[0].columns);
    if (st == PG_OK) {
        int mc = logos[0].columns, nt = 0;
        for (int i = 0; i < w->train->n; i++) nt += w->train->family[i] == w->fam;
        snprintf(titles[0], 160, "training family %s (%d sequences)",
                 w->o->family, nt);
        snprintf(titles[1], 160, "top set (%d sequences)", w->top->n);
        logos[0] = (pg_screen_logo){titles[0], counts, mc};
        logos[1] = (pg_screen_logo){titles[1], counts + (size_t)mc * 20, mc};
        pg_screen_page page = {"physgan screen proteins", rp, 10, hs, 5, n,
                               k, logos, 2};
        pg_text_buffer b = {0};
        pg_screen_page_build(&page, &b);
        st = pg_atomic_file_write_text(path, &b);
    }
    free(counts);
    free(all);
    return st;
}

static pg_status write_all(screen *w, const pg_protein_screen_result *r)
{
    char path[4096];
    int n = w->gen->n;
    for (int i = 0; i < n; i++) {
        char d[160];
        snprintf(d, sizeof d, "critic_p=%.4f d_real=%.4f max_identity=%.4f",
                 w->s.critic_p[i], w->s.d_real[i], w->s.max_id[i]);
        if (!(w->s.desc[i] = strdup(d)))
            return PG_FAIL(PG_ERR_NOMEM, "FASTA descriptions");
    }
    const char *const *desc = (const char *const *)w->s.desc;
    PG_CHECK(pg_generate_make_dir(w->o->out_dir));
    snprintf(path, sizeof path, "%s/top.fasta", w->o->out_dir);
    PG_CHECK(pg_protein_fasta_write(path, w->gen, w->s.order, r->top, desc));
    snprintf(path, sizeof path, "%s/all.fasta", w->o->out_dir);
    PG_CHECK(pg_protein_fasta_write(path, w->gen, w->s.order, n, desc));
    snprintf(path, sizeof path, "%s/ranked.csv", w->o->out_dir);
    PG_CHECK(write_csv(w, path));
    snprintf(path, sizeof path, "%s/screen.html", w->o->out_dir);
    PG_CHECK(write_page(w, r, path));
    return PG_OK;
}

static void release(screen *w)
{
    scores *s = &w->s;
    free(s->critic_p); free(s->d_real); free(s->bits); free(s->evalue);
    free(s->max_id); free(s->score); free(s->nearest); free(s->order);
    free(s->novel);
    if (s->desc && w->gen)
        for (int i = 0; i < w->gen->n; i++) free(s->desc[i]);
    free(s->desc);
    free(w->res);
    free(w->x);
    pg_protein_pssm_destroy(&w->pssm);
    pg_graph_destroy(&w->g);
    pg_graph_destroy(&w->dg);
    pg_graph_destroy(&w->cg);
    pg_net_destroy(&w->gnet);
    pg_net_destroy(&w->dnet);
    pg_net_destroy(&w->cnet);
    pg_rng_destroy(&w->rng);
    pg_protein_seqs_destroy(&w->train);
    pg_protein_seqs_destroy(&w->gen);
    pg_protein_seqs_destroy(&w->top);
    pg_config_destroy(&w->cfg);
    pg_checkpoint_destroy(&w->ck);
}

/* After generation: score every sequence, rank and write; or (--shard)
 * score one part and write it as protein_screen/1; or (--scores) take
 * every score from the merged parts, rank and write. Collective. */
static pg_status finish(screen *w, MPI_Comm comm, int rank, int size,
                        pg_protein_screen_result *r)
{
    const pg_protein_screen_opts *o = w->o;
    int n = w->gen->n;
    pg_protein_screen_key key = {o->family, o->seed, o->n, n,
                                 o->from_profile, o->hmm_path != NULL};
    double *all = NULL;
    pg_status st = PG_OK;
    r->scored_first = 0;
    r->scored_count = n;
    if (o->scores_path) {
        if (rank == 0) {
            all = calloc(4 * (size_t)n, sizeof *all);
            st = all ? pg_protein_screen_scores_read(o->scores_path, &key,
                                                     w->gen->length, all)
                     : PG_FAIL(PG_ERR_NOMEM, "%d sequences' scores", n);
        }
        st = pg_dist_agree(comm, st);
    } else {
        size_t lo = 0, cnt = (size_t)n;
        if (o->shards > 0)
            pg_shard_range((size_t)n, o->shard, o->shards, &lo, &cnt);
        r->scored_first = (int)lo;
        r->scored_count = (int)cnt;
        st = score_range(w, comm, rank, size, (int)lo, (int)(lo + cnt), &all);
    }
    if (st == PG_OK && rank == 0) {
        if (o->shards > 0) {
            st = pg_generate_make_dir(o->out_dir);
            if (st == PG_OK)
                st = pg_protein_screen_scores_write(
                    r->scores_file, &key, r->scored_first, r->scored_count,
                    w->gen->length, all);
        } else {
            take_scores(w, all, r);
            st = rank_all(w, r);
            if (st == PG_OK) st = write_all(w, r);
        }
    }
    free(all);
    return pg_dist_agree(comm, st);
}

pg_status pg_protein_screen_run(const pg_protein_screen_opts *o,
                                MPI_Comm comm, pg_protein_screen_result *r)
{
    int rank = 0, size = 1;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &size);
    }
    memset(r, 0, sizeof *r);
    if (o->n < 1 || o->top < 1 || !(o->max_identity > 0 &&
                                    o->max_identity <= 1))
        return PG_FAIL(PG_ERR_ARG, "screen proteins: --n %d and --top %d "
                       "must be >= 1 and --max-identity %g in (0, 1]", o->n,
                       o->top, o->max_identity);
    if (o->shards > 0 && (o->shard < 0 || o->shard >= o->shards || o->scores_path))
        return PG_FAIL(PG_ERR_ARG, "screen proteins: --shard %d/%d needs "
                       "0 <= I < N and no --scores", o->shard, o->shards);
    if (o->shards > 0)
        snprintf(r->scores_file, sizeof r->scores_file,
                 "%s/scores-%d-of-%d.h5", o->out_dir, o->shard, o->shards);
    screen w = {.o = o, .batch = o->n < BATCH ? o->n : BATCH};
    /* Every rank generates the same sequences (same seed: generation is
     * cheap); each scores its share, rank 0 ranks and writes. */
    pg_status st = load_model(&w);
    if (st == PG_OK) st = build(&w);
    if (st == PG_OK) st = pg_protein_seqs_create(&w.gen);
    if (st == PG_OK) st = pg_protein_seqs_create(&w.top);
    if (st == PG_OK) st = grow_scores(&w, o->n);
    r->length = w.d.length;
    if (st == PG_OK) st = generate(&w, r);
    if (st == PG_OK && w.gen->n == 0)
        st = PG_FAIL(PG_ERR_NUMERIC, "screen proteins: all %d generated "
                     "sequences were empty (G emits the end token first)",
                     r->generated);
    PG_CHECK_GOTO(st, pg_dist_agree(comm, st), done);
    st = finish(&w, comm, rank, size, r);
done:
    release(&w);
    return st;
}
