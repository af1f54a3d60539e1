/* Fused reverse-diffusion steps and VAE reparameterisation: one pass each, noise drawn in place from Philox. */
#include "cpu_internal.h"
#include "denoise.h"

TRI_API tri_status tri_denoise_step_f32(tri_context *ctx, int64_t n, const tri_step_coefs *coefs, const float *x,
                                        const float *model_out, const float *prev_x0, float *x_out, float *x0_out) {
    const tri_status st =
        tri_check_denoise_step("tri_denoise_step_f32", ctx, n, coefs, x, model_out, prev_x0, x_out);
    if (st != TRI_OK || n == 0) return st;
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
    const tri_status st = tri_check_reparameterize("tri_reparameterize_f32", ctx, n, mu, logvar, z, eps_out);
    if (st != TRI_OK || n == 0) return st;
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
