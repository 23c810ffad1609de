# libphysgan for other programs (docs/api.md, "Building against physgan"):
#   lib/libphysgan.so.MAJOR   the public C API (physgan_*) and nothing else
#                             exported (cmake/physgan.map), soname from
#                             PROJECT_VERSION_MAJOR
#   lib/libphysgan.a          the same objects, every symbol visible
#   include/physgan/          physgan.h and physgan_version.h only
#   lib/cmake/physgan/        find_package(physgan): physgan::physgan
#                             (shared) and physgan::physgan_static
#   lib/pkgconfig/physgan.pc  pkg-config physgan (--static for the .a)
# Both packages find the prefix from their own location, so a moved
# installation keeps working. The layer libraries stay as they are (the
# command line and the tests link them); the toy lab (src/lab, the 2D GAN
# lab and its web server) is not part of libphysgan, so the library does
# not need libmicrohttpd.
set(PHYSGAN_LIBRARY_LAYERS api train viz domain_io models nn physics io dist base)
set(physgan_objects)
foreach(layer ${PHYSGAN_LIBRARY_LAYERS})
  list(APPEND physgan_objects $<TARGET_OBJECTS:physgan_${layer}>)
endforeach()

# What the objects call outside physgan (cmake/physgan_deps.cmake), as the
# shared library's private links and the static library's interface.
set(PHYSGAN_LIBRARY_DEPS physgan_dep_base physgan_dep_hdf5 physgan_dep_fftw
    PkgConfig::PNG PkgConfig::GDAL ZLIB::ZLIB physgan_dep_cif physgan_dep_spglib
    PkgConfig::PARASAIL)
# The same as plain link items (absolute library paths and flags) for the
# installed static library and physgan.pc's Libs.private: an installed
# package cannot name the build's interface targets. BLAS before GSL
# (physgan_deps.cmake says why).
set(PHYSGAN_STATIC_LINK ${BLAS_LIBRARIES} ${GSL_LINK_LIBRARIES}
    ${INIH_LINK_LIBRARIES} ${OpenMP_C_LIBRARIES} ${HDF5_C_LIBRARIES}
    ${MPI_C_LIBRARIES} ${PNG_LINK_LIBRARIES} ${GDAL_LINK_LIBRARIES}
    ${FFTW3_LINK_LIBRARIES} ${FFTW3F_LINK_LIBRARIES} ${SPGLIB_LINK_LIBRARIES}
    ${CODCIF_LIBRARY} ${CEXCEPTIONS_LIBRARY} ${ZLIB_LIBRARIES}
    ${PARASAIL_LINK_LIBRARIES} ${MATH_LIBRARY})
list(REMOVE_DUPLICATES PHYSGAN_STATIC_LINK)

add_library(physgan_shared SHARED ${physgan_objects})
target_link_libraries(physgan_shared PRIVATE ${PHYSGAN_LIBRARY_DEPS})
target_link_options(physgan_shared PRIVATE
  "LINKER:--version-script=${CMAKE_SOURCE_DIR}/cmake/physgan.map")
# Every symbol resolved at link time, except in sanitizer builds: clang
# leaves the sanitizer runtimes (and libFuzzer's coverage hooks) to the
# program.
if(NOT CMAKE_BUILD_TYPE STREQUAL "Sanitize" AND NOT PHYSGAN_HAVE_LIBFUZZER)
  target_link_options(physgan_shared PRIVATE "LINKER:--no-undefined")
endif()
set_property(TARGET physgan_shared APPEND PROPERTY LINK_DEPENDS
             ${CMAKE_SOURCE_DIR}/cmake/physgan.map)
set_target_properties(physgan_shared PROPERTIES OUTPUT_NAME physgan
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
  EXPORT_NAME physgan)

add_library(physgan_static STATIC ${physgan_objects})
set_target_properties(physgan_static PROPERTIES OUTPUT_NAME physgan
  EXPORT_NAME physgan_static)
# libcodcif expects its program to define `progname`; libphysgan's CIF
# reader does (cmake/physgan.map). A static link takes that object only when
# asked, so the archive's users ask for the symbol.
target_link_options(physgan_static INTERFACE "LINKER:-u,progname")
target_link_libraries(physgan_static INTERFACE
  "$<INSTALL_INTERFACE:${PHYSGAN_STATIC_LINK}>"
  "$<BUILD_INTERFACE:${PHYSGAN_LIBRARY_DEPS}>")

# A sanitized libphysgan (Sanitize build) needs the sanitizer runtimes first
# in the library list of the program that loads it: consumers link with the
# same -fsanitize flags, exported with both targets and in physgan.pc.
set(PHYSGAN_CONSUMER_LINK_FLAGS "")
if(CMAKE_BUILD_TYPE STREQUAL "Sanitize")
  set(PHYSGAN_CONSUMER_LINK_FLAGS "-fsanitize=address,undefined")
