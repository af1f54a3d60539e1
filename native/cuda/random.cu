// Philox4x32-10 uniform and normal draws and dropout. The stream and its float math are defined once, in
// common/philox.h, which the CPU library compiles too; every multiply-add there is an explicit fmaf and the
// rest rounds once per operation, so nvcc's default contraction has nothing to fuse and the results are the
// CPU library's bit for bit (checked: building this file with --fmad=false yields the same machine code).
// One thread per Philox block, i.e. per 4 consecutive elements, stored as one float4 when aligned.
#include "cuda_internal.cuh"
#include "philox.h"

namespace {

// Stores v[0..3] at out + 4q, as one float4 when the whole quad is in range and aligned.
__device__ __forceinline__ void store_quad(float *out, int64_t n, int64_t q, const float (&v)[4], bool vec) {
    const int64_t i = 4 * q;
    if (vec && i + 4 <= n) {
        reinterpret_cast<float4 *>(out)[q] = make_float4(v[0], v[1], v[2], v[3]);
    } else {
#pragma unroll
        for (int l = 0; l < 4; l++)
            if (i + l < n) out[i + l] = v[l];
    }
}

#define QUAD_LOOP(q, n)                                                                                           \
    for (int64_t q = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; 4 * q < (n); q += (int64_t)gridDim.x * blockDim.x)

__global__ void __launch_bounds__(TRI_THREADS) uniform_kernel(uint64_t seed, uint64_t offset, int64_t n, float low,
                                                              float span, float *out, bool vec) {
    QUAD_LOOP(q, n) {
        const tri_philox_block b = tri_philox_stream_block(seed, offset + (uint64_t)q);
        float v[4];
#pragma unroll
        for (int l = 0; l < 4; l++) v[l] = fmaf(span, tri_philox_u24(b.x[l]), low);
        store_quad(out, n, q, v, vec);
    }
}

__global__ void __launch_bounds__(TRI_THREADS) normal_kernel(uint64_t seed, uint64_t offset, int64_t n, float mean,
                                                             float std, float *out, bool vec) {
    QUAD_LOOP(q, n) {
        const tri_philox_block b = tri_philox_stream_block(seed, offset + (uint64_t)q);
        float z[4], v[4];
        tri_philox_box_muller(b.x[0], b.x[1], &z[0], &z[1]);
        tri_philox_box_muller(b.x[2], b.x[3], &z[2], &z[3]);
#pragma unroll
        for (int l = 0; l < 4; l++) v[l] = fmaf(std, z[l], mean);
        store_quad(out, n, q, v, vec);
    }
}

// y and mask may share x's storage: the quad of x is read before either is written.
__global__ void __launch_bounds__(TRI_THREADS) dropout_kernel(int64_t n, const float *x, float p, float scale,
                                                              uint64_t seed, uint64_t offset, float *y, float *mask,
                                                              bool vec) {
    QUAD_LOOP(q, n) {
        const tri_philox_block b = tri_philox_stream_block(seed, offset + (uint64_t)q);
        const int64_t i = 4 * q;
        float xv[4];
        if (vec && i + 4 <= n) {
            const float4 t = reinterpret_cast<const float4 *>(x)[q];
            xv[0] = t.x, xv[1] = t.y, xv[2] = t.z, xv[3] = t.w;
        } else {
#pragma unroll
            for (int l = 0; l < 4; l++) xv[l] = i + l < n ? x[i + l] : 0.0f;
        }
        float m[4], v[4];
#pragma unroll
        for (int l = 0; l < 4; l++) {
            m[l] = tri_philox_u24(b.x[l]) >= p ? scale : 0.0f;
            v[l] = xv[l] * m[l];
        }
        store_quad(mask, n, q, m, vec);
        store_quad(y, n, q, v, vec);
    }
}

} // namespace

extern "C" {

TRI_API tri_status tri_philox_uniform_f32(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float low,
                                          float high, float *out) {
    static const char *call = "tri_philox_uniform_f32";
    const tri_status st = tri_check_philox_uniform(call, ctx, n, low, high, out);
    if (st != TRI_OK || n == 0) return st;
    uniform_kernel<<<tri_grid(ctx, (n + 3) / 4, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(
        seed, offset, n, low, high - low, out, tri_aligned16(out));
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_philox_normal_f32(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float mean,
                                         float std, float *out) {
    static const char *call = "tri_philox_normal_f32";
    const tri_status st = tri_check_philox_normal(call, ctx, n, mean, std, out);
    if (st != TRI_OK || n == 0) return st;
    normal_kernel<<<tri_grid(ctx, (n + 3) / 4, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(seed, offset, n, mean, std,
                                                                                          out, tri_aligned16(out));
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_dropout_f32(tri_context *ctx, int64_t n, const float *x, float p, uint64_t seed,
                                   uint64_t offset, float *y, float *mask) {
    static const char *call = "tri_dropout_f32";
    const tri_status st = tri_check_dropout(call, ctx, n, x, p, y, mask);
    if (st != TRI_OK || n == 0) return st;
    float scale = 1.0f / (1.0f - p);
    dropout_kernel<<<tri_grid(ctx, (n + 3) / 4, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(
        n, x, p, scale, seed, offset, y, mask, tri_aligned16(x, y, mask));
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

} // extern "C"
