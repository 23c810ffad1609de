/* The trainers behind `physgan train`, by [model] arch: the generic GAN
 * trainer (trainer.h: dcgan, dcgan_small), the paired pix2pix trainer
 * (pix2pix.h: unet_sr, unet_foam), the CycleGAN trainer (cyclegan.h:
 * cyclegan) and the sequence GAN trainer (protein_gan.h: protein_gan) and the crystal
 * VAE-GAN trainer (crystal_vaegan.h: crystal_vaegan). Each kind is a table of functions with one signature for
 * all, defined next to its trainer (PG_TRAINER_KIND) and listed in
 * trainer_registry.c, so the command has one code path: find the kind of
 * the job's arch, create, run, report the step, destroy. A new trainer
 * defines its kind in its own file and adds one line to that list. */
#ifndef PG_TRAIN_TRAINER_REGISTRY_H
#define PG_TRAIN_TRAINER_REGISTRY_H

#include <mpi.h>

#include "base/config.h"
#include "base/status.h"
#include "train/run.h"

typedef struct pg_trainer_kind {
    const char *name;   /* "gan", "paired", "cyclegan" */
    const char *archs;  /* the [model] arch values it trains, '|'-joined */
    /* Whether it trains [model] arch (the trainer's own lookup). */
    int (*match)(const char *arch);
    /* As pg_trainer_create, pg_trainer_run, pg_trainer_step and
     * pg_trainer_destroy, on the kind's trainer object. */
    pg_status (*create)(const pg_config *cfg, const char *run_dir,
                        int resume, const pg_trainer_hooks *hooks,
                        MPI_Comm comm, void **out);
    pg_status (*run)(void *trainer, int plain, pg_train_outcome *out);
    long (*step)(const void *trainer);
    void (*destroy)(void **trainer);
} pg_trainer_kind;

/* The kind that trains [model] arch, or PG_ERR_CONFIG listing every arch
 * `physgan train` takes. */
pg_status pg_trainer_kind_find(const char *arch, const pg_trainer_kind **out);
/* All kinds, in lookup order: *n of them. */
const pg_trainer_kind *const *pg_trainer_kinds(int *n);

extern const pg_trainer_kind pg_trainer_kind_gan, pg_trainer_kind_paired,
    pg_trainer_kind_cyclegan, pg_trainer_kind_protein_gan,
    pg_trainer_kind_crystal_vaegan;

/* Defines `const pg_trainer_kind var` for a trainer type T whose
 * functions PREFIX_create, _run, _step and _destroy have the signatures
 * of pg_trainer_create etc. on T (the adapters from void * are generated
 * here, once). */
#define PG_TRAINER_KIND(var, label, arch_list, match_fn, T, PREFIX)           \
    static pg_status var##_create(const pg_config *cfg, const char *run_dir, \
                                  int resume, const pg_trainer_hooks *hooks, \
                                  MPI_Comm comm, void **out)                 \
    {                                                                         \
        T *obj = NULL;                                                        \
        pg_status st = PREFIX##_create(cfg, run_dir, resume, hooks, comm,    \
                                       &obj);                                 \
        *out = obj;                                                           \
        return st;                                                            \
    }                                                                         \
    static pg_status var##_run(void *obj, int plain, pg_train_outcome *out)   \
    {                                                                         \
        return PREFIX##_run(obj, plain, out);                                 \
    }                                                                         \
    static long var##_step(const void *obj) { return PREFIX##_step(obj); }    \
    static void var##_destroy(void **obj)                                     \
    {                                                                         \
        T *p = *obj;                                                          \
        PREFIX##_destroy(&p);                                                 \
        *obj = p;                                                             \
    }                                                                         \
    const pg_trainer_kind var = {label,       arch_list,    match_fn,         \
                                 var##_create, var##_run,   var##_step,       \
                                 var##_destroy}

#endif
