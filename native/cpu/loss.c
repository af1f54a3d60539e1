/* Losses (MSE, BCE with logits, NLL, Gaussian KL) and their gradients.
 *
 * A loss is scale * sum(terms), accumulated in double over fixed chunks whose length depends only on the
 * element count; chunk sums are added in chunk order, so the result has the same bits for every thread
 * count. Backward passes read the upstream gradient from gout[0]. */
#include <math.h>

#include "activations.h"
#include "normloss.h"

/* At most this many chunks per sum (their partial sums live on the stack)... */
#define LOSS_MAX_CHUNKS 256
/* ...and at least this many elements per chunk, so that forking pays off. */
#define LOSS_MIN_CHUNK 8192

typedef struct loss_args {
    const float *p, *q;     /* the two inputs: a/b, x/target, mu/logvar; p = logp for nll */
    const int32_t *labels;  /* nll */
    int64_t cols;           /* nll */
    float k;                /* backward: scale * gout (times 2 for mse, negated for nll) */
    float *gp, *gq;         /* backward outputs, either may be NULL */
    int64_t chunk;          /* forward: elements per chunk */
    int64_t n;              /* forward: elements in all */
    double *part;           /* forward: one partial sum per chunk */
} loss_args;

typedef double (*loss_sum_fn)(const loss_args *a, int64_t lo, int64_t hi);

NL_CLONES static double mse_sum(const loss_args *a, int64_t lo, int64_t hi) {
    nl_v4d s0 = {0}, s1 = {0};
    int64_t i = lo;
    for (; i + NL_LANES <= hi; i += NL_LANES) {
        nl_v4d a0, a1, b0, b1;
        NL_LOAD4(a0, a->p + i);
        NL_LOAD4(a1, a->p + i + 4);
        NL_LOAD4(b0, a->q + i);
        NL_LOAD4(b1, a->q + i + 4);
        a0 -= b0;
        a1 -= b1;
        s0 += a0 * a0;
        s1 += a1 * a1;
    }
    double s = NL_FOLD(s0, s1);
    for (; i < hi; i++) {
        const double d = (double)a->p[i] - a->q[i];
        s += d * d;
    }
    return s;
}

NL_CLONES static double bce_sum(const loss_args *a, int64_t lo, int64_t hi) {
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const float x = a->p[i];
        s += fmaxf(x, 0.0f) - x * a->q[i] + log1pf(expf(-fabsf(x)));
    }
    return s;
}

NL_CLONES static double kl_sum(const loss_args *a, int64_t lo, int64_t hi) {
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const float mu = a->p[i], lv = a->q[i];
        s += -0.5f * (1.0f + lv - mu * mu - expf(lv));
    }
    return s;
}

static double nll_sum(const loss_args *a, int64_t lo, int64_t hi) {
    double s = 0.0;
    for (int64_t r = lo; r < hi; r++) s -= a->p[r * a->cols + a->labels[r]];
    return s;
}

typedef struct chunk_job {
    const loss_args *args;
    loss_sum_fn fn;
} chunk_job;

static void chunk_task(const void *job, int64_t lo, int64_t hi) {
    const chunk_job *j = job;
    const loss_args *a = j->args;
    for (int64_t k = lo; k < hi; k++) {
        const int64_t start = k * a->chunk, end = a->n - start > a->chunk ? start + a->chunk : a->n;
        a->part[k] = j->fn(a, start, end);
    }
}

/* (float)(scale * sum over [0, n) of fn's terms); work is the number of elements read, for the fork decision. */
static float chunked_loss(const tri_context *ctx, int64_t n, int64_t work, loss_args *a, loss_sum_fn fn,
                          float scale) {
    double part[LOSS_MAX_CHUNKS];
    int64_t chunk = n / LOSS_MAX_CHUNKS + (n % LOSS_MAX_CHUNKS != 0);
    if (chunk < LOSS_MIN_CHUNK) chunk = LOSS_MIN_CHUNK;
    const int64_t chunks = n / chunk + (n % chunk != 0);
    a->chunk = chunk;
    a->n = n;
    a->part = part;
    const chunk_job job = {a, fn};
    nl_parallel_ranges(ctx, chunks, work, chunk_task, &job);
    double total = 0.0;
    for (int64_t k = 0; k < chunks; k++) total += part[k];
    return (float)(scale * total);
}

/* ---------------------------------------------------------------- mse */

TRI_API tri_status tri_mse_f32(tri_context *ctx, int64_t n, const float *a, const float *b, float scale, float *out) {
    const tri_status st = tri_check_mse("tri_mse_f32", ctx, n, a, b, out);
    if (st != TRI_OK) return st;
    loss_args args = {.p = a, .q = b};
    *out = chunked_loss(ctx, n, 2 * n, &args, mse_sum, scale);
    return TRI_OK;
}

NL_CLONES static void mse_backward_task(const void *args, int64_t lo, int64_t hi) {
    const loss_args *a = args;
    for (int64_t i = lo; i < hi; i++) {
        const float g = a->k * (a->p[i] - a->q[i]);
        if (a->gp != NULL) a->gp[i] = g;
        if (a->gq != NULL) a->gq[i] = -g;
    }
}

