/* Batch, group and layer normalisation, forward and backward, with PyTorch's semantics and its closed-form
 * backward formulas.
 *
 * Statistics come from one pass of double sums of d = x - shift, shift being the first element of the set:
 * the variance q/count - (s/count)^2 then stays accurate even when |mean| >> std. Every sum runs in a fixed
 * order that does not depend on the thread count.
 *
 * gamma == NULL (no affine) makes gamma act as 1 and beta as 0; the backward passes then leave ggamma and
 * gbeta untouched. */
#include <math.h>
#include <stdlib.h>

#include "normloss.h"

/* s += sum(x - shift), q += sum((x - shift)^2) over len contiguous floats. */
NL_INLINE void shifted_sums(const float *x, int64_t len, double shift, double *s, double *q) {
    nl_v4d s0 = {0}, s1 = {0}, q0 = {0}, q1 = {0};
    int64_t i = 0;
    for (; i + NL_LANES <= len; i += NL_LANES) {
        nl_v4d d0, d1;
        NL_LOAD4(d0, x + i);
        NL_LOAD4(d1, x + i + 4);
        d0 -= shift;
        d1 -= shift;
        s0 += d0;
        s1 += d1;
        q0 += d0 * d0;
        q1 += d1 * d1;
    }
    double ts = NL_FOLD(s0, s1), tq = NL_FOLD(q0, q1);
    for (; i < len; i++) {
        const double d = (double)x[i] - shift;
        ts += d;
        tq += d * d;
    }
    *s += ts;
    *q += tq;
}

/* sg += sum(w*gy), sgx += sum(w*gy*(x - center)) over len contiguous floats; w == NULL acts as 1. */
NL_INLINE void grad_sums(const float *gy, const float *x, const float *w, int64_t len, double center,
                             double *sg, double *sgx) {
    nl_v4d g0 = {0}, g1 = {0}, h0 = {0}, h1 = {0};
    int64_t i = 0;
    for (; i + NL_LANES <= len; i += NL_LANES) {
        nl_v4d a0, a1, d0, d1;
        NL_LOAD4(a0, gy + i);
        NL_LOAD4(a1, gy + i + 4);
        if (w != NULL) {
            nl_v4d w0, w1;
            NL_LOAD4(w0, w + i);
            NL_LOAD4(w1, w + i + 4);
            a0 *= w0;
            a1 *= w1;
        }
        NL_LOAD4(d0, x + i);
        NL_LOAD4(d1, x + i + 4);
        d0 -= center;
        d1 -= center;
        g0 += a0;
        g1 += a1;
        h0 += a0 * d0;
        h1 += a1 * d1;
    }
    double tg = NL_FOLD(g0, g1), th = NL_FOLD(h0, h1);
    for (; i < len; i++) {
        const double a = (double)gy[i] * (w != NULL ? w[i] : 1.0f);
        tg += a;
        th += a * ((double)x[i] - center);
    }
    *sg += tg;
    *sgx += th;
}

/* Mean and biased variance of count values from their sums shifted by `shift`. */
NL_INLINE void moments(double s, double q, double count, double shift, double *mean, double *var) {
    const double m = s / count, v = q / count - m * m;
    *mean = shift + m;
    *var = v > 0.0 ? v : 0.0;
}

/* ---------------------------------------------------------------- batch norm */

/* Channels a task handles at a time (their sums live on its stack). Large, so that with hw == 1 each
 * sample's slice of the block is one long sequential read. */
#define BN_BLOCK 512

typedef struct bn_args {
    int64_t n, c, hw;
    const float *x, *gy, *gamma, *beta;
    float *running_mean, *running_var;
    float momentum, eps;
    int32_t training;
    float *y, *save_mean, *save_invstd;
    const float *mean, *invstd; /* backward: the saved statistics */
    float *gx, *ggamma, *gbeta;
} bn_args;

