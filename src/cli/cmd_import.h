/* `physgan import KIND`: kinds that live in their own cmd_import_KIND.c,
 * listed in cmd_import.c's table. */
#ifndef PG_CLI_CMD_IMPORT_H
#define PG_CLI_CMD_IMPORT_H

/* argv[0] is the kind ("dem"); returns an exit code. */
int pg_cmd_import_dem(int argc, char **argv);
/* Protein sequences -> protein/1 (cmd_import_protein.c). */
int pg_cmd_import_fasta(int argc, char **argv);
int pg_cmd_import_stockholm(int argc, char **argv);
/* CIF crystal structures -> crystal/1 (cmd_import_cif.c). */
int pg_cmd_import_cif(int argc, char **argv);
/* SPPARKS Potts trajectories -> foam/1 (cmd_import_spparks.c). */
int pg_cmd_import_spparks(int argc, char **argv);

#endif
