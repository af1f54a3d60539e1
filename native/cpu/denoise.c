/* Fused reverse-diffusion steps and VAE reparameterisation: one pass each, noise drawn in place from Philox. */
#include <math.h>

#include "cpu_internal.h"
#include "denoise.h"

static tri_status check_coefs(const char *call, const tri_step_coefs *c) {
    const float v[] = {c->x0_from_x, c->x0_from_model, c->clip, c->eps_from_x, c->eps_from_x0,
                       c->out_x, c->out_x0, c->out_eps, c->out_prev_x0, c->out_noise};
    for (unsigned k = 0; k < sizeof v / sizeof v[0]; k++) {
        if (!isfinite(v[k])) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: coefficient %u is %g; all must be finite (a schedule "
                            "value of 0 or 1 where the sampler divides by it?)", call, k, (double)v[k]);
        }
    }
    return TRI_OK;
}

TRI_API tri_status tri_denoise_step_f32(tri_context *ctx, int64_t n, const tri_step_coefs *coefs, const float *x,
                                        const float *model_out, const float *prev_x0, float *x_out, float *x0_out) {
    static const char *call = "tri_denoise_step_f32";
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, coefs);
    TRI_CHECK_COUNT(call, n);
    tri_status st = check_coefs(call, coefs);
    if (st != TRI_OK) return st;
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, model_out);
    TRI_CHECK_PTR(call, x_out);
    if (coefs->out_prev_x0 != 0.0f && prev_x0 == NULL) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: out_prev_x0=%g needs prev_x0, which is NULL", call,
                        (double)coefs->out_prev_x0);
    }
    const tri_step_coefs c = *coefs;
    const int noisy = c.out_noise != 0.0f;
    /* Blocks of 4 elements share one Philox block; every iteration reads its inputs before writing, so x_out may
     * alias x. */
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i += 4) {
        float z[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        if (noisy) tri_normal_quad(c.seed, c.offset, i, z);
        int64_t end = i + 4 < n ? i + 4 : n;
        for (int64_t j = i; j < end; j++) {
            float x0;
            float p = prev_x0 != NULL ? prev_x0[j] : 0.0f;
            float out = tri_denoise_element(&c, x[j], model_out[j], p, z[j - i], &x0);
            x_out[j] = out;
            if (x0_out != NULL) x0_out[j] = x0;
        }
    }
    return TRI_OK;
}

TRI_API tri_status tri_reparameterize_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                          uint64_t seed, uint64_t offset, float *z, float *eps_out) {
    static const char *call = "tri_reparameterize_f32";
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, mu);
    TRI_CHECK_PTR(call, logvar);
    TRI_CHECK_PTR(call, z);
    TRI_CHECK_PTR(call, eps_out);
#pragma omp parallel for num_threads(ctx->threads) if (n > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i += 4) {
        float e[4];
        tri_normal_quad(seed, offset, i, e);
        int64_t end = i + 4 < n ? i + 4 : n;
        for (int64_t j = i; j < end; j++) {
            eps_out[j] = e[j - i];
            z[j] = tri_reparameterize_element(mu[j], logvar[j], e[j - i]);
        }
    }
    return TRI_OK;
}
