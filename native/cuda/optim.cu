// Fused optimizer updates: SGD, Adam/AdamW and the EMA of weights, one pass over a tensor each.
//
// The op order is the CPU library's (cpu/optim.c: PyTorch 1.13's single-tensor optimizers, with the scalars of
// common/optim.h derived in double on the host), so the results match it bit for bit. cpu/optim.c spells each fused
// multiply-add as fmaf and is built with -ffp-contract=off; here every other operation is a round-to-nearest
// intrinsic (__fmul_rn, __fadd_rn, __fdiv_rn, __fsqrt_rn), which nvcc never contracts, so the bits do not
// depend on --fmad.
#include "elementwise.cuh"
#include "optim.h"

namespace {

// in: p, g, buf; out: p, buf.
struct sgd_op : tri_sgd_scalars {
    __device__ __forceinline__ void operator()(const float (&in)[3], float (&out)[2]) const {
        const float p = in[0], g = in[1];
        float d = weight_decay != 0.0f ? fmaf(weight_decay, p, g) : g;
        float b = 0.0f;
        if (momentum != 0.0f) {
            b = first_step ? d : fmaf(one_minus_dampening, d, __fmul_rn(in[2], momentum));
            d = nesterov ? fmaf(momentum, b, d) : b;
        }
        out[0] = fmaf(neg_lr, d, p);
        out[1] = b;
    }
};

// in: p, g; out: p (momentum == 0: no buffer).
struct sgd_plain_op {
    float neg_lr, weight_decay;
    __device__ __forceinline__ void operator()(const float (&in)[2], float (&out)[1]) const {
        const float d = weight_decay != 0.0f ? fmaf(weight_decay, in[0], in[1]) : in[1];
        out[0] = fmaf(neg_lr, d, in[0]);
    }
};

// in: p, g, m, v; out: p, m, v.
struct adam_op : tri_adam_scalars {
    __device__ __forceinline__ void operator()(const float (&in)[4], float (&out)[3]) const {
        const float pi = __fmul_rn(in[0], decoupled_scale);
        const float gi = coupled_decay != 0.0f ? fmaf(coupled_decay, pi, in[1]) : in[1];
        const float mi = fmaf(one_minus_beta1, gi, __fmul_rn(in[2], beta1));
        const float vi = fmaf(__fmul_rn(one_minus_beta2, gi), gi, __fmul_rn(in[3], beta2));
        const float denom = __fadd_rn(__fdiv_rn(__fsqrt_rn(vi), bias_correction2_sqrt), eps);
        out[0] = __fadd_rn(pi, __fdiv_rn(__fmul_rn(neg_step_size, mi), denom));
        out[1] = mi;
        out[2] = vi;
    }
};

// in: ema, p; out: ema.
struct ema_op {
    float decay, one_minus_decay;
    __device__ __forceinline__ void operator()(const float (&in)[2], float (&out)[1]) const {
        out[0] = fmaf(one_minus_decay, in[1], __fmul_rn(in[0], decay));
    }
};

} // namespace

extern "C" {

TRI_API tri_status tri_sgd_update_f32(tri_context *ctx, int64_t n, float *p, const float *g, float *momentum_buf,
                                      const tri_sgd_params *params) {
    static const char *call = "tri_sgd_update_f32";
    const tri_status st = tri_check_sgd_update(call, ctx, n, p, g, momentum_buf, params);
    if (st != TRI_OK || n == 0) return st;
    const sgd_op op = {tri_sgd_scalars_of(params)};
    if (op.momentum == 0.0f) {
        tri_map_ptrs<2, 1> ptrs = {{p, g}, {p}};
        return tri_map(ctx, call, n, ptrs, sgd_plain_op{op.neg_lr, op.weight_decay});
    }
    tri_map_ptrs<3, 2> ptrs = {{p, g, momentum_buf}, {p, momentum_buf}};
    return tri_map(ctx, call, n, ptrs, op);
}

TRI_API tri_status tri_adam_update_f32(tri_context *ctx, int64_t n, float *p, const float *g, float *m, float *v,
                                       const tri_adam_params *params) {
    static const char *call = "tri_adam_update_f32";
    const tri_status st = tri_check_adam_update(call, ctx, n, p, g, m, v, params);
    if (st != TRI_OK || n == 0) return st;
    const adam_op op = {tri_adam_scalars_of(params)};
    tri_map_ptrs<4, 3> ptrs = {{p, g, m, v}, {p, m, v}};
    return tri_map(ctx, call, n, ptrs, op);
}

TRI_API tri_status tri_ema_update_f32(tri_context *ctx, int64_t n, float *ema, const float *p, float decay) {
    static const char *call = "tri_ema_update_f32";
    const tri_status st = tri_check_ema_update(call, ctx, n, ema, p, decay);
    if (st != TRI_OK || n == 0) return st;
    tri_map_ptrs<2, 1> ptrs = {{ema, p}, {ema}};
    return tri_map(ctx, call, n, ptrs, ema_op{decay, (float)(1.0 - (double)decay)});
}

} // extern "C"
