/* Fused optimizer updates: SGD, Adam/AdamW and the EMA of weights, one pass over a tensor each.
 *
 * Each follows the op order of PyTorch 1.13's single-tensor (for-loop) optimizers on the CPU, so that the
 * results match bit for bit. PyTorch's AVX2 kernels compute `a.add_(b, alpha=s)` as fma(b, s, a),
 * `a.addcmul_(b, c, value=s)` as fma(s*b, c, a) and `a.addcdiv_(b, c, value=s)` as a + s*b/c (the goldens of
 * tools/golden/gen_optim_kernels.py tell these orders apart), and PyTorch derives scalars such as 1 - beta1,
 * lr / bias_correction1 or 1 - lr*weight_decay in Python doubles before rounding them to float once; the same
 * scalars are derived in double from the float parameters (common/optim.h). Every multiply-add PyTorch fuses is an
 * explicit fmaf, and this file is built with -ffp-contract=off (CMakeLists.txt) so that nothing else is
 * fused: AdamW rounds p * (1 - lr*wd) before it adds the step, and the x86-64-v3/v4 clones would otherwise
 * turn that into one fma and lose bit equality with PyTorch and with the baseline clone. */
#include <math.h>

#include "cpu_internal.h"
#include "optim.h"

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
sgd_run(tri_context *ctx, int64_t n, float *restrict p, const float *restrict g, float *restrict buf,
        const tri_sgd_scalars *s) {
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
    const tri_status st = tri_check_sgd_update("tri_sgd_update_f32", ctx, n, p, g, momentum_buf, params);
    if (st != TRI_OK || n == 0) return st;
    const tri_sgd_scalars s = tri_sgd_scalars_of(params);
    sgd_run(ctx, n, p, g, momentum_buf, &s);
    return TRI_OK;
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
adam_run(tri_context *ctx, int64_t n, float *restrict p, const float *restrict g, float *restrict m,
         float *restrict v, const tri_adam_scalars *s) {
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
    const tri_status st = tri_check_adam_update("tri_adam_update_f32", ctx, n, p, g, m, v, params);
    if (st != TRI_OK || n == 0) return st;
    const tri_adam_scalars s = tri_adam_scalars_of(params);
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
    const tri_status st = tri_check_ema_update("tri_ema_update_f32", ctx, n, ema, p, decay);
    if (st != TRI_OK || n == 0) return st;
    ema_run(ctx, n, ema, p, decay, (float)(1.0 - (double)decay));
    return TRI_OK;
}
