/* Error reporting and the argument checks of the entry points of triptych.h, shared by the CPU and CUDA
 * libraries so that both reject the same calls with the same messages (host code).
 *
 * A tri_check_* function returns TRI_OK or the status of tri_fail, whose message names the call and the
 * argument. A call with nothing to do (a size of zero) passes without its data pointers being checked; the
 * entry point then returns TRI_OK.
 *
 * The includer (cpu_internal.h, cuda_internal.cuh) defines TRI_HOST_POINTERS: 1 where the pointer arguments
 * are host memory, which lets the checks read index arguments (labels, embedding indices) too; 0 where they
 * are device memory, which the host must not read. */
#ifndef TRI_CHECKS_H
#define TRI_CHECKS_H

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>

#include "dims.h"
#include "triptych.h"

#ifndef TRI_HOST_POINTERS
#error "checks.h: the includer defines TRI_HOST_POINTERS (1: pointer arguments are host memory, 0: device memory)"
#endif

/* tri_library_query's build line; CMake defines it, a private build of the sources may not. */
#ifndef TRI_BUILD_INFO
#define TRI_BUILD_INFO "unknown build"
#endif

/* ---------------------------------------------------------------- error reporting */

/* Records a formatted message for tri_last_error() on this thread and returns status (core.c, core.cu). */
tri_status tri_vfail(tri_status status, const char *fmt, va_list args);

/* tri_vfail with the message's arguments in line: what every check returns on failure. */
static inline __attribute__((format(printf, 2, 3))) tri_status tri_fail(tri_status status, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    status = tri_vfail(status, fmt, args);
    va_end(args);
    return status;
}

/* What tri_status_name returns. */
static inline const char *tri_status_text(tri_status status) {
    switch (status) {
    case TRI_OK: return "TRI_OK";
    case TRI_ERR_INVALID_ARGUMENT: return "TRI_ERR_INVALID_ARGUMENT";
    case TRI_ERR_OUT_OF_MEMORY: return "TRI_ERR_OUT_OF_MEMORY";
    case TRI_ERR_UNSUPPORTED: return "TRI_ERR_UNSUPPORTED";
    case TRI_ERR_DEVICE: return "TRI_ERR_DEVICE";
    case TRI_ERR_NO_DEVICE: return "TRI_ERR_NO_DEVICE";
    case TRI_ERR_INTERNAL: return "TRI_ERR_INTERNAL";
    default: return "TRI_ERR_UNKNOWN";
    }
}

/* The includer may define TRI_ENTER_CONTEXT(call, ctx), a status expression that readies the calling thread for
 * the context (CUDA: makes its device current, since a host thread may have another one); every entry point taking
 * a context passes through TRI_CHECK_CTX before any work, so this is where it happens. */
#ifndef TRI_ENTER_CONTEXT
#define TRI_ENTER_CONTEXT(call, ctx) TRI_OK
#endif

