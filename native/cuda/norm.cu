// Batch, group and layer normalisation, forward and backward, with PyTorch's semantics and its closed-form
// backward formulas: the CPU library's (cpu/norm.c) formulas and scalars.
//
// Statistics come from one pass of double sums of d = x - shift, shift being the first element of the set, so
// the variance q/count - (s/count)^2 stays accurate even when |mean| >> std. Every sum runs in a fixed order
// (thread strides, then fixed trees), so the bits repeat run to run. Each normalisation is one kernel per
// direction: the block (or warp) that reduces a set also normalises it; only the parameter gradients of group and
// layer norm, which reduce across sets, take a second kernel (and, for layer norm with few columns, the
// context's scratch for chunk partials).
//
// gamma == NULL (no affine) makes gamma act as 1 and beta as 0; the backward passes then leave ggamma and gbeta
// untouched.
#include <math.h>

#include "cuda_internal.cuh"

namespace {

// Mean and biased variance of count values from their sums shifted by `shift`.
__device__ __forceinline__ void moments(double s, double q, double count, double shift, double *mean, double *var) {
    const double m = s / count, v = q / count - m * m;
    *mean = shift + m;
    *var = v > 0.0 ? v : 0.0;
}

// Calls f(e, k) for this thread's share of `per` channels of `hw` values each (e the value's index, k its
// channel): flat, with 32-bit divisions, unless there are 2^31 values or more; then channel by channel (long
// channels keep the threads busy), which needs no 64-bit division.
template <class F> __device__ __forceinline__ void visit_planes(int64_t per, int64_t hw, F f) {
    if (per * hw <= INT32_MAX) {
        const int32_t len = (int32_t)(per * hw), h = (int32_t)hw;
        for (int32_t e = threadIdx.x; e < len; e += TRI_THREADS) f((int64_t)e, (int64_t)(e / h));
    } else {
        for (int64_t k = 0; k < per; k++)
            for (int64_t j = threadIdx.x; j < hw; j += TRI_THREADS) f(k * hw + j, k);
    }
}

// ---------------------------------------------------------------- batch norm
//
// Channel ch's values are x[(i*c + ch)*hw + j] for samples i and pixels j. With hw >= 32 a block of TRI_THREADS
// owns a channel and walks its values flat (j fastest, coalesced); with hw < 32 (BatchNorm1d, tiny maps) a block
// of BN_CH x BN_LANES threads owns BN_CH consecutive channels, which makes each sample's read of them coalesced,
// and BN_LANES lanes split the samples.

#define BN_CH 32
#define BN_LANES 8

struct bn_args {
    int64_t n, c, hw;
    const float *x, *gy, *gamma, *beta;
    float *running_mean, *running_var;
    float momentum, eps;
    int32_t training;
    float *y, *save_mean, *save_invstd;
    const float *mean, *invstd; // backward: the saved statistics
    float *gx, *ggamma, *gbeta;
};

// Calls f(offset) for this thread's share of channel ch's values, in a fixed order.
template <bool SMALL, class F> __device__ __forceinline__ void bn_visit(const bn_args &a, int64_t ch, F f) {
    if (SMALL) {
        for (int64_t i = threadIdx.y; i < a.n; i += BN_LANES)
            for (int64_t j = 0; j < a.hw; j++) f((i * a.c + ch) * a.hw + j);
    } else {
        visit_planes(a.n, a.hw, [&](int64_t e, int64_t i) { f((i * a.c + ch) * a.hw + (e - i * a.hw)); });
    }
}

// Sum over the threads that share channel ch (the block, or the BN_LANES lanes of column threadIdx.x); every one
// of them gets it. smem: 33 doubles (large) or BN_LANES * BN_CH (small).
template <bool SMALL> __device__ __forceinline__ double bn_sum(double v, double *smem) {
    if (SMALL) {
        __syncthreads();
        smem[threadIdx.y * BN_CH + threadIdx.x] = v;
        __syncthreads();
        double s = 0.0;
        for (int l = 0; l < BN_LANES; l++) s += smem[l * BN_CH + threadIdx.x];
        return s;
    } else {
        return tri_block_sum(v, smem);
    }
}

template <bool SMALL> __global__ void __launch_bounds__(TRI_THREADS) bn_forward_kernel(bn_args a) {
    __shared__ double smem[SMALL ? BN_LANES * BN_CH : 33];
    const int64_t ch_base = SMALL ? (int64_t)blockIdx.x * BN_CH : (int64_t)blockIdx.x;
    const int64_t step = SMALL ? (int64_t)gridDim.x * BN_CH : (int64_t)gridDim.x;
    // The whole block loops together so that the block-wide sums see every thread.
    for (int64_t base = ch_base; base < a.c; base += step) {
        const int64_t ch = base + (SMALL ? threadIdx.x : 0);
        const bool live = ch < a.c;
        const int64_t chc = live ? ch : a.c - 1;
        const double count = (double)a.n * (double)a.hw;
        double mean, invstd;
        if (a.training) {
            const float shift = a.x[chc * a.hw];
            double s = 0.0, q = 0.0;
            if (live) {
                bn_visit<SMALL>(a, ch, [&](int64_t off) {
                    const double d = (double)a.x[off] - shift;
                    s += d;
                    q += d * d;
                });
            }
            s = bn_sum<SMALL>(s, smem);
            q = bn_sum<SMALL>(q, smem);
            double var;
            moments(s, q, count, shift, &mean, &var);
            invstd = 1.0 / sqrt(var + a.eps);
            const bool writer = SMALL ? threadIdx.y == 0 : threadIdx.x == 0;
            if (live && writer && a.running_mean != NULL) {
                const double mo = a.momentum;
                float *rm = &a.running_mean[ch], *rv = &a.running_var[ch];
                *rm = (float)((1.0 - mo) * *rm + mo * mean);
                *rv = (float)((1.0 - mo) * *rv + mo * var * count / (count - 1.0));
            }
        } else {
            mean = a.running_mean[chc];
            invstd = 1.0 / sqrt((double)a.running_var[chc] + a.eps);
        }
        if (!live) continue;
        if (SMALL ? threadIdx.y == 0 : threadIdx.x == 0) {
            a.save_mean[ch] = (float)mean;
            a.save_invstd[ch] = (float)invstd;
        }
        const double sc = (a.gamma != NULL ? a.gamma[ch] : 1.0) * invstd;
        const float scale = (float)sc, bias = (float)((a.beta != NULL ? a.beta[ch] : 0.0) - mean * sc);
        bn_visit<SMALL>(a, ch, [&](int64_t off) { a.y[off] = a.x[off] * scale + bias; });
    }
}

template <bool SMALL> __global__ void __launch_bounds__(TRI_THREADS) bn_backward_kernel(bn_args a) {
    __shared__ double smem[SMALL ? BN_LANES * BN_CH : 33];
    const bool want_params = a.gamma != NULL && (a.ggamma != NULL || a.gbeta != NULL);
    const int64_t ch_base = SMALL ? (int64_t)blockIdx.x * BN_CH : (int64_t)blockIdx.x;
    const int64_t step = SMALL ? (int64_t)gridDim.x * BN_CH : (int64_t)gridDim.x;
    for (int64_t base = ch_base; base < a.c; base += step) {
        const int64_t ch = base + (SMALL ? threadIdx.x : 0);
        const bool live = ch < a.c;
        const int64_t chc = live ? ch : a.c - 1;
        const double count = (double)a.n * (double)a.hw;
        const double invstd = a.invstd[chc];
        double sg = 0.0, sgx = 0.0;
        if (a.training || want_params) {
            const double center = a.mean[chc];
            if (live) {
                bn_visit<SMALL>(a, ch, [&](int64_t off) {
                    const double g = a.gy[off];
                    sg += g;
                    sgx += g * ((double)a.x[off] - center);
                });
            }
            sg = bn_sum<SMALL>(sg, smem);
            sgx = bn_sum<SMALL>(sgx, smem);
        }
        if (!live) continue;
        if (want_params && (SMALL ? threadIdx.y == 0 : threadIdx.x == 0)) {
            if (a.ggamma != NULL) a.ggamma[ch] = (float)(sgx * invstd);
            if (a.gbeta != NULL) a.gbeta[ch] = (float)sg;
        }
        // training: gx = (gy - sum(gy)/count - (x - mean) * k) * w, k = sum(gy*(x-mean)) * invstd^2 / count (the
        // batch statistics depend on x); eval: gx = gy * w. w = gamma * invstd.
        const float w = (float)((a.gamma != NULL ? a.gamma[ch] : 1.0) * invstd);
        if (a.training) {
            const float gmean = (float)(sg / count), k2 = (float)(sgx * invstd * invstd / count), mk = a.mean[ch];
            bn_visit<SMALL>(a, ch, [&](int64_t off) { a.gx[off] = (a.gy[off] - gmean - (a.x[off] - mk) * k2) * w; });
        } else {
            bn_visit<SMALL>(a, ch, [&](int64_t off) { a.gx[off] = a.gy[off] * w; });
        }
    }
}

tri_status bn_launch(tri_context *ctx, const char *call, const bn_args &a, bool forward) {
    if (a.hw < 32) {
        const int64_t blocks = tri_ceil_div(a.c, BN_CH);
        const dim3 grid((unsigned)(blocks < 65535 * 16 ? blocks : 65535 * 16)), block(BN_CH, BN_LANES);
        if (forward) bn_forward_kernel<true><<<grid, block, 0, ctx->stream>>>(a);
        else bn_backward_kernel<true><<<grid, block, 0, ctx->stream>>>(a);
    } else {
        const dim3 grid((unsigned)(a.c < 65535 * 16 ? a.c : 65535 * 16));
        if (forward) bn_forward_kernel<false><<<grid, TRI_THREADS, 0, ctx->stream>>>(a);
        else bn_backward_kernel<false><<<grid, TRI_THREADS, 0, ctx->stream>>>(a);
    }
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

// ---------------------------------------------------------------- group norm

struct gn_args {
    int64_t n, c, hw, groups;
    const float *x, *gy, *gamma, *beta;
    float eps;
    float *y, *mean, *rstd;               // forward outputs
    const float *saved_mean, *saved_rstd; // backward inputs
    float *gx, *ggamma, *gbeta;
};

// Block per (sample, group) pair p; the group's c/groups channels are contiguous, len values in all.
__global__ void __launch_bounds__(TRI_THREADS) gn_forward_kernel(gn_args a) {
    __shared__ double smem[33];
    const int64_t per = a.c / a.groups, len = per * a.hw;
    for (int64_t p = blockIdx.x; p < a.n * a.groups; p += gridDim.x) {
        const float *xs = a.x + p * len;
        float *ys = a.y + p * len;
        const float shift = xs[0];
        double s = 0.0, q = 0.0;
        visit_planes(per, a.hw, [&](int64_t e, int64_t) {
            const double d = (double)xs[e] - shift;
            s += d;
            q += d * d;
        });
        s = tri_block_sum(s, smem);
        q = tri_block_sum(q, smem);
        double mean, var;
        moments(s, q, (double)len, shift, &mean, &var);
        const double rstd = 1.0 / sqrt(var + a.eps);
        if (threadIdx.x == 0) {
            a.mean[p] = (float)mean;
            a.rstd[p] = (float)rstd;
        }
        const int64_t ch0 = (p % a.groups) * per;
        visit_planes(per, a.hw, [&](int64_t e, int64_t k) {
            const double sc = (a.gamma != NULL ? a.gamma[ch0 + k] : 1.0) * rstd;
            const float scale = (float)sc, bias = (float)((a.beta != NULL ? a.beta[ch0 + k] : 0.0) - mean * sc);
            ys[e] = xs[e] * scale + bias;
        });
    }
}

// gx per (sample, group): with gxhat = gamma*gy over the group's len values,
// gx = rstd * (gxhat - mean(gxhat) - xhat * mean(gxhat * xhat)).
__global__ void __launch_bounds__(TRI_THREADS) gn_backward_kernel(gn_args a) {
    __shared__ double smem[33];
    const int64_t per = a.c / a.groups, len = per * a.hw;
    for (int64_t p = blockIdx.x; p < a.n * a.groups; p += gridDim.x) {
        const int64_t ch0 = (p % a.groups) * per;
        const float *xs = a.x + p * len, *gs = a.gy + p * len;
        float *gxs = a.gx + p * len;
        const double mean = a.saved_mean[p], rstd = a.saved_rstd[p];
        double sum_g = 0.0, sum_gx = 0.0;
        visit_planes(per, a.hw, [&](int64_t e, int64_t k) {
            const double g = (a.gamma != NULL ? a.gamma[ch0 + k] : 1.0) * (double)gs[e];
            sum_g += g;
            sum_gx += g * ((double)xs[e] - mean);
        });
        sum_g = tri_block_sum(sum_g, smem);
        sum_gx = tri_block_sum(sum_gx, smem);
        const float meanf = a.saved_mean[p], k2 = (float)(rstd * rstd * rstd * sum_gx / (double)len),
                    k3 = (float)(rstd * sum_g / (double)len);
        visit_planes(per, a.hw, [&](int64_t e, int64_t k) {
            const float k1 = (float)((a.gamma != NULL ? a.gamma[ch0 + k] : 1.0) * rstd);
            gxs[e] = gs[e] * k1 - (xs[e] - meanf) * k2 - k3;
        });
    }
}

// ggamma/gbeta per channel (block per channel): sums over samples and pixels of gy * (x - mean) * rstd and gy.
__global__ void __launch_bounds__(TRI_THREADS) gn_param_kernel(gn_args a) {
    __shared__ double smem[33];
    const int64_t per = a.c / a.groups;
    for (int64_t ch = blockIdx.x; ch < a.c; ch += gridDim.x) {
        const int64_t g = ch / per;
        double sg = 0.0, sgx = 0.0;
        // The channel's values, sample by sample: "planes" of hw values, one per sample b.
        visit_planes(a.n, a.hw, [&](int64_t e, int64_t b) {
            const int64_t off = (b * a.c + ch) * a.hw + (e - b * a.hw), p = b * a.groups + g;
            const double gyv = a.gy[off];
            sg += gyv;
            sgx += gyv * (((double)a.x[off] - (double)a.saved_mean[p]) * (double)a.saved_rstd[p]);
        });
        sg = tri_block_sum(sg, smem);
        sgx = tri_block_sum(sgx, smem);
        if (threadIdx.x == 0) {
            if (a.ggamma != NULL) a.ggamma[ch] = (float)sgx;
            if (a.gbeta != NULL) a.gbeta[ch] = (float)sg;
        }
    }
}

unsigned blocks_for(int64_t items) { return (unsigned)(items < 65535 * 16 ? items : 65535 * 16); }

// ---------------------------------------------------------------- layer norm
//
// Rows handled by groups of G threads: a warp for rows up to LN_WARP_MAX columns, the block beyond.

#define LN_WARP_MAX 1024

struct ln_args {
    int64_t rows, cols;
    const float *x, *gy, *gamma, *beta;
    float eps;
    float *y, *mean, *rstd;               // forward outputs
    const float *saved_mean, *saved_rstd; // backward inputs
    float *gx, *ggamma, *gbeta;
    int64_t chunks;  // parameter gradients: row chunks per column
    double *partial; // [chunks][2][cols] when chunks > 1
};

template <int G> __device__ __forceinline__ double group_sum(double v, double *smem) {
    if constexpr (G == 32) return __shfl_sync(0xffffffffu, tri_warp_sum(v), 0);
    else return tri_block_sum(v, smem);
}

template <int G> __global__ void __launch_bounds__(TRI_THREADS) ln_forward_kernel(ln_args a) {
    __shared__ double smem[33];
    const int lane = threadIdx.x % G, groups = TRI_THREADS / G;
    for (int64_t base = (int64_t)blockIdx.x * groups; base < a.rows; base += (int64_t)gridDim.x * groups) {
        const int64_t r = base + threadIdx.x / G;
        // Rows past the end take part in the block sums with no columns.
        const int64_t cols = r < a.rows ? a.cols : 0, rr = r < a.rows ? r : 0;
        const float *xr = a.x + rr * a.cols;
        const float shift = xr[0];
        double s = 0.0, q = 0.0;
        for (int64_t j = lane; j < cols; j += G) {
            const double d = (double)xr[j] - shift;
            s += d;
            q += d * d;
        }
        s = group_sum<G>(s, smem);
        q = group_sum<G>(q, smem);
        if (cols == 0) continue;
        double mean, var;
        moments(s, q, (double)cols, shift, &mean, &var);
        const double rstd = 1.0 / sqrt(var + a.eps);
        if (lane == 0) {
            a.mean[r] = (float)mean;
            a.rstd[r] = (float)rstd;
        }
        const float scale = (float)rstd, bias = (float)(-mean * rstd);
        float *yr = a.y + r * a.cols;
        for (int64_t j = lane; j < cols; j += G) {
            const float h = xr[j] * scale + bias;
            yr[j] = (a.gamma != NULL ? h * a.gamma[j] : h) + (a.beta != NULL ? a.beta[j] : 0.0f);
        }
    }
}

// gx per row, as group norm's with the row as the group and gamma varying along it.
template <int G> __global__ void __launch_bounds__(TRI_THREADS) ln_backward_kernel(ln_args a) {
    __shared__ double smem[33];
    const int lane = threadIdx.x % G, groups = TRI_THREADS / G;
    for (int64_t base = (int64_t)blockIdx.x * groups; base < a.rows; base += (int64_t)gridDim.x * groups) {
        const int64_t r = base + threadIdx.x / G;
        const int64_t cols = r < a.rows ? a.cols : 0, rr = r < a.rows ? r : 0;
        const float *xr = a.x + rr * a.cols, *gr = a.gy + rr * a.cols;
        const double mean = a.saved_mean[rr], rstd = a.saved_rstd[rr];
        double sum_g = 0.0, sum_gx = 0.0;
        for (int64_t j = lane; j < cols; j += G) {
            const double g = (double)gr[j] * (a.gamma != NULL ? a.gamma[j] : 1.0f);
            sum_g += g;
            sum_gx += g * ((double)xr[j] - mean);
        }
        sum_g = group_sum<G>(sum_g, smem);
        sum_gx = group_sum<G>(sum_gx, smem);
        const float meanf = a.saved_mean[rr], rstdf = a.saved_rstd[rr],
                    k2 = (float)(rstd * rstd * rstd * sum_gx / (double)a.cols), k3 = (float)(rstd * sum_g / (double)a.cols);
        float *gxr = a.gx + rr * a.cols;
        for (int64_t j = lane; j < cols; j += G) {
            const float g = a.gamma != NULL ? gr[j] * a.gamma[j] : gr[j];
            gxr[j] = g * rstdf - (xr[j] - meanf) * k2 - k3;
        }
    }
}

// ggamma/gbeta: thread per (column, chunk of rows), rows in order; chunk partials to the scratch when split.
__global__ void __launch_bounds__(TRI_THREADS) ln_param_kernel(ln_args a) {
    for (int64_t j = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; j < a.cols; j += (int64_t)gridDim.x * blockDim.x) {
        for (int64_t c = blockIdx.y; c < a.chunks; c += gridDim.y) {
            const int64_t r0 = a.rows * c / a.chunks, r1 = a.rows * (c + 1) / a.chunks;
            double sg = 0.0, sgx = 0.0;
            for (int64_t r = r0; r < r1; r++) {
                const double g = a.gy[r * a.cols + j];
                sg += g;
                sgx += g * (((double)a.x[r * a.cols + j] - (double)a.saved_mean[r]) * (double)a.saved_rstd[r]);
            }
            if (a.chunks == 1) {
                if (a.ggamma != NULL) a.ggamma[j] = (float)sgx;
                if (a.gbeta != NULL) a.gbeta[j] = (float)sg;
            } else {
                a.partial[(2 * c) * a.cols + j] = sg;
                a.partial[(2 * c + 1) * a.cols + j] = sgx;
            }
        }
    }
}

__global__ void __launch_bounds__(TRI_THREADS) ln_param_finish_kernel(ln_args a) {
    for (int64_t j = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; j < a.cols; j += (int64_t)gridDim.x * blockDim.x) {
        double sg = 0.0, sgx = 0.0;
        for (int64_t c = 0; c < a.chunks; c++) {
            sg += a.partial[(2 * c) * a.cols + j];
            sgx += a.partial[(2 * c + 1) * a.cols + j];
        }
        if (a.ggamma != NULL) a.ggamma[j] = (float)sgx;
        if (a.gbeta != NULL) a.gbeta[j] = (float)sg;
    }
}

} // namespace

extern "C" {

TRI_API tri_status tri_batch_norm_forward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, const float *x,
                                              const float *gamma, const float *beta, float *running_mean,
                                              float *running_var, float momentum, float eps, int32_t training,
                                              float *y, float *save_mean, float *save_invstd) {
    static const char F[] = "tri_batch_norm_forward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_batch_norm_forward(F, ctx, n, c, hw, x, running_mean, running_var, momentum, eps,
                                                       training, y, save_mean, save_invstd, &total);
    if (st != TRI_OK || total == 0) return st;
    bn_args a = {};
    a.n = n, a.c = c, a.hw = hw, a.x = x, a.gamma = gamma, a.beta = beta, a.running_mean = running_mean;
    a.running_var = running_var, a.momentum = momentum, a.eps = eps, a.training = training, a.y = y;
    a.save_mean = save_mean, a.save_invstd = save_invstd;
    return bn_launch(ctx, F, a, true);
}

