/* Constant fill. */
#include "cpu_internal.h"

TRI_API tri_status tri_fill_f32(tri_context *ctx, int64_t n, float value, float *out) {
    const tri_status st = tri_check_fill("tri_fill_f32", ctx, n, out);
    if (st != TRI_OK || n == 0) return st;
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i++) out[i] = value;
    return TRI_OK;
}