#define TRI_CHECK_CTX(call, ctx)                                                                                \
    do {                                                                                                         \
        if ((ctx) == NULL) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: context is NULL", call);              \
        const tri_status enter_st_ = TRI_ENTER_CONTEXT(call, ctx);                                               \
        if (enter_st_ != TRI_OK) return enter_st_;                                                               \
    } while (0)

#define TRI_CHECK_PTR(call, p)                                                                                  \
    do {                                                                                                         \
        if ((p) == NULL) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s is NULL", call, #p);                 \
    } while (0)

#define TRI_CHECK_COUNT(call, n)                                                                                \
    do {                                                                                                         \
        if ((n) < 0) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s=%lld is negative", call, #n, (long long)(n)); \
    } while (0)

/* ---------------------------------------------------------------- helpers */

/* *out = a * b * c, or 0 when the product overflows int64 (all three already checked >= 0). */
static inline int tri_product3(int64_t a, int64_t b, int64_t c, int64_t *out) {
    int64_t ab;
    return !__builtin_mul_overflow(a, b, &ab) && !__builtin_mul_overflow(ab, c, out);
}

/* The first i with v[i] outside [0, limit), or -1. */
static inline int64_t tri_first_out_of_range(const int32_t *v, int64_t n, int64_t limit) {
    for (int64_t i = 0; i < n; i++)
        if (v[i] < 0 || v[i] >= limit) return i;
    return -1;
}

static inline int tri_finite_nonnegative(float x) { return x >= 0.0f && x <= FLT_MAX; }

static inline tri_status tri_check_eps(const char *call, float eps) {
    if (!(eps >= 0.0f)) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: eps=%g must be >= 0", call, (double)eps);
    return TRI_OK;
}

/* The rank of an N-d descriptor. */
static inline tri_status tri_check_desc_rank(const char *call, int32_t rank) {
    if (rank < 0 || rank > TRI_MAX_DIMS) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->rank=%d is outside 0..%d", call, rank, TRI_MAX_DIMS);
    }
    return TRI_OK;
}

/* The sizes of an N-d descriptor of a checked rank; *count gets their product. */
static inline tri_status tri_check_desc_sizes(const char *call, int32_t rank, const int64_t *shape, int64_t *count) {
    for (int32_t k = 0; k < rank; k++) {
        if (shape[k] < 0) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->shape[%d]=%lld is negative", call, k,
                            (long long)shape[k]);
        }
    }
    *count = tri_shape_count(rank, shape);
    if (*count < 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: the element count of desc->shape overflows int64", call);
    }
    return TRI_OK;
}

/* ---------------------------------------------------------------- fill, copy, element-wise, sum, softmax */

static inline tri_status tri_check_fill(const char *call, tri_context *ctx, int64_t n, const float *out) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, out);
    return TRI_OK;
}

/* *n gets the element count. */
static inline tri_status tri_check_copy_nd(const char *call, tri_context *ctx, const tri_nd_copy *desc,
                                           const float *src, const float *dst, int64_t *n) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, desc);
    tri_status st = tri_check_desc_rank(call, desc->rank);
    if (st == TRI_OK) st = tri_check_desc_sizes(call, desc->rank, desc->shape, n);
    if (st != TRI_OK || *n == 0) return st;
    /* Two elements written to one place would race between threads. */
    for (int32_t k = 0; k < desc->rank; k++) {
        if (desc->shape[k] > 1 && desc->dst_stride[k] == 0) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                            "%s: desc->dst_stride[%d]=0 with desc->shape[%d]=%lld writes one element many times", call,
                            k, k, (long long)desc->shape[k]);
        }
    }
    TRI_CHECK_PTR(call, src);
    TRI_CHECK_PTR(call, dst);
    return TRI_OK;
}

static inline tri_status tri_check_unary(const char *call, tri_context *ctx, int32_t op, int64_t n, const float *x,
                                         const float *y) {
    TRI_CHECK_CTX(call, ctx);
    if (op < 0 || op >= TRI_UNARY_COUNT) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: op=%d is not a TRI_UNARY_* op (0..%d)", call, op,
                        TRI_UNARY_COUNT - 1);
    }
    TRI_CHECK_COUNT(call, n);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    return TRI_OK;
}

static inline tri_status tri_check_unary_backward(const char *call, tri_context *ctx, int32_t op, int64_t n,
                                                  const float *x, const float *y, const float *gy, const float *gx) {
    const tri_status st = tri_check_unary(call, ctx, op, n, x, y);
    if (st != TRI_OK || n == 0) return st;
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, gx);
    return TRI_OK;
}

/* *n gets the element count. */
static inline tri_status tri_check_binary(const char *call, tri_context *ctx, int32_t op, const tri_broadcast *desc,
                                          const float *a, const float *b, const float *out, int64_t *n) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, desc);
    if (op < 0 || op >= TRI_BINARY_COUNT) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: op=%d is not a TRI_BINARY_* op (0..%d)", call, op,
                        TRI_BINARY_COUNT - 1);
    }
    tri_status st = tri_check_desc_rank(call, desc->rank);
    if (st == TRI_OK) st = tri_check_desc_sizes(call, desc->rank, desc->shape, n);
    if (st != TRI_OK || *n == 0) return st;
    TRI_CHECK_PTR(call, a);
    TRI_CHECK_PTR(call, b);
    TRI_CHECK_PTR(call, out);
    return TRI_OK;
}

