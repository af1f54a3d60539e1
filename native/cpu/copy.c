/* tri_copy_nd_f32: strided N-d copies (permute, slice, concat, expand).
 *
 * The dims are put in the order that writes dst sequentially and coalesced, so a contiguous copy becomes
 * one memcpy per thread and a slice or concat one memcpy per row. A permute whose src-contiguous dim is not
 * dst's innermost (a transpose) goes through square tiles, so that neither side strides through memory. */
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
    int64_t n = 0;
    const tri_status st = tri_check_copy_nd("tri_copy_nd_f32", ctx, desc, src, dst, &n);
    if (st != TRI_OK || n == 0) return st;
    tri_walk w = {.nops = 2};
    w.rank = tri_dims_copy(desc, w.shape, w.stride);

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
