// Fused reverse-diffusion steps and VAE reparameterisation: one pass each, noise drawn in place from the Philox
// normal stream. The element math is native/common/denoise.h, shared with the CPU library. One thread per Philox
// block (4 consecutive elements), with float4 loads and stores when every pointer is 16-byte aligned.
//
// The noise z_i (and eps_out) is the CPU library's bit for bit (philox.h leaves nothing for nvcc to contract).
// x_out and x0_out round like the CPU library's only if this file is built with --fmad=false, as cpu/denoise.c is
// with -ffp-contract=off: denoise.h's a*x + b*y sums are otherwise fused into FMAs, which differ in the last bit.
// The z of tri_reparameterize_f32 goes through expf, whose last bit may differ between CUDA and glibc.
#include <math.h>

#include "cuda_internal.cuh"
#include "denoise.h"

namespace {

__device__ __forceinline__ void load_quad(const float *p, int64_t n, int64_t q, bool vec, float (&v)[4]) {
    const int64_t i = 4 * q;
    if (vec && i + 4 <= n) {
        const float4 t = reinterpret_cast<const float4 *>(p)[q];
        v[0] = t.x, v[1] = t.y, v[2] = t.z, v[3] = t.w;
    } else {
#pragma unroll
        for (int l = 0; l < 4; l++) v[l] = i + l < n ? p[i + l] : 0.0f;
    }
}

__device__ __forceinline__ void store_quad(float *p, int64_t n, int64_t q, bool vec, const float (&v)[4]) {
    const int64_t i = 4 * q;
    if (vec && i + 4 <= n) {
        reinterpret_cast<float4 *>(p)[q] = make_float4(v[0], v[1], v[2], v[3]);
    } else {
#pragma unroll
        for (int l = 0; l < 4; l++)
            if (i + l < n) p[i + l] = v[l];
    }
}

#define QUAD_LOOP(q, n)                                                                                           \
    for (int64_t q = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; 4 * q < (n); q += (int64_t)gridDim.x * blockDim.x)

// Every quad's inputs are loaded before its outputs are stored, so x_out may alias x.
__global__ void __launch_bounds__(TRI_THREADS) denoise_kernel(int64_t n, tri_step_coefs c, const float *x,
                                                              const float *model_out, const float *prev_x0, float *x_out,
                                                              float *x0_out, bool vec) {
    const bool noisy = c.out_noise != 0.0f;
    QUAD_LOOP(q, n) {
        float z[4] = {0.0f, 0.0f, 0.0f, 0.0f}, xv[4], mv[4], pv[4] = {0.0f, 0.0f, 0.0f, 0.0f}, out[4], x0[4];
        if (noisy) tri_normal_quad(c.seed, c.offset, 4 * q, z);
        load_quad(x, n, q, vec, xv);
        load_quad(model_out, n, q, vec, mv);
        if (prev_x0 != NULL) load_quad(prev_x0, n, q, vec, pv);
#pragma unroll
        for (int l = 0; l < 4; l++) out[l] = tri_denoise_element(&c, xv[l], mv[l], pv[l], z[l], &x0[l]);
        store_quad(x_out, n, q, vec, out);
        if (x0_out != NULL) store_quad(x0_out, n, q, vec, x0);
    }
}

__global__ void __launch_bounds__(TRI_THREADS) reparameterize_kernel(int64_t n, const float *mu, const float *logvar,
                                                                     uint64_t seed, uint64_t offset, float *z,
                                                                     float *eps_out, bool vec) {
    QUAD_LOOP(q, n) {
        float e[4], mv[4], lv[4], zv[4];
        tri_normal_quad(seed, offset, 4 * q, e);
        load_quad(mu, n, q, vec, mv);
        load_quad(logvar, n, q, vec, lv);
#pragma unroll
        for (int l = 0; l < 4; l++) zv[l] = tri_reparameterize_element(mv[l], lv[l], e[l]);
        store_quad(eps_out, n, q, vec, e);
        store_quad(z, n, q, vec, zv);
    }
}

} // namespace

extern "C" {

TRI_API tri_status tri_denoise_step_f32(tri_context *ctx, int64_t n, const tri_step_coefs *coefs, const float *x,
                                        const float *model_out, const float *prev_x0, float *x_out, float *x0_out) {
    static const char *call = "tri_denoise_step_f32";
    const tri_status st = tri_check_denoise_step(call, ctx, n, coefs, x, model_out, prev_x0, x_out);
    if (st != TRI_OK || n == 0) return st;
    const bool vec = tri_aligned16(x, model_out, prev_x0, x_out) && tri_aligned16(x0_out);
    denoise_kernel<<<tri_grid(ctx, (n + 3) / 4, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, *coefs, x, model_out,
                                                                                           prev_x0, x_out, x0_out, vec);
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

TRI_API tri_status tri_reparameterize_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                          uint64_t seed, uint64_t offset, float *z, float *eps_out) {
    static const char *call = "tri_reparameterize_f32";
    const tri_status st = tri_check_reparameterize(call, ctx, n, mu, logvar, z, eps_out);
    if (st != TRI_OK || n == 0) return st;
    reparameterize_kernel<<<tri_grid(ctx, (n + 3) / 4, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(
        n, mu, logvar, seed, offset, z, eps_out, tri_aligned16(mu, logvar, z, eps_out));
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

} // extern "C"
