/* XDMF sidecar of a foam/1 file (io/xdmf.h), so ParaView opens /labels as
 * a time series: one grid per sequence (side by side, one empty cell
 * between them) at each /time value, spacing 1 site. The sidecar sits next
 * to the HDF5 file: "foam.h5" -> "foam.xmf" (a name not ending in .h5
 * gets ".xmf" appended), and names the HDF5 file relative to itself, so
 * the pair can be moved together. `physgan simulate foam` writes it;
 * rollouts call pg_foam_xdmf_write on their output. Not collective.
 */
#ifndef PG_DATA_FOAM_XDMF_H
#define PG_DATA_FOAM_XDMF_H

#include <stddef.h>

#include "base/status.h"

/* The sidecar's path for h5_path into out (PG_ERR_ARG when cap is too
 * small). */
pg_status pg_foam_xdmf_path(const char *h5_path, char *out, size_t cap);

/* Read h5_path's /labels shape and /time (foam/1) and write the sidecar
 * atomically; its path goes into xmf_out (cap bytes) when not NULL. */
pg_status pg_foam_xdmf_write(const char *h5_path, char *xmf_out, size_t cap);

#endif
