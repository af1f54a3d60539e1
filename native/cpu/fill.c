/* Constant fill. */
#include "cpu_internal.h"

TRI_API tri_status tri_fill_f32(tri_context *ctx, int64_t n, float value, float *out) {
    TRI_CHECK_CTX("tri_fill_f32", ctx);
    TRI_CHECK_COUNT("tri_fill_f32", n);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR("tri_fill_f32", out);
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i++) out[i] = value;
    return TRI_OK;
}
