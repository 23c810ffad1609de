# Finds every dependency and groups them into interface targets
# (physgan_dep_*) that the layers of CMakeLists.txt link. A missing one stops configuration with the Debian package
# that provides it (scripts/install-deps.sh installs them all).
find_package(PkgConfig)

function(physgan_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR
      "physgan needs ${what}, which was not found.\n"
      "On Debian 12 install it with:  apt-get install ${package}\n"
      "(or run scripts/install-deps.sh, which installs everything physgan needs)")
  endif()
endfunction()

physgan_require(PKG_CONFIG_FOUND "pkg-config" "pkg-config")

# MPI
find_package(MPI COMPONENTS C)
physgan_require(MPI_C_FOUND "an MPI implementation (Open MPI)" "libopenmpi-dev openmpi-bin")

# Parallel HDF5
set(HDF5_PREFER_PARALLEL TRUE)
find_package(HDF5 COMPONENTS C)
physgan_require(HDF5_FOUND "HDF5" "libhdf5-openmpi-dev")
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR "physgan needs the parallel (MPI) build of HDF5, but the HDF5 found is serial.\n"
    "On Debian 12 install it with:  apt-get install libhdf5-openmpi-dev")
endif()

# pkg-config libraries
pkg_check_modules(GSL IMPORTED_TARGET gsl)
physgan_require(GSL_FOUND "GSL" "libgsl-dev")
pkg_check_modules(FFTW3 IMPORTED_TARGET fftw3)
physgan_require(FFTW3_FOUND "FFTW3 (double)" "libfftw3-dev")
pkg_check_modules(FFTW3F IMPORTED_TARGET fftw3f)
physgan_require(FFTW3F_FOUND "FFTW3 (float)" "libfftw3-dev")
pkg_check_modules(CUNIT IMPORTED_TARGET cunit)
physgan_require(CUNIT_FOUND "CUnit" "libcunit1-dev")
pkg_check_modules(INIH IMPORTED_TARGET inih)
physgan_require(INIH_FOUND "libinih" "libinih-dev")
pkg_check_modules(PNG IMPORTED_TARGET libpng)
physgan_require(PNG_FOUND "libpng" "libpng-dev")
pkg_check_modules(MHD IMPORTED_TARGET libmicrohttpd)
physgan_require(MHD_FOUND "libmicrohttpd" "libmicrohttpd-dev")
pkg_check_modules(GDAL IMPORTED_TARGET gdal)
physgan_require(GDAL_FOUND "GDAL (raster import)" "libgdal-dev")

pkg_check_modules(PARASAIL IMPORTED_TARGET parasail-1)
physgan_require(PARASAIL_FOUND "parasail (pairwise alignment)" "libparasail-dev")

pkg_check_modules(SPGLIB IMPORTED_TARGET spglib)
physgan_require(SPGLIB_FOUND "spglib (space-group detection)" "libsymspg-dev")

# COD's CIF parser ships no pkg-config file and installs its headers under
# generic names (cif.h, common.h, version.h) straight into the include
# directory: only physics/crystal/io/crystal_cif.c includes them.
find_path(CODCIF_INCLUDE_DIR cif_compiler.h)
find_library(CODCIF_LIBRARY codcif)
physgan_require(CODCIF_LIBRARY "COD's CIF parser (libcodcif)" "libcodcif-dev")
find_path(CEXCEPTIONS_INCLUDE_DIR cexceptions.h)
find_library(CEXCEPTIONS_LIBRARY cexceptions)
physgan_require(CEXCEPTIONS_LIBRARY "libcexceptions (needed by libcodcif)" "libcexceptions-dev")
physgan_require(CEXCEPTIONS_INCLUDE_DIR "cexceptions.h" "libcexceptions-dev")

find_package(ZLIB)
physgan_require(ZLIB_FOUND "zlib" "zlib1g-dev")

# CBLAS: OpenBLAS by default, any BLAS with a CBLAS interface otherwise.
if(NOT DEFINED BLA_VENDOR)
  set(BLA_VENDOR OpenBLAS)
endif()
find_package(BLAS)
physgan_require(BLAS_FOUND "a BLAS library (${BLA_VENDOR})" "libopenblas-dev")
find_path(CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES openblas)
physgan_require(CBLAS_INCLUDE_DIR "the CBLAS header cblas.h" "libopenblas-dev")

# OpenMP for elementwise loops
find_package(OpenMP COMPONENTS C)
physgan_require(OpenMP_C_FOUND "OpenMP" "libgomp1 (part of gcc)")

find_library(MATH_LIBRARY m)

# One interface target per dependency group, so each layer links only what
# it uses (CMakeLists.txt). BLAS comes before GSL wherever both are linked:
# GSL's pkg-config flags bring libgslcblas, a reference CBLAS about 17x
# slower than OpenBLAS, and the first library listed provides cblas_sgemm to
# the whole program.
add_library(physgan_dep_blas INTERFACE)
target_include_directories(physgan_dep_blas INTERFACE ${CBLAS_INCLUDE_DIR})
target_link_libraries(physgan_dep_blas INTERFACE ${BLAS_LIBRARIES})
add_library(physgan_dep_base INTERFACE)   # base: RNG, INI, threads
target_link_libraries(physgan_dep_base INTERFACE physgan_dep_blas PkgConfig::GSL
  PkgConfig::INIH OpenMP::OpenMP_C ${MATH_LIBRARY})
add_library(physgan_dep_hdf5 INTERFACE)   # io, dist: parallel HDF5 and MPI
target_include_directories(physgan_dep_hdf5 INTERFACE ${HDF5_C_INCLUDE_DIRS})
target_compile_definitions(physgan_dep_hdf5 INTERFACE ${HDF5_C_DEFINITIONS})
target_link_libraries(physgan_dep_hdf5 INTERFACE MPI::MPI_C ${HDF5_C_LIBRARIES} ZLIB::ZLIB)
# libcodcif leaves the global `progname` to the program; physgan defines it
# in physics/crystal/io/crystal_cif.c, which a program that never reads a
# CIF (the layer checks, most tests) does not link. --as-needed drops the
# library from such a program instead of failing on the missing symbol.
add_library(physgan_dep_cif INTERFACE)    # domain_io: the CIF importer
target_link_libraries(physgan_dep_cif INTERFACE "-Wl,--push-state,--as-needed"
  ${CODCIF_LIBRARY} ${CEXCEPTIONS_LIBRARY} "-Wl,--pop-state")
add_library(physgan_dep_spglib INTERFACE) # domain_io: space groups
target_link_libraries(physgan_dep_spglib INTERFACE PkgConfig::SPGLIB)
add_library(physgan_dep_fftw INTERFACE)   # physics: spectra
target_link_libraries(physgan_dep_fftw INTERFACE PkgConfig::FFTW3 PkgConfig::FFTW3F)

# OpenBLAS lets us set its thread count at run time (--threads).
include(CheckFunctionExists)
set(CMAKE_REQUIRED_LIBRARIES ${BLAS_LIBRARIES})
check_function_exists(openblas_set_num_threads PHYSGAN_HAVE_OPENBLAS_THREADS_SYM)
unset(CMAKE_REQUIRED_LIBRARIES)
if(PHYSGAN_HAVE_OPENBLAS_THREADS_SYM)
  target_compile_definitions(physgan_dep_base INTERFACE PHYSGAN_HAVE_OPENBLAS_THREADS)
endif()
