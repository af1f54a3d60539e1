// Losses (MSE, BCE with logits, NLL, Gaussian KL) and their gradients.
//
// A loss is scale * sum(terms): terms are accumulated in double by a fixed grid of blocks (each a fixed chunk of
// the elements, then a fixed tree), their partial sums go to the context's scratch, and one block adds them in
// block order and writes the float to device memory, so the result has the same bits on every run and never
// leaves the device. Backward passes read the upstream gradient from gout[0] on the device.
//
// Labels live in device memory, so an out-of-range label (which the CPU library rejects with
// TRI_ERR_INVALID_ARGUMENT) cannot be reported synchronously here: tri_nll_f32 leaves such a row out of the
// sum and tri_nll_backward_f32 writes an all-zero gradient row for it. The Java layer validates labels first.
#include <math.h>

#include "activations.h"
#include "elementwise.cuh"

namespace {

// Partial sums per loss: one per block, at most this many blocks...
#define LOSS_MAX_BLOCKS 1024
// ...each of at least this many elements.
#define LOSS_MIN_CHUNK 8192

struct mse_term {
    const float *a, *b;
    __device__ __forceinline__ double operator()(int64_t i) const {
        const double d = (double)a[i] - (double)b[i];
        return d * d;
    }
};

struct bce_term {
    const float *x, *t;
    __device__ __forceinline__ double operator()(int64_t i) const {
        const float v = x[i];
        return fmaxf(v, 0.0f) - v * t[i] + log1pf(expf(-fabsf(v)));
    }
};

struct kl_term {
    const float *mu, *logvar;
    __device__ __forceinline__ double operator()(int64_t i) const {
        const float m = mu[i], lv = logvar[i];
        return -0.5f * (1.0f + lv - m * m - expf(lv));
    }
};

struct nll_term {
    const float *logp;
    const int32_t *labels;
    int64_t cols;
    __device__ __forceinline__ double operator()(int64_t r) const {
        const int32_t label = labels[r];
        return (label >= 0 && label < cols) ? -(double)logp[r * cols + label] : 0.0;
    }
};

// Block b sums the terms of [b*chunk, min(n, (b+1)*chunk)).
template <class T>
__global__ void __launch_bounds__(TRI_THREADS) loss_partial_kernel(int64_t n, int64_t chunk, T term, double *partial) {
    __shared__ double smem[33];
    const int64_t lo = blockIdx.x * chunk, hi = lo + chunk < n ? lo + chunk : n;
    double s = 0.0;
    for (int64_t i = lo + threadIdx.x; i < hi; i += blockDim.x) s += term(i);
    s = tri_block_sum(s, smem);
    if (threadIdx.x == 0) partial[blockIdx.x] = s;
}

__global__ void __launch_bounds__(TRI_THREADS) loss_finish_kernel(int64_t blocks, const double *partial, float scale,
                                                                  float *out) {
    __shared__ double smem[33];
    double s = 0.0;
    for (int64_t b = threadIdx.x; b < blocks; b += blockDim.x) s += partial[b];
    s = tri_block_sum(s, smem);
    if (threadIdx.x == 0) out[0] = (float)((double)scale * s);
}

template <class T> tri_status loss_launch(tri_context *ctx, const char *call, int64_t n, T term, float scale, float *out) {
    double *partial = static_cast<double *>(ctx->scratch);
    int64_t blocks = tri_ceil_div(n, LOSS_MIN_CHUNK);
    if (blocks > LOSS_MAX_BLOCKS) blocks = LOSS_MAX_BLOCKS;
    if (n > 0) {
        const int64_t chunk = tri_ceil_div(n, blocks);
        loss_partial_kernel<T><<<(unsigned)blocks, TRI_THREADS, 0, ctx->stream>>>(n, chunk, term, partial);
        TRI_CHECK_LAUNCH(call);
    }
    loss_finish_kernel<<<1, TRI_THREADS, 0, ctx->stream>>>(n > 0 ? blocks : 0, partial, scale, out);
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

// in: a, b; out: ga, gb.
struct mse_grad_op {
    const float *gout;
    float scale;
    __device__ __forceinline__ void operator()(const float (&in)[2], float (&out)[2]) const {
        const float k = 2.0f * scale * gout[0];
        const float g = k * (in[0] - in[1]);
        out[0] = g;
        out[1] = -g;
    }
};

// in: x, target; out: gx.
struct bce_grad_op {
    const float *gout;
    float scale;
    __device__ __forceinline__ void operator()(const float (&in)[2], float (&out)[1]) const {
        out[0] = scale * gout[0] * (tri_sigmoid(in[0]) - in[1]);
    }
};

// in: mu, logvar; out: gmu, glogvar. expm1f keeps exp(logvar) - 1 accurate near logvar = 0.
struct kl_grad_op {
    const float *gout;
    float scale;
    __device__ __forceinline__ void operator()(const float (&in)[2], float (&out)[2]) const {
        const float k = scale * gout[0];
        out[0] = k * in[0];
        out[1] = k * 0.5f * expm1f(in[1]);
    }
};

__global__ void __launch_bounds__(TRI_THREADS) nll_backward_kernel(int64_t rows, int64_t cols, const int32_t *labels,
                                                                   const float *gout, float scale, float *glogp) {
    const float k = -scale * gout[0];
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < rows * cols; i += (int64_t)gridDim.x * blockDim.x)
        glogp[i] = labels[i / cols] == i % cols ? k : 0.0f;
}

} // namespace

