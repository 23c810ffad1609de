/* physgan_h5_poke FILE DATASET INDEX VALUE: overwrite one element (INDEX
 * in row-major order over the whole dataset) of an existing HDF5 dataset
 * with VALUE (a real; "nan" and "inf" work), converted by HDF5 to the
 * dataset's type. For CLI tests that feed corrupted files to commands
 * (tests/cli/validated_inputs.sh): NaN in a terrain, a negative label.
 * Exit 0 when written, 1 otherwise. */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s FILE DATASET INDEX VALUE\n", argv[0]);
        return 1;
    }
    char *end;
    unsigned long long index = strtoull(argv[3], &end, 10);
    double value = strtod(argv[4], &end);
    if (*end) {
        fprintf(stderr, "%s: '%s' is not a number\n", argv[0], argv[4]);
        return 1;
    }
    int rc = 1;
    hid_t f = H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = f >= 0 ? H5Dopen2(f, argv[2], H5P_DEFAULT) : -1;
    hid_t space = d >= 0 ? H5Dget_space(d) : -1;
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank >= 0 && rank <= 8) {
        hsize_t dims[8], coord[8];
        H5Sget_simple_extent_dims(space, dims, NULL);
        unsigned long long rest = index;
        for (int k = rank - 1; k >= 0; k--) {
            coord[k] = rest % dims[k];
            rest /= dims[k];
        }
        hid_t one = H5Screate_simple(1, (hsize_t[]){1}, NULL);
        if (rest == 0 &&
            H5Sselect_elements(space, H5S_SELECT_SET, 1, coord) >= 0 &&
            H5Dwrite(d, H5T_NATIVE_DOUBLE, one, space, H5P_DEFAULT,
                     &value) >= 0)
            rc = 0;
        else
            fprintf(stderr, "%s: cannot write element %llu of %s:%s\n",
                    argv[0], index, argv[1], argv[2]);
        H5Sclose(one);
    } else {
        fprintf(stderr, "%s: cannot open %s:%s\n", argv[0], argv[1], argv[2]);
    }
    if (space >= 0) H5Sclose(space);
    if (d >= 0) H5Dclose(d);
    if (f >= 0) H5Fclose(f);
    return rc;
}
