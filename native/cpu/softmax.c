/* Softmax and log-softmax over the last dim of [rows, cols], and their backward; rows run in parallel.
 * Stable forms, as PyTorch: exp(x - max) / sum and (x - max) - log(sum); sums in double. */
#include <math.h>

#include "activations.h"
#include "elementwise_internal.h"

/* Softmax of one row is three passes over it; y may alias x (each pass reads an element before writing
 * it, and the last reads only y). */
TRI_KERNEL static void softmax_row(int64_t n, const float *x, float *y) {
    float m = -INFINITY;
#pragma omp simd reduction(max : m)
    for (int64_t i = 0; i < n; i++) m = x[i] > m ? x[i] : m;
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; i++) {
        float e = tri_exp_diff(x[i], m);
        y[i] = e;
        s += e;
    }
    float inv = (float)(1.0 / s);
#pragma omp simd
    for (int64_t i = 0; i < n; i++) y[i] *= inv;
}

TRI_KERNEL static void log_softmax_row(int64_t n, const float *x, float *y) {
    float m = -INFINITY;
#pragma omp simd reduction(max : m)
    for (int64_t i = 0; i < n; i++) m = x[i] > m ? x[i] : m;
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; i++) s += tri_exp_diff(x[i], m);
    /* (x - m) - log(s) rather than x - (m + log(s)): m + log(s) would round at the scale of m. */
    float ls = (float)log(s);
#pragma omp simd
    for (int64_t i = 0; i < n; i++) y[i] = (x[i] - m) - ls;
}

/* gx = (gy - sum(gy * y)) * y */
TRI_KERNEL static void softmax_grad_row(int64_t n, const float *y, const float *gy, float *gx) {
    double dot = 0.0;
#pragma omp simd reduction(+ : dot)
    for (int64_t i = 0; i < n; i++) dot += (double)gy[i] * (double)y[i];
    float d = (float)dot;
#pragma omp simd
    for (int64_t i = 0; i < n; i++) gx[i] = (gy[i] - d) * y[i];
}

/* gx = gy - exp(y) * sum(gy) */
TRI_KERNEL static void log_softmax_grad_row(int64_t n, const float *y, const float *gy, float *gx) {
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; i++) s += gy[i];
    float sum = (float)s;
#pragma omp simd
    for (int64_t i = 0; i < n; i++) gx[i] = gy[i] - tri_exp(y[i]) * sum;
}

/* exp per element makes a row ~8x the work of a copy. */
#define SOFTMAX_COST 8

TRI_API tri_status tri_softmax_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x, int32_t log,
                                   float *y) {
    int64_t n = 0;
    const tri_status st = tri_check_softmax("tri_softmax_f32", ctx, rows, cols, x, y, &n);
    if (st != TRI_OK || n == 0) return st;
    void (*row)(int64_t, const float *, float *) = log ? log_softmax_row : softmax_row;
#pragma omp parallel for num_threads(ctx->threads) if (n * SOFTMAX_COST > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t r = 0; r < rows; r++) row(cols, x + r * cols, y + r * cols);
    return TRI_OK;
}

TRI_API tri_status tri_softmax_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *y,
                                            const float *gy, int32_t log, float *gx) {
    int64_t n = 0;
    const tri_status st = tri_check_softmax_backward("tri_softmax_backward_f32", ctx, rows, cols, y, gy, gx, &n);
    if (st != TRI_OK || n == 0) return st;
    void (*row)(int64_t, const float *, const float *, float *) = log ? log_softmax_grad_row : softmax_grad_row;
#pragma omp parallel for num_threads(ctx->threads) if (n * SOFTMAX_COST > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t r = 0; r < rows; r++) row(cols, y + r * cols, gy + r * cols, gx + r * cols);
    return TRI_OK;
}
