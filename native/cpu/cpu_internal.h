/* Shared by the CPU library's translation units: the context, error reporting and argument checks.
 * Nothing here is exported. */
#ifndef TRI_CPU_INTERNAL_H
#define TRI_CPU_INTERNAL_H

#include "triptych.h"

struct tri_context {
    int32_t threads; /* OpenMP threads per kernel, >= 1 */
};

/* Records a formatted message for tri_last_error() on this thread and returns status. */
tri_status tri_fail(tri_status status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define TRI_CHECK_CTX(call, ctx)                                                                                \
    do {                                                                                                         \
        if ((ctx) == NULL) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: context is NULL", call);              \
    } while (0)

#define TRI_CHECK_PTR(call, p)                                                                                  \
    do {                                                                                                         \
        if ((p) == NULL) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s is NULL", call, #p);                 \
    } while (0)

#define TRI_CHECK_COUNT(call, n)                                                                                \
    do {                                                                                                         \
        if ((n) < 0) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s=%lld is negative", call, #n, (long long)(n)); \
    } while (0)

/* Parallel loops below this many elements run on one thread: forking costs more than it saves. */
#define TRI_PARALLEL_GRAIN 32768

#endif
