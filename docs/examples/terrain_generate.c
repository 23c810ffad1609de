/* Example: terrain patches from a trained GAN inside a C program, through
 * libphysgan's C API (docs/api.md).
 *
 *   terrain_generate CKPT.h5 SEED N OUT.f32
 *
 * Opens the checkpoint, prints what it is, generates patches 0..N-1 of
 * SEED's noise stream and writes them to OUT.f32 as raw float32 (N x H x W
 * elevations in metres, row-major, the machine's byte order): the same
 * values, bit for bit, as /terrain of `physgan generate CKPT.h5 --seed SEED
 * --n N`. Build: examples/CMakeLists.txt (find_package(physgan)) or
 *   cc terrain_generate.c $(pkg-config --cflags --libs physgan) */
#include <physgan/physgan.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: terrain_generate CKPT.h5 SEED N OUT.f32\n");
        return 2;
    }
    long n = atol(argv[3]);
    unsigned long long seed = strtoull(argv[2], NULL, 10);
    if (n < 1) {
        fprintf(stderr, "terrain_generate: N must be >= 1\n");
        return 2;
    }
    physgan_model *m = NULL;
    int st = physgan_open(argv[1], NULL, 0, &m);
    if (st != PHYSGAN_OK) {
        fprintf(stderr, "terrain_generate: %s\n", physgan_model_message(m));
        physgan_close(&m);
        return 1;
    }
    if (physgan_model_kind(m) != PHYSGAN_KIND_TERRAIN_GAN) {
        fprintf(stderr, "terrain_generate: %s is a %s model, not a terrain "
                "GAN\n", argv[1], physgan_model_arch(m));
        physgan_close(&m);
        return 1;
    }
    int c, h, w;
    double dx, dy;
    physgan_model_output_shape(m, &c, &h, &w);
    physgan_model_cell_size(m, &dx, &dy);
    printf("%s: %s at step %ld, patches of %d x %d cells of %g x %g %s\n",
           argv[1], physgan_model_arch(m), physgan_model_step(m), h, w, dx,
           dy, physgan_model_units(m));

    size_t len = (size_t)n * (size_t)h * (size_t)w;
    float *z = malloc(len * sizeof *z);
    if (!z) {
        physgan_close(&m);
        return 1;
    }
    st = physgan_terrain_generate(m, seed, 0, n, z);
    if (st != PHYSGAN_OK) {
        fprintf(stderr, "terrain_generate: %s: %s\n", physgan_strerror(st),
                physgan_model_message(m));
        free(z);
        physgan_close(&m);
        return 1;
    }
    float lo = z[0], hi = z[0];
    for (size_t i = 0; i < len; i++) {
        lo = z[i] < lo ? z[i] : lo;
        hi = z[i] > hi ? z[i] : hi;
    }
    printf("generated %ld patches, elevations %.3f .. %.3f m\n", n, lo, hi);
    FILE *f = fopen(argv[4], "wb");
    int ok = f && fwrite(z, sizeof *z, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "terrain_generate: cannot write %s\n", argv[4]);
    free(z);
    physgan_close(&m);
    return ok ? 0 : 1;
}