endif()

foreach(t physgan_shared physgan_static)
  if(PHYSGAN_CONSUMER_LINK_FLAGS)
    target_link_options(${t} INTERFACE ${PHYSGAN_CONSUMER_LINK_FLAGS})
  endif()
  target_include_directories(${t} INTERFACE
    $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/src/api>
    $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/generated>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()

install(TARGETS physgan_shared physgan_static EXPORT physganTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_SOURCE_DIR}/src/api/physgan/physgan.h
              ${CMAKE_BINARY_DIR}/generated/physgan/physgan_version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/physgan)

# The examples (docs/api.md, "Examples"), to build against this prefix.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/examples/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/physgan/examples)

include(CMakePackageConfigHelpers)
set(PHYSGAN_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/physgan)
install(EXPORT physganTargets NAMESPACE physgan:: DESTINATION ${PHYSGAN_CMAKE_DIR})
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/physganConfig.cmake.in
  ${CMAKE_BINARY_DIR}/physganConfig.cmake INSTALL_DESTINATION ${PHYSGAN_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
# 0.x: a new minor version may change the API (docs/api.md, "Versions").
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(physgan_compat SameMinorVersion)
else()
  set(physgan_compat SameMajorVersion)
endif()
write_basic_package_version_file(${CMAKE_BINARY_DIR}/physganConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY ${physgan_compat})
install(FILES ${CMAKE_BINARY_DIR}/physganConfig.cmake
              ${CMAKE_BINARY_DIR}/physganConfigVersion.cmake
        DESTINATION ${PHYSGAN_CMAKE_DIR})

# physgan.pc: prefix from the file's own place (${pcfiledir}).
file(RELATIVE_PATH PHYSGAN_PC_TO_PREFIX
     /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" PHYSGAN_PC_TO_PREFIX "${PHYSGAN_PC_TO_PREFIX}")
list(JOIN PHYSGAN_STATIC_LINK " " PHYSGAN_PC_LIBS_PRIVATE)
configure_file(${CMAKE_SOURCE_DIR}/cmake/physgan.pc.in
               ${CMAKE_BINARY_DIR}/physgan.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/physgan.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The Fortran 2008 module over the C API (src/api/fortran/physgan.f90,
# docs/api.md "Fortran"): libphysgan_fortran and physgan.mod, built when a
# Fortran compiler is found (Debian: gfortran, which
# scripts/install-deps.sh installs); target physgan::physgan_fortran and
# physgan-fortran.pc.
include(CheckLanguage)
check_language(Fortran)
set(PHYSGAN_HAVE_FORTRAN OFF)
# Not in libFuzzer builds: their clang-only compile options would reach
# gfortran.
if(CMAKE_Fortran_COMPILER AND NOT PHYSGAN_HAVE_LIBFUZZER)
  enable_language(Fortran)
  set(PHYSGAN_HAVE_FORTRAN ON)
  set(PHYSGAN_FORTRAN_MODDIR ${CMAKE_INSTALL_INCLUDEDIR}/physgan/fortran)
  add_library(physgan_fortran SHARED ${CMAKE_SOURCE_DIR}/src/api/fortran/physgan.f90)
  set_target_properties(physgan_fortran PROPERTIES
    Fortran_MODULE_DIRECTORY ${CMAKE_BINARY_DIR}/fortran
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
    EXPORT_NAME physgan_fortran
    # libphysgan.so beside it, wherever the prefix moves (a program's
    # RUNPATH does not apply to the libraries it loads).
    INSTALL_RPATH "$ORIGIN")
  target_link_libraries(physgan_fortran PUBLIC physgan_shared)
  target_include_directories(physgan_fortran INTERFACE
    $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/fortran>
    $<INSTALL_INTERFACE:${PHYSGAN_FORTRAN_MODDIR}>)
  install(TARGETS physgan_fortran EXPORT physganTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(FILES ${CMAKE_BINARY_DIR}/fortran/physgan.mod
          DESTINATION ${PHYSGAN_FORTRAN_MODDIR})
  configure_file(${CMAKE_SOURCE_DIR}/cmake/physgan-fortran.pc.in
                 ${CMAKE_BINARY_DIR}/physgan-fortran.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/physgan-fortran.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
elseif(PHYSGAN_HAVE_LIBFUZZER)
  message(STATUS "libFuzzer build: no Fortran module")
else()
  message(STATUS "no Fortran compiler: no Fortran module (scripts/install-deps.sh installs gfortran)")
endif()
