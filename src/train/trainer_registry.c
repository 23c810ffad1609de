/* The list of trainer kinds (trainer_registry.h). */
#include "train/trainer_registry.h"

#include <stdio.h>

static const pg_trainer_kind *const kinds[] = {
    &pg_trainer_kind_gan, &pg_trainer_kind_paired, &pg_trainer_kind_cyclegan,
    &pg_trainer_kind_protein_gan, &pg_trainer_kind_crystal_vaegan};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

const pg_trainer_kind *const *pg_trainer_kinds(int *n)
{
    *n = N_KINDS;
    return kinds;
}

pg_status pg_trainer_kind_find(const char *arch, const pg_trainer_kind **out)
{
    for (int i = 0; i < N_KINDS; i++)
        if (kinds[i]->match(arch)) {
            *out = kinds[i];
            return PG_OK;
        }
    char choices[256] = "";
    size_t n = 0;
    for (int i = 0; i < N_KINDS && n < sizeof choices; i++)
        n += (size_t)snprintf(choices + n, sizeof choices - n, "%s%s",
                              i ? "|" : "", kinds[i]->archs);
    return PG_FAIL(PG_ERR_CONFIG, "[model] arch = %s is not a GAN model; "
                   "physgan train takes %s", arch, choices);
}