TRI_API tri_status tri_batch_norm_backward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, const float *x,
                                               const float *gy, const float *gamma, const float *save_mean,
                                               const float *save_invstd, int32_t training, float *gx,
                                               float *ggamma, float *gbeta) {
    static const char F[] = "tri_batch_norm_backward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_batch_norm_backward(F, ctx, n, c, hw, x, gy, save_mean, save_invstd, gx, &total);
    if (st != TRI_OK || total == 0) return st;
    bn_args a = {};
    a.n = n, a.c = c, a.hw = hw, a.x = x, a.gy = gy, a.gamma = gamma, a.training = training;
    a.mean = save_mean, a.invstd = save_invstd, a.gx = gx, a.ggamma = ggamma, a.gbeta = gbeta;
    return bn_launch(ctx, F, a, false);
}

TRI_API tri_status tri_group_norm_forward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, int32_t groups,
                                              const float *x, const float *gamma, const float *beta, float eps,
                                              float *y, float *mean, float *rstd) {
    static const char F[] = "tri_group_norm_forward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_group_norm_forward(F, ctx, n, c, hw, groups, x, eps, y, mean, rstd, &total);
    if (st != TRI_OK || total == 0) return st;
    gn_args a = {};
    a.n = n, a.c = c, a.hw = hw, a.groups = groups, a.x = x, a.gamma = gamma, a.beta = beta, a.eps = eps, a.y = y;
    a.mean = mean, a.rstd = rstd;
    gn_forward_kernel<<<blocks_for(n * groups), TRI_THREADS, 0, ctx->stream>>>(a);
    TRI_CHECK_LAUNCH(F);
    return TRI_OK;
}

