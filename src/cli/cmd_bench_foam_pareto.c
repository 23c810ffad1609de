/* physgan bench foam --pareto: run physics/foam/io/foam_pareto.h from the
 * --init frames and print its table or one JSON object. */
#include "cli/cmd_bench_foam_pareto.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "physics/foam/foam_label_choice.h"
#include "train/rollout.h"

/* A list of 1 to max whole numbers in [lo, hi] (odd ones only when odd)
 * for option opt into out[0..*n); 0, or PG_EXIT_USAGE. */
static int parse_whole_list(const char *cmd, const char *opt, const char *s,
                            int lo, int hi, int odd, int *out, int max, int *n)
{
    double v[PG_FOAM_PARETO_MAX_WAYS];
    if (pg_cli_parse_double_list(cmd, opt, s, lo, hi, v, max, n))
        return PG_EXIT_USAGE;
    for (int k = 0; k < *n; k++) {
        if (v[k] != floor(v[k]) || (odd && (int)v[k] % 2 == 0))
            return pg_cli_usage_error(cmd, "%s '%s': %swhole numbers, please",
                                      opt, s, odd ? "odd " : "");
        out[k] = (int)v[k];
    }
    return 0;
}

int pg_cli_parse_strides(const char *cmd, const char *s, pg_foam_pareto_opts *o)
{
    return parse_whole_list(cmd, "--pareto-strides", s, 2,
                            PG_FOAM_GRID_STRIDE_MAX, 0, o->strides,
                            PG_FOAM_PARETO_MAX_STRIDES, &o->n_strides);
}

int pg_cli_parse_floor_windows(const char *cmd, const char *s,
                               pg_foam_pareto_opts *o)
{
    return parse_whole_list(cmd, "--label-floor", s, 1,
                            PG_FOAM_LABEL_CHOICE_K_MAX, 1, o->floor_windows,
                            PG_FOAM_PARETO_MAX_FLOORS, &o->n_floors);
}

int pg_cli_parse_vote_sigmas(const char *cmd, const char *s,
                             pg_foam_pareto_opts *o)
{
    int n = 0;
    if (pg_cli_parse_double_list(cmd, "--label-vote", s, 0.1,
                                 PG_FOAM_LABEL_CHOICE_K_MAX / 5.0, o->vote_sigmas,
                                 PG_FOAM_PARETO_MAX_VOTES, &n))
        return PG_EXIT_USAGE;
    o->n_votes = n;
    return 0;
}

/* A way measured against its baseline of equal error: the surrogate's and
 * the votes. */
static int judged(const pg_foam_pareto_way *w)
{
    return w->surrogate || w->vote_sigma > 0;
}

/* The way's name in the JSON. */
static const char *way_kind(const pg_foam_pareto_way *w, int k)
{
    if (w->surrogate) return "surrogate";
    if (w->vote_sigma > 0) return "label vote";
    if (w->floor_window) return "label-choice floor";
    return k ? "coarse simulator" : "full simulator";
}

/* One "key": v field of the object on stdout. */
static void json_num(const char *key, double v, int comma)
{
    pg_json_write_field(stdout, key, v, comma);
}