/* The activations tri_bias_act_f32 fuses: -1 (none) and the common ones of conv and linear layers. */
static inline int tri_bias_act_supported(int32_t act) {
    return act == -1 || act == TRI_UNARY_RELU || act == TRI_UNARY_LEAKY_RELU || act == TRI_UNARY_SILU ||
           act == TRI_UNARY_GELU || act == TRI_UNARY_TANH || act == TRI_UNARY_SIGMOID;
}

/* *n gets the element count. */
static inline tri_status tri_check_bias_act(const char *call, tri_context *ctx, int64_t outer, int64_t channels,
                                            int64_t inner, const float *x, int32_t act, const float *y, int64_t *n) {
    TRI_CHECK_CTX(call, ctx);
    if (!tri_bias_act_supported(act)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: act=%d is not -1 (none) or TRI_UNARY_{RELU, LEAKY_RELU, SILU, GELU, TANH, SIGMOID} "
                        "(%d, %d, %d, %d, %d, %d)",
                        call, act, TRI_UNARY_RELU, TRI_UNARY_LEAKY_RELU, TRI_UNARY_SILU, TRI_UNARY_GELU,
                        TRI_UNARY_TANH, TRI_UNARY_SIGMOID);
    }
    TRI_CHECK_COUNT(call, outer);
    TRI_CHECK_COUNT(call, channels);
    TRI_CHECK_COUNT(call, inner);
    const int64_t shape[3] = {outer, channels, inner};
    *n = tri_shape_count(3, shape);
    if (*n < 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: outer=%lld * channels=%lld * inner=%lld overflows int64", call,
                        (long long)outer, (long long)channels, (long long)inner);
    }
    if (*n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    return TRI_OK;
}

/* *l gets the layout of the sum; nothing to do when l->outputs == 0, and y is all zeros when l->per_out == 0. */
static inline tri_status tri_check_sum(const char *call, tri_context *ctx, const tri_reduce *desc, const float *x,
                                       const float *y, tri_sum_layout *l) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, desc);
    tri_status st = tri_check_desc_rank(call, desc->rank);
    if (st != TRI_OK) return st;
    if ((desc->reduce_mask >> desc->rank) != 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->reduce_mask=0x%x sets bits beyond desc->rank=%d", call,
                        desc->reduce_mask, desc->rank);
    }
    int64_t total;
    st = tri_check_desc_sizes(call, desc->rank, desc->shape, &total);
    if (st != TRI_OK) return st;
    tri_sum_layout_of(desc, l);
    if (l->outputs == 0) return TRI_OK;
    TRI_CHECK_PTR(call, y);
    if (l->per_out == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    return TRI_OK;
}

/* rows and cols of a softmax; *n gets rows * cols. */
static inline tri_status tri_check_softmax_shape(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                                 int64_t *n) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, rows);
    TRI_CHECK_COUNT(call, cols);
    if (__builtin_mul_overflow(rows, cols, n)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: rows=%lld * cols=%lld overflows int64", call, (long long)rows,
                        (long long)cols);
    }
    return TRI_OK;
}

static inline tri_status tri_check_softmax(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                           const float *x, const float *y, int64_t *n) {
    const tri_status st = tri_check_softmax_shape(call, ctx, rows, cols, n);
    if (st != TRI_OK || *n == 0) return st;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    return TRI_OK;
}

static inline tri_status tri_check_softmax_backward(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                                    const float *y, const float *gy, const float *gx, int64_t *n) {
    const tri_status st = tri_check_softmax_shape(call, ctx, rows, cols, n);
    if (st != TRI_OK || *n == 0) return st;
    TRI_CHECK_PTR(call, y);
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, gx);
    return TRI_OK;
}

/* ---------------------------------------------------------------- random numbers, denoising steps */

static inline tri_status tri_check_philox_uniform(const char *call, tri_context *ctx, int64_t n, float low,
                                                  float high, const float *out) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    const float span = high - low;
    if (!(low <= high) || !(span <= FLT_MAX)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: low=%g, high=%g must be finite with low <= high and high - low finite", call,
                        (double)low, (double)high);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, out);
    return TRI_OK;
}

