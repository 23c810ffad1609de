/* terrain/1 cell sizes (terrain_file.h). */
#include "io/terrain_file.h"

pg_status pg_terrain_file_cells(pg_h5_file *f, double *dx_m, double *dy_m)
{
    PG_CHECK(pg_h5_attr_read_double(f, "/", "cell_size_m", dx_m));
    *dy_m = *dx_m;
    if (pg_h5_attr_exists(f, "/", "cell_size_y_m"))
        PG_CHECK(pg_h5_attr_read_double(f, "/", "cell_size_y_m", dy_m));
    return PG_OK;
}