/* Shifted sums of channels [c0, c1) over all samples, in sample order; shift[k] belongs to channel c0+k. */
NL_INLINE void bn_channel_sums(const bn_args *a, int64_t c0, int64_t c1, const float *shift, double *s,
                                   double *q) {
    const int64_t hw = a->hw, m = c1 - c0;
    for (int64_t k = 0; k < m; k++) s[k] = q[k] = 0.0;
    for (int64_t i = 0; i < a->n; i++) {
        const float *xi = a->x + (i * a->c + c0) * hw;
        if (hw == 1) {
            /* BatchNorm1d: the same sums in the same order, vectorised across channels instead of along hw. */
            for (int64_t k = 0; k < m; k++) {
                const double d = (double)xi[k] - shift[k];
                s[k] += d;
                q[k] += d * d;
            }
        } else {
            for (int64_t k = 0; k < m; k++) shifted_sums(xi + k * hw, hw, shift[k], &s[k], &q[k]);
        }
    }
}

/* sum(gy) and sum(gy*(x - mean)) of channels [c0, c1) over all samples, in sample order. */
NL_INLINE void bn_grad_channel_sums(const bn_args *a, int64_t c0, int64_t c1, double *sg, double *sgx) {
    const int64_t hw = a->hw, m = c1 - c0;
    for (int64_t k = 0; k < m; k++) sg[k] = sgx[k] = 0.0;
    for (int64_t i = 0; i < a->n; i++) {
        const int64_t off = (i * a->c + c0) * hw;
        const float *xi = a->x + off, *gi = a->gy + off;
        if (hw == 1) {
            for (int64_t k = 0; k < m; k++) {
                const double g = gi[k];
                sg[k] += g;
                sgx[k] += g * ((double)xi[k] - a->mean[c0 + k]);
            }
        } else {
            for (int64_t k = 0; k < m; k++)
                grad_sums(gi + k * hw, xi + k * hw, NULL, hw, a->mean[c0 + k], &sg[k], &sgx[k]);
        }
    }
}

NL_CLONES static void bn_forward_task(const void *args, int64_t lo, int64_t hi) {
    const bn_args *a = args;
    const int64_t n = a->n, c = a->c, hw = a->hw;
    const double count = (double)n * (double)hw;
    for (int64_t c0 = lo; c0 < hi; c0 += BN_BLOCK) {
        const int64_t c1 = hi - c0 > BN_BLOCK ? c0 + BN_BLOCK : hi, m = c1 - c0;
        double mean[BN_BLOCK], invstd[BN_BLOCK];
        if (a->training) {
            float shift[BN_BLOCK];
            double s[BN_BLOCK], q[BN_BLOCK];
            for (int64_t k = 0; k < m; k++) shift[k] = a->x[(c0 + k) * hw];
            bn_channel_sums(a, c0, c1, shift, s, q);
            for (int64_t k = 0; k < m; k++) {
                double var;
                moments(s[k], q[k], count, shift[k], &mean[k], &var);
                invstd[k] = 1.0 / sqrt(var + a->eps);
                if (a->running_mean != NULL) {
                    const double mo = a->momentum;
                    float *rm = &a->running_mean[c0 + k], *rv = &a->running_var[c0 + k];
                    *rm = (float)((1.0 - mo) * *rm + mo * mean[k]);
                    *rv = (float)((1.0 - mo) * *rv + mo * var * count / (count - 1.0));
                }
            }
        } else {
            for (int64_t k = 0; k < m; k++) {
                mean[k] = a->running_mean[c0 + k];
                invstd[k] = 1.0 / sqrt((double)a->running_var[c0 + k] + a->eps);
            }
        }
        float scale[BN_BLOCK], bias[BN_BLOCK];
        for (int64_t k = 0; k < m; k++) {
            const int64_t ch = c0 + k;
            a->save_mean[ch] = (float)mean[k];
            a->save_invstd[ch] = (float)invstd[k];
            const double sc = (a->gamma != NULL ? a->gamma[ch] : 1.0) * invstd[k];
            scale[k] = (float)sc;
            bias[k] = (float)((a->beta != NULL ? a->beta[ch] : 0.0) - mean[k] * sc);
        }
        for (int64_t i = 0; i < n; i++) {
            const int64_t off = (i * c + c0) * hw;
            const float *xi = a->x + off;
            float *yi = a->y + off;
            if (hw == 1) {
                for (int64_t k = 0; k < m; k++) yi[k] = xi[k] * scale[k] + bias[k];
            } else {
                for (int64_t k = 0; k < m; k++)
                    for (int64_t j = 0; j < hw; j++) yi[k * hw + j] = xi[k * hw + j] * scale[k] + bias[k];
            }
        }
    }
}

