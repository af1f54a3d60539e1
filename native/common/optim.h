/* The scalars of one fused optimizer update, shared by the CPU and CUDA libraries (host code). As PyTorch 1.13
 * derives scalars such as 1 - beta1 or lr / bias_correction1 in Python doubles before rounding them to float once,
 * they are derived here in double from the float parameters (checked by checks.h); both libraries' element loops
 * then use them in PyTorch's op order. */
#ifndef TRI_OPTIM_H
#define TRI_OPTIM_H

#include <math.h>
#include <stdbool.h>

#include "triptych.h"

typedef struct tri_sgd_scalars {
    float neg_lr, momentum, one_minus_dampening, weight_decay;
    bool nesterov, first_step;
} tri_sgd_scalars;

static inline tri_sgd_scalars tri_sgd_scalars_of(const tri_sgd_params *q) {
    tri_sgd_scalars s;
    s.neg_lr = -q->lr;
    s.momentum = q->momentum;
    s.one_minus_dampening = (float)(1.0 - (double)q->dampening);
    s.weight_decay = q->weight_decay;
    s.nesterov = q->nesterov != 0;
    s.first_step = q->first_step != 0;
    return s;
}

typedef struct tri_adam_scalars {
    float beta1, beta2, one_minus_beta1, one_minus_beta2, eps;
    float coupled_decay;   /* Adam: g += coupled_decay * p (0 = none) */
    float decoupled_scale; /* AdamW: p *= decoupled_scale (1 = none) */
    float bias_correction2_sqrt, neg_step_size;
} tri_adam_scalars;

static inline tri_adam_scalars tri_adam_scalars_of(const tri_adam_params *q) {
    const double bias_correction1 = 1.0 - pow((double)q->beta1, (double)q->step);
    const double bias_correction2 = 1.0 - pow((double)q->beta2, (double)q->step);
    tri_adam_scalars s;
    s.beta1 = q->beta1;
    s.beta2 = q->beta2;
    s.one_minus_beta1 = (float)(1.0 - (double)q->beta1);
    s.one_minus_beta2 = (float)(1.0 - (double)q->beta2);
    s.eps = q->eps;
    s.coupled_decay = q->decoupled ? 0.0f : q->weight_decay;
    s.decoupled_scale = q->decoupled ? (float)(1.0 - (double)q->lr * (double)q->weight_decay) : 1.0f;
    s.bias_correction2_sqrt = (float)sqrt(bias_correction2);
    s.neg_step_size = (float)-((double)q->lr / bias_correction1);
    return s;
}

#endif
