/*
 * denoise.h - the element math of tri_denoise_step_f32 and tri_reparameterize_f32, shared by the CPU and CUDA
 * libraries. The sampler-specific coefficients are computed by the host (see triptych.h); this is only their
 * evaluation. Noise comes from the Philox normal stream of philox.h, so both libraries draw the same z_i.
 */
#ifndef TRI_DENOISE_H
#define TRI_DENOISE_H

#include "philox.h"
#include "tri_hd.h"
#include "triptych.h"

/* Standard normals i .. i+3 of the draw at (seed, offset), i a multiple of 4: one Philox block. */
TRI_HD static inline void tri_normal_quad(uint64_t seed, uint64_t offset, int64_t i, float z[4]) {
    tri_philox_block b = tri_philox_stream_block(seed, offset + (uint64_t)(i >> 2));
    tri_philox_box_muller(b.x[0], b.x[1], &z[0], &z[1]);
    tri_philox_box_muller(b.x[2], b.x[3], &z[2], &z[3]);
}

/* One element of a reverse-diffusion step: returns x_out, stores the (clamped) x0 prediction. */
TRI_HD static inline float tri_denoise_element(const tri_step_coefs *c, float x, float model_out, float prev_x0,
                                               float z, float *x0_out) {
    float x0 = c->x0_from_x * x + c->x0_from_model * model_out;
    if (c->clip > 0.0f) x0 = fminf(fmaxf(x0, -c->clip), c->clip);
    float eps = c->eps_from_x * x + c->eps_from_x0 * x0;
    *x0_out = x0;
    return c->out_x * x + c->out_x0 * x0 + c->out_eps * eps + c->out_prev_x0 * prev_x0 + c->out_noise * z;
}

/* z = mu + exp(logvar / 2) * eps */
TRI_HD static inline float tri_reparameterize_element(float mu, float logvar, float eps) {
    return mu + expf(0.5f * logvar) * eps;
}

#endif
