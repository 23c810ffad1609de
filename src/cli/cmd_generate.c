/* physgan generate CKPT: terrain patches from a trained generator
 * (docs/terrain.md, "Generating terrain"). Under mpiexec the patches are
 * shared among the ranks (docs/hpc.md); MPI is initialised only when a
 * launcher is detected. */
#include <getopt.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "physics/terrain/terrain_breach.h"
#include "physics/terrain/terrain_sr_drain.h"
#include "train/generate.h"

/* Upper bound of --n: a million patches is far beyond any use here and
 * keeps file names and sizes sane. */
enum { MAX_PATCHES = 1000000 };

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan generate CKPT.h5 --out DIR [options]\n\n"
            "Rebuilds the generator of a terrain checkpoint from its job\n"
            "(/config), samples it in evaluation mode and writes, in DIR:\n"
            "generated.h5 (terrain/1, metres) + generated.xmf (ParaView),\n"
            "patch-NN.asc (ESRI ASCII grids), patch-NN.tif (GeoTIFF, a local\n"
            "metric CRS), patch-NN.png (hillshades),\n"
            "and job.ini (the checkpoint's job). Conditional checkpoints\n"
            "(cyclegan, unet_sr) take the first N patches of --input instead\n"
            "of noise: cyclegan translates them (synthetic -> real), unet_sr\n"
            "upsamples their block means. Under mpiexec the patches\n"
            "are shared among the ranks, which write generated.h5 together\n"
            "(parallel HDF5); the files are those of one process.\n\n"
            "options:\n"
            "  -n, --n N            patches to generate (default 16)\n"
            "      --out DIR        output directory (required; created)\n"
            "      --seed S         noise seed (default 1)\n"
            "      --ema            use the EMA generator weights (G_ema)\n"
            "      --format LIST    any of h5,asc,tif,png (default all)\n"
            "      --data FILE.h5   training data, when it moved from the\n"
            "                       job's [data] path (shape and scale)\n"
            "      --input FILE.h5  terrain/1 patches for a conditional\n"
            "                       checkpoint (required for cyclegan and\n"
            "                       unet_sr, refused for the others)\n"
            "      --breach         cut every closed depression open along\n"
            "                       its flow path (hydrological conditioning,\n"
            "                       as a GIS does before routing flow; nothing\n"
            "                       is raised): the patches drain over their\n"
            "                       edges; the file records breach_drop_m\n"
            "      --flip-ensemble  unet_sr: the mean of G over the 4 mirror\n"
            "                       images of each coarse patch (keeps the\n"
            "                       block means)\n"
            "      --drain          unet_sr: breach the closed depressions\n"
            "                       that the coarse patch does not show, then\n"
            "                       restore the block means, repeated\n"
            "                       (the output still averages back to the\n"
            "                       coarse DEM); the file records\n"
            "                       flip_ensemble and drain_rounds\n"
            "      --plain          plain progress lines even on a terminal\n"
            "  -h, --help           this help\n\n"
            "exit codes: 0 written, 1 run-time failure (unreadable or bad\n"
            "checkpoint, I/O), 2 usage error\n");
}

/* Exit code and summary line of a run. Every rank has the same
 * pass/fail; rank 0 prints the summary, and a rank whose own step failed
 * its error (the others only know that "another rank" failed). */