TRI_API tri_status tri_group_norm_backward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, int32_t groups,
                                               const float *x, const float *gy, const float *gamma,
                                               const float *mean, const float *rstd, float *gx, float *ggamma,
                                               float *gbeta) {
    static const char F[] = "tri_group_norm_backward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_group_norm_backward(F, ctx, n, c, hw, groups, x, gy, mean, rstd, gx, &total);
    if (st != TRI_OK || total == 0) return st;
    gn_args a = {};
    a.n = n, a.c = c, a.hw = hw, a.groups = groups, a.x = x, a.gy = gy, a.gamma = gamma, a.saved_mean = mean;
    a.saved_rstd = rstd, a.gx = gx, a.ggamma = ggamma, a.gbeta = gbeta;
    gn_backward_kernel<<<blocks_for(n * groups), TRI_THREADS, 0, ctx->stream>>>(a);
    TRI_CHECK_LAUNCH(F);
    if (gamma != NULL && (ggamma != NULL || gbeta != NULL)) {
        gn_param_kernel<<<blocks_for(c), TRI_THREADS, 0, ctx->stream>>>(a);
        TRI_CHECK_LAUNCH(F);
    }
    return TRI_OK;
}

TRI_API tri_status tri_layer_norm_forward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x,
                                              const float *gamma, const float *beta, float eps, float *y,
                                              float *mean, float *rstd) {
    static const char F[] = "tri_layer_norm_forward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_layer_norm_forward(F, ctx, rows, cols, x, eps, y, mean, rstd, &total);
    if (st != TRI_OK || total == 0) return st;
    ln_args a = {};
    a.rows = rows, a.cols = cols, a.x = x, a.gamma = gamma, a.beta = beta, a.eps = eps, a.y = y, a.mean = mean;
    a.rstd = rstd;
    if (cols <= LN_WARP_MAX) ln_forward_kernel<32><<<tri_grid(ctx, rows * 32, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(a);
    else ln_forward_kernel<TRI_THREADS><<<tri_grid(ctx, rows * TRI_THREADS, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(a);
    TRI_CHECK_LAUNCH(F);
    return TRI_OK;
}

TRI_API tri_status tri_layer_norm_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x,
                                               const float *gy, const float *gamma, const float *mean,
                                               const float *rstd, float *gx, float *ggamma, float *gbeta) {
    static const char F[] = "tri_layer_norm_backward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_layer_norm_backward(F, ctx, rows, cols, x, gy, mean, rstd, gx, &total);
    if (st != TRI_OK || total == 0) return st;
    ln_args a = {};
    a.rows = rows, a.cols = cols, a.x = x, a.gy = gy, a.gamma = gamma, a.saved_mean = mean, a.saved_rstd = rstd;
    a.gx = gx, a.ggamma = ggamma, a.gbeta = gbeta;
    if (cols <= LN_WARP_MAX) ln_backward_kernel<32><<<tri_grid(ctx, rows * 32, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(a);
    else ln_backward_kernel<TRI_THREADS><<<tri_grid(ctx, rows * TRI_THREADS, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(a);
    TRI_CHECK_LAUNCH(F);
    if (gamma != NULL && (ggamma != NULL || gbeta != NULL)) {
        // Split the rows into chunks only when the columns alone cannot fill the device; fixed by the shape.
        const int64_t capacity = (int64_t)(TRI_SCRATCH_BYTES / sizeof(double)) / (2 * cols);
        int64_t chunks = 262144 / cols;
        if (chunks > rows / 64) chunks = rows / 64;
        if (chunks > 1024) chunks = 1024;
        if (chunks > capacity) chunks = capacity;
        a.chunks = chunks < 1 ? 1 : chunks;
        a.partial = static_cast<double *>(ctx->scratch);
        const dim3 grid(tri_grid(ctx, cols, TRI_THREADS), (unsigned)a.chunks);
        ln_param_kernel<<<grid, TRI_THREADS, 0, ctx->stream>>>(a);
        TRI_CHECK_LAUNCH(F);
        if (a.chunks > 1) {
            ln_param_finish_kernel<<<tri_grid(ctx, cols, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(a);
            TRI_CHECK_LAUNCH(F);
        }
    }
    return TRI_OK;
}

} // extern "C"
