/* tri_copy_nd_f32: strided N-d copies (permute, slice, concat, expand).
 *
 * The dims are put in the order that writes dst sequentially and coalesced, so a contiguous copy becomes
 * one memcpy per thread and a slice or concat one memcpy per row. A permute whose src-contiguous dim is not
 * dst's innermost (a transpose) goes through square tiles, so that neither side strides through memory. */
#include <stdlib.h>
#include <string.h>

#include "elementwise_internal.h"

#define TILE 32

TRI_KERNEL static void fill_row(int64_t n, float value, float *dst) {
    for (int64_t i = 0; i < n; i++) dst[i] = value;
}

TRI_KERNEL static void gather_row(int64_t n, const float *src, int64_t stride, float *dst) {
    for (int64_t i = 0; i < n; i++) dst[i] = src[i * stride];
}

/* Walk operands: 0 = dst, 1 = src. */
typedef struct copy_args {
    const float *src;
    float *dst;
} copy_args;

static void copy_row(const void *args, const tri_walk *w, const int64_t *off, int64_t len) {
    const float *src = ((const copy_args *)args)->src + off[1];
    float *dst = ((const copy_args *)args)->dst + off[0];
    int64_t sd = w->stride[0][w->rank - 1], ss = w->stride[1][w->rank - 1];
    if (sd == 1 && ss == 1) {
        memcpy(dst, src, (size_t)len * sizeof *dst);
    } else if (sd == 1 && ss == 0) {
        fill_row(len, *src, dst);
    } else if (sd == 1) {
        gather_row(len, src, ss, dst);
    } else {
        for (int64_t i = 0; i < len; i++) dst[i * sd] = src[i * ss];
    }
}

/* Dim i is dst's contiguous one and dim j src's; the other dims of w are the outer index. Each TILE x TILE
 * block is read along src rows into a buffer and written from it along dst rows: reading src with a
 * large stride (one cache line per element) is what makes a naive transpose slow. */
static void copy_transposed(const tri_context *ctx, const tri_walk *w, int32_t i, int32_t j, int64_t n,
                            const float *src, float *dst) {
    int64_t ni = w->shape[i], nj = w->shape[j], dj = w->stride[0][j], si = w->stride[1][i];
    int64_t outer = n / (ni * nj), tiles_j = (nj + TILE - 1) / TILE;
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t unit = 0; unit < outer * tiles_j; unit++) {
        int64_t o = unit / tiles_j, j0 = unit % tiles_j * TILE;
        int64_t wj = nj - j0 < TILE ? nj - j0 : TILE;
        const float *s = src + j0;
        float *d = dst + j0 * dj;
        for (int32_t k = w->rank - 1; k >= 0; k--) {
            if (k == i || k == j) continue;
            int64_t idx = o % w->shape[k];
            o /= w->shape[k];
            s += idx * w->stride[1][k];
            d += idx * w->stride[0][k];
        }
        float tile[TILE][TILE];
        for (int64_t i0 = 0; i0 < ni; i0 += TILE) {
            int64_t wi = ni - i0 < TILE ? ni - i0 : TILE;
            for (int64_t a = 0; a < wi; a++) {
                const float *row = s + (i0 + a) * si;
                for (int64_t b = 0; b < wj; b++) tile[b][a] = row[b];
            }
            for (int64_t b = 0; b < wj; b++) {
                float *row = d + b * dj + i0;
                for (int64_t a = 0; a < wi; a++) row[a] = tile[b][a];
            }
        }
    }
}

TRI_API tri_status tri_copy_nd_f32(tri_context *ctx, const tri_nd_copy *desc, const float *src, float *dst) {
    static const char *call = "tri_copy_nd_f32";
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, desc);
    if (desc->rank < 0 || desc->rank > TRI_MAX_DIMS) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->rank=%d is outside 0..%d", call, desc->rank,
                        TRI_MAX_DIMS);
    }
    for (int32_t k = 0; k < desc->rank; k++) {
        if (desc->shape[k] < 0) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->shape[%d]=%lld is negative", call, k,
                            (long long)desc->shape[k]);
        }
    }
    int64_t n = tri_shape_count(desc->rank, desc->shape);
    if (n < 0) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: the element count of desc->shape overflows int64", call);
    if (n == 0) return TRI_OK;
    /* Two elements written to one place would race between threads. */
    for (int32_t k = 0; k < desc->rank; k++) {
        if (desc->shape[k] > 1 && desc->dst_stride[k] == 0) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                            "%s: desc->dst_stride[%d]=0 with desc->shape[%d]=%lld writes one element many times", call,
                            k, k, (long long)desc->shape[k]);
        }
    }
    TRI_CHECK_PTR(call, src);
    TRI_CHECK_PTR(call, dst);

    /* Size-1 dims dropped, the rest ordered by decreasing |dst stride| (insertion sort, stable). */
    tri_walk w = {.rank = 0, .nops = 2};
    for (int32_t k = 0; k < desc->rank; k++) {
        if (desc->shape[k] == 1) continue;
        int64_t key = llabs(desc->dst_stride[k]);
        int32_t at = w.rank;
        while (at > 0 && llabs(w.stride[0][at - 1]) < key) {
            w.shape[at] = w.shape[at - 1];
            w.stride[0][at] = w.stride[0][at - 1];
            w.stride[1][at] = w.stride[1][at - 1];
            at--;
        }
        w.shape[at] = desc->shape[k];
        w.stride[0][at] = desc->dst_stride[k];
        w.stride[1][at] = desc->src_stride[k];
        w.rank++;
    }
    tri_walk_coalesce(&w);

    int32_t inner = w.rank - 1;
    if (w.stride[0][inner] == 1 && w.stride[1][inner] != 1 && w.shape[inner] >= TILE) {
        for (int32_t j = 0; j < inner; j++) {
            if (w.stride[1][j] == 1 && w.shape[j] >= TILE) {
                copy_transposed(ctx, &w, inner, j, n, src, dst);
                return TRI_OK;
            }
        }
    }
    copy_args args = {src, dst};
    tri_walk_parallel(ctx, &w, n, 1, copy_row, &args);
    return TRI_OK;
}
