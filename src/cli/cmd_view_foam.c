/* physgan view foam A.h5 [B.h5]: the pictures of foam/1 files: an HTML
 * player of a sequence (beside the same times of a second file), PNG
 * frames, a PNG strip, and the validation plots (src/viz/foam_view.h,
 * foam_png.h, foam_plots.h). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cmd_view.h"
#include "viz/foam_plots.h"
#include "viz/foam_png.h"
#include "viz/foam_view.h"
#include "io/atomic_file.h"

/* Frames of a strip unless --max-frames says otherwise. */
enum { DEFAULT_STRIP_FRAMES = 5 };

typedef struct view_cli {
    const char *a, *b, *html, *png_dir, *strip, *plots_dir;
    long seq, seq_b, max_frames, scale;
    int max_frames_given;
    int crop[4]; /* --crop Y,X,H,W; H = 0: whole frames */
    int track; /* -1: files with the surrogate attribute; 0 none; 1 all */
    double fit_from; /* < 0: the default of foam_plots.h */
} view_cli;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan view foam A.h5 [B.h5] [--seq S] OUTPUTS [options]\n\n"
            "Pictures of foam/1 files. Bubbles are coloured (a colour per id,\n"
            "neighbours in different colours where 12 colours allow), films dark.\n\n"
            "outputs (at least one):\n"
            "      --out FILE.html   one self-contained HTML page (no network) that\n"
            "                        plays sequence S of A, beside the same times of\n"
            "                        B when given (frames matched by /time): play,\n"
            "                        pause, scrub, time in MCS, and under each frame\n"
            "                        its bubbles, <n> and mean area\n"
            "      --png DIR         one PNG per frame of A: DIR/STEM-sS-fTTTT.png\n"
            "      --strip FILE.png  frames of A in a row (B's below), default %d\n"
            "      --plots DIR       validation plots of A (all sequences) as SVG:\n"
            "                        mean area vs t with its fit, von Neumann dA/dt\n"
            "                        vs n - 6 with its fit, neighbour-count histogram\n\n"
            "options:\n"
            "      --seq S           sequence of A (default 0)\n"
            "      --seq-b S         sequence of B (default: the same as --seq)\n"
            "      --max-frames K    at most K frames/times, evenly spaced, first\n"
            "                        and last included (default %d; the page also\n"
            "                        keeps under %zu embedded pixels)\n"
            "      --scale K         pixels per site in the images, 1..%d\n"
            "                        (default 1; the page enlarges small lattices)\n"
            "      --fit-from M      plots: fit over frames at t >= M MCS (default:\n"
            "                        the time of frame (T-1)/4, as simulate --report)\n"
            "      --track           follow bubbles by overlap in every file (default:\n"
            "                        only in files whose ids are renumbered every\n"
            "                        frame: rollouts, root attribute surrogate)\n"
            "      --no-track        colour by the stored ids in every file\n"
            "      --crop Y,X,H,W    show only the H x W sites from row Y, column X\n"
            "                        of every frame (--out, --png, --strip; after\n"
            "                        tracking; large frames at full resolution)\n"            "  -h, --help            this help\n\n"
            "exit codes: 0 done; 1 an output could not be written; 2 usage error\n"
            "or unusable input (missing file, not foam/1, sequence out of range,\n"
            "sizes that differ, over the page budget)\n",
            DEFAULT_STRIP_FRAMES, PG_FOAM_VIEW_DEFAULT_FRAMES,
            PG_FOAM_VIEW_MAX_PIXELS, PG_FOAM_PNG_MAX_SCALE);
}

