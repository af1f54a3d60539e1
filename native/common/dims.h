/* N-d iteration spaces, shared by the CPU and CUDA libraries (host code): element counts, the merging of dims
 * that every operand steps through as one, the dim order of strided copies and the grouping of a sum's dims.
 * The descriptors they take have passed checks.h. */
#ifndef TRI_DIMS_H
#define TRI_DIMS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "triptych.h"

/* The product of rank sizes, or -1 when it overflows int64. */
static inline int64_t tri_shape_count(int32_t rank, const int64_t *shape) {
    int64_t n = 1;
    for (int32_t k = 0; k < rank; k++) {
        if (__builtin_mul_overflow(n, shape[k], &n)) return -1;
    }
    return n;
}

/* Drops size-1 dims and merges each dim into the previous one where each of the nops operands steps through
 * both as through one, so contiguous and broadcast operands become long rows. The space must hold >= 1
 * element; returns the new rank, >= 1. */
static inline int32_t tri_dims_coalesce(int32_t rank, int32_t nops, int64_t *shape,
                                        int64_t (*stride)[TRI_MAX_DIMS]) {
    int32_t m = 0;
    for (int32_t k = 0; k < rank; k++) {
        if (shape[k] == 1) continue;
        int mergeable = m > 0;
        for (int32_t op = 0; op < nops && mergeable; op++) {
            mergeable = stride[op][m - 1] == stride[op][k] * shape[k];
        }
        if (mergeable) {
            shape[m - 1] *= shape[k];
            for (int32_t op = 0; op < nops; op++) stride[op][m - 1] = stride[op][k];
        } else {
            shape[m] = shape[k];
            for (int32_t op = 0; op < nops; op++) stride[op][m] = stride[op][k];
            m++;
        }
    }
    if (m == 0) {
        shape[0] = 1;
        for (int32_t op = 0; op < nops; op++) stride[op][0] = 0;
        m = 1;
    }
    return m;
}

/* The space of tri_binary_f32 (desc holds >= 1 element), coalesced: operand 0 is the contiguous output, 1 is a,
 * 2 is b. Returns the rank. */
static inline int32_t tri_dims_broadcast(const tri_broadcast *desc, int64_t *shape, int64_t (*stride)[TRI_MAX_DIMS]) {
    int64_t contiguous = 1;
    for (int32_t k = desc->rank - 1; k >= 0; k--) {
        shape[k] = desc->shape[k];
        stride[0][k] = contiguous;
        stride[1][k] = desc->a_stride[k];
        stride[2][k] = desc->b_stride[k];
        contiguous *= desc->shape[k];
    }
    return tri_dims_coalesce(desc->rank, 3, shape, stride);
}

/* The space of tri_copy_nd_f32 (desc holds >= 1 element), operand 0 dst and 1 src: size-1 dims dropped, the rest
 * ordered by decreasing |dst stride| (insertion sort, stable) so that consecutive elements are written one after
 * another, then coalesced. Returns the rank. */
static inline int32_t tri_dims_copy(const tri_nd_copy *desc, int64_t *shape, int64_t (*stride)[TRI_MAX_DIMS]) {
    int32_t rank = 0;
    for (int32_t k = 0; k < desc->rank; k++) {
        if (desc->shape[k] == 1) continue;
        int64_t key = llabs(desc->dst_stride[k]);
        int32_t at = rank;
        while (at > 0 && llabs(stride[0][at - 1]) < key) {
            shape[at] = shape[at - 1];
            stride[0][at] = stride[0][at - 1];
            stride[1][at] = stride[1][at - 1];
            at--;
        }
        shape[at] = desc->shape[k];
        stride[0][at] = desc->dst_stride[k];
        stride[1][at] = desc->src_stride[k];
        rank++;
    }
    return tri_dims_coalesce(rank, 2, shape, stride);
}

/* A strided index space, outermost dim first; rank 0 is the single index 0. */
typedef struct tri_dims {
    int32_t rank;
    int64_t size[TRI_MAX_DIMS];
    int64_t stride[TRI_MAX_DIMS];
} tri_dims;

/* How tri_sum_f32 walks x: size-1 dims vanish and neighbours that are both reduced or both kept merge into
 * groups; the innermost group (stride 1) decides the loop, the others form the kept and reduced spaces. */
typedef struct tri_sum_layout {
    tri_dims kept;         /* output dims, without the innermost group when it is kept */
    tri_dims red;          /* reduced dims, without the innermost group when it is reduced */
    int64_t inner;         /* length of the innermost group */
    int64_t outputs;       /* y elements */
    int64_t per_out;       /* x elements summed into each output */
    int64_t total;         /* x elements */
    int32_t inner_reduced; /* whether the innermost group is reduced */
} tri_sum_layout;

static inline void tri_sum_layout_of(const tri_reduce *desc, tri_sum_layout *l) {
    memset(l, 0, sizeof *l);
    l->total = tri_shape_count(desc->rank, desc->shape);
    int64_t gsize[TRI_MAX_DIMS];
    int32_t greduced[TRI_MAX_DIMS];
    int32_t m = 0;
    l->outputs = 1, l->per_out = 1;
    for (int32_t k = 0; k < desc->rank; k++) {
        int32_t reduced = (desc->reduce_mask >> k) & 1u;
        if (reduced) l->per_out *= desc->shape[k];
        else l->outputs *= desc->shape[k];
        if (desc->shape[k] == 1) continue;
        if (m > 0 && greduced[m - 1] == reduced) {
            gsize[m - 1] *= desc->shape[k];
        } else {
            gsize[m] = desc->shape[k];
            greduced[m] = reduced;
            m++;
        }
    }
    if (m == 0) {
        l->inner = 1;
        return;
    }
    l->inner_reduced = greduced[m - 1];
    l->inner = gsize[m - 1];
    int64_t stride = l->inner;
    for (int32_t g = m - 2; g >= 0; g--) {
        tri_dims *d = greduced[g] ? &l->red : &l->kept;
        d->size[d->rank] = gsize[g];
        d->stride[d->rank] = stride;
        d->rank++;
        stride *= gsize[g];
    }
    /* Collected innermost-first above; outermost-first wanted. */
    for (int which = 0; which < 2; which++) {
        tri_dims *d = which ? &l->red : &l->kept;
        for (int32_t a = 0, b = d->rank - 1; a < b; a++, b--) {
            int64_t s = d->size[a];
            d->size[a] = d->size[b];
            d->size[b] = s;
            s = d->stride[a];
            d->stride[a] = d->stride[b];
            d->stride[b] = s;
        }
    }
}

#endif
