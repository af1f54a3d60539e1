// Constant fill.
#include "cuda_internal.cuh"

__global__ void tri_fill_kernel(int64_t n, float value, float *out) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
        out[i] = value;
    }
}

extern "C" TRI_API tri_status tri_fill_f32(tri_context *ctx, int64_t n, float value, float *out) {
    TRI_CHECK_CTX("tri_fill_f32", ctx);
    TRI_CHECK_COUNT("tri_fill_f32", n);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR("tri_fill_f32", out);
    int64_t blocks = (n + 255) / 256;
    if (blocks > 65535 * 8) blocks = 65535 * 8;
    tri_fill_kernel<<<(unsigned)blocks, 256, 0, ctx->stream>>>(n, value, out);
    TRI_CHECK_LAUNCH("tri_fill_f32");
    return TRI_OK;
}