/* Returns -1 after --help, an exit code on error, else 0. */
static int parse(int argc, char **argv, view_cli *c)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"png", required_argument, NULL, 'p'},
        {"strip", required_argument, NULL, 's'},
        {"plots", required_argument, NULL, 'P'},
        {"seq", required_argument, NULL, 'q'},
        {"seq-b", required_argument, NULL, 'Q'},
        {"max-frames", required_argument, NULL, 'm'},
        {"scale", required_argument, NULL, 'k'},
        {"fit-from", required_argument, NULL, 'F'},
        {"track", no_argument, NULL, 't'},
        {"no-track", no_argument, NULL, 'T'},
        {"crop", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "view foam";
    int ch, bad = 0;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': c->html = optarg; break;
        case 'p': c->png_dir = optarg; break;
        case 's': c->strip = optarg; break;
        case 'P': c->plots_dir = optarg; break;
        case 'q': bad = pg_cli_parse_long(cmd, "--seq", optarg, 0, 1L << 30, &c->seq); break;
        case 'Q': bad = pg_cli_parse_long(cmd, "--seq-b", optarg, 0, 1L << 30, &c->seq_b); break;
        case 'm': bad = pg_cli_parse_long(cmd, "--max-frames", optarg, 1, 1L << 30, &c->max_frames);
                  c->max_frames_given = 1; break;
        case 'k': bad = pg_cli_parse_long(cmd, "--scale", optarg, 1, PG_FOAM_PNG_MAX_SCALE, &c->scale); break;
        case 'F': bad = pg_cli_parse_double(cmd, "--fit-from", optarg, 0, 1e15, &c->fit_from); break;
        case 't': c->track = 1; break;
        case 'T': c->track = 0; break;
        case 'c': {
            char end;
            int *r = c->crop;
            if (sscanf(optarg, "%d,%d,%d,%d%c", &r[0], &r[1], &r[2], &r[3],
                       &end) != 4 || r[0] < 0 || r[1] < 0 || r[2] < 1
                || r[3] < 1)
                return pg_cli_usage_error(cmd, "--crop '%s': expected Y,X,H,W "
                                          "(row, column >= 0; height, width "
                                          ">= 1)", optarg);
            break;
        }
        case 'h': usage(stdout); return -1;
        default:
            return pg_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
        if (bad) return PG_EXIT_USAGE;
    }
    int nfiles = argc - optind;
    if (nfiles < 1 || nfiles > 2)
        return pg_cli_usage_error(cmd, "expected A.h5 [B.h5], got %d file(s)",
                                  nfiles);
    c->a = argv[optind];
    c->b = nfiles == 2 ? argv[optind + 1] : NULL;
    if (!c->html && !c->png_dir && !c->strip && !c->plots_dir)
        return pg_cli_usage_error(cmd, "nothing to write: give --out, --png, "
                                  "--strip or --plots");
    if (c->b && !c->html && !c->strip)
        return pg_cli_usage_error(cmd, "B.h5 is shown by --out and --strip "
                                  "only");
    if (c->seq_b < 0) c->seq_b = c->seq;
    return 0;
}

/* mkdir DIR (one level) unless it is already a directory. */
static pg_status make_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) return PG_OK;
    if (mkdir(dir, 0755) != 0)
        return PG_FAIL(PG_ERR_IO, "%s: cannot create the directory: %s", dir,
                       strerror(errno));
    return PG_OK;
}

/* File name without directory and a trailing ".h5". */
static void stem(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(out, cap, "%s", base);
    size_t n = strlen(out);
    if (n > 3 && !strcmp(out + n - 3, ".h5")) out[n - 3] = '\0';
}