static void print_json(const pg_cli_pareto *c, const pg_foam_pareto *r)
{
    const pg_foam_pareto_opts *o = &c->o;
    printf("{\"bench\": \"foam-pareto\", \"init\": ");
    pg_json_write_string(stdout, c->init);
    printf(", \"sequences\": %d, \"size\": %d, \"steps\": %d, \"step_mcs\": %ld, "
           "\"proposal\": \"%s\", \"sweep\": \"%s\", \"threads\": %d, \"ways\": [",
           o->init->seqs, o->init->h, o->steps, o->step_mcs,
           pg_foam_proposal_name(o->proposal), pg_foam_sweep_name(o->sweep),
           pg_threads_get());
    double full = r->ways[0].seconds;
    for (int k = 0; k < r->n_ways; k++) {
        const pg_foam_pareto_way *w = &r->ways[k];
        const pg_foam_eval *e = &w->eval;
        printf("%s{\"way\": \"%s\", \"stride\": %d, \"mcs_per_step\": %ld, ",
               k ? ", " : "", way_kind(w, k), w->stride,
               w->surrogate ? o->step_mcs : w->mcs_per_step);
        if (w->floor_window) {
            printf("\"window\": %d, ", w->floor_window);
            json_num("unrepresentable_sites", w->unrepresentable, 1);
            json_num("bubbles_lost", w->bubbles_lost, 1);
            json_num("unrepresentable_sites_one_step", w->unrepresentable_1, 1);
            json_num("bubbles_inexact_one_step", w->bubbles_inexact_1, 1);
        }
        if (w->vote_sigma > 0) {
            json_num("sigma", w->vote_sigma, 1);
            printf("\"votes_per_step\": %d, \"window\": %d, ", w->vote_iters,
                   w->vote_window);
        }
        json_num("seconds", w->seconds, 1);
        json_num("cpu_seconds", w->cpu_seconds, 1);
        if (k && !w->surrogate && !w->floor_window)
            json_num("resample_cpu_seconds", w->resample_cpu_seconds, 1);
        json_num("speedup", full / w->seconds, 1);
        json_num("speedup_cpu", r->ways[0].cpu_seconds / w->cpu_seconds, 1);
        json_num("bubble_count_error", w->cmp.bubble_count_error, 1);
        json_num("mean_area_error", w->cmp.mean_area_error, 1);
        json_num("area_ks", w->cmp.area_ks, 1);
        json_num("growth_exponent", e->growth.exponent, 1);
        json_num("first_step_loss", e->first_step_loss, 1);
        json_num("von_neumann_slope", e->vn_ok ? e->vn.slope : NAN, 1);
        json_num("von_neumann_r", e->vn_ok ? e->vn.r : NAN, 1);
        json_num("angle_deviation_deg", e->angle_deviation, judged(w));
        if (judged(w)) {
            int b = pg_foam_pareto_baseline(r, k);
            if (b < 0) printf("\"baseline_stride\": null, ");
            else printf("\"baseline_stride\": %d, ", r->ways[b].stride);
            json_num("speedup_vs_baseline_cpu",
                     b < 0 ? NAN : r->ways[b].cpu_seconds / w->cpu_seconds, 0);
        }
        printf("}");
    }
    printf("]}\n");
}

