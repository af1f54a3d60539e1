// Softmax and log-softmax over the last dim of [rows, cols], and their backward. Stable forms, as PyTorch and
// the CPU library: exp(x - max) / sum and (x - max) - log(sum), sums in double. A warp handles a short row, a
// block a long one; every reduction is a fixed tree, so the bits repeat run to run. The exponentials are
// recomputed in the last pass rather than stored, so y may alias x (each element is read before it is written
// by the same thread).
#include <math.h>

#include "activations.h"
#include "cuda_internal.cuh"

namespace {

// Rows handled by groups of G threads (a warp, or the whole block when G == TRI_THREADS).
template <int G> __device__ __forceinline__ double group_sum(double v, double *smem) {
    if constexpr (G == 32) return __shfl_sync(0xffffffffu, tri_warp_sum(v), 0);
    else return tri_block_sum(v, smem);
}

template <int G> __device__ __forceinline__ float group_max(float v, float *smem) {
    if constexpr (G == 32) return tri_warp_max(v);
    else return tri_block_max(v, smem, -INFINITY);
}

template <int G, bool LOG>
__global__ void __launch_bounds__(TRI_THREADS) softmax_kernel(int64_t rows, int64_t cols, const float *x, float *y) {
    __shared__ double dsmem[33];
    __shared__ float fsmem[33];
    const int lane = threadIdx.x % G, groups = TRI_THREADS / G;
    for (int64_t base = (int64_t)blockIdx.x * groups; base < rows; base += (int64_t)gridDim.x * groups) {
        const int64_t r = base + threadIdx.x / G;
        // Rows past the end take part in the block trees with empty ranges.
        const int64_t len = r < rows ? cols : 0;
        const float *xr = x + (r < rows ? r : 0) * cols;
        float m = -INFINITY;
        for (int64_t i = lane; i < len; i += G) m = xr[i] > m ? xr[i] : m;
        m = group_max<G>(m, fsmem);
        double s = 0.0;
        for (int64_t i = lane; i < len; i += G) s += (double)tri_exp_diff(xr[i], m);
        s = group_sum<G>(s, dsmem);
        float *yr = y + (r < rows ? r : 0) * cols;
        if (LOG) {
            // (x - m) - log(s) rather than x - (m + log(s)): m + log(s) would round at the scale of m.
            const float ls = (float)log(s);
            for (int64_t i = lane; i < len; i += G) yr[i] = (xr[i] - m) - ls;
        } else {
            const float inv = (float)(1.0 / s);
            for (int64_t i = lane; i < len; i += G) yr[i] = tri_exp_diff(xr[i], m) * inv;
        }
    }
}

// softmax: gx = (gy - sum(gy * y)) * y; log-softmax: gx = gy - exp(y) * sum(gy).
template <int G, bool LOG>
__global__ void __launch_bounds__(TRI_THREADS) softmax_backward_kernel(int64_t rows, int64_t cols, const float *y,
                                                                       const float *gy, float *gx) {
    __shared__ double dsmem[33];
    const int lane = threadIdx.x % G, groups = TRI_THREADS / G;
    for (int64_t base = (int64_t)blockIdx.x * groups; base < rows; base += (int64_t)gridDim.x * groups) {
        const int64_t r = base + threadIdx.x / G;
        const int64_t len = r < rows ? cols : 0, off = (r < rows ? r : 0) * cols;
        const float *yr = y + off, *gr = gy + off;
        double s = 0.0;
        for (int64_t i = lane; i < len; i += G) s += LOG ? (double)gr[i] : (double)gr[i] * (double)yr[i];
        const float d = (float)group_sum<G>(s, dsmem);
        float *gxr = gx + off;
        for (int64_t i = lane; i < len; i += G) gxr[i] = LOG ? gr[i] - tri_exp(yr[i]) * d : (gr[i] - d) * yr[i];
    }
}

// A warp per row up to this many columns, a block per row beyond.
#define WARP_ROW_MAX 1024

unsigned row_grid(const tri_context *ctx, int64_t rows, int g) {
    return tri_grid(ctx, rows * g, TRI_THREADS);
}

} // namespace

extern "C" {

TRI_API tri_status tri_softmax_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x, int32_t log,
                                   float *y) {
    static const char *call = "tri_softmax_f32";
    int64_t n = 0;
    const tri_status st = tri_check_softmax(call, ctx, rows, cols, x, y, &n);
    if (st != TRI_OK || n == 0) return st;
    if (cols <= WARP_ROW_MAX) {
        if (log) softmax_kernel<32, true><<<row_grid(ctx, rows, 32), TRI_THREADS, 0, ctx->stream>>>(rows, cols, x, y);
        else softmax_kernel<32, false><<<row_grid(ctx, rows, 32), TRI_THREADS, 0, ctx->stream>>>(rows, cols, x, y);
    } else {
        const unsigned grid = row_grid(ctx, rows, TRI_THREADS);
        if (log) softmax_kernel<TRI_THREADS, true><<<grid, TRI_THREADS, 0, ctx->stream>>>(rows, cols, x, y);
        else softmax_kernel<TRI_THREADS, false><<<grid, TRI_THREADS, 0, ctx->stream>>>(rows, cols, x, y);
    }
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_softmax_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *y,
                                            const float *gy, int32_t log, float *gx) {
    static const char *call = "tri_softmax_backward_f32";
    int64_t n = 0;
    const tri_status st = tri_check_softmax_backward(call, ctx, rows, cols, y, gy, gx, &n);
    if (st != TRI_OK || n == 0) return st;
    if (cols <= WARP_ROW_MAX) {
        const unsigned grid = row_grid(ctx, rows, 32);
        if (log) softmax_backward_kernel<32, true><<<grid, TRI_THREADS, 0, ctx->stream>>>(rows, cols, y, gy, gx);
        else softmax_backward_kernel<32, false><<<grid, TRI_THREADS, 0, ctx->stream>>>(rows, cols, y, gy, gx);
    } else {
        const unsigned grid = row_grid(ctx, rows, TRI_THREADS);
        if (log) softmax_backward_kernel<TRI_THREADS, true><<<grid, TRI_THREADS, 0, ctx->stream>>>(rows, cols, y, gy, gx);
        else softmax_backward_kernel<TRI_THREADS, false><<<grid, TRI_THREADS, 0, ctx->stream>>>(rows, cols, y, gy, gx);
    }
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

} // extern "C"
