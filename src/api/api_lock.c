/* The C API's lock around HDF5 and FFTW planning (api_lock.h). */
#include "api_lock.h"

#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void pg_api_lock(void) { pthread_mutex_lock(&lock); }

void pg_api_unlock(void) { pthread_mutex_unlock(&lock); }