NL_CLONES static void bn_backward_task(const void *args, int64_t lo, int64_t hi) {
    const bn_args *a = args;
    const int64_t n = a->n, c = a->c, hw = a->hw;
    const double count = (double)n * (double)hw;
    const int want_params = a->gamma != NULL && (a->ggamma != NULL || a->gbeta != NULL);
    for (int64_t c0 = lo; c0 < hi; c0 += BN_BLOCK) {
        const int64_t c1 = hi - c0 > BN_BLOCK ? c0 + BN_BLOCK : hi, m = c1 - c0;
        double sg[BN_BLOCK], sgx[BN_BLOCK];
        if (a->training || want_params) bn_grad_channel_sums(a, c0, c1, sg, sgx);
        /* training: gx = (gy - sum(gy)/count - (x - mean) * k) * w, k = sum(gy*(x-mean)) * invstd^2 / count
         * (the batch statistics depend on x); eval: gx = gy * w. w = gamma * invstd. */
        float w[BN_BLOCK], gmean[BN_BLOCK], k2[BN_BLOCK];
        for (int64_t k = 0; k < m; k++) {
            const int64_t ch = c0 + k;
            const double invstd = a->invstd[ch];
            if (want_params) {
                if (a->ggamma != NULL) a->ggamma[ch] = (float)(sgx[k] * invstd);
                if (a->gbeta != NULL) a->gbeta[ch] = (float)sg[k];
            }
            w[k] = (float)((a->gamma != NULL ? a->gamma[ch] : 1.0) * invstd);
            if (a->training) {
                gmean[k] = (float)(sg[k] / count);
                k2[k] = (float)(sgx[k] * invstd * invstd / count);
            }
        }
        for (int64_t i = 0; i < n; i++) {
            const int64_t off = (i * c + c0) * hw;
            const float *xi = a->x + off, *gi = a->gy + off;
            float *gxi = a->gx + off;
            if (hw == 1 && a->training) {
                const float *mk = a->mean + c0;
                for (int64_t k = 0; k < m; k++) gxi[k] = (gi[k] - gmean[k] - (xi[k] - mk[k]) * k2[k]) * w[k];
            } else if (hw == 1) {
                for (int64_t k = 0; k < m; k++) gxi[k] = gi[k] * w[k];
            } else {
                for (int64_t k = 0; k < m; k++) {
                    const float *xk = xi + k * hw, *gk = gi + k * hw;
                    float *gxk = gxi + k * hw;
                    const float wk = w[k];
                    if (a->training) {
                        const float mk = a->mean[c0 + k], gm = gmean[k], kk = k2[k];
                        for (int64_t j = 0; j < hw; j++) gxk[j] = (gk[j] - gm - (xk[j] - mk) * kk) * wk;
                    } else {
                        for (int64_t j = 0; j < hw; j++) gxk[j] = gk[j] * wk;
                    }
                }
            }
        }
    }
}

TRI_API tri_status tri_batch_norm_forward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, const float *x,
                                              const float *gamma, const float *beta, float *running_mean,
                                              float *running_var, float momentum, float eps, int32_t training,
                                              float *y, float *save_mean, float *save_invstd) {
    int64_t total = 0;
    const tri_status st = tri_check_batch_norm_forward("tri_batch_norm_forward_f32", ctx, n, c, hw, x, running_mean,
                                                       running_var, momentum, eps, training, y, save_mean,
                                                       save_invstd, &total);
    if (st != TRI_OK || total == 0) return st;
    const bn_args a = {.n = n, .c = c, .hw = hw, .x = x, .gamma = gamma, .beta = beta,
                       .running_mean = running_mean, .running_var = running_var, .momentum = momentum,
                       .eps = eps, .training = training, .y = y, .save_mean = save_mean,
                       .save_invstd = save_invstd};
    nl_parallel_ranges(ctx, c, total, bn_forward_task, &a);
    return TRI_OK;
}

TRI_API tri_status tri_batch_norm_backward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, const float *x,
                                               const float *gy, const float *gamma, const float *save_mean,
                                               const float *save_invstd, int32_t training, float *gx,
                                               float *ggamma, float *gbeta) {
    int64_t total = 0;
    const tri_status st = tri_check_batch_norm_backward("tri_batch_norm_backward_f32", ctx, n, c, hw, x, gy, save_mean,
                                                        save_invstd, gx, &total);
    if (st != TRI_OK || total == 0) return st;
    const bn_args a = {.n = n, .c = c, .hw = hw, .x = x, .gy = gy, .gamma = gamma, .training = training,
                       .mean = save_mean, .invstd = save_invstd, .gx = gx, .ggamma = ggamma, .gbeta = gbeta};
    nl_parallel_ranges(ctx, c, total, bn_backward_task, &a);
    return TRI_OK;
}

