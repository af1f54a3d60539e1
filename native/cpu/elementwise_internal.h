/* Shared by the element-wise, copy, reduction and softmax kernels: ISA dispatch, the split of a range
 * over threads, and strided N-d iteration spaces walked row by row (common/dims.h builds and coalesces
 * them). */
#ifndef TRI_ELEMENTWISE_INTERNAL_H
#define TRI_ELEMENTWISE_INTERNAL_H

#include "cpu_internal.h"

/* Hot loops are compiled three times and picked at load time by the CPU's features; the library's
 * baseline is x86-64-v2. Only leaf loops carry it: an OpenMP region inside a clone would be outlined
 * before cloning and run at the baseline ISA. */
#define TRI_KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

/* Thread ranges start on multiples of 16 floats (one cache line) so no two threads write one line. */
#define TRI_SPLIT_ALIGN 16

/* How many ranges to split `work` (about one unit per cheap element operation) into: one per thread,
 * or one when forking would cost more than it saves. */
static inline int64_t tri_parts(const tri_context *ctx, int64_t work) {
    return work > TRI_PARALLEL_GRAIN ? ctx->threads : 1;
}

/* Start of range `part` of `parts` over [0, n); part == parts gives n. */
static inline int64_t tri_part_begin(int64_t n, int64_t parts, int64_t part) {
    if (part >= parts) return n;
    int64_t b = (int64_t)((double)n * (double)part / (double)parts) / TRI_SPLIT_ALIGN * TRI_SPLIT_ALIGN;
    return b < n ? b : n;
}

/* An iteration space of up to three operands, each with its own strides (in elements). */
#define TRI_WALK_MAX_OPS 3

typedef struct tri_walk {
    int32_t rank;
    int32_t nops;
    int64_t shape[TRI_MAX_DIMS];
    int64_t stride[TRI_WALK_MAX_OPS][TRI_MAX_DIMS];
} tri_walk;

/* Called for each piece of a row along the innermost dim: off[op] is each operand's element offset of the
 * piece's first element, len its length; the innermost strides are in w. */
typedef void (*tri_row_fn)(const void *args, const tri_walk *w, const int64_t *off, int64_t len);

/* Visits elements [begin, end) of w in row-major order, as row pieces. */
static inline void tri_walk_range(const tri_walk *w, int64_t begin, int64_t end, tri_row_fn fn, const void *args) {
    if (begin >= end) return;
    int32_t last = w->rank - 1;
    int64_t inner = w->shape[last];
    int64_t idx[TRI_MAX_DIMS];
    int64_t off[TRI_WALK_MAX_OPS] = {0, 0, 0};
    int64_t rest = begin / inner;
    int64_t col = begin % inner;
    for (int32_t k = last - 1; k >= 0; k--) {
        idx[k] = rest % w->shape[k];
        rest /= w->shape[k];
        for (int32_t op = 0; op < w->nops; op++) off[op] += idx[k] * w->stride[op][k];
    }
    int64_t pos = begin;
    while (pos < end) {
        int64_t len = inner - col < end - pos ? inner - col : end - pos;
        int64_t o[TRI_WALK_MAX_OPS];
        for (int32_t op = 0; op < w->nops; op++) o[op] = off[op] + col * w->stride[op][last];
        fn(args, w, o, len);
        pos += len;
        col = 0;
        /* Next row: odometer increment of the outer index. */
        for (int32_t k = last - 1; k >= 0; k--) {
            for (int32_t op = 0; op < w->nops; op++) off[op] += w->stride[op][k];
            if (++idx[k] < w->shape[k]) break;
            for (int32_t op = 0; op < w->nops; op++) off[op] -= idx[k] * w->stride[op][k];
            idx[k] = 0;
        }
    }
}

/* Walks the whole space, split over threads by flat index; `cost` scales the parallel threshold for
 * operations dearer than a load and a store. */
static inline void tri_walk_parallel(const tri_context *ctx, const tri_walk *w, int64_t n, int64_t cost, tri_row_fn fn,
                                     const void *args) {
    int64_t parts = tri_parts(ctx, n * cost);
#pragma omp parallel for num_threads(ctx->threads) if (parts > 1) schedule(static)
    for (int64_t p = 0; p < parts; p++) {
        tri_walk_range(w, tri_part_begin(n, parts, p), tri_part_begin(n, parts, p + 1), fn, args);
    }
}

#endif
