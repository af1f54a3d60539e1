// Element-wise kernels: unary ops and their backward, broadcast binary ops, per-channel bias fused with an
// activation. The per-element math is native/common/activations.h, shared with the CPU library; each op is a
// template argument, so its switch folds away in its own kernel.
#include "activations.h"
#include "elementwise.cuh"

namespace {

template <int OP> struct unary_op {
    float alpha, beta;
    __device__ __forceinline__ void operator()(const float (&in)[1], float (&out)[1]) const {
        out[0] = tri_unary_eval(OP, in[0], alpha, beta);
    }
};

// in: x, y, gy
template <int OP> struct unary_grad_op {
    float alpha, beta;
    __device__ __forceinline__ void operator()(const float (&in)[3], float (&out)[1]) const {
        out[0] = tri_unary_grad(OP, in[2], in[0], in[1], alpha, beta);
    }
};

template <int OP> struct binary_op {
    __device__ __forceinline__ void operator()(const float (&in)[2], float (&out)[1]) const {
        out[0] = tri_binary_eval(OP, in[0], in[1]);
    }
};

// Walk operands: 0 = out, 1 = a, 2 = b.
template <int OP> struct binary_strided_op {
    const float *a, *b;
    float *out;
    __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
        out[off[0]] = tri_binary_eval(OP, a[off[1]], b[off[2]]);
    }
};


template <int OP> tri_status unary_launch(tri_context *ctx, int64_t n, const float *x, float alpha, float beta, float *y) {
    tri_map_ptrs<1, 1> p = {{x}, {y}};
    return tri_map(ctx, "tri_unary_f32", n, p, unary_op<OP>{alpha, beta});
}

template <int OP>
tri_status unary_grad_launch(tri_context *ctx, int64_t n, const float *x, const float *y, const float *gy, float alpha,
                             float beta, float *gx) {
    tri_map_ptrs<3, 1> p = {{x, y, gy}, {gx}};
    return tri_map(ctx, "tri_unary_backward_f32", n, p, unary_grad_op<OP>{alpha, beta});
}

#define TRI_UNARY_CASES(M)                                                                                        \
    M(TRI_UNARY_NEG) M(TRI_UNARY_EXP) M(TRI_UNARY_LOG) M(TRI_UNARY_SQRT) M(TRI_UNARY_RELU) M(TRI_UNARY_LEAKY_RELU) \
    M(TRI_UNARY_SILU) M(TRI_UNARY_GELU) M(TRI_UNARY_TANH) M(TRI_UNARY_SIGMOID) M(TRI_UNARY_SOFTPLUS)              \
    M(TRI_UNARY_CLAMP) M(TRI_UNARY_POW) M(TRI_UNARY_AFFINE) M(TRI_UNARY_ABS) M(TRI_UNARY_SQUARE)                 \
    M(TRI_UNARY_RSQRT) M(TRI_UNARY_RECIPROCAL)

tri_status unary_any(tri_context *ctx, int32_t op, int64_t n, const float *x, float alpha, float beta, float *y) {
    switch (op) {
#define TRI_CASE(OP)                                                                                              \
    case OP: return unary_launch<OP>(ctx, n, x, alpha, beta, y);
        TRI_UNARY_CASES(TRI_CASE)
#undef TRI_CASE
    default: return tri_fail(TRI_ERR_INTERNAL, "tri_unary_f32: op=%d has no kernel", op);
    }
}

// ---------------------------------------------------------------- bias + activation

// y[i] = act(x[i] + bias[(i / inner) % channels]); ACT -1 is the identity (tri_unary_eval's fall-through).
// ROWS: blockIdx.y walks (outer, channel) rows of `inner` elements, so the bias is one load per row.
template <int ACT, bool ROWS, typename I>
__global__ void __launch_bounds__(TRI_THREADS) bias_act_kernel(int64_t n, int64_t channels, int64_t inner, const float *x,
                                                               const float *bias, float alpha, float *y) {
    if (ROWS) {
        const int64_t rows = n / inner;
        for (int64_t r = blockIdx.y; r < rows; r += gridDim.y) {
            const float b = bias[r % channels];
            const float *xr = x + r * inner;
            float *yr = y + r * inner;
            for (int64_t j = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; j < inner; j += (int64_t)gridDim.x * blockDim.x)
                yr[j] = tri_unary_eval(ACT, xr[j] + b, alpha, 0.0f);
        }
    } else {
        for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
            const I c = (I)((I)i / (I)inner) % (I)channels;
            y[i] = tri_unary_eval(ACT, x[i] + bias[c], alpha, 0.0f);
        }
    }
}

template <int ACT>
tri_status bias_act_launch(tri_context *ctx, int64_t n, int64_t channels, int64_t inner, const float *x,
                           const float *bias, float alpha, float *y) {
    if (inner >= 128) {
        dim3 grid((unsigned)tri_ceil_div(inner < 4096 ? inner : 4096, TRI_THREADS),
                  (unsigned)(n / inner < 65535 ? n / inner : 65535));
        bias_act_kernel<ACT, true, int64_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(n, channels, inner, x, bias, alpha, y);
    } else if (n <= INT32_MAX) {
        bias_act_kernel<ACT, false, int32_t>
            <<<tri_grid(ctx, n, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, channels, inner, x, bias, alpha, y);
    } else {
        bias_act_kernel<ACT, false, int64_t>
            <<<tri_grid(ctx, n, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, channels, inner, x, bias, alpha, y);
    }
    TRI_CHECK_LAUNCH("tri_bias_act_f32");
    return TRI_OK;
}

} // namespace