static inline tri_status tri_check_philox_normal(const char *call, tri_context *ctx, int64_t n, float mean,
                                                 float std, const float *out) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (!(mean >= -FLT_MAX && mean <= FLT_MAX) || !(std >= 0.0f && std <= FLT_MAX)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: mean=%g must be finite and std=%g finite and >= 0", call,
                        (double)mean, (double)std);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, out);
    return TRI_OK;
}

static inline tri_status tri_check_dropout(const char *call, tri_context *ctx, int64_t n, const float *x, float p,
                                           const float *y, const float *mask) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (!(p >= 0.0f && p < 1.0f)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: p=%g must be in [0, 1)", call, (double)p);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    TRI_CHECK_PTR(call, mask);
    return TRI_OK;
}

static inline tri_status tri_check_denoise_step(const char *call, tri_context *ctx, int64_t n,
                                                const tri_step_coefs *coefs, const float *x, const float *model_out,
                                                const float *prev_x0, const float *x_out) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, coefs);
    TRI_CHECK_COUNT(call, n);
    const tri_step_coefs *c = coefs;
    const float v[] = {c->x0_from_x, c->x0_from_model, c->clip, c->eps_from_x, c->eps_from_x0,
                       c->out_x, c->out_x0, c->out_eps, c->out_prev_x0, c->out_noise};
    for (unsigned k = 0; k < sizeof v / sizeof v[0]; k++) {
        if (!isfinite(v[k])) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: coefficient %u is %g; all must be finite (a schedule "
                            "value of 0 or 1 where the sampler divides by it?)", call, k, (double)v[k]);
        }
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, model_out);
    TRI_CHECK_PTR(call, x_out);
    if (coefs->out_prev_x0 != 0.0f && prev_x0 == NULL) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: out_prev_x0=%g needs prev_x0, which is NULL", call,
                        (double)coefs->out_prev_x0);
    }
    return TRI_OK;
}

static inline tri_status tri_check_reparameterize(const char *call, tri_context *ctx, int64_t n, const float *mu,
                                                  const float *logvar, const float *z, const float *eps_out) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, mu);
    TRI_CHECK_PTR(call, logvar);
    TRI_CHECK_PTR(call, z);
    TRI_CHECK_PTR(call, eps_out);
    return TRI_OK;
}

/* ---------------------------------------------------------------- optimizers */

static inline tri_status tri_check_sgd_update(const char *call, tri_context *ctx, int64_t n, const float *p,
                                              const float *g, const float *momentum_buf,
                                              const tri_sgd_params *params) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_PTR(call, params);
    const tri_sgd_params *q = params;
    if (!tri_finite_nonnegative(q->lr) || !tri_finite_nonnegative(q->momentum) ||
        !tri_finite_nonnegative(q->weight_decay) || !(q->dampening >= 0.0f && q->dampening <= 1.0f)) {
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
    return TRI_OK;
}

static inline tri_status tri_check_adam_update(const char *call, tri_context *ctx, int64_t n, const float *p,
                                               const float *g, const float *m, const float *v,
                                               const tri_adam_params *params) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_PTR(call, params);
    const tri_adam_params *q = params;
    if (!tri_finite_nonnegative(q->lr) || !tri_finite_nonnegative(q->weight_decay) ||
        !(q->eps > 0.0f && q->eps <= FLT_MAX)) {
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
    return TRI_OK;
}

static inline tri_status tri_check_ema_update(const char *call, tri_context *ctx, int64_t n, const float *ema,
                                              const float *p, float decay) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    if (!(decay >= 0.0f && decay <= 1.0f)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: decay=%g must be in [0, 1]", call, (double)decay);
    }
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, ema);
    TRI_CHECK_PTR(call, p);
    return TRI_OK;
}

/* ---------------------------------------------------------------- losses, embedding */

/* The element-wise losses (inputs p and q): n >= 0 and, when n > 0, both inputs given; the forward pass writes
 * *out even when n == 0. Macros, so that each loss's checks name its own arguments. */