static void print_table(const pg_cli_pareto *c, const pg_foam_pareto *r)
{
    const pg_foam_pareto_opts *o = &c->o;
    printf("bench foam --pareto: from %s (%d sequence(s), %dx%d, t = %g MCS), "
           "%d steps of %ld MCS, proposal %s, %s sweeps, 1 thread\n\n", c->init,
           o->init->seqs, o->init->h, o->init->w, o->init->time, o->steps,
           o->step_mcs, pg_foam_proposal_name(o->proposal),
           pg_foam_sweep_name(o->sweep));
    printf("| way | s (all sequences) | CPU s | speedup (CPU) | count err | mean-area err | "
           "area KS | growth exp | first-step loss | VN slope | VN r | "
           "mean abs(angle - 120) (deg) |\n"
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
           "| ---: | ---: |\n");
    for (int k = 0; k < r->n_ways; k++) {
        const pg_foam_pareto_way *w = &r->ways[k];
        const pg_foam_eval *e = &w->eval;
        char name[64];
        if (w->surrogate) snprintf(name, sizeof name, "surrogate (coarse %d)", w->stride);
        else if (w->floor_window)
            snprintf(name, sizeof name, "label-choice floor K = %d at S = %d",
                     w->floor_window, w->stride);
        else if (w->vote_sigma > 0)
            snprintf(name, sizeof name, "label vote %d x sigma %g at S = %d",
                     w->vote_iters, w->vote_sigma, w->stride);
        else if (k) snprintf(name, sizeof name, "simulator at S = %d + refinement", w->stride);
        else snprintf(name, sizeof name, "full simulator");
        printf("| %s | %.3f | %.3f | %.1f | %.4f | %.4f | %.4f | %.4f | %.4f | "
               "%.4f | %.4f | %.1f |\n", name, w->seconds, w->cpu_seconds,
               r->ways[0].cpu_seconds / w->cpu_seconds,
               w->cmp.bubble_count_error, w->cmp.mean_area_error, w->cmp.area_ks,
               e->growth.exponent, e->first_step_loss,
               e->vn_ok ? e->vn.slope : NAN, e->vn_ok ? e->vn.r : NAN,
               e->angle_deviation);
    }
    for (int k = 0; k < r->n_ways; k++) {
        const pg_foam_pareto_way *w = &r->ways[k];
        if (!judged(w)) continue;
        int b = pg_foam_pareto_baseline(r, k);
        char who[96] = "surrogate";
        if (w->vote_sigma > 0)
            snprintf(who, sizeof who, "label vote %d x sigma %g at S = %d",
                     w->vote_iters, w->vote_sigma, w->stride);
        if (b < 0)
            printf("\n%s: %.1fx the full simulator (CPU); no coarse "
                   "simulator here is as accurate on count, mean area and area "
                   "KS together\n", who, r->ways[0].cpu_seconds / w->cpu_seconds);
        else
            printf("\n%s: %.1fx the full simulator (CPU), %.2fx its "
                   "baseline of equal error (the cheapest coarse simulator at "
                   "least as accurate on count, mean area and area KS: S = "
                   "%d)\n", who, r->ways[0].cpu_seconds / w->cpu_seconds,
                   r->ways[b].cpu_seconds / w->cpu_seconds, r->ways[b].stride);
    }
    for (int k = 1; k < r->n_ways; k++) {
        const pg_foam_pareto_way *w = &r->ways[k];
        if (w->surrogate || w->floor_window || w->vote_sigma > 0) continue;
        printf("%sS = %d: %.3f of its %.3f CPU s coarsen the start and refine "
               "the frames (%.0f %%)", k == 1 ? "\n" : "; ", w->stride,
               w->resample_cpu_seconds, w->cpu_seconds,
               100 * w->resample_cpu_seconds / w->cpu_seconds);
        if (k + 1 == r->n_ways || r->ways[k + 1].surrogate ||
            r->ways[k + 1].floor_window || r->ways[k + 1].vote_sigma > 0)
            printf("\n");
    }
    int floors = 0;
    for (int k = 1; k < r->n_ways; k++) {
        const pg_foam_pareto_way *w = &r->ways[k];
        if (!w->floor_window) continue;
        floors++;
        printf("\nlabel-choice floor K = %d at S = %d: %.4f of the coarse "
               "sites' true labels outside the window, %.4f of the true "
               "bubbles missing; one step from the true frame: %.4f of the "
               "sites outside the window, %.4f of the bubbles not exact",
               w->floor_window, w->stride,
               w->unrepresentable, w->bubbles_lost, w->unrepresentable_1,
               w->bubbles_inexact_1);
    }
    if (floors)
        printf("\n(the floors read the full simulator's next frames; their "
               "CPU s are no method's cost)\n");
    printf("\nerrors against the full simulator at the %d step times (start "
           "frame included); growth exponent over every frame (log <A> vs log "
           "t); first-step loss 1 - B(t1)/B(t0) from the shared start frame; "
           "seconds: dynamics, coarsening and refinement\n", o->steps);
}

/* The surrogate's way: its rollout from the same frames, K steps of its
 * own step (which must be M), written beside the others and evaluated
 * against the full simulator. */