extern "C" {

TRI_API tri_status tri_mse_f32(tri_context *ctx, int64_t n, const float *a, const float *b, float scale, float *out) {
    static const char F[] = "tri_mse_f32";
    const tri_status st = tri_check_mse(F, ctx, n, a, b, out);
    if (st != TRI_OK) return st;
    return loss_launch(ctx, F, n, mse_term{a, b}, scale, out);
}

TRI_API tri_status tri_mse_backward_f32(tri_context *ctx, int64_t n, const float *a, const float *b,
                                        const float *gout, float scale, float *ga, float *gb) {
    static const char F[] = "tri_mse_backward_f32";
    const tri_status st = tri_check_mse_backward(F, ctx, n, a, b, gout, ga, gb);
    if (st != TRI_OK || n == 0 || (ga == NULL && gb == NULL)) return st;
    tri_map_ptrs<2, 2> p = {{a, b}, {ga, gb}};
    return tri_map(ctx, F, n, p, mse_grad_op{gout, scale});
}

TRI_API tri_status tri_bce_with_logits_f32(tri_context *ctx, int64_t n, const float *x, const float *target,
                                           float scale, float *out) {
    static const char F[] = "tri_bce_with_logits_f32";
    const tri_status st = tri_check_bce_with_logits(F, ctx, n, x, target, out);
    if (st != TRI_OK) return st;
    return loss_launch(ctx, F, n, bce_term{x, target}, scale, out);
}

TRI_API tri_status tri_bce_with_logits_backward_f32(tri_context *ctx, int64_t n, const float *x,
                                                    const float *target, const float *gout, float scale,
                                                    float *gx) {
    static const char F[] = "tri_bce_with_logits_backward_f32";
    const tri_status st = tri_check_bce_with_logits_backward(F, ctx, n, x, target, gout, gx);
    if (st != TRI_OK || n == 0) return st;
    tri_map_ptrs<2, 1> p = {{x, target}, {gx}};
    return tri_map(ctx, F, n, p, bce_grad_op{gout, scale});
}

// An out-of-range label is left out of the sum (see the top of this file).
TRI_API tri_status tri_nll_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *logp,
                               const int32_t *labels, float scale, float *out) {
    static const char F[] = "tri_nll_f32";
    const tri_status st = tri_check_nll(F, ctx, rows, cols, logp, labels, out);
    if (st != TRI_OK) return st;
    return loss_launch(ctx, F, rows, nll_term{logp, labels, cols}, scale, out);
}

// A row with an out-of-range label gets an all-zero gradient (see the top of this file).
TRI_API tri_status tri_nll_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const int32_t *labels,
                                        const float *gout, float scale, float *glogp) {
    static const char F[] = "tri_nll_backward_f32";
    const tri_status st = tri_check_nll_backward(F, ctx, rows, cols, labels, gout, glogp);
    if (st != TRI_OK || rows == 0 || cols == 0) return st;
    nll_backward_kernel<<<tri_grid(ctx, rows * cols, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(rows, cols, labels, gout,
                                                                                                scale, glogp);
    TRI_CHECK_LAUNCH(F);
    return TRI_OK;
}

TRI_API tri_status tri_gaussian_kl_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                       float scale, float *out) {
    static const char F[] = "tri_gaussian_kl_f32";
    const tri_status st = tri_check_gaussian_kl(F, ctx, n, mu, logvar, out);
    if (st != TRI_OK) return st;
    return loss_launch(ctx, F, n, kl_term{mu, logvar}, scale, out);
}

TRI_API tri_status tri_gaussian_kl_backward_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                                const float *gout, float scale, float *gmu, float *glogvar) {
    static const char F[] = "tri_gaussian_kl_backward_f32";
    const tri_status st = tri_check_gaussian_kl_backward(F, ctx, n, mu, logvar, gout, gmu, glogvar);
    if (st != TRI_OK || n == 0 || (gmu == NULL && glogvar == NULL)) return st;
    tri_map_ptrs<2, 2> p = {{mu, logvar}, {gmu, glogvar}};
    return tri_map(ctx, F, n, p, kl_grad_op{gout, scale});
}

} // extern "C"