#define TRI_CHECK_LOSS_INPUTS(call, ctx, n, p, q)                                                             \
    do {                                                                                                       \
        TRI_CHECK_CTX(call, ctx);                                                                              \
        TRI_CHECK_COUNT(call, n);                                                                              \
        if ((n) > 0) {                                                                                         \
            TRI_CHECK_PTR(call, p);                                                                            \
            TRI_CHECK_PTR(call, q);                                                                            \
        }                                                                                                      \
    } while (0)

#define TRI_LOSS_CHECKS(name, p, q)                                                                            \
    static inline tri_status tri_check_##name(const char *call, tri_context *ctx, int64_t n, const float *p,   \
                                              const float *q, const float *out) {                              \
        TRI_CHECK_LOSS_INPUTS(call, ctx, n, p, q);                                                             \
        TRI_CHECK_PTR(call, out);                                                                              \
        return TRI_OK;                                                                                         \
    }

/* The backward pass of a loss with a gradient for each input, either of which may be NULL: nothing to do when
 * n == 0 or neither is wanted. */
#define TRI_LOSS_GRAD2_CHECKS(name, p, q, gp, gq)                                                              \
    static inline tri_status tri_check_##name##_backward(const char *call, tri_context *ctx, int64_t n,        \
                                                         const float *p, const float *q, const float *gout,    \
                                                         const float *gp, const float *gq) {                   \
        TRI_CHECK_LOSS_INPUTS(call, ctx, n, p, q);                                                             \
        if (n == 0 || (gp == NULL && gq == NULL)) return TRI_OK;                                               \
        TRI_CHECK_PTR(call, gout);                                                                             \
        return TRI_OK;                                                                                         \
    }

TRI_LOSS_CHECKS(mse, a, b)
TRI_LOSS_GRAD2_CHECKS(mse, a, b, ga, gb)
TRI_LOSS_CHECKS(gaussian_kl, mu, logvar)
TRI_LOSS_GRAD2_CHECKS(gaussian_kl, mu, logvar, gmu, glogvar)
TRI_LOSS_CHECKS(bce_with_logits, x, target)

static inline tri_status tri_check_bce_with_logits_backward(const char *call, tri_context *ctx, int64_t n,
                                                            const float *x, const float *target, const float *gout,
                                                            const float *gx) {
    TRI_CHECK_LOSS_INPUTS(call, ctx, n, x, target);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, gout);
    TRI_CHECK_PTR(call, gx);
    return TRI_OK;
}

/* rows, cols and the labels of the NLL loss; a label outside [0, cols) is rejected where the labels are host
 * memory (the CUDA library leaves such a row out instead). */
static inline tri_status tri_check_nll_labels(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                              const int32_t *labels) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, rows);
    TRI_CHECK_COUNT(call, cols);
    int64_t total;
    if (!tri_product3(rows, cols, 1, &total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: rows=%lld cols=%lld overflows int64", call, (long long)rows,
                        (long long)cols);
    if (rows == 0) return TRI_OK;
    TRI_CHECK_PTR(call, labels);
#if TRI_HOST_POINTERS
    const int64_t bad = tri_first_out_of_range(labels, rows, cols);
    if (bad >= 0)
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: row %lld has label %d, outside [0, cols=%lld)", call,
                        (long long)bad, labels[bad], (long long)cols);
#endif
    return TRI_OK;
}

static inline tri_status tri_check_nll(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                       const float *logp, const int32_t *labels, const float *out) {
    const tri_status st = tri_check_nll_labels(call, ctx, rows, cols, labels);
    if (st != TRI_OK) return st;
    if (rows > 0) TRI_CHECK_PTR(call, logp);
    TRI_CHECK_PTR(call, out);
    return TRI_OK;
}

static inline tri_status tri_check_nll_backward(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                                const int32_t *labels, const float *gout, const float *glogp) {
    const tri_status st = tri_check_nll_labels(call, ctx, rows, cols, labels);
    if (st != TRI_OK || rows == 0) return st;
    TRI_CHECK_PTR(call, gout);
    TRI_CHECK_PTR(call, glogp);
    return TRI_OK;
}

