/* Fused optimizer updates: SGD, Adam/AdamW and the EMA of weights, one pass over a tensor each.
 *
 * Each follows the op order of PyTorch 1.13's single-tensor (for-loop) optimizers on the CPU, so that the
 * results match bit for bit. PyTorch's AVX2 kernels compute `a.add_(b, alpha=s)` as fma(b, s, a),
 * `a.addcmul_(b, c, value=s)` as fma(s*b, c, a) and `a.addcdiv_(b, c, value=s)` as a + s*b/c (the goldens of
 * tools/golden/gen_optim_kernels.py tell these orders apart), and PyTorch derives scalars such as 1 - beta1,
 * lr / bias_correction1 or 1 - lr*weight_decay in Python doubles before rounding them to float once; the same
 * scalars are derived here in double from the float parameters. Every multiply-add PyTorch fuses is an
 * explicit fmaf, and this file is built with -ffp-contract=off (CMakeLists.txt) so that nothing else is
 * fused: AdamW rounds p * (1 - lr*wd) before it adds the step, and the x86-64-v3/v4 clones would otherwise
 * turn that into one fma and lose bit equality with PyTorch and with the baseline clone. */
#include <float.h>
#include <math.h>

#include "cpu_internal.h"

static int finite_nonnegative(float x) { return x >= 0.0f && x <= FLT_MAX; }

/* Scalars of one SGD step, derived once per call. */
typedef struct sgd_scalars {
    float neg_lr, momentum, one_minus_dampening, weight_decay;
    int nesterov, first_step;
} sgd_scalars;

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
sgd_run(tri_context *ctx, int64_t n, float *restrict p, const float *restrict g, float *restrict buf,
        const sgd_scalars *s) {
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i++) {
        float d = s->weight_decay != 0.0f ? fmaf(s->weight_decay, p[i], g[i]) : g[i];
        if (s->momentum != 0.0f) {
            float b = s->first_step ? d : fmaf(s->one_minus_dampening, d, buf[i] * s->momentum);
            buf[i] = b;
            d = s->nesterov ? fmaf(s->momentum, b, d) : b;
        }
        p[i] = fmaf(s->neg_lr, d, p[i]);
    }
}

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
    if (q->momentum != 0.0f) TRI_CHECK_PTR(call, momentum_buf);
    sgd_scalars s = {
        .neg_lr = -q->lr,
        .momentum = q->momentum,
        .one_minus_dampening = (float)(1.0 - (double)q->dampening),
        .weight_decay = q->weight_decay,
        .nesterov = q->nesterov != 0,
        .first_step = q->first_step != 0,
    };
    sgd_run(ctx, n, p, g, momentum_buf, &s);
    return TRI_OK;
}

/* Scalars of one Adam step, derived once per call. */
typedef struct adam_scalars {
    float beta1, beta2, one_minus_beta1, one_minus_beta2, eps;
    float coupled_decay;   /* Adam: g += coupled_decay * p (0 = none) */
    float decoupled_scale; /* AdamW: p *= decoupled_scale (1 = none) */
    float bias_correction2_sqrt, neg_step_size;
} adam_scalars;

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
adam_run(tri_context *ctx, int64_t n, float *restrict p, const float *restrict g, float *restrict m,
         float *restrict v, const adam_scalars *s) {
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i++) {
        float pi = p[i] * s->decoupled_scale;
        float gi = s->coupled_decay != 0.0f ? fmaf(s->coupled_decay, pi, g[i]) : g[i];
        float mi = fmaf(s->one_minus_beta1, gi, m[i] * s->beta1);
        float vi = fmaf(s->one_minus_beta2 * gi, gi, v[i] * s->beta2);
        float denom = sqrtf(vi) / s->bias_correction2_sqrt + s->eps;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi + s->neg_step_size * mi / denom;
    }
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
    double bias_correction1 = 1.0 - pow((double)q->beta1, (double)q->step);
    double bias_correction2 = 1.0 - pow((double)q->beta2, (double)q->step);
    adam_scalars s = {
        .beta1 = q->beta1,
        .beta2 = q->beta2,
        .one_minus_beta1 = (float)(1.0 - (double)q->beta1),
        .one_minus_beta2 = (float)(1.0 - (double)q->beta2),
        .eps = q->eps,
        .coupled_decay = q->decoupled ? 0.0f : q->weight_decay,
        .decoupled_scale = q->decoupled ? (float)(1.0 - (double)q->lr * (double)q->weight_decay) : 1.0f,
        .bias_correction2_sqrt = (float)sqrt(bias_correction2),
        .neg_step_size = (float)-((double)q->lr / bias_correction1),
    };
    adam_run(ctx, n, p, g, m, v, &s);
    return TRI_OK;
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
ema_run(tri_context *ctx, int64_t n, float *restrict ema, const float *restrict p, float decay,
        float one_minus_decay) {
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i++) ema[i] = fmaf(one_minus_decay, p[i], ema[i] * decay);
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
    ema_run(ctx, n, ema, p, decay, (float)(1.0 - (double)decay));
    return TRI_OK;
}
