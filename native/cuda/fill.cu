// Constant fill: float4 stores when the output is 16-byte aligned, grid-stride loops.
#include "cuda_internal.cuh"

__global__ void __launch_bounds__(TRI_THREADS) tri_fill_kernel(int64_t n, float value, float *out, bool vec) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x, t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    int64_t head = 0;
    if (vec) {
        const float4 v = make_float4(value, value, value, value);
        for (int64_t q = t; q < n >> 2; q += stride) reinterpret_cast<float4 *>(out)[q] = v;
        head = n & ~(int64_t)3;
    }
    for (int64_t i = head + t; i < n; i += stride) out[i] = value;
}

extern "C" TRI_API tri_status tri_fill_f32(tri_context *ctx, int64_t n, float value, float *out) {
    const tri_status st = tri_check_fill("tri_fill_f32", ctx, n, out);
    if (st != TRI_OK || n == 0) return st;
    const bool vec = tri_aligned16(out);
    tri_fill_kernel<<<tri_grid(ctx, vec ? (n + 3) / 4 : n, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, value, out, vec);
    TRI_CHECK_LAUNCH("tri_fill_f32");
    return TRI_OK;
}