/* n, num, dim of an embedding; *rows_total gets n * dim, *table_total num * dim. */
static inline tri_status tri_check_embedding_sizes(const char *call, tri_context *ctx, int64_t n, int64_t num,
                                                   int64_t dim, int64_t *rows_total, int64_t *table_total) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_COUNT(call, num);
    TRI_CHECK_COUNT(call, dim);
    if (!tri_product3(n, dim, 1, rows_total) || !tri_product3(num, dim, 1, table_total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: n=%lld num=%lld dim=%lld overflows int64", call, (long long)n,
                        (long long)num, (long long)dim);
    return TRI_OK;
}

/* idx of n > 0 rows; an index outside [0, num) is rejected where the indices are host memory (the CUDA library
 * gives such a row zeros, or leaves it out of the gradient, instead). */
static inline tri_status tri_check_embedding_indices(const char *call, int64_t n, int64_t num, const int32_t *idx) {
    TRI_CHECK_PTR(call, idx);
#if TRI_HOST_POINTERS
    const int64_t bad = tri_first_out_of_range(idx, n, num);
    if (bad >= 0)
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: idx[%lld]=%d is outside [0, num=%lld)", call, (long long)bad,
                        idx[bad], (long long)num);
#endif
    return TRI_OK;
}

/* Nothing to do when n == 0 or dim == 0. */
static inline tri_status tri_check_embedding(const char *call, tri_context *ctx, int64_t n, int64_t num, int64_t dim,
                                             const float *table, const int32_t *idx, const float *out) {
    int64_t rows_total, table_total;
    tri_status st = tri_check_embedding_sizes(call, ctx, n, num, dim, &rows_total, &table_total);
    if (st != TRI_OK || n == 0) return st;
    st = tri_check_embedding_indices(call, n, num, idx);
    if (st != TRI_OK || dim == 0) return st;
    TRI_CHECK_PTR(call, table);
    TRI_CHECK_PTR(call, out);
    return TRI_OK;
}

/* Nothing to do when *table_total (num * dim) == 0; *rows_total gets n * dim. */
static inline tri_status tri_check_embedding_backward(const char *call, tri_context *ctx, int64_t n, int64_t num,
                                                      int64_t dim, const int32_t *idx, const float *gout,
                                                      const float *gtable, int64_t *rows_total,
                                                      int64_t *table_total) {
    tri_status st = tri_check_embedding_sizes(call, ctx, n, num, dim, rows_total, table_total);
    if (st != TRI_OK) return st;
    if (n > 0) {
        st = tri_check_embedding_indices(call, n, num, idx);
        if (st != TRI_OK) return st;
        if (dim > 0) TRI_CHECK_PTR(call, gout);
    }
    if (*table_total == 0) return TRI_OK;
    TRI_CHECK_PTR(call, gtable);
    return TRI_OK;
}

/* ---------------------------------------------------------------- normalisation */

/* n, c, hw of a batch or group norm; *total gets their product. */
static inline tri_status tri_check_nchw(const char *call, tri_context *ctx, int64_t n, int64_t c, int64_t hw,
                                        int64_t *total) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_COUNT(call, c);
    TRI_CHECK_COUNT(call, hw);
    if (!tri_product3(n, c, hw, total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: n=%lld c=%lld hw=%lld overflows int64", call, (long long)n,
                        (long long)c, (long long)hw);
    return TRI_OK;
}

/* Nothing to do when *total (n * c * hw) == 0. */
static inline tri_status tri_check_batch_norm_forward(const char *call, tri_context *ctx, int64_t n, int64_t c,
                                                      int64_t hw, const float *x, const float *running_mean,
                                                      const float *running_var, float momentum, float eps,
                                                      int32_t training, const float *y, const float *save_mean,
                                                      const float *save_invstd, int64_t *total) {
    tri_status st = tri_check_nchw(call, ctx, n, c, hw, total);
    if (st == TRI_OK) st = tri_check_eps(call, eps);
    if (st != TRI_OK) return st;
    if ((running_mean == NULL) != (running_var == NULL))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: running_mean=%p and running_var=%p must both be given or both be NULL", call,
                        (const void *)running_mean, (const void *)running_var);
    if (!training && running_mean == NULL)
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: training=0 normalises with the running statistics, but running_mean and running_var "
                        "are NULL", call);
    if (training && running_mean != NULL && !isfinite(momentum))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: momentum=%g is not finite", call, (double)momentum);
    if (*total == 0) return TRI_OK;
    if (training && n * hw == 1)
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: n=%lld hw=%lld: expected more than 1 value per channel when training", call, (long long)n,
                        (long long)hw);
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    TRI_CHECK_PTR(call, save_mean);
    TRI_CHECK_PTR(call, save_invstd);
    return TRI_OK;
}