static pg_status write_html(const view_cli *c, const pg_foam_sequence *a,
                            const pg_foam_sequence *b, int *input_error)
{
    pg_foam_view_opts o = {c->a, c->b, (int)c->max_frames, (int)c->scale};
    pg_foam_view_info info;
    pg_text_buffer page = {0};
    pg_status st = pg_foam_view_build(a, b, &o, &page, &info);
    if (st != PG_OK) {
        /* Sizes that differ or a frame over the budget: the inputs. */
        *input_error = st == PG_ERR_ARG;
        pg_text_buffer_free(&page);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    st = pg_atomic_file_write(c->html, page.data, page.len, 0644);
    if (st == PG_OK)
        printf("view foam: wrote %s (%d of %d time(s)%s, %d frame image(s), "
               "%zu bytes; same-colour neighbour pairs: %zu)\n", c->html,
               info.shown, info.timeline,
               info.shown < info.timeline
                   ? (info.budget_limited ? ", limited by the pixel budget"
                                          : ", limited by --max-frames")
                   : "",
               info.images, page.len, info.conflicts);
    pg_text_buffer_free(&page);
    PG_CHECK(st);
    return PG_OK;
}

static pg_status write_frames(const view_cli *c, const pg_foam_sequence *a,
                              const pg_foam_sequence *b, int *input_error)
{
    int *idx = malloc((size_t)a->frames * sizeof *idx);
    if (!idx) return PG_FAIL(PG_ERR_NOMEM, "frame list");
    pg_status st = PG_OK;
    if (c->png_dir) {
        char prefix[512], s[400];
        stem(c->a, s, sizeof s);
        snprintf(prefix, sizeof prefix, "%s-s%d", s, a->seq);
        int n = pg_foam_png_select(a->frames, (int)c->max_frames, idx);
        st = make_dir(c->png_dir);
        if (st == PG_OK)
            st = pg_foam_png_write_frames(a, idx, n, (int)c->scale, c->png_dir,
                                          prefix);
        if (st == PG_OK)
            printf("view foam: wrote %d PNG frame(s) of %d to %s/%s-fTTTT.png "
                   "(%d x %d pixels)\n", n, a->frames, c->png_dir, prefix,
                   a->width * (int)c->scale, a->height * (int)c->scale);
    }
    if (st == PG_OK && c->strip) {
        int want = c->max_frames_given ? (int)c->max_frames
                                       : DEFAULT_STRIP_FRAMES;
        int n = pg_foam_png_select(a->frames, want, idx);
        st = pg_foam_png_write_strip(a, b, idx, n, (int)c->scale,
                                     PG_FOAM_VIEW_TIME_TOL, c->strip);
        *input_error = st == PG_ERR_ARG;
        if (st == PG_OK) {
            printf("view foam: wrote %s (%d frame(s) of %s at t =", c->strip,
                   n, c->a);
            for (int i = 0; i < n; i++)
                printf(" %g", a->time[idx[i]]);
            printf(" MCS%s)\n", b ? ", the same times of B below" : "");
        }
    }
    free(idx);
    PG_CHECK(st);
    return PG_OK;
}

/* The plots of A; *input_error is set when A cannot be analysed (an
 * unreadable file, too few frames to fit). */
static pg_status write_plots(const view_cli *c, int *input_error)
{
    pg_foam_validation p;
    pg_status st = pg_foam_validation_file(c->a, c->fit_from >= 0 ? c->fit_from
                                                                 : NAN,
                                           PG_FOAM_ANALYSIS_HIST, &p);
    if (st != PG_OK) {
        *input_error = 1;
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    st = make_dir(c->plots_dir);
    if (st == PG_OK) st = pg_foam_plots_write(&p, c->plots_dir);
    if (st == PG_OK) pg_foam_plots_print(&p, c->plots_dir, stdout);
    pg_foam_validation_free(&p);
    PG_CHECK(st);
    return PG_OK;
}

/* Relabel s by overlap when asked, or when its file says its ids are
 * renumbered every frame (a rollout) and --no-track was not given. */
static pg_status maybe_track(const view_cli *c, const char *path,
                             pg_foam_sequence *s)
{
    if (!s->labels || !(c->track == 1 || (c->track < 0 && s->renumbered)))
        return PG_OK;
    PG_CHECK(pg_foam_sequence_track(s));
    printf("view foam: %s: bubbles tracked by overlap%s\n", path,
           s->renumbered ? " (its ids are renumbered every frame)" : "");
    return PG_OK;
}

static int input_failed(void)
{
    pg_error_print(stderr);
    pg_error_clear();
    return PG_EXIT_USAGE;
}

int pg_cmd_view_foam(int argc, char **argv)
{
    view_cli c = {.seq_b = -1, .max_frames = PG_FOAM_VIEW_DEFAULT_FRAMES,
                  .scale = 1, .fit_from = -1, .track = -1};
    int rc = parse(argc, argv, &c);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    pg_foam_sequence a = {0}, b = {0};
    int need_frames = c.html || c.png_dir || c.strip;
    /* Input problems (missing file, not foam/1, sequence out of range)
     * are the user's arguments: exit 2. */
    if (need_frames && pg_foam_sequence_read(c.a, (int)c.seq, &a) != PG_OK)
        return input_failed();
    if (need_frames && c.b &&
        pg_foam_sequence_read(c.b, (int)c.seq_b, &b) != PG_OK) {
        pg_foam_sequence_free(&a);
        return input_failed();
    }
    int input_error = 0;
    pg_status st = maybe_track(&c, c.a, &a);
    if (st == PG_OK && c.b) st = maybe_track(&c, c.b, &b);
    if (st == PG_OK && c.crop[2] && need_frames) {
        st = pg_foam_sequence_crop(&a, c.crop[0], c.crop[1], c.crop[2],
                                   c.crop[3], "--crop");
        if (st == PG_OK && c.b)
            st = pg_foam_sequence_crop(&b, c.crop[0], c.crop[1], c.crop[2],
                                       c.crop[3], "--crop");
        input_error = st != PG_OK;
    }
    if (st == PG_OK && c.html) st = write_html(&c, &a, c.b ? &b : NULL, &input_error);
    if (st == PG_OK && (c.png_dir || c.strip))
        st = write_frames(&c, &a, c.b ? &b : NULL, &input_error);
    pg_foam_sequence_free(&a);
    pg_foam_sequence_free(&b);
    if (st == PG_OK && c.plots_dir) st = write_plots(&c, &input_error);
    if (st == PG_OK) return PG_EXIT_OK;
    pg_error_print(stderr);
    pg_error_clear();
    return input_error ? PG_EXIT_USAGE : PG_EXIT_FAILURE;
}