/* ---------------------------------------------------------------- group norm */

typedef struct gn_args {
    int64_t n, c, hw, groups;
    const float *x, *gy, *gamma, *beta;
    float eps;
    float *y, *mean, *rstd;                  /* forward outputs */
    const float *saved_mean, *saved_rstd;    /* backward inputs */
    float *gx, *ggamma, *gbeta;
    double *sg, *sgx; /* backward: per (sample, channel) sum(gy) and rstd * sum(gy*(x-mean)), or NULL */
} gn_args;

/* Items are (sample, group) pairs; each group's c/groups channels are contiguous. */
NL_CLONES static void gn_forward_task(const void *args, int64_t lo, int64_t hi) {
    const gn_args *a = args;
    const int64_t hw = a->hw, per = a->c / a->groups, len = per * hw;
    for (int64_t p = lo; p < hi; p++) {
        const float *xs = a->x + p * len;
        float *ys = a->y + p * len;
        double s = 0.0, q = 0.0, mean, var;
        shifted_sums(xs, len, xs[0], &s, &q);
        moments(s, q, (double)len, xs[0], &mean, &var);
        const double rstd = 1.0 / sqrt(var + a->eps);
        a->mean[p] = (float)mean;
        a->rstd[p] = (float)rstd;
        const int64_t ch0 = (p % a->groups) * per;
        for (int64_t k = 0; k < per; k++) {
            const int64_t ch = ch0 + k;
            const double sc = (a->gamma != NULL ? a->gamma[ch] : 1.0) * rstd;
            const float scale = (float)sc, bias = (float)((a->beta != NULL ? a->beta[ch] : 0.0) - mean * sc);
            for (int64_t j = 0; j < hw; j++) ys[k * hw + j] = xs[k * hw + j] * scale + bias;
        }
    }
}

/* gx for (sample, group) pairs: with gxhat = gamma*gy over the group's M values,
 * gx = rstd * (gxhat - mean(gxhat) - xhat * mean(gxhat * xhat)). */
NL_CLONES static void gn_backward_task(const void *args, int64_t lo, int64_t hi) {
    const gn_args *a = args;
    const int64_t c = a->c, hw = a->hw, per = c / a->groups, len = per * hw;
    for (int64_t p = lo; p < hi; p++) {
        const int64_t b = p / a->groups, ch0 = (p % a->groups) * per;
        const float *xs = a->x + p * len, *gs = a->gy + p * len;
        float *gxs = a->gx + p * len;
        const double mean = a->saved_mean[p], rstd = a->saved_rstd[p];
        double sum_g = 0.0, sum_gx = 0.0;
        for (int64_t k = 0; k < per; k++) {
            const int64_t ch = ch0 + k;
            double sg = 0.0, sgx = 0.0;
            grad_sums(gs + k * hw, xs + k * hw, NULL, hw, mean, &sg, &sgx);
            const double gam = a->gamma != NULL ? a->gamma[ch] : 1.0;
            sum_g += gam * sg;
            sum_gx += gam * sgx;
            if (a->sg != NULL) {
                a->sg[b * c + ch] = sg;
                a->sgx[b * c + ch] = sgx * rstd;
            }
        }
        const float meanf = a->saved_mean[p], k2 = (float)(rstd * rstd * rstd * sum_gx / (double)len),
                    k3 = (float)(rstd * sum_g / (double)len);
        for (int64_t k = 0; k < per; k++) {
            const float k1 = (float)((a->gamma != NULL ? a->gamma[ch0 + k] : 1.0) * rstd);
            for (int64_t j = 0; j < hw; j++)
                gxs[k * hw + j] = gs[k * hw + j] * k1 - (xs[k * hw + j] - meanf) * k2 - k3;
        }
    }
}