/* Nothing to do when *total (n * c * hw) == 0. */
static inline tri_status tri_check_batch_norm_backward(const char *call, tri_context *ctx, int64_t n, int64_t c,
                                                       int64_t hw, const float *x, const float *gy,
                                                       const float *save_mean, const float *save_invstd,
                                                       const float *gx, int64_t *total) {
    const tri_status st = tri_check_nchw(call, ctx, n, c, hw, total);
    if (st != TRI_OK || *total == 0) return st;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, save_mean);
    TRI_CHECK_PTR(call, save_invstd);
    TRI_CHECK_PTR(call, gx);
    return TRI_OK;
}

static inline tri_status tri_check_groups(const char *call, tri_context *ctx, int64_t n, int64_t c, int64_t hw,
                                          int32_t groups, int64_t *total) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, n);
    TRI_CHECK_COUNT(call, c);
    TRI_CHECK_COUNT(call, hw);
    if (groups <= 0) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: groups=%d must be positive", call, groups);
    if (c % groups != 0)
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: c=%lld is not divisible by groups=%d", call, (long long)c,
                        groups);
    if (!tri_product3(n, c, hw, total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: n=%lld c=%lld hw=%lld overflows int64", call, (long long)n,
                        (long long)c, (long long)hw);
    return TRI_OK;
}

/* The tensors of a group or layer norm's forward pass, and of its backward pass. */
static inline tri_status tri_check_norm_tensors(const char *call, const float *x, const float *y, const float *mean,
                                                const float *rstd) {
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    TRI_CHECK_PTR(call, mean);
    TRI_CHECK_PTR(call, rstd);
    return TRI_OK;
}

static inline tri_status tri_check_norm_grad_tensors(const char *call, const float *x, const float *gy,
                                                     const float *mean, const float *rstd, const float *gx) {
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, mean);
    TRI_CHECK_PTR(call, rstd);
    TRI_CHECK_PTR(call, gx);
    return TRI_OK;
}

/* Nothing to do when *total (n * c * hw) == 0. */
static inline tri_status tri_check_group_norm_forward(const char *call, tri_context *ctx, int64_t n, int64_t c,
                                                      int64_t hw, int32_t groups, const float *x, float eps,
                                                      const float *y, const float *mean, const float *rstd,
                                                      int64_t *total) {
    tri_status st = tri_check_groups(call, ctx, n, c, hw, groups, total);
    if (st == TRI_OK) st = tri_check_eps(call, eps);
    if (st != TRI_OK || *total == 0) return st;
    return tri_check_norm_tensors(call, x, y, mean, rstd);
}

/* Nothing to do when *total (n * c * hw) == 0. */
static inline tri_status tri_check_group_norm_backward(const char *call, tri_context *ctx, int64_t n, int64_t c,
                                                       int64_t hw, int32_t groups, const float *x, const float *gy,
                                                       const float *mean, const float *rstd, const float *gx,
                                                       int64_t *total) {
    const tri_status st = tri_check_groups(call, ctx, n, c, hw, groups, total);
    if (st != TRI_OK || *total == 0) return st;
    return tri_check_norm_grad_tensors(call, x, gy, mean, rstd, gx);
}

static inline tri_status tri_check_rows(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                        int64_t *total) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, rows);
    TRI_CHECK_COUNT(call, cols);
    if (!tri_product3(rows, cols, 1, total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: rows=%lld cols=%lld overflows int64", call, (long long)rows,
                        (long long)cols);
    return TRI_OK;
}