TRI_API tri_status tri_mse_backward_f32(tri_context *ctx, int64_t n, const float *a, const float *b,
                                        const float *gout, float scale, float *ga, float *gb) {
    const tri_status st = tri_check_mse_backward("tri_mse_backward_f32", ctx, n, a, b, gout, ga, gb);
    if (st != TRI_OK || n == 0 || (ga == NULL && gb == NULL)) return st;
    const loss_args args = {.p = a, .q = b, .k = 2.0f * scale * gout[0], .gp = ga, .gq = gb};
    nl_parallel_ranges(ctx, n, 4 * n, mse_backward_task, &args);
    return TRI_OK;
}

/* ---------------------------------------------------------------- bce with logits */

TRI_API tri_status tri_bce_with_logits_f32(tri_context *ctx, int64_t n, const float *x, const float *target,
                                           float scale, float *out) {
    const tri_status st = tri_check_bce_with_logits("tri_bce_with_logits_f32", ctx, n, x, target, out);
    if (st != TRI_OK) return st;
    loss_args args = {.p = x, .q = target};
    /* Each term costs an exp and a log1p: fork at a tenth of the element-wise grain. */
    *out = chunked_loss(ctx, n, 10 * n, &args, bce_sum, scale);
    return TRI_OK;
}

NL_CLONES static void bce_backward_task(const void *args, int64_t lo, int64_t hi) {
    const loss_args *a = args;
    for (int64_t i = lo; i < hi; i++) {
        a->gp[i] = a->k * (tri_sigmoid(a->p[i]) - a->q[i]);
    }
}

TRI_API tri_status tri_bce_with_logits_backward_f32(tri_context *ctx, int64_t n, const float *x,
                                                    const float *target, const float *gout, float scale,
                                                    float *gx) {
    const tri_status st =
        tri_check_bce_with_logits_backward("tri_bce_with_logits_backward_f32", ctx, n, x, target, gout, gx);
    if (st != TRI_OK || n == 0) return st;
    const loss_args args = {.p = x, .q = target, .k = scale * gout[0], .gp = gx};
    nl_parallel_ranges(ctx, n, 10 * n, bce_backward_task, &args);
    return TRI_OK;
}

/* ---------------------------------------------------------------- nll */

TRI_API tri_status tri_nll_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *logp,
                               const int32_t *labels, float scale, float *out) {
    const tri_status st = tri_check_nll("tri_nll_f32", ctx, rows, cols, logp, labels, out);
    if (st != TRI_OK) return st;
    loss_args args = {.p = logp, .labels = labels, .cols = cols};
    *out = chunked_loss(ctx, rows, rows, &args, nll_sum, scale);
    return TRI_OK;
}

NL_CLONES static void nll_backward_task(const void *args, int64_t lo, int64_t hi) {
    const loss_args *a = args;
    const int64_t cols = a->cols;
    for (int64_t r = lo; r < hi; r++) {
        float *row = a->gp + r * cols;
        for (int64_t j = 0; j < cols; j++) row[j] = 0.0f;
        row[a->labels[r]] = a->k;
    }
}

TRI_API tri_status tri_nll_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const int32_t *labels,
                                        const float *gout, float scale, float *glogp) {
    const tri_status st = tri_check_nll_backward("tri_nll_backward_f32", ctx, rows, cols, labels, gout, glogp);
    if (st != TRI_OK || rows == 0) return st;
    const loss_args args = {.labels = labels, .cols = cols, .k = -scale * gout[0], .gp = glogp};
    nl_parallel_ranges(ctx, rows, rows * cols, nll_backward_task, &args);
    return TRI_OK;
}

/* ---------------------------------------------------------------- gaussian kl */

TRI_API tri_status tri_gaussian_kl_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                       float scale, float *out) {
    const tri_status st = tri_check_gaussian_kl("tri_gaussian_kl_f32", ctx, n, mu, logvar, out);
    if (st != TRI_OK) return st;
    loss_args args = {.p = mu, .q = logvar};
    *out = chunked_loss(ctx, n, 10 * n, &args, kl_sum, scale);
    return TRI_OK;
}

NL_CLONES static void kl_backward_task(const void *args, int64_t lo, int64_t hi) {
    const loss_args *a = args;
    for (int64_t i = lo; i < hi; i++) {
        if (a->gp != NULL) a->gp[i] = a->k * a->p[i];
        /* expm1f keeps exp(logvar) - 1 accurate near logvar = 0. */
        if (a->gq != NULL) a->gq[i] = a->k * 0.5f * expm1f(a->q[i]);
    }
}

TRI_API tri_status tri_gaussian_kl_backward_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                                const float *gout, float scale, float *gmu, float *glogvar) {
    const tri_status st =
        tri_check_gaussian_kl_backward("tri_gaussian_kl_backward_f32", ctx, n, mu, logvar, gout, gmu, glogvar);
    if (st != TRI_OK || n == 0 || (gmu == NULL && glogvar == NULL)) return st;
    const loss_args args = {.p = mu, .q = logvar, .k = scale * gout[0], .gp = gmu, .gq = glogvar};
    nl_parallel_ranges(ctx, n, 10 * n, kl_backward_task, &args);
    return TRI_OK;
}