extern "C" {

TRI_API tri_status tri_unary_f32(tri_context *ctx, int32_t op, int64_t n, const float *x, float alpha, float beta,
                                 float *y) {
    static const char *call = "tri_unary_f32";
    const tri_status st = tri_check_unary(call, ctx, op, n, x, y);
    if (st != TRI_OK || n == 0) return st;
    return unary_any(ctx, op, n, x, alpha, beta, y);
}

TRI_API tri_status tri_unary_backward_f32(tri_context *ctx, int32_t op, int64_t n, const float *x, const float *y,
                                          const float *gy, float alpha, float beta, float *gx) {
    static const char *call = "tri_unary_backward_f32";
    const tri_status st = tri_check_unary_backward(call, ctx, op, n, x, y, gy, gx);
    if (st != TRI_OK || n == 0) return st;
    switch (op) {
#define TRI_CASE(OP)                                                                                              \
    case OP: return unary_grad_launch<OP>(ctx, n, x, y, gy, alpha, beta, gx);
        TRI_UNARY_CASES(TRI_CASE)
#undef TRI_CASE
    default: return tri_fail(TRI_ERR_INTERNAL, "%s: op=%d has no kernel", call, op);
    }
}

TRI_API tri_status tri_binary_f32(tri_context *ctx, int32_t op, const tri_broadcast *desc, const float *a,
                                  const float *b, float *out) {
    static const char *call = "tri_binary_f32";
    int64_t n = 0;
    const tri_status st = tri_check_binary(call, ctx, op, desc, a, b, out, &n);
    if (st != TRI_OK || n == 0) return st;
    tri_walk<3> w;
    w.rank = tri_dims_broadcast(desc, w.shape, w.stride);
    const bool flat = w.rank == 1 && w.stride[1][0] == 1 && w.stride[2][0] == 1;
    switch (op) {
#define TRI_CASE(OP)                                                                                              \
    case OP:                                                                                                      \
        if (flat) {                                                                                               \
            tri_map_ptrs<2, 1> p = {{a, b}, {out}};                                                               \
            return tri_map(ctx, call, n, p, binary_op<OP>{});                                                     \
        }                                                                                                         \
        return tri_walk_launch(ctx, call, w, n, binary_strided_op<OP>{a, b, out});
        TRI_CASE(TRI_BINARY_ADD)
        TRI_CASE(TRI_BINARY_SUB)
        TRI_CASE(TRI_BINARY_MUL)
        TRI_CASE(TRI_BINARY_DIV)
        TRI_CASE(TRI_BINARY_POW)
        TRI_CASE(TRI_BINARY_MAXIMUM)
        TRI_CASE(TRI_BINARY_MINIMUM)
#undef TRI_CASE
    default: return tri_fail(TRI_ERR_INTERNAL, "%s: op=%d has no kernel", call, op);
    }
}

TRI_API tri_status tri_bias_act_f32(tri_context *ctx, int64_t outer, int64_t channels, int64_t inner, const float *x,
                                    const float *bias, int32_t act, float alpha, float *y) {
    static const char *call = "tri_bias_act_f32";
    int64_t n = 0;
    const tri_status st = tri_check_bias_act(call, ctx, outer, channels, inner, x, act, y, &n);
    if (st != TRI_OK || n == 0) return st;
    if (bias == NULL) {
        // act(x) alone; without a bias there is no x + 0 to turn -0 into +0.
        if (act < 0) {
            if (y == x) return TRI_OK;
            cudaError_t err = cudaMemcpyAsync(y, x, (size_t)n * sizeof(float), cudaMemcpyDeviceToDevice, ctx->stream);
            return err == cudaSuccess ? TRI_OK : tri_cuda_fail(err, "tri_bias_act_f32: cudaMemcpyAsync");
        }
        return unary_any(ctx, act, n, x, alpha, 0.0f, y);
    }
    switch (act) {
    case -1: return bias_act_launch<-1>(ctx, n, channels, inner, x, bias, alpha, y);
    case TRI_UNARY_RELU: return bias_act_launch<TRI_UNARY_RELU>(ctx, n, channels, inner, x, bias, alpha, y);
    case TRI_UNARY_LEAKY_RELU: return bias_act_launch<TRI_UNARY_LEAKY_RELU>(ctx, n, channels, inner, x, bias, alpha, y);
    case TRI_UNARY_SILU: return bias_act_launch<TRI_UNARY_SILU>(ctx, n, channels, inner, x, bias, alpha, y);
    case TRI_UNARY_GELU: return bias_act_launch<TRI_UNARY_GELU>(ctx, n, channels, inner, x, bias, alpha, y);
    case TRI_UNARY_TANH: return bias_act_launch<TRI_UNARY_TANH>(ctx, n, channels, inner, x, bias, alpha, y);
    default: return bias_act_launch<TRI_UNARY_SIGMOID>(ctx, n, channels, inner, x, bias, alpha, y);
    }
}

} // extern "C"