/* Nothing to do when *total (rows * cols) == 0. */
static inline tri_status tri_check_layer_norm_forward(const char *call, tri_context *ctx, int64_t rows, int64_t cols,
                                                      const float *x, float eps, const float *y, const float *mean,
                                                      const float *rstd, int64_t *total) {
    tri_status st = tri_check_rows(call, ctx, rows, cols, total);
    if (st == TRI_OK) st = tri_check_eps(call, eps);
    if (st != TRI_OK || *total == 0) return st;
    return tri_check_norm_tensors(call, x, y, mean, rstd);
}

/* Nothing to do when *total (rows * cols) == 0. */
static inline tri_status tri_check_layer_norm_backward(const char *call, tri_context *ctx, int64_t rows,
                                                       int64_t cols, const float *x, const float *gy,
                                                       const float *mean, const float *rstd, const float *gx,
                                                       int64_t *total) {
    const tri_status st = tri_check_rows(call, ctx, rows, cols, total);
    if (st != TRI_OK || *total == 0) return st;
    return tri_check_norm_grad_tensors(call, x, gy, mean, rstd, gx);
}

/* ---------------------------------------------------------------- resampling */

/* Sizes non-negative, the factor (fname: "factor" or "k") positive, the larger side's element count in range. */
static inline tri_status tri_check_resample(const char *call, tri_context *ctx, int64_t nc, int64_t h, int64_t w,
                                           const char *fname, int32_t f) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_COUNT(call, nc);
    TRI_CHECK_COUNT(call, h);
    TRI_CHECK_COUNT(call, w);
    if (f <= 0) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s=%d must be positive", call, fname, f);
    int64_t big;
    if (__builtin_mul_overflow(nc, h, &big) || __builtin_mul_overflow(big, w, &big) ||
        __builtin_mul_overflow(big, (int64_t)f * f, &big)) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: nc=%lld, h=%lld, w=%lld with %s=%d overflow int64", call,
                        (long long)nc, (long long)h, (long long)w, fname, f);
    }
    return TRI_OK;
}

/* Nothing to do when nc * h == 0 or w == 0. */
static inline tri_status tri_check_upsample_nearest(const char *call, tri_context *ctx, int64_t nc, int64_t h,
                                                    int64_t w, int32_t factor, const float *x, const float *y) {
    const tri_status st = tri_check_resample(call, ctx, nc, h, w, "factor", factor);
    if (st != TRI_OK || nc * h == 0 || w == 0) return st;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    return TRI_OK;
}

/* Nothing to do when nc * h == 0 or w == 0. */
static inline tri_status tri_check_upsample_nearest_backward(const char *call, tri_context *ctx, int64_t nc,
                                                             int64_t h, int64_t w, int32_t factor, const float *gy,
                                                             const float *gx) {
    const tri_status st = tri_check_resample(call, ctx, nc, h, w, "factor", factor);
    if (st != TRI_OK || nc * h == 0 || w == 0) return st;
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, gx);
    return TRI_OK;
}

/* Nothing to do when nc * (h / k) == 0 or w / k == 0. */
static inline tri_status tri_check_avg_pool(const char *call, tri_context *ctx, int64_t nc, int64_t h, int64_t w,
                                            int32_t k, const float *x, const float *y) {
    const tri_status st = tri_check_resample(call, ctx, nc, h, w, "k", k);
    if (st != TRI_OK || nc * (h / k) == 0 || w / k == 0) return st;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, y);
    return TRI_OK;
}

/* Nothing to do when nc, h or w is 0; gy may be NULL when the pooled output is empty (gx is then all zeros). */
static inline tri_status tri_check_avg_pool_backward(const char *call, tri_context *ctx, int64_t nc, int64_t h,
                                                     int64_t w, int32_t k, const float *gy, const float *gx) {
    const tri_status st = tri_check_resample(call, ctx, nc, h, w, "k", k);
    if (st != TRI_OK || nc == 0 || h == 0 || w == 0) return st;
    TRI_CHECK_PTR(call, gx);
    if (h / k > 0 && w / k > 0) TRI_CHECK_PTR(call, gy);
    return TRI_OK;
}

#endif