static pg_status run_surrogate(const pg_cli_pareto *c, pg_foam_pareto *r)
{
    pg_rollout_opts ro = {.ckpt = c->ckpt, .init = c->init,
                          .steps = c->o.steps, .coarse = c->coarse,
                          .project = 1};
    pg_rollout *roll = NULL;
    PG_CHECK(pg_rollout_create(&ro, &roll));
    pg_status st = PG_OK;
    if (roll->step_mcs != (double)c->o.step_mcs)
        st = PG_FAIL(PG_ERR_ARG, "bench foam --pareto: the surrogate's step "
                     "is %g MCS (its trained step x coarse^2); give "
                     "--step-mcs %g", roll->step_mcs, roll->step_mcs);
    pg_foam_pareto_way *w = &r->ways[r->n_ways];
    memset(w, 0, sizeof *w);
    w->surrogate = 1;
    w->stride = c->coarse;
    double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
    if (st == PG_OK) st = pg_rollout_run(roll, NULL);
    w->seconds = pg_clock_now_s() - t0;
    w->cpu_seconds = pg_clock_cpu_s() - c0;
    char path[4096];
    snprintf(path, sizeof path, "%s/pareto_surrogate.h5", c->o.workdir);
    if (st == PG_OK) st = pg_rollout_write(roll, path);
    pg_rollout_destroy(&roll);
    if (st == PG_OK) st = pg_foam_eval_file(path, &w->eval);
    if (st == PG_OK) {
        r->n_ways++;
        st = pg_foam_eval_compare(&w->eval, &r->ways[0].eval, &w->cmp);
    }
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

/* Remove the frame files of a temporary directory, then the directory. */
static void remove_workdir(const char *dir, const pg_foam_pareto_opts *o)
{
    char path[4096];
    for (int k = 0; k <= o->n_strides; k++) {
        int s = k ? o->strides[k - 1] : 1;
        snprintf(path, sizeof path, "%s/pareto_s%d.h5", dir, s);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/pareto_surrogate.h5", dir);
    unlink(path);
    for (int k = 0; k < o->n_floors; k++) {
        snprintf(path, sizeof path, "%s/pareto_floor%d.h5", dir, o->floor_windows[k]);
        unlink(path);
    }
    for (int k = 0; k < o->n_votes; k++) {
        snprintf(path, sizeof path, "%s/pareto_vote%d.h5", dir, k);
        unlink(path);
    }
    rmdir(dir);
}

int pg_cmd_bench_foam_pareto(pg_cli_pareto *c)
{
    /* One thread for every way, the surrogate's G included: without this
     * G ran on the default thread count and its CPU seconds summed the
     * threads (on 2 loaded cores 12.1 CPU s in 6.4 s wall against 1.8 s
     * on one thread), while the simulator ways are serial. */
    pg_status st = pg_threads_set(1);
    if (st != PG_OK) return pg_cli_fail(st);
    pg_foam_init *in = NULL;
    st = pg_foam_init_read(c->init, &in);
    if (st != PG_OK) return pg_cli_fail(st);
    c->o.init = in;
    c->o.temperature = c->temperature >= 0 ? c->temperature : in->temperature;
    char tmp[] = "/tmp/physgan-pareto-XXXXXX";
    c->o.workdir = c->dir;
    if (!c->dir) {
        if (!mkdtemp(tmp)) {
            pg_foam_init_free(&in);
            return pg_cli_fail(PG_FAIL(PG_ERR_IO, "bench foam --pareto: "
                                       "cannot make a temporary directory"));
        }
        c->o.workdir = tmp;
    }
    pg_foam_pareto r;
    st = pg_foam_pareto_run(&c->o, &r);
    if (st == PG_OK && c->ckpt) {
        st = run_surrogate(c, &r);
        if (st != PG_OK) pg_foam_pareto_free(&r);
    }
    if (!c->dir) remove_workdir(tmp, &c->o);
    int rc = PG_EXIT_OK;
    if (st != PG_OK) rc = pg_cli_fail(st);
    else {
        if (c->json) print_json(c, &r);
        else print_table(c, &r);
        pg_foam_pareto_free(&r);
    }
    pg_foam_init_free(&in);
    return rc;
}