static int report(const pg_generate_opts *o, pg_status s,
                  const pg_generate_result *r, int rank)
{
    if (s == PG_ERR_MPI && rank != 0) {
        pg_error_clear();
        return PG_EXIT_FAILURE;
    }
    if (s != PG_OK) {
        /* A bad checkpoint is a run-time failure, not a usage error. */
        if (s == PG_ERR_ARG || s == PG_ERR_CONFIG) {
            pg_error_print(stderr);
            pg_error_clear();
            return PG_EXIT_FAILURE;
        }
        return pg_cli_fail(s);
    }
    if (rank != 0) return PG_EXIT_OK;
    if (o->breach_m > 0)
        printf("generate: breached: %.0f cells lowered (%.3f %% of all), "
               "deepest cut %.3f m\n", r->breach_cells,
               100 * r->breach_cells / ((double)o->n * r->h * r->w),
               r->breach_max_cut_m);
    if (o->drain_rounds > 0)
        printf("generate: drained (%d rounds of breaching and block means "
               "restored): %.0f cell cuts, deepest %.3f m\n",
               o->drain_rounds, r->drain_cells, r->drain_max_cut_m);
    if (r->conditional) {
        printf("generate: %ld patches of %d x %d cells (%g x %g m) from %s "
               "%s by %s (model %s, step %ld), elevations %.3f .. %.3f m in "
               "%s\n", o->n, r->h, r->w, r->dx_m, r->dy_m, o->input, r->what,
               o->checkpoint, r->model, r->step, r->min_m, r->max_m,
               o->out_dir);
        return PG_EXIT_OK;
    }
    printf("generate: %ld patches of %d x %d cells (%g x %g m) from %s "
           "(model %s, step %ld%s), elevations %.3f .. %.3f m (m_ref %.3f m, "
           "h_ref %.3f m) in %s\n", o->n, r->h, r->w, r->dx_m, r->dy_m,
           o->checkpoint, r->model, r->step, o->ema ? ", EMA" : "", r->min_m,
           r->max_m, r->offset_m, r->scale_m, o->out_dir);
    return PG_EXIT_OK;
}

int pg_cmd_generate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"n", required_argument, NULL, 'n'},
        {"out", required_argument, NULL, 'O'},
        {"seed", required_argument, NULL, 's'},
        {"ema", no_argument, NULL, 'e'},
        {"format", required_argument, NULL, 'f'},
        {"data", required_argument, NULL, 'd'},
        {"input", required_argument, NULL, 'i'},
        {"plain", no_argument, NULL, 'p'},
        {"breach", no_argument, NULL, 'b'},
        {"flip-ensemble", no_argument, NULL, 'F'},
        {"drain", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    pg_generate_opts o = {.n = 16, .seed = 1,
                          .formats = PG_GENERATE_H5 | PG_GENERATE_ASC |
                                     PG_GENERATE_PNG | PG_GENERATE_TIF,
                          .progress = stderr};
    long seed = 1;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (pg_cli_parse_long("generate", "--n", optarg, 1, MAX_PATCHES,
                                  &o.n))
                return PG_EXIT_USAGE;
            break;
        case 'O': o.out_dir = optarg; break;
        case 's':
            if (pg_cli_parse_long("generate", "--seed", optarg, 0,
                                  2147483647L, &seed))
                return PG_EXIT_USAGE;
            break;
        case 'e': o.ema = 1; break;
        case 'f':
            if (pg_generate_formats_parse(optarg, &o.formats) != PG_OK) {
                int rc = pg_cli_usage_error("generate", "%s",
                                            pg_error_message());
                pg_error_clear();
                return rc;
            }
            break;
        case 'd': o.data = optarg; break;
        case 'i': o.input = optarg; break;
        case 'p': o.plain = 1; break;
        case 'b': o.breach_m = PG_TERRAIN_BREACH_DROP_M; break;
        case 'F': o.flip_ensemble = 1; break;
        case 'D': o.drain_rounds = PG_TERRAIN_SR_DRAIN_ROUNDS; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("generate", "bad option");
        }
    }
    if (optind >= argc)
        return pg_cli_usage_error("generate", "expected CKPT.h5");
    if (optind + 1 < argc)
        return pg_cli_usage_error("generate", "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (!o.out_dir || !*o.out_dir)
        return pg_cli_usage_error("generate", "--out DIR is required");
    o.checkpoint = argv[optind];
    o.seed = (uint64_t)seed;
    pg_generate_result r;
    int rank = 0;
    o.mpi = pg_cli_under_mpi_launcher();
    if (o.mpi) {
        MPI_Init(NULL, NULL);
        o.comm = MPI_COMM_WORLD;
        MPI_Comm_rank(o.comm, &rank);
    }
    int rc = report(&o, pg_generate_run(&o, &r), &r, rank);
    if (o.mpi) MPI_Finalize();
    return rc;
}
