/* Shared by the CPU library's translation units: the context, and error reporting and argument checks
 * (common/checks.h, shared with the CUDA library). Nothing here is exported. */
#ifndef TRI_CPU_INTERNAL_H
#define TRI_CPU_INTERNAL_H

#include "triptych.h"

struct tri_context {
    int32_t threads; /* OpenMP threads per kernel, >= 1 */
};

/* Pointer arguments are host memory: the checks may read index arguments. */
#define TRI_HOST_POINTERS 1
#include "checks.h"

/* Parallel loops below this many elements run on one thread: forking costs more than it saves. */
#define TRI_PARALLEL_GRAIN 32768

#endif