/* ggamma/gbeta per channel: the per-sample sums added in sample order. */
NL_CLONES static void gn_param_task(const void *args, int64_t lo, int64_t hi) {
    const gn_args *a = args;
    for (int64_t ch = lo; ch < hi; ch++) {
        double sg = 0.0, sgx = 0.0;
        for (int64_t b = 0; b < a->n; b++) {
            sg += a->sg[b * a->c + ch];
            sgx += a->sgx[b * a->c + ch];
        }
        if (a->ggamma != NULL) a->ggamma[ch] = (float)sgx;
        if (a->gbeta != NULL) a->gbeta[ch] = (float)sg;
    }
}

TRI_API tri_status tri_group_norm_forward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, int32_t groups,
                                              const float *x, const float *gamma, const float *beta, float eps,
                                              float *y, float *mean, float *rstd) {
    int64_t total = 0;
    const tri_status st = tri_check_group_norm_forward("tri_group_norm_forward_f32", ctx, n, c, hw, groups, x, eps, y,
                                                       mean, rstd, &total);
    if (st != TRI_OK || total == 0) return st;
    const gn_args a = {.n = n, .c = c, .hw = hw, .groups = groups, .x = x, .gamma = gamma, .beta = beta,
                       .eps = eps, .y = y, .mean = mean, .rstd = rstd};
    nl_parallel_ranges(ctx, n * groups, total, gn_forward_task, &a);
    return TRI_OK;
}

TRI_API tri_status tri_group_norm_backward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, int32_t groups,
                                               const float *x, const float *gy, const float *gamma,
                                               const float *mean, const float *rstd, float *gx, float *ggamma,
                                               float *gbeta) {
    static const char F[] = "tri_group_norm_backward_f32";
    int64_t total = 0;
    const tri_status st = tri_check_group_norm_backward(F, ctx, n, c, hw, groups, x, gy, mean, rstd, gx, &total);
    if (st != TRI_OK || total == 0) return st;
    gn_args a = {.n = n, .c = c, .hw = hw, .groups = groups, .x = x, .gy = gy, .gamma = gamma, .saved_mean = mean,
                 .saved_rstd = rstd, .gx = gx, .ggamma = ggamma, .gbeta = gbeta};
    const int want_params = gamma != NULL && (ggamma != NULL || gbeta != NULL);
    if (want_params) {
        /* Per-(sample, channel) partial sums, so that gx and the parameter gradients need one read of x and gy. */
        a.sg = malloc(2 * (size_t)(n * c) * sizeof(double));
        if (a.sg == NULL)
            return tri_fail(TRI_ERR_OUT_OF_MEMORY, "%s: no host memory for %lld bytes of partial sums (n=%lld c=%lld)",
                            F, (long long)(2 * n * c * (int64_t)sizeof(double)), (long long)n, (long long)c);
        a.sgx = a.sg + n * c;
    }
    nl_parallel_ranges(ctx, n * groups, total, gn_backward_task, &a);
    if (want_params) {
        nl_parallel_ranges(ctx, c, n * c, gn_param_task, &a);
        free(a.sg);
    }
    return TRI_OK;
}

/* ---------------------------------------------------------------- layer norm */

/* Columns the parameter-gradient task handles at a time (their sums live on its stack). Large, so that
 * each row's slice is one long sequential read. */
#define LN_BLOCK 1024

typedef struct ln_args {
    int64_t rows, cols;
    const float *x, *gy, *gamma, *beta;
    float eps;
    float *y, *mean, *rstd;                  /* forward outputs */
    const float *saved_mean, *saved_rstd;    /* backward inputs */
    float *gx, *ggamma, *gbeta;
} ln_args;

NL_CLONES static void ln_forward_task(const void *args, int64_t lo, int64_t hi) {
    const ln_args *a = args;
    const int64_t cols = a->cols;
    for (int64_t r = lo; r < hi; r++) {
        const float *xr = a->x + r * cols;
        float *yr = a->y + r * cols;
        double s = 0.0, q = 0.0, mean, var;
        shifted_sums(xr, cols, xr[0], &s, &q);
        moments(s, q, (double)cols, xr[0], &mean, &var);
        const double rstd = 1.0 / sqrt(var + a->eps);
        a->mean[r] = (float)mean;
        a->rstd[r] = (float)rstd;
        const float scale = (float)rstd, bias = (float)(-mean * rstd);
        for (int64_t j = 0; j < cols; j++) {
            const float h = xr[j] * scale + bias;
            yr[j] = (a->gamma != NULL ? h * a->gamma[j] : h) + (a->beta != NULL ? a->beta[j] : 0.0f);
        }
    }
}

