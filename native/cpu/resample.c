/* Nearest upsampling by an integer factor and k x k average pooling (stride k, no padding, floor), with their
 * backward passes, on [nc, h, w] planes (PyTorch's F.interpolate(mode="nearest") and F.avg_pool2d(x, k)). */
#include <stdint.h>
#include <string.h>

#include "cpu_internal.h"

#define RESAMPLE_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

/* One input row to f output rows. */
RESAMPLE_CLONES static void upsample_row(const float *restrict x, int64_t w, int32_t f, float *restrict y) {
    int64_t wo = w * f;
    if (f == 2) {
        for (int64_t i = 0; i < w; i++) y[2 * i] = y[2 * i + 1] = x[i];
    } else {
        for (int64_t i = 0; i < w; i++)
            for (int32_t b = 0; b < f; b++) y[i * f + b] = x[i];
    }
    for (int32_t a = 1; a < f; a++) memcpy(y + a * wo, y, sizeof(float) * wo);
}

TRI_API tri_status tri_upsample_nearest_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t factor,
                                            const float *x, float *y) {
    const tri_status st = tri_check_upsample_nearest("tri_upsample_nearest_f32", ctx, nc, h, w, factor, x, y);
    if (st != TRI_OK || nc * h == 0 || w == 0) return st;
    int64_t rows = nc * h, wo = w * factor;
#pragma omp parallel for num_threads(ctx->threads) if (rows * wo * factor > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t r = 0; r < rows; r++) upsample_row(x + r * w, w, factor, y + r * wo * factor);
    return TRI_OK;
}

/* gx row = sums of the f x f blocks of f gy rows, block rows in order, then columns in order. */
RESAMPLE_CLONES static void upsample_backward_row(const float *restrict gy, int64_t w, int32_t f,
                                                  float *restrict gx) {
    int64_t wo = w * f;
    if (f == 2) {
        for (int64_t i = 0; i < w; i++) gx[i] = (gy[2 * i] + gy[2 * i + 1]) + (gy[wo + 2 * i] + gy[wo + 2 * i + 1]);
        return;
    }
    for (int64_t i = 0; i < w; i++) {
        float s = 0.0f;
        for (int32_t a = 0; a < f; a++)
            for (int32_t b = 0; b < f; b++) s += gy[a * wo + i * f + b];
        gx[i] = s;
    }
}

TRI_API tri_status tri_upsample_nearest_backward_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w,
                                                     int32_t factor, const float *gy, float *gx) {
    const tri_status st =
        tri_check_upsample_nearest_backward("tri_upsample_nearest_backward_f32", ctx, nc, h, w, factor, gy, gx);
    if (st != TRI_OK || nc * h == 0 || w == 0) return st;
    int64_t rows = nc * h, wo = w * factor;
#pragma omp parallel for num_threads(ctx->threads) if (rows * wo * factor > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t r = 0; r < rows; r++) upsample_backward_row(gy + r * wo * factor, w, factor, gx + r * w);
    return TRI_OK;
}

/* One output row from k input rows: the k x k block sum in row-major order (as PyTorch), divided by k*k. */
RESAMPLE_CLONES static void avg_pool_row(const float *restrict x, int64_t w, int64_t wo, int32_t k,
                                         float *restrict y) {
    float div = (float)k * (float)k;
    if (k == 2) {
        for (int64_t j = 0; j < wo; j++) y[j] = (((x[2 * j] + x[2 * j + 1]) + x[w + 2 * j]) + x[w + 2 * j + 1]) / div;
        return;
    }
    for (int64_t j = 0; j < wo; j++) {
        float s = 0.0f;
        for (int32_t a = 0; a < k; a++)
            for (int32_t b = 0; b < k; b++) s += x[a * w + j * k + b];
        y[j] = s / div;
    }
}

TRI_API tri_status tri_avg_pool_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t k, const float *x,
                                    float *y) {
    const tri_status st = tri_check_avg_pool("tri_avg_pool_f32", ctx, nc, h, w, k, x, y);
    if (st != TRI_OK) return st;
    int64_t ho = h / k, wo = w / k, rows = nc * ho;
    if (rows == 0 || wo == 0) return TRI_OK;
#pragma omp parallel for num_threads(ctx->threads) if (rows * wo * k * k > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t r = 0; r < rows; r++) {
        int64_t c = r / ho, i = r % ho;
        avg_pool_row(x + (c * h + i * k) * w, w, wo, k, y + r * wo);
    }
    return TRI_OK;
}

/* k gx rows from one gy row: each gy value / (k*k) spread over its block; columns past wo*k get zero. */
RESAMPLE_CLONES static void avg_pool_backward_rows(const float *restrict gy, int64_t w, int64_t wo, int32_t k,
                                                   float *restrict gx) {
    float div = (float)k * (float)k;
    for (int64_t j = 0; j < wo; j++) {
        float v = gy[j] / div;
        for (int32_t b = 0; b < k; b++) gx[j * k + b] = v;
    }
    for (int64_t j = wo * k; j < w; j++) gx[j] = 0.0f;
    for (int32_t a = 1; a < k; a++) memcpy(gx + a * w, gx, sizeof(float) * w);
}

TRI_API tri_status tri_avg_pool_backward_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t k,
                                             const float *gy, float *gx) {
    const tri_status st = tri_check_avg_pool_backward("tri_avg_pool_backward_f32", ctx, nc, h, w, k, gy, gx);
    if (st != TRI_OK || nc == 0 || h == 0 || w == 0) return st;
    int64_t ho = h / k, wo = w / k;
    /* Rows past ho*k (the floor) and planes with no output at all are zero. */
#pragma omp parallel for num_threads(ctx->threads) if (nc * h * w > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t c = 0; c < nc; c++) {
        float *plane = gx + c * h * w;
        if (wo > 0)
            for (int64_t i = 0; i < ho; i++)
                avg_pool_backward_rows(gy + (c * ho + i) * wo, w, wo, k, plane + i * k * w);
        memset(plane + (wo > 0 ? ho * k * w : 0), 0, sizeof(float) * (h - (wo > 0 ? ho * k : 0)) * w);
    }
    return TRI_OK;
}
