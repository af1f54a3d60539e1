/* The geometry of a 2-D convolution descriptor and its checks, shared by the CPU and CUDA libraries (host code). */
#ifndef TRI_CONV_GEOM_H
#define TRI_CONV_GEOM_H

#include <stdint.h>

#include "checks.h"

/* The descriptor's sizes in int64, and what every pass derives from them. */
typedef struct tri_conv_geom {
    int64_t n, cin, h, w, cout, ho, wo, kh, kw, sh, sw, ph, pw, dh, dw, groups;
    int64_t cin_g, cout_g, taps, kg, p, hw; /* kg = cin_g*taps: the reduction length of one output; p = ho*wo */
} tri_conv_geom;

/* Sanity cap on any element count, so that every size product of the kernels fits in int64. */
#define TRI_CONV_MAX_ELEMS ((int64_t)1 << 48)

static inline tri_status tri_check_conv2d_pass(const char *call, int32_t pass) {
    if (pass != TRI_CONV_FORWARD && pass != TRI_CONV_BACKWARD_DATA && pass != TRI_CONV_BACKWARD_WEIGHT) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: pass=%d is not TRI_CONV_FORWARD (0), TRI_CONV_BACKWARD_DATA (1) or "
                        "TRI_CONV_BACKWARD_WEIGHT (2)",
                        call, pass);
    }
    return TRI_OK;
}

/* Checks desc and fills *g from it (all a pass's checks but its tensor pointers). */
static inline tri_status tri_check_conv2d_desc(const char *call, const tri_conv2d_desc *desc, tri_conv_geom *g) {
    TRI_CHECK_PTR(call, desc);
    const tri_conv2d_desc *d = desc;
    if (d->n < 0) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->n=%d is negative", call, d->n);
    if (d->c_in <= 0 || d->h_in <= 0 || d->w_in <= 0 || d->c_out <= 0 || d->h_out <= 0 || d->w_out <= 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: sizes must be positive: c_in=%d, h_in=%d, w_in=%d, c_out=%d, h_out=%d, w_out=%d", call,
                        d->c_in, d->h_in, d->w_in, d->c_out, d->h_out, d->w_out);
    }
    if (d->kernel_h <= 0 || d->kernel_w <= 0 || d->stride_h <= 0 || d->stride_w <= 0 || d->dilation_h <= 0 ||
        d->dilation_w <= 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: kernel_h=%d, kernel_w=%d, stride_h=%d, stride_w=%d, dilation_h=%d, dilation_w=%d must "
                        "all be positive",
                        call, d->kernel_h, d->kernel_w, d->stride_h, d->stride_w, d->dilation_h, d->dilation_w);
    }
    if (d->pad_h < 0 || d->pad_w < 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: pad_h=%d, pad_w=%d must not be negative", call, d->pad_h,
                        d->pad_w);
    }
    if (d->groups <= 0 || d->c_in % d->groups != 0 || d->c_out % d->groups != 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: groups=%d must be positive and divide c_in=%d and c_out=%d",
                        call, d->groups, d->c_in, d->c_out);
    }
    /* One check serves forward and transposed use: h_out = floor((h_in + 2p - d(k-1) - 1)/s) + 1 holds exactly
     * for h_in in [min, min + s - 1], min = (h_out-1)*s - 2p + d(k-1) + 1. */
    const char *axis[2] = {"h", "w"};
    const int32_t in[2] = {d->h_in, d->w_in}, out[2] = {d->h_out, d->w_out}, k[2] = {d->kernel_h, d->kernel_w};
    const int32_t s[2] = {d->stride_h, d->stride_w}, p[2] = {d->pad_h, d->pad_w};
    const int32_t dl[2] = {d->dilation_h, d->dilation_w};
    for (int i = 0; i < 2; i++) {
        int64_t span = (int64_t)dl[i] * (k[i] - 1) + 1;
        int64_t lo = ((int64_t)out[i] - 1) * s[i] - 2 * (int64_t)p[i] + span;
        int64_t hi = lo + s[i] - 1;
        if (in[i] < lo || in[i] > hi) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                            "%s: %s_out=%d is inconsistent with %s_in=%d, kernel_%s=%d, stride_%s=%d, pad_%s=%d, "
                            "dilation_%s=%d: %s_in must be in [%lld, %lld] for this %s_out",
                            call, axis[i], out[i], axis[i], in[i], axis[i], k[i], axis[i], s[i], axis[i], p[i],
                            axis[i], dl[i], axis[i], (long long)lo, (long long)hi, axis[i]);
        }
    }
    g->n = d->n, g->cin = d->c_in, g->h = d->h_in, g->w = d->w_in;
    g->cout = d->c_out, g->ho = d->h_out, g->wo = d->w_out;
    g->kh = d->kernel_h, g->kw = d->kernel_w, g->sh = d->stride_h, g->sw = d->stride_w;
    g->ph = d->pad_h, g->pw = d->pad_w, g->dh = d->dilation_h, g->dw = d->dilation_w, g->groups = d->groups;
    g->cin_g = g->cin / g->groups, g->cout_g = g->cout / g->groups;
    g->taps = g->kh * g->kw, g->kg = g->cin_g * g->taps, g->p = g->ho * g->wo, g->hw = g->h * g->w;
    /* Every tensor and scratch size of the kernels is a product of at most these, so capping them keeps int64
     * safe. */
    double xs = (double)g->n * g->cin * g->hw, ys = (double)g->n * g->cout * g->p, ws = (double)g->cout * g->kg;
    double pad = (double)(g->n + 1) * g->cin * (g->h + 2 * g->ph + g->sh + g->kh * g->dh) *
                 (g->w + 2 * g->pw + g->sw + g->kw * g->dw);
    if (xs > TRI_CONV_MAX_ELEMS || ys > TRI_CONV_MAX_ELEMS || ws > TRI_CONV_MAX_ELEMS || pad > TRI_CONV_MAX_ELEMS) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: tensors too large (x %.0f, y %.0f, w %.0f elements; limit %lld each)", call, xs, ys, ws,
                        (long long)TRI_CONV_MAX_ELEMS);
    }
    return TRI_OK;
}

/* The arguments of tri_conv2d_workspace_size; *g gets desc's geometry. */
static inline tri_status tri_check_conv2d_workspace_size(const char *call, tri_context *ctx,
                                                         const tri_conv2d_desc *desc, int32_t pass,
                                                         const int64_t *bytes, tri_conv_geom *g) {
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, bytes);
    const tri_status st = tri_check_conv2d_pass(call, pass);
    return st != TRI_OK ? st : tri_check_conv2d_desc(call, desc, g);
}

#endif
