// Fused optimizer updates: SGD, Adam/AdamW and the EMA of weights, one pass over a tensor each.
//
// The op order is the CPU library's (cpu/optim.c: PyTorch 1.13's single-tensor optimizers, with the scalars
// derived in double on the host), so the results match it bit for bit. cpu/optim.c spells each fused
// multiply-add as fmaf and is built with -ffp-contract=off; here every other operation is a round-to-nearest
// intrinsic (__fmul_rn, __fadd_rn, __fdiv_rn, __fsqrt_rn), which nvcc never contracts, so the bits do not
// depend on --fmad.
#include <cfloat>
#include <math.h>

#include "elementwise.cuh"

namespace {

bool finite_nonnegative(float x) { return x >= 0.0f && x <= FLT_MAX; }

// Scalars of one SGD step, derived once per call. in: p, g, buf; out: p, buf.
struct sgd_op {
    float neg_lr, momentum, one_minus_dampening, weight_decay;
    bool nesterov, first_step;
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

// Scalars of one Adam step. in: p, g, m, v; out: p, m, v.
struct adam_op {
    float beta1, beta2, one_minus_beta1, one_minus_beta2, eps;
    float coupled_decay;   // Adam: g += coupled_decay * p (0 = none)
    float decoupled_scale; // AdamW: p *= decoupled_scale (1 = none)
    float bias_correction2_sqrt, neg_step_size;
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
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_PTR(call, params);
    const tri_sgd_params *q = params;
    if (!finite_nonnegative(q->lr) || !finite_nonnegative(q->momentum) || !finite_nonnegative(q->weight_decay) ||
        !(q->dampening >= 0.0f && q->dampening <= 1.0f)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: lr=%g, momentum=%g and weight_decay=%g must be finite and >= 0, dampening=%g in [0, 1]",
                        call, (double)q->lr, (double)q->momentum, (double)q->weight_decay, (double)q->dampening);
    }
    if (q->nesterov && (q->momentum == 0.0f || q->dampening != 0.0f)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: nesterov needs momentum > 0 and dampening == 0, got momentum=%g, dampening=%g", call,
                        (double)q->momentum, (double)q->dampening);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, p);
    TRI_CHECK_PTR(call, g);
    if (q->momentum == 0.0f) {
        tri_map_ptrs<2, 1> ptrs = {{p, g}, {p}};
        return tri_map(ctx, call, n, ptrs, sgd_plain_op{-q->lr, q->weight_decay});
    }
    TRI_CHECK_PTR(call, momentum_buf);
    sgd_op op = {-q->lr, q->momentum, (float)(1.0 - (double)q->dampening), q->weight_decay, q->nesterov != 0,
                 q->first_step != 0};
    tri_map_ptrs<3, 2> ptrs = {{p, g, momentum_buf}, {p, momentum_buf}};
    return tri_map(ctx, call, n, ptrs, op);
}

TRI_API tri_status tri_adam_update_f32(tri_context *ctx, int64_t n, float *p, const float *g, float *m, float *v,
                                       const tri_adam_params *params) {
    static const char *call = "tri_adam_update_f32";
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_PTR(call, params);
    const tri_adam_params *q = params;
    if (!finite_nonnegative(q->lr) || !finite_nonnegative(q->weight_decay) || !(q->eps > 0.0f && q->eps <= FLT_MAX)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: lr=%g and weight_decay=%g must be finite and >= 0, eps=%g finite and > 0", call,
                        (double)q->lr, (double)q->weight_decay, (double)q->eps);
    }
    if (!(q->beta1 >= 0.0f && q->beta1 < 1.0f) || !(q->beta2 >= 0.0f && q->beta2 < 1.0f)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: beta1=%g and beta2=%g must be in [0, 1)", call,
                        (double)q->beta1, (double)q->beta2);
    }
    if (q->step < 1) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: step=%lld must be >= 1 (it is 1-based)", call,
                        (long long)q->step);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, p);
    TRI_CHECK_PTR(call, g);
    TRI_CHECK_PTR(call, m);
    TRI_CHECK_PTR(call, v);
    const double bias_correction1 = 1.0 - pow((double)q->beta1, (double)q->step);
    const double bias_correction2 = 1.0 - pow((double)q->beta2, (double)q->step);
    adam_op op;
    op.beta1 = q->beta1;
    op.beta2 = q->beta2;
    op.one_minus_beta1 = (float)(1.0 - (double)q->beta1);
    op.one_minus_beta2 = (float)(1.0 - (double)q->beta2);
    op.eps = q->eps;
    op.coupled_decay = q->decoupled ? 0.0f : q->weight_decay;
    op.decoupled_scale = q->decoupled ? (float)(1.0 - (double)q->lr * (double)q->weight_decay) : 1.0f;
    op.bias_correction2_sqrt = (float)sqrt(bias_correction2);
    op.neg_step_size = (float)-((double)q->lr / bias_correction1);
    tri_map_ptrs<4, 3> ptrs = {{p, g, m, v}, {p, m, v}};
    return tri_map(ctx, call, n, ptrs, op);
}

TRI_API tri_status tri_ema_update_f32(tri_context *ctx, int64_t n, float *ema, const float *p, float decay) {
    static const char *call = "tri_ema_update_f32";
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (!(decay >= 0.0f && decay <= 1.0f)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: decay=%g must be in [0, 1]", call, (double)decay);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, ema);
    TRI_CHECK_PTR(call, p);
    tri_map_ptrs<2, 1> ptrs = {{ema, p}, {ema}};
    return tri_map(ctx, call, n, ptrs, ema_op{decay, (float)(1.0 - (double)decay)});
}

} // extern "C"
