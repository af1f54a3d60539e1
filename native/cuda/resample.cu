// Nearest upsampling by an integer factor and k x k average pooling (stride k, no padding, floor), with their
// backward passes, on [nc, h, w] planes. One thread per output element; block sums run in the CPU library's
// order (block rows, then columns), so the results match it bit for bit.
#include "cuda_internal.cuh"

namespace {

#define GRID_STRIDE(i, n)                                                                                         \
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (int64_t)gridDim.x * blockDim.x)

// y [rows, w*f] per input row r = (plane, row) of x: element (r, a, j) of y is x[r][j / f].
__global__ void __launch_bounds__(TRI_THREADS) upsample_kernel(int64_t rows, int64_t w, int32_t f, const float *x,
                                                               float *y) {
    const int64_t wo = w * f, n = rows * f * wo;
    GRID_STRIDE(i, n) {
        const int64_t r = i / (f * wo), j = i % wo;
        y[i] = x[r * w + j / f];
    }
}

__global__ void __launch_bounds__(TRI_THREADS) upsample_backward_kernel(int64_t rows, int64_t w, int32_t f,
                                                                        const float *gy, float *gx) {
    const int64_t wo = w * f;
    GRID_STRIDE(i, rows * w) {
        const int64_t r = i / w, c = i % w;
        const float *g = gy + r * f * wo + c * f;
        float s;
        if (f == 2) {
            s = (g[0] + g[1]) + (g[wo] + g[wo + 1]);
        } else {
            s = 0.0f;
            for (int32_t a = 0; a < f; a++)
                for (int32_t b = 0; b < f; b++) s += g[a * wo + b];
        }
        gx[i] = s;
    }
}

// y [nc, ho, wo]: the k x k block sum in row-major order, divided by k*k.
__global__ void __launch_bounds__(TRI_THREADS) avg_pool_kernel(int64_t nc, int64_t h, int64_t w, int32_t k,
                                                               const float *x, float *y) {
    const int64_t ho = h / k, wo = w / k;
    const float div = (float)k * (float)k;
    GRID_STRIDE(i, nc * ho * wo) {
        const int64_t c = i / (ho * wo), rem = i % (ho * wo), oi = rem / wo, oj = rem % wo;
        const float *p = x + (c * h + oi * k) * w + oj * k;
        float s;
        if (k == 2) {
            s = ((p[0] + p[1]) + p[w]) + p[w + 1];
        } else {
            s = 0.0f;
            for (int32_t a = 0; a < k; a++)
                for (int32_t b = 0; b < k; b++) s += p[a * w + b];
        }
        y[i] = s / div;
    }
}

// gx [nc, h, w]: gy / (k*k) over each block; rows and columns past the floor get zero.
__global__ void __launch_bounds__(TRI_THREADS) avg_pool_backward_kernel(int64_t nc, int64_t h, int64_t w, int32_t k,
                                                                        const float *gy, float *gx) {
    const int64_t ho = h / k, wo = w / k;
    const float div = (float)k * (float)k;
    GRID_STRIDE(i, nc * h * w) {
        const int64_t c = i / (h * w), rem = i % (h * w), r = rem / w, col = rem % w;
        const int64_t oi = r / k, oj = col / k;
        gx[i] = (oi < ho && oj < wo) ? gy[(c * ho + oi) * wo + oj] / div : 0.0f;
    }
}

} // namespace

extern "C" {

TRI_API tri_status tri_upsample_nearest_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t factor,
                                            const float *x, float *y) {
    const char *call = "tri_upsample_nearest_f32";
    const tri_status st = tri_check_upsample_nearest(call, ctx, nc, h, w, factor, x, y);
    if (st != TRI_OK || nc * h == 0 || w == 0) return st;
    const int64_t rows = nc * h;
    upsample_kernel<<<tri_grid(ctx, rows * w * factor * factor, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(
        rows, w, factor, x, y);
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_upsample_nearest_backward_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w,
                                                     int32_t factor, const float *gy, float *gx) {
    const char *call = "tri_upsample_nearest_backward_f32";
    const tri_status st = tri_check_upsample_nearest_backward(call, ctx, nc, h, w, factor, gy, gx);
    if (st != TRI_OK || nc * h == 0 || w == 0) return st;
    const int64_t rows = nc * h;
    upsample_backward_kernel<<<tri_grid(ctx, rows * w, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(rows, w, factor,
                                                                                                  gy, gx);
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_avg_pool_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t k, const float *x,
                                    float *y) {
    const char *call = "tri_avg_pool_f32";
    const tri_status st = tri_check_avg_pool(call, ctx, nc, h, w, k, x, y);
    if (st != TRI_OK || nc * (h / k) == 0 || w / k == 0) return st;
    const int64_t rows = nc * (h / k), wo = w / k;
    avg_pool_kernel<<<tri_grid(ctx, rows * wo, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(nc, h, w, k, x, y);
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_avg_pool_backward_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t k,
                                             const float *gy, float *gx) {
    const char *call = "tri_avg_pool_backward_f32";
    const tri_status st = tri_check_avg_pool_backward(call, ctx, nc, h, w, k, gy, gx);
    if (st != TRI_OK || nc == 0 || h == 0 || w == 0) return st;
    avg_pool_backward_kernel<<<tri_grid(ctx, nc * h * w, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(nc, h, w, k, gy,
                                                                                                    gx);
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

} // extern "C"