/* gx per row, as group norm's with the row as the group and gamma varying along it. */
NL_CLONES static void ln_backward_task(const void *args, int64_t lo, int64_t hi) {
    const ln_args *a = args;
    const int64_t cols = a->cols;
    for (int64_t r = lo; r < hi; r++) {
        const float *xr = a->x + r * cols, *gr = a->gy + r * cols;
        float *gxr = a->gx + r * cols;
        const double mean = a->saved_mean[r], rstd = a->saved_rstd[r];
        double sum_g = 0.0, sum_gx = 0.0;
        grad_sums(gr, xr, a->gamma, cols, mean, &sum_g, &sum_gx);
        const float meanf = a->saved_mean[r], rstdf = a->saved_rstd[r],
                    k2 = (float)(rstd * rstd * rstd * sum_gx / (double)cols), k3 = (float)(rstd * sum_g / (double)cols);
        for (int64_t j = 0; j < cols; j++) {
            const float g = a->gamma != NULL ? gr[j] * a->gamma[j] : gr[j];
            gxr[j] = g * rstdf - (xr[j] - meanf) * k2 - k3;
        }
    }
}

/* ggamma/gbeta for columns [lo, hi): sums over rows in row order. */
NL_CLONES static void ln_param_task(const void *args, int64_t lo, int64_t hi) {
    const ln_args *a = args;
    const int64_t cols = a->cols;
    for (int64_t j0 = lo; j0 < hi; j0 += LN_BLOCK) {
        const int64_t m = hi - j0 > LN_BLOCK ? LN_BLOCK : hi - j0;
        double sg[LN_BLOCK], sgx[LN_BLOCK];
        for (int64_t k = 0; k < m; k++) sg[k] = sgx[k] = 0.0;
        for (int64_t r = 0; r < a->rows; r++) {
            const float *xr = a->x + r * cols + j0, *gr = a->gy + r * cols + j0;
            const double mean = a->saved_mean[r], rstd = a->saved_rstd[r];
            for (int64_t k = 0; k < m; k++) {
                sg[k] += gr[k];
                sgx[k] += gr[k] * (((double)xr[k] - mean) * rstd);
            }
        }
        for (int64_t k = 0; k < m; k++) {
            if (a->ggamma != NULL) a->ggamma[j0 + k] = (float)sgx[k];
            if (a->gbeta != NULL) a->gbeta[j0 + k] = (float)sg[k];
        }
    }
}

TRI_API tri_status tri_layer_norm_forward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x,
                                              const float *gamma, const float *beta, float eps, float *y,
                                              float *mean, float *rstd) {
    int64_t total = 0;
    const tri_status st =
        tri_check_layer_norm_forward("tri_layer_norm_forward_f32", ctx, rows, cols, x, eps, y, mean, rstd, &total);
    if (st != TRI_OK || total == 0) return st;
    const ln_args a = {.rows = rows, .cols = cols, .x = x, .gamma = gamma, .beta = beta, .eps = eps, .y = y,
                       .mean = mean, .rstd = rstd};
    nl_parallel_ranges(ctx, rows, total, ln_forward_task, &a);
    return TRI_OK;
}

TRI_API tri_status tri_layer_norm_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x,
                                               const float *gy, const float *gamma, const float *mean,
                                               const float *rstd, float *gx, float *ggamma, float *gbeta) {
    int64_t total = 0;
    const tri_status st =
        tri_check_layer_norm_backward("tri_layer_norm_backward_f32", ctx, rows, cols, x, gy, mean, rstd, gx, &total);
    if (st != TRI_OK || total == 0) return st;
    const ln_args a = {.rows = rows, .cols = cols, .x = x, .gy = gy, .gamma = gamma, .saved_mean = mean,
                       .saved_rstd = rstd, .gx = gx, .ggamma = ggamma, .gbeta = gbeta};
    nl_parallel_ranges(ctx, rows, total, ln_backward_task, &a);
    if (gamma != NULL && (ggamma != NULL || gbeta != NULL)) nl_parallel_ranges(ctx, cols, total, ln_param_task, &a);
    return TRI_OK;
}
