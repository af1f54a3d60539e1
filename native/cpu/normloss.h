/* Shared by norm.c, loss.c and embedding.c: ISA clones, fixed-lane double sums and the per-thread range
 * split. Nothing here is exported. */
#ifndef TRI_CPU_NORMLOSS_H
#define TRI_CPU_NORMLOSS_H

#include <omp.h>
#include <string.h>

#include "cpu_internal.h"

/* Hot kernels are compiled three times; the loader's ifunc picks the best the CPU runs. Only tasks carry
 * it, never a function holding an OpenMP region: that region is outlined before cloning and would run at
 * the baseline ISA. */
#define NL_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

/* For helpers used inside cloned kernels: inlined, they are compiled for each clone's ISA. */
#define NL_INLINE static inline __attribute__((always_inline))

/* Double sums of float data keep 8 lanes in two 4-wide vectors (element i of a run goes to lane i % 8) and
 * fold them in a fixed order: explicit lanes vectorise without the reassociation gcc may not do here (no
 * -ffast-math), and the summation order stays a function of the data's layout alone. */
typedef double nl_v4d __attribute__((vector_size(32)));
typedef float nl_v4f __attribute__((vector_size(16)));
#define NL_LANES 8

/* dst (nl_v4d) = the 4 floats at p, widened; p need not be aligned. */
#define NL_LOAD4(dst, p)                                                                                        \
    do {                                                                                                         \
        nl_v4f nl_f_;                                                                                            \
        memcpy(&nl_f_, (p), sizeof nl_f_);                                                                       \
        (dst) = __builtin_convertvector(nl_f_, nl_v4d);                                                          \
    } while (0)

#define NL_FOLD(a, b) ((((a)[0] + (a)[1]) + ((a)[2] + (a)[3])) + (((b)[0] + (b)[1]) + ((b)[2] + (b)[3])))

/* A task over the items [lo, hi); args points at the kernel's own argument struct. */
typedef void (*nl_range_fn)(const void *args, int64_t lo, int64_t hi);

/* Runs fn over [0, items) as one contiguous range per thread; one thread when work (elements touched) is
 * below TRI_PARALLEL_GRAIN. Callers keep every item's result independent of the split. */
static inline void nl_parallel_ranges(const tri_context *ctx, int64_t items, int64_t work, nl_range_fn fn,
                                      const void *args) {
    int threads = ctx->threads;
    if (work <= TRI_PARALLEL_GRAIN || items < 2) threads = 1;
    if (threads > items) threads = (int)items;
    if (threads == 1) {
        fn(args, 0, items);
        return;
    }
#pragma omp parallel num_threads(threads)
    {
        const int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        /* Quotient and remainder instead of items * t / nt, which could overflow. */
        const int64_t q = items / nt, r = items % nt;
        const int64_t lo = t * q + (t < r ? t : r), hi = lo + q + (t < r ? 1 : 0);
        fn(args, lo, hi);
    }
}

#endif
