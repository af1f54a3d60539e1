/* 2-D convolution, NCHW float32, with stride, padding, dilation and groups: forward, backward-data (also the
 * forward pass of conv_transpose2d) and backward-weight.
 *
 * Everything is built from two AVX2/FMA micro-kernels with a 6x16 register tile (k1_tile: 6 rows broadcast from
 * a strided or packed operand, 16 columns read from rows given by a stride or an offset table; k2_tile: 6 rows
 * broadcast from 6 channels-last pixels, reduced over kernel taps and channels against packed weights). Each
 * pass picks a strategy from the descriptor (conv_plan_make):
 *  - GEMM: a 1x1 output whose kernel covers the unpadded input (DCGAN's 7x7 head and stem) is a plain matrix
 *    product of the flattened images.
 *  - DIRECT (wide channels): each work unit (a block of images, or a range of rows of one) is converted to a
 *    zero-padded channels-last copy in a per-thread buffer that stays in L2; every tap of every output pixel is
 *    then a contiguous run of channels, so no im2col is needed. Forward and backward-data broadcast 6 pixels
 *    against 16 channels (k2); backward-data visits gx by stride phase, gathering each gx pixel once (no
 *    col2im). Backward-weight reduces over pixels, 6 output by 16 input channels per tile (k1), into
 *    per-worker partial sums.
 *  - FRAME (forward, stride 1, few output channels): 16 consecutive pixels of the padded-width output frame
 *    per vector, read straight from a zero-padded NCHW copy through a per-tap offset table.
 *  - GENERIC (few input channels, depthwise, 1x1 with few channels): im2col by pixel blocks, or for
 *    backward-data C[pixel][tap] = gy^T w scattered into a padded gx (col2im by pixel).
 * No BLAS: OpenBLAS's pthread pool spins after each call and would compete with the OpenMP threads here.
 * All scratch is carved from the caller's workspace by the same plan that tri_conv2d_workspace_size reports;
 * nothing here allocates. Every forward and backward-data output is produced by one thread in a fixed order;
 * backward-weight sums fixed per-worker partials in worker order, so all results are deterministic for a
 * given ctx->threads.
 */
#include <omp.h>
#include <stdint.h>
#include <string.h>

#include "cpu_internal.h"
#include "conv_geom.h"

/* ---------------------------------------------------------------- micro-kernels */

static inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
static inline int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }
static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Tiles are MR rows (broadcast operand) by NR columns (two 8-float vectors). 6x16 keeps 12 accumulators,
 * two loaded vectors and a broadcast in the 16 ymm registers of AVX2. */
#define MR 6
#define NR 16
#define TILE (MR * NR)

typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4), may_alias));

#define CONV_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

/* Macros rather than inline functions: a 32-byte vector argument or return value trips -Wpsabi in the
 * baseline (SSE) build. */
#define ld8(p) ((v8)(*(const v8u *)(p)))
#define st8(p, v) (*(v8u *)(p) = (v))
#define splat8(x) ((v8){(x), (x), (x), (x), (x), (x), (x), (x)})
#define SHUF(a, b, ...) __builtin_shufflevector((a), (b), __VA_ARGS__)

#define ACC_ZERO                                                                                                 \
    v8 c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0}, c30 = {0}, c31 = {0}, c40 = {0},         \
       c41 = {0}, c50 = {0}, c51 = {0}
#define ACC_ROW(r, a)                                                                                            \
    do {                                                                                                         \
        v8 a_ = (a);                                                                                             \
        c##r##0 += a_ * b0;                                                                                      \
        c##r##1 += a_ * b1;                                                                                      \
    } while (0)
#define ACC_STORE(o)                                                                                             \
    do {                                                                                                         \
        st8((o) + 0, c00), st8((o) + 8, c01), st8((o) + 16, c10), st8((o) + 24, c11);                           \
        st8((o) + 32, c20), st8((o) + 40, c21), st8((o) + 48, c30), st8((o) + 56, c31);                         \
        st8((o) + 64, c40), st8((o) + 72, c41), st8((o) + 80, c50), st8((o) + 88, c51);                         \
    } while (0)

/* out[r*ldo + 0..15] (+)= sum_k a[k*lda + r] * row_k[0..15], row_k = b + (off ? off[k] : k*ldb); without
 * accumulate, row r starts from rowinit[r] (a bias) or zero. Each row_k must have 16 readable floats (columns past
 * the valid ones are discarded). */
CONV_CLONES static void k1_tile(int64_t kc, const float *restrict a, int64_t lda, const float *restrict b,
                                int64_t ldb, const int64_t *restrict off, float *restrict out, int64_t ldo,
                                int accumulate, const float *restrict rowinit) {
    ACC_ZERO;
    if (accumulate) {
        c00 = ld8(out), c01 = ld8(out + 8), c10 = ld8(out + ldo), c11 = ld8(out + ldo + 8);
        c20 = ld8(out + 2 * ldo), c21 = ld8(out + 2 * ldo + 8), c30 = ld8(out + 3 * ldo), c31 = ld8(out + 3 * ldo + 8);
        c40 = ld8(out + 4 * ldo), c41 = ld8(out + 4 * ldo + 8), c50 = ld8(out + 5 * ldo), c51 = ld8(out + 5 * ldo + 8);
    } else if (rowinit != NULL) {
        c00 = c01 = splat8(rowinit[0]), c10 = c11 = splat8(rowinit[1]), c20 = c21 = splat8(rowinit[2]);
        c30 = c31 = splat8(rowinit[3]), c40 = c41 = splat8(rowinit[4]), c50 = c51 = splat8(rowinit[5]);
    }
    if (off != NULL) {
        for (int64_t k = 0; k < kc; k++, a += lda) {
            const float *row = b + off[k];
            v8 b0 = ld8(row), b1 = ld8(row + 8);
            ACC_ROW(0, splat8(a[0]));
            ACC_ROW(1, splat8(a[1]));
            ACC_ROW(2, splat8(a[2]));
            ACC_ROW(3, splat8(a[3]));
            ACC_ROW(4, splat8(a[4]));
            ACC_ROW(5, splat8(a[5]));
        }
    } else {
        for (int64_t k = 0; k < kc; k++, a += lda, b += ldb) {
            v8 b0 = ld8(b), b1 = ld8(b + 8);
            ACC_ROW(0, splat8(a[0]));
            ACC_ROW(1, splat8(a[1]));
            ACC_ROW(2, splat8(a[2]));
            ACC_ROW(3, splat8(a[3]));
            ACC_ROW(4, splat8(a[4]));
            ACC_ROW(5, splat8(a[5]));
        }
    }
    st8(out, c00), st8(out + 8, c01), st8(out + ldo, c10), st8(out + ldo + 8, c11);
    st8(out + 2 * ldo, c20), st8(out + 2 * ldo + 8, c21), st8(out + 3 * ldo, c30), st8(out + 3 * ldo + 8, c31);
    st8(out + 4 * ldo, c40), st8(out + 4 * ldo + 8, c41), st8(out + 5 * ldo, c50), st8(out + 5 * ldo + 8, c51);
}

/* A k1 tile straight into rows of dst (row stride ldd) when it is full, through a scratch tile otherwise. */
static void k1_to_rows(int64_t kc, const float *a, int64_t lda, const float *b, int64_t ldb, int64_t rv, int64_t cv,
                       float *dst, int64_t ldd, const float *bias6) {
    if (rv == MR && cv == NR) {
        k1_tile(kc, a, lda, b, ldb, NULL, dst, ldd, 0, bias6);
        return;
    }
    float out[TILE];
    k1_tile(kc, a, lda, b, ldb, NULL, out, NR, 0, bias6);
    for (int64_t r = 0; r < rv; r++)
        for (int64_t e = 0; e < cv; e++) dst[r * ldd + e] = out[r * NR + e];
}

/* out[r][0..15] = sum_t sum_{c<len} arow[r][aoff[t] + c] * w[woff[t] + 16*c + 0..15]: an implicit GEMM whose
 * broadcast rows are 6 pixels of a channels-last tensor and whose reduction runs over kernel taps t and
 * channels c. */
CONV_CLONES static void k2_tile(int64_t ntaps, int64_t len, const float *const *restrict arow,
                                const int64_t *restrict aoff, const float *restrict w,
                                const int64_t *restrict woff, float *restrict out) {
    ACC_ZERO;
    for (int64_t t = 0; t < ntaps; t++) {
        const float *p0 = arow[0] + aoff[t], *p1 = arow[1] + aoff[t], *p2 = arow[2] + aoff[t];
        const float *p3 = arow[3] + aoff[t], *p4 = arow[4] + aoff[t], *p5 = arow[5] + aoff[t];
        const float *wt = w + woff[t];
        for (int64_t c = 0; c < len; c++, wt += NR) {
            v8 b0 = ld8(wt), b1 = ld8(wt + 8);
            ACC_ROW(0, splat8(p0[c]));
            ACC_ROW(1, splat8(p1[c]));
            ACC_ROW(2, splat8(p2[c]));
            ACC_ROW(3, splat8(p3[c]));
            ACC_ROW(4, splat8(p4[c]));
            ACC_ROW(5, splat8(p5[c]));
        }
    }
    ACC_STORE(out);
}

/* outs[tile][6][16] for nt tiles of 6 arow pointers each. */
static void k2_block(int64_t nt, const float *const *arow, int64_t ntaps, const int64_t *aoff, const float *w,
                     const int64_t *woff, int64_t len, float *outs) {
    for (int64_t tt = 0; tt < nt; tt++) k2_tile(ntaps, len, arow + tt * MR, aoff, w, woff, outs + tt * TILE);
}

/* ---------------------------------------------------------------- plans */

enum { PATH_GEMM, PATH_DIRECT, PATH_FRAME, PATH_GENERIC };

/* Pixels per GENERIC block: the im2col block (kg x 128 floats) stays in L2 for the usual kg. */
#define GEN_BLOCK 128
/* Tiles per k2_block call (48 pixels): their row pointers live on the stack and the lines their results go to
 * are prefetched together while they compute. */
#define DIRECT_TILES 8
/* Per-thread channels-last image block of DIRECT forward/backward-data: converted and consumed while in L2. */
#define DIRECT_BLOCK_BYTES (256 * 1024)
/* Work units per thread wanted for dynamic load balance. */
#define UNITS_PER_THREAD 8

/* Pixels per backward-weight reduction step: the 16-channel rows it reads (256 x 64 bytes) stay in L1. */
#define BWW_BLOCK 256

/* The kernel covers the whole unpadded input and the output is one pixel: a plain matrix product. */
static int is_gemm(const tri_conv_geom *g) {
    return g->ho == 1 && g->wo == 1 && g->ph == 0 && g->pw == 0 && g->kh == g->h && g->kw == g->w;
}
/* 1x1, stride 1, no padding: the im2col matrix is the image itself. */
static int is_pointwise(const tri_conv_geom *g) {
    return g->kh == 1 && g->kw == 1 && g->sh == 1 && g->sw == 1 && g->ph == 0 && g->pw == 0;
}

/* Workspace layout of one pass. Buffers are byte offsets from the 64-byte-aligned start. */
typedef struct conv_plan {
    int path;
    int64_t workers;       /* ctx->threads: the fixed partition of the backward-weight partial sums */
    int64_t bytes;         /* what the caller must provide, alignment slack included */
    int64_t o_w;           /* packed weights */
    int64_t o_u;           /* tap and offset tables */
    int64_t o_thr, thr_bytes; /* per-worker scratch */
    int64_t hp, wp, plo_h, plo_w; /* padded channels-last geometry */
    int64_t nb, nsplit;   /* DIRECT and FRAME work units: images per unit, or row ranges per image */
} conv_plan;

static int64_t ws_take(int64_t *cursor, int64_t bytes) {
    int64_t at = *cursor;
    *cursor += round_up(bytes, 64);
    return at;
}

/* Backward-data visits gx by stride phase (a, b): gx row i*sh + a receives exactly the taps kh with
 * (a + ph - kh*dh) divisible by sh, from gy row i + (a + ph - kh*dh)/sh. */
static int64_t phase_rows(int64_t a, int64_t h, int64_t s) { return a < h ? ceil_div(h - a, s) : 0; }

static int64_t tap_shift(int64_t a, int64_t p, int64_t kidx, int64_t dil, int64_t s, int *hit) {
    int64_t v = a + p - kidx * dil;
    int64_t r = ((v % s) + s) % s;
    *hit = r == 0;
    return *hit ? v / s : 0;
}

/* Zero padding of gy's channels-last copy so that every phase's taps stay inside it: [lo, hi) rows around gy. */
static void bwd_data_pads(int64_t h, int64_t ho, int64_t k, int64_t s, int64_t p, int64_t dil, int64_t *lo,
                          int64_t *hi) {
    int64_t mn = 0, mx = ho - 1;
    for (int64_t a = 0; a < s; a++) {
        int64_t rows = phase_rows(a, h, s);
        if (rows == 0) continue;
        for (int64_t kk = 0; kk < k; kk++) {
            int hit;
            int64_t sh = tap_shift(a, p, kk, dil, s, &hit);
            if (!hit) continue;
            mn = min64(mn, sh);
            mx = max64(mx, rows - 1 + sh);
        }
    }
    *lo = -mn;
    *hi = mx - (ho - 1);
}

/* Work units of the channels-last paths: blocks of nb images that fit DIRECT_BLOCK_BYTES, enough of them for
 * dynamic balance; a single image too large for the block, or too few images for the threads, is split into
 * nsplit ranges of `rows` output rows. */
static void direct_units(int64_t n, int64_t img, int64_t rows, int64_t workers, conv_plan *pl) {
    int64_t want = UNITS_PER_THREAD * workers, fit = DIRECT_BLOCK_BYTES / (4 * img);
    pl->nb = max64(1, min64(fit, n / want));
    pl->nsplit = 1;
    if (pl->nb == 1)
        pl->nsplit = min64(rows, max64(ceil_div(want, max64(n, 1)), ceil_div(4 * img, DIRECT_BLOCK_BYTES)));
}

static void conv_plan_make(const tri_conv_geom *g, int32_t pass, int64_t workers, conv_plan *pl) {
    memset(pl, 0, sizeof *pl);
    pl->workers = workers;
    int64_t cur = 0;
    if (is_gemm(g)) {
        pl->path = PATH_GEMM;
    } else if (pass == TRI_CONV_FORWARD) {
        /* DIRECT vectorises over output channels; FRAME over output pixels (stride 1 only; for 1x1 GENERIC
         * reads the image rows directly) */
        pl->path = (g->cout_g >= 16 && g->cin_g >= 8)               ? PATH_DIRECT
                   : (g->sh == 1 && g->sw == 1 && !is_pointwise(g)) ? PATH_FRAME
                                                                    : PATH_GENERIC;
    } else {
        /* both vectorise over input channels */
        pl->path = g->cin_g >= 16 ? PATH_DIRECT : PATH_GENERIC;
    }
    if (pl->path == PATH_GEMM) {
        if (pass == TRI_CONV_FORWARD) {
            pl->o_w = ws_take(&cur, 4 * g->groups * round_up(g->cout_g, NR) * g->kg);
        } else if (pass == TRI_CONV_BACKWARD_DATA) {
            pl->o_w = ws_take(&cur, 4 * g->groups * round_up(g->n, MR) * g->cout_g);
            pl->thr_bytes = round_up(4 * g->cout_g * NR, 64); /* a last partial column panel */
        } else {
            pl->o_w = ws_take(&cur, 4 * g->groups * round_up(g->cout_g, MR) * g->n);
            pl->thr_bytes = round_up(4 * g->n * NR, 64);
        }
        pl->o_thr = ws_take(&cur, pl->thr_bytes * workers);
        pl->bytes = cur + 64;
        return;
    }

    int64_t nm = ceil_div(g->cout_g, MR); /* output-channel panels of 6 */
    if (pl->path == PATH_DIRECT && pass != TRI_CONV_BACKWARD_DATA) {
        pl->hp = g->h + 2 * g->ph, pl->wp = g->w + 2 * g->pw, pl->plo_h = g->ph, pl->plo_w = g->pw;
    }
    if (pl->path == PATH_DIRECT && pass != TRI_CONV_BACKWARD_WEIGHT) {
        /* Work units are blocks of nb images (each thread converts its block to channels-last, then computes
         * it); with fewer images than wanted units, single images are split into nsplit row ranges. */
        int64_t c = pass == TRI_CONV_FORWARD ? g->cin : g->cout, rows = pass == TRI_CONV_FORWARD ? g->ho : g->h;
        if (pass == TRI_CONV_BACKWARD_DATA) {
            int64_t lh, hh, lw, hw;
            bwd_data_pads(g->h, g->ho, g->kh, g->sh, g->ph, g->dh, &lh, &hh);
            bwd_data_pads(g->w, g->wo, g->kw, g->sw, g->pw, g->dw, &lw, &hw);
            pl->plo_h = lh, pl->plo_w = lw, pl->hp = g->ho + lh + hh, pl->wp = g->wo + lw + hw;
        }
        int64_t img = pl->hp * pl->wp * c;
        direct_units(g->n, img, rows, workers, pl);
        if (pass == TRI_CONV_FORWARD) {
            pl->o_w = ws_take(&cur, 4 * g->groups * round_up(g->cout_g, NR) * g->kg);
            pl->o_u = ws_take(&cur, 8 * 2 * g->taps);
        } else {
            pl->o_w = ws_take(&cur, 4 * g->groups * round_up(g->cin_g, NR) * g->taps * g->cout_g);
            /* per tap: gy offset, weight offset, gy row shift; per phase: first tap */
            pl->o_u = ws_take(&cur, 8 * (3 * g->taps + g->sh * g->sw + 1));
        }
        pl->thr_bytes = round_up(4 * (pl->nb * img + NR), 64);
    } else if (pl->path == PATH_DIRECT) {
        int64_t ncp = ceil_div(g->cin_g, NR), img = pl->hp * pl->wp * g->cin;
        direct_units(g->n, img, g->ho, workers, pl);
        int64_t maxpx = pl->nb * ceil_div(g->ho, pl->nsplit) * g->wo;
        pl->o_u = ws_take(&cur, 8 * g->taps);
        /* partial tiles, channels-last block, gy^T panels, pixel offsets, gathered rows (see
         * direct_backward_weight) */
        pl->thr_bytes = round_up(4 * g->groups * g->taps * ncp * nm * TILE, 64) +
                        round_up(4 * (pl->nb * img + NR), 64) + round_up(4 * g->groups * nm * maxpx * MR, 64) +
                        round_up(8 * maxpx, 64) + 4 * BWW_BLOCK * NR;
    } else if (pl->path == PATH_FRAME) {
        /* zero-padded NCHW copy of an image (rows of a work unit), read at slack of one row + 16 floats */
        pl->hp = g->h + 2 * g->ph, pl->wp = g->w + 2 * g->pw, pl->plo_h = g->ph, pl->plo_w = g->pw;
        int64_t img = g->cin * pl->hp * pl->wp;
        direct_units(g->n, img, g->ho, workers, pl);
        pl->nb = 1; /* frame_forward takes one image (or row range) per unit */
        pl->o_w = ws_take(&cur, 4 * g->groups * nm * MR * g->kg);
        pl->o_u = ws_take(&cur, 8 * g->kg);
        /* the padded input rows of a unit, then its output frame (channels x (rows x wp + 16)) */
        pl->thr_bytes = round_up(4 * round_up(img + pl->wp + NR, 16), 64) +
                        round_up(4 * nm * MR * (ceil_div(g->ho, pl->nsplit) * pl->wp + NR), 64);
    } else if (pass == TRI_CONV_FORWARD) {
        pl->o_w = ws_take(&cur, 4 * g->groups * nm * MR * g->kg);
        /* im2col block, or for 1x1 the copy of a last partial column panel */
        pl->thr_bytes = round_up(4 * g->kg * (is_pointwise(g) ? NR : GEN_BLOCK), 64);
    } else if (pass == TRI_CONV_BACKWARD_DATA && is_pointwise(g)) {
        pl->o_w = ws_take(&cur, 4 * g->groups * ceil_div(g->kg, MR) * MR * g->cout_g);
        /* gy panel copy for a partial last panel */
        pl->thr_bytes = 4 * g->cout_g * NR;
    } else if (pass == TRI_CONV_BACKWARD_DATA) {
        pl->o_w = ws_take(&cur, 4 * g->groups * g->cout_g * round_up(g->kg, NR));
        pl->o_u = ws_take(&cur, 8 * g->kg);
        /* a zero-padded copy of a last partial gy^T tile, then the zero-padded gx planes of one image and group:
         * every tap of every output pixel lands inside [-pad, in + pad) */
        pl->hp = g->h + 2 * g->ph, pl->wp = g->w + 2 * g->pw;
        pl->thr_bytes = round_up(4 * g->cout_g * MR, 64) + 4 * g->cin_g * pl->hp * pl->wp;
    } else {
        int64_t kpad = round_up(g->kg, NR);
        /* im2col^T block [pixel][kpad], gy^T panels [panel][pixel][6], partial gw tiles */
        pl->thr_bytes = round_up(4 * GEN_BLOCK * kpad, 64) + round_up(4 * nm * GEN_BLOCK * MR, 64) +
                        round_up(4 * g->groups * nm * (kpad / NR) * TILE, 64);
    }
    pl->o_thr = ws_take(&cur, pl->thr_bytes * workers);
    pl->bytes = cur + (cur > 0 ? 64 : 0);
}

/* Common prologue of the three passes: validate, plan, check the workspace. */
static tri_status conv_begin(const char *call, tri_context *ctx, const tri_conv2d_desc *desc, int32_t pass,
                             void *workspace, int64_t workspace_bytes, tri_conv_geom *g, conv_plan *pl, char **ws) {
    TRI_CHECK_CTX(call, ctx);
    tri_status st = tri_check_conv2d_desc(call, desc, g);
    if (st != TRI_OK) return st;
    conv_plan_make(g, pass, ctx->threads, pl);
    if (workspace_bytes < pl->bytes) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: workspace_bytes=%lld is too small: this descriptor needs %lld bytes on this context "
                        "(threads=%d; see tri_conv2d_workspace_size)",
                        call, (long long)workspace_bytes, (long long)pl->bytes, ctx->threads);
    }
    if (pl->bytes > 0 && workspace == NULL) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: workspace is NULL but %lld bytes are needed", call,
                        (long long)pl->bytes);
    }
    *ws = pl->bytes > 0 ? (char *)(((uintptr_t)workspace + 63) & ~(uintptr_t)63) : NULL;
    return TRI_OK;
}

TRI_API tri_status tri_conv2d_workspace_size(tri_context *ctx, const tri_conv2d_desc *desc, int32_t pass,
                                             int64_t *bytes) {
    tri_conv_geom g;
    const tri_status st = tri_check_conv2d_workspace_size("tri_conv2d_workspace_size", ctx, desc, pass, bytes, &g);
    if (st != TRI_OK) return st;
    conv_plan pl;
    conv_plan_make(&g, pass, ctx->threads, &pl);
    *bytes = pl.bytes;
    return TRI_OK;
}

/* ---------------------------------------------------------------- layout helpers */

/* In-register 8x8 transpose: o_i[j] = r_j[i] (unpack, shuffle, then 128-bit lane permute). */
#define TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7, o0, o1, o2, o3, o4, o5, o6, o7)                              \
    do {                                                                                                         \
        v8 t0_ = SHUF(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13), t1_ = SHUF(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15);         \
        v8 t2_ = SHUF(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13), t3_ = SHUF(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15);         \
        v8 t4_ = SHUF(r4, r5, 0, 8, 1, 9, 4, 12, 5, 13), t5_ = SHUF(r4, r5, 2, 10, 3, 11, 6, 14, 7, 15);         \
        v8 t6_ = SHUF(r6, r7, 0, 8, 1, 9, 4, 12, 5, 13), t7_ = SHUF(r6, r7, 2, 10, 3, 11, 6, 14, 7, 15);         \
        v8 u0_ = SHUF(t0_, t2_, 0, 1, 8, 9, 4, 5, 12, 13), u1_ = SHUF(t0_, t2_, 2, 3, 10, 11, 6, 7, 14, 15);     \
        v8 u2_ = SHUF(t1_, t3_, 0, 1, 8, 9, 4, 5, 12, 13), u3_ = SHUF(t1_, t3_, 2, 3, 10, 11, 6, 7, 14, 15);     \
        v8 u4_ = SHUF(t4_, t6_, 0, 1, 8, 9, 4, 5, 12, 13), u5_ = SHUF(t4_, t6_, 2, 3, 10, 11, 6, 7, 14, 15);     \
        v8 u6_ = SHUF(t5_, t7_, 0, 1, 8, 9, 4, 5, 12, 13), u7_ = SHUF(t5_, t7_, 2, 3, 10, 11, 6, 7, 14, 15);     \
        o0 = SHUF(u0_, u4_, 0, 1, 2, 3, 8, 9, 10, 11), o1 = SHUF(u1_, u5_, 0, 1, 2, 3, 8, 9, 10, 11);            \
        o2 = SHUF(u2_, u6_, 0, 1, 2, 3, 8, 9, 10, 11), o3 = SHUF(u3_, u7_, 0, 1, 2, 3, 8, 9, 10, 11);            \
        o4 = SHUF(u0_, u4_, 4, 5, 6, 7, 12, 13, 14, 15), o5 = SHUF(u1_, u5_, 4, 5, 6, 7, 12, 13, 14, 15);        \
        o6 = SHUF(u2_, u6_, 4, 5, 6, 7, 12, 13, 14, 15), o7 = SHUF(u3_, u7_, 4, 5, 6, 7, 12, 13, 14, 15);        \
    } while (0)

/* cb (<= 8) channels of `rows` image rows, src [channel][row][w] with channel stride cs, to the channels-last dst
 * [row][wp][c] (dst at the first row's first interior pixel, channel offset applied). 8 channels x 8 pixels,
 * in flattened row-major order so that any width works, are transposed in registers; each pixel's 8 channels
 * are one store. */
CONV_CLONES static void nhwc_channels(const float *restrict src, int64_t cs, int64_t c, int64_t rows, int64_t w,
                                      int64_t wp, int64_t cb, float *restrict dst) {
    int64_t np = rows * w;
    if (cb == 8) {
        int64_t p = 0, ih = 0, iw = 0;
        for (; p + 8 <= np; p += 8) {
            v8 r0 = ld8(src + p), r1 = ld8(src + cs + p), r2 = ld8(src + 2 * cs + p), r3 = ld8(src + 3 * cs + p);
            v8 r4 = ld8(src + 4 * cs + p), r5 = ld8(src + 5 * cs + p), r6 = ld8(src + 6 * cs + p);
            v8 r7 = ld8(src + 7 * cs + p);
            v8 o[8];
            TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]);
            for (int i = 0; i < 8; i++) {
                st8(dst + (ih * wp + iw) * c, o[i]);
                if (++iw == w) iw = 0, ih++;
            }
        }
        for (; p < np; p++) {
            for (int64_t j = 0; j < 8; j++) dst[(ih * wp + iw) * c + j] = src[j * cs + p];
            if (++iw == w) iw = 0, ih++;
        }
        return;
    }
    for (int64_t j = 0; j < cb; j++)
        for (int64_t p = 0; p < np; p++) dst[((p / w) * wp + p % w) * c + j] = src[j * cs + p];
}

/* Padded rows [r0, r1) of one image's zero-padded channels-last copy dst [hp][wp][c] from src [c][h][w]; the
 * image sits at row plo_h, column plo_w. */
static void nhwc_rows(const float *src, int64_t c, int64_t h, int64_t w, int64_t plo_h, int64_t plo_w, int64_t wp,
                      int64_t r0, int64_t r1, float *dst) {
    for (int64_t r = r0; r < r1; r++) {
        float *row = dst + r * wp * c;
        if (r < plo_h || r >= plo_h + h) {
            memset(row, 0, sizeof(float) * wp * c);
        } else {
            memset(row, 0, sizeof(float) * plo_w * c);
            memset(row + (plo_w + w) * c, 0, sizeof(float) * (wp - plo_w - w) * c);
        }
    }
    int64_t a = max64(r0, plo_h), b = min64(r1, plo_h + h);
    if (a >= b) return;
    for (int64_t cg = 0; cg < c; cg += 8)
        nhwc_channels(src + cg * h * w + (a - plo_h) * w, h * w, c, b - a, w, wp, min64(8, c - cg),
                      dst + (a * wp + plo_w) * c + cg);
}

/* dst[p][6] = rows[r][p] for p < count (a NULL row reads as zeros): 6 rows of a matrix as one k1 A panel. */
CONV_CLONES static void rows6_to_panel(const float *const *rows, int64_t count, float *restrict dst) {
    typedef float v4 __attribute__((vector_size(16)));
    typedef float v2 __attribute__((vector_size(8)));
    v8 z = {0};
    int64_t p = 0;
    for (; p + 8 <= count; p += 8) {
        v8 r0 = rows[0] ? ld8(rows[0] + p) : z, r1 = rows[1] ? ld8(rows[1] + p) : z;
        v8 r2 = rows[2] ? ld8(rows[2] + p) : z, r3 = rows[3] ? ld8(rows[3] + p) : z;
        v8 r4 = rows[4] ? ld8(rows[4] + p) : z, r5 = rows[5] ? ld8(rows[5] + p) : z;
        v8 o[8];
        TRANSPOSE8(r0, r1, r2, r3, r4, r5, z, z, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]);
        for (int i = 0; i < 8; i++) {
            v4 lo = SHUF(o[i], o[i], 0, 1, 2, 3);
            v2 hi = SHUF(o[i], o[i], 4, 5);
            memcpy(dst + (p + i) * MR, &lo, sizeof lo);
            memcpy(dst + (p + i) * MR + 4, &hi, sizeof hi);
        }
    }
    for (; p < count; p++)
        for (int r = 0; r < MR; r++) dst[p * MR + r] = rows[r] ? rows[r][p] : 0.0f;
}

/* dst[k][16] = rows[l][k] for k < count (a NULL row reads as zeros): 16 rows of a matrix as one k2 weight panel,
 * transposed 8x8 in registers. */
CONV_CLONES static void rows16_to_panel(const float *const *rows, int64_t count, float *restrict dst) {
    v8 z = {0};
    int64_t k = 0;
    for (; k + 8 <= count; k += 8)
        for (int h = 0; h < 2; h++) {
            const float *const *r = rows + 8 * h;
            v8 r0 = r[0] ? ld8(r[0] + k) : z, r1 = r[1] ? ld8(r[1] + k) : z, r2 = r[2] ? ld8(r[2] + k) : z;
            v8 r3 = r[3] ? ld8(r[3] + k) : z, r4 = r[4] ? ld8(r[4] + k) : z, r5 = r[5] ? ld8(r[5] + k) : z;
            v8 r6 = r[6] ? ld8(r[6] + k) : z, r7 = r[7] ? ld8(r[7] + k) : z;
            v8 o[8];
            TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]);
            for (int i = 0; i < 8; i++) st8(dst + (k + i) * NR + 8 * h, o[i]);
        }
    for (; k < count; k++)
        for (int l = 0; l < NR; l++) dst[k * NR + l] = rows[l] ? rows[l][k] : 0.0f;
}

/* dst[j][0..15] = (base + off[j])[0..15]: one k1 B panel gathered from rows spread over memory. */
CONV_CLONES static void gather_rows16(const float *restrict base, const int64_t *restrict off, int64_t count,
                                      float *restrict dst) {
    for (int64_t j = 0; j < count; j++) {
        const float *src = base + off[j];
        st8(dst + j * NR, ld8(src));
        st8(dst + j * NR + 8, ld8(src + 8));
    }
}

/* Asks for the destination lines of store_tiles ahead, so that the stores after a block's compute hit cache. */
static void prefetch_tiles(int64_t nv, float *const *dst, int64_t off, int64_t cstride, int64_t lv) {
    for (int64_t l = 0; l < lv; l++)
        for (int64_t i = 0; i < nv; i += 8) __builtin_prefetch(dst[i] + off + l * cstride, 1, 3);
}

/* Scatters k2 output tiles outs[i][16] (pixel i, 16 channels) to dst[i][off + l*cstride] (+ bias[l]) for i < nv,
 * l < lv. Runs of 8 pixels that are consecutive in memory go through an 8x8 register transpose and leave as one
 * vector store per channel; the rest element by element. */
CONV_CLONES static void store_tiles(const float *restrict outs, int64_t nv, float *const *dst, int64_t off,
                                    int64_t cstride, int64_t lv, const float *restrict bias) {
    int64_t i = 0;
    for (; i + 8 <= nv; i += 8) {
        if (dst[i + 7] != dst[i] + 7) {
            for (int64_t e = i; e < i + 8; e++)
                for (int64_t l = 0; l < lv; l++)
                    dst[e][off + l * cstride] = outs[e * NR + l] + (bias ? bias[l] : 0.0f);
            continue;
        }
        for (int64_t c0 = 0; c0 < lv; c0 += 8) {
            const float *o = outs + i * NR + c0;
            v8 r0 = ld8(o), r1 = ld8(o + NR), r2 = ld8(o + 2 * NR), r3 = ld8(o + 3 * NR);
            v8 r4 = ld8(o + 4 * NR), r5 = ld8(o + 5 * NR), r6 = ld8(o + 6 * NR), r7 = ld8(o + 7 * NR);
            v8 t[8];
            TRANSPOSE8(r0, r1, r2, r3, r4, r5, r6, r7, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
            for (int64_t l = c0; l < min64(c0 + 8, lv); l++)
                st8(dst[i] + off + l * cstride, t[l - c0] + splat8(bias ? bias[l] : 0.0f));
        }
    }
    for (; i < nv; i++)
        for (int64_t l = 0; l < lv; l++) dst[i][off + l * cstride] = outs[i * NR + l] + (bias ? bias[l] : 0.0f);
}

/* ---------------------------------------------------------------- GEMM path
 * A 1x1 output whose kernel covers the unpadded input: per group, with X [n][kg] the flattened images, W
 * [cout_g][kg] and Y [n][cout_g], forward is Y = X W^T, backward-data GX = GY W and backward-weight GW = GY^T X. */

/* forward: k2_tile with 6 images' rows broadcast (one "tap" of kg channels) against W^T panels of 16 outputs. */
static void gemm_forward(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws, const float *x,
                         const float *w, const float *bias, float *y) {
    float *wp = (float *)(ws + pl->o_w);
    int64_t ncp = ceil_div(g->cout_g, NR), ntn = ceil_div(g->n, MR), nblk = ceil_div(ntn, DIRECT_TILES);
    int64_t units = g->groups * ncp * nblk;
    static const int64_t zero[1] = {0};
    double macs = (double)g->n * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
#pragma omp for schedule(static)
        for (int64_t u = 0; u < g->groups * ncp; u++) {
            int64_t gi = u / ncp, cp = u % ncp;
            const float *rows[NR];
            for (int64_t l = 0; l < NR; l++)
                rows[l] = cp * NR + l < g->cout_g ? w + (gi * g->cout_g + cp * NR + l) * g->kg : NULL;
            rows16_to_panel(rows, g->kg, wp + u * g->kg * NR);
        }
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t gc = u / nblk, gi = gc / ncp, cp = gc % ncp, t0 = (u % nblk) * DIRECT_TILES;
            int64_t nt = min64(DIRECT_TILES, ntn - t0), c0 = gi * g->cout_g + cp * NR;
            int64_t lv = min64(NR, g->cout_g - cp * NR);
            const float *arow[DIRECT_TILES * MR];
            for (int64_t i = 0; i < nt * MR; i++)
                arow[i] = x + (min64(t0 * MR + i, g->n - 1) * g->cin + gi * g->cin_g) * g->hw;
            float outs[DIRECT_TILES * TILE];
            k2_block(nt, arow, 1, zero, wp + gc * g->kg * NR, zero, g->kg, outs);
            for (int64_t i = 0; i < min64(nt * MR, g->n - t0 * MR); i++)
                for (int64_t l = 0; l < lv; l++)
                    y[(t0 * MR + i) * g->cout + c0 + l] = outs[i * NR + l] + (bias != NULL ? bias[c0 + l] : 0.0f);
        }
    }
}

/* Shared by backward-data and backward-weight: C [rows][kg] (row stride ldc) = A^T B, where the A panels are
 * packed [panel][kk][6] and B rows are `brow` + k*ldb (the kg columns of one row, kk rows). Work is split over
 * column panels of 16; a last partial panel is copied, zero-padded, because its rows end before 16 floats. */
static void gemm_panels(int64_t rows, int64_t kk, int64_t kg, const float *ap, const float *brow, int64_t ldb,
                        float *c, int64_t ldc, float *tail_all, int64_t tail_bytes) {
    int64_t nm = ceil_div(rows, MR), nkp = ceil_div(kg, NR);
    float *tail = (float *)((char *)tail_all + omp_get_thread_num() * tail_bytes);
#pragma omp for schedule(dynamic, 4)
    for (int64_t kp = 0; kp < nkp; kp++) {
        int64_t k0 = kp * NR, lv = min64(NR, kg - k0);
        const float *b = brow + k0;
        int64_t lb = ldb;
        if (lv < NR) {
            for (int64_t k = 0; k < kk; k++)
                for (int64_t e = 0; e < NR; e++) tail[k * NR + e] = e < lv ? b[k * ldb + e] : 0.0f;
            b = tail, lb = NR;
        }
        for (int64_t m = 0; m < nm; m++)
            k1_to_rows(kk, ap + m * kk * MR, MR, b, lb, min64(MR, rows - m * MR), lv, c + m * MR * ldc + k0, ldc, NULL);
    }
}

/* backward-data: rows are images (A = GY^T panels), the reduction runs over cout_g rows of W. */
static void gemm_backward_data(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                               const float *gy, const float *w, float *gx) {
    float *ap = (float *)(ws + pl->o_w), *tail = (float *)(ws + pl->o_thr);
    int64_t nmn = ceil_div(g->n, MR);
    double macs = (double)g->n * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
#pragma omp for schedule(static)
        for (int64_t u = 0; u < g->groups * nmn; u++) {
            int64_t gi = u / nmn, m = u % nmn;
            for (int64_t co = 0; co < g->cout_g; co++)
                for (int64_t r = 0; r < MR; r++)
                    ap[(u * g->cout_g + co) * MR + r] =
                        m * MR + r < g->n ? gy[(m * MR + r) * g->cout + gi * g->cout_g + co] : 0.0f;
        }
        for (int64_t gi = 0; gi < g->groups; gi++)
            gemm_panels(g->n, g->cout_g, g->kg, ap + gi * nmn * g->cout_g * MR, w + gi * g->cout_g * g->kg, g->kg,
                        gx + gi * g->kg, g->cin * g->hw, tail, pl->thr_bytes);
    }
}

/* backward-weight: rows are output channels (A = GY panels), the reduction runs over the images. */
static void gemm_backward_weight(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                                 const float *x, const float *gy, float *gw) {
    float *ap = (float *)(ws + pl->o_w), *tail = (float *)(ws + pl->o_thr);
    int64_t nm = ceil_div(g->cout_g, MR);
    double macs = (double)g->n * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
#pragma omp for schedule(static)
        for (int64_t u = 0; u < g->groups * nm; u++) {
            int64_t gi = u / nm, m = u % nm;
            for (int64_t n = 0; n < g->n; n++)
                for (int64_t r = 0; r < MR; r++)
                    ap[(u * g->n + n) * MR + r] =
                        m * MR + r < g->cout_g ? gy[n * g->cout + gi * g->cout_g + m * MR + r] : 0.0f;
        }
        for (int64_t gi = 0; gi < g->groups; gi++)
            gemm_panels(g->cout_g, g->n, g->kg, ap + gi * nm * g->n * MR, x + gi * g->kg, g->cin * g->hw,
                        gw + gi * g->cout_g * g->kg, g->kg, tail, pl->thr_bytes);
    }
}

/* ---------------------------------------------------------------- DIRECT forward */

/* wp[g][panel][tap][ci][16] = w[g*cout_g + panel*16 + l][ci][tap], zero past cout_g. */
static void pack_w_forward(const tri_conv_geom *g, const float *w, float *wp) {
    int64_t ncp = ceil_div(g->cout_g, NR);
#pragma omp for schedule(static)
    for (int64_t u = 0; u < g->groups * ncp; u++) {
        int64_t gi = u / ncp, cp = u % ncp;
        float *dst = wp + u * g->kg * NR;
        for (int64_t l = 0; l < NR; l++) {
            int64_t co = cp * NR + l;
            const float *src = w + (gi * g->cout_g + min64(co, g->cout_g - 1)) * g->kg;
            for (int64_t ci = 0; ci < g->cin_g; ci++)
                for (int64_t t = 0; t < g->taps; t++)
                    dst[(t * g->cin_g + ci) * NR + l] = co < g->cout_g ? src[ci * g->taps + t] : 0.0f;
        }
    }
}

static void direct_forward(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws, const float *x,
                           const float *w, const float *bias, float *y) {
    float *wp = (float *)(ws + pl->o_w);
    int64_t *aoff = (int64_t *)(ws + pl->o_u), *woff = aoff + g->taps;
    for (int64_t t = 0; t < g->taps; t++) {
        aoff[t] = ((t / g->kw) * g->dh * pl->wp + (t % g->kw) * g->dw) * g->cin;
        woff[t] = t * g->cin_g * NR;
    }
    int64_t ncp = ceil_div(g->cout_g, NR), img = pl->hp * pl->wp * g->cin;
    int64_t nib = ceil_div(g->n, pl->nb), units = nib * pl->nsplit;
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
        pack_w_forward(g, w, wp);
        float *xt = (float *)(ws + pl->o_thr + omp_get_thread_num() * pl->thr_bytes);
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t n0 = (u / pl->nsplit) * pl->nb, nn = min64(pl->nb, g->n - n0), part = u % pl->nsplit;
            int64_t oh0 = g->ho * part / pl->nsplit, oh1 = g->ho * (part + 1) / pl->nsplit;
            int64_t rp = (oh1 - oh0) * g->wo, npx = nn * rp, ntiles = ceil_div(npx, MR);
            /* the padded input rows these output rows read */
            int64_t r0 = oh0 * g->sh, r1 = (oh1 - 1) * g->sh + (g->kh - 1) * g->dh + 1;
            for (int64_t i = 0; i < nn; i++)
                nhwc_rows(x + (n0 + i) * g->cin * g->hw, g->cin, g->h, g->w, pl->plo_h, pl->plo_w, pl->wp, r0, r1,
                          xt + i * img);
            for (int64_t t0 = 0; t0 < ntiles; t0 += DIRECT_TILES) {
                const float *base[DIRECT_TILES * MR];
                float *ybase[DIRECT_TILES * MR];
                int64_t nt = min64(DIRECT_TILES, ntiles - t0), nv = min64(nt * MR, npx - t0 * MR);
                /* pixel t0*6 + i as (image, row, column), stepped rather than divided */
                int64_t j = t0 * MR, nl = j / rp, oh = oh0 + (j % rp) / g->wo, ow = (j % rp) % g->wo;
                for (int64_t i = 0; i < nt * MR; i++) {
                    base[i] = xt + ((nl * pl->hp + oh * g->sh) * pl->wp + ow * g->sw) * g->cin;
                    ybase[i] = y + (n0 + nl) * g->cout * g->p + oh * g->wo + ow;
                    if (++j < npx && ++ow == g->wo && (ow = 0, ++oh == oh1)) oh = oh0, nl++;
                }
                for (int64_t gi = 0; gi < g->groups; gi++) {
                    const float *arow[DIRECT_TILES * MR];
                    for (int64_t i = 0; i < nt * MR; i++) arow[i] = base[i] + gi * g->cin_g;
                    for (int64_t cp = 0; cp < ncp; cp++) {
                        int64_t c0 = gi * g->cout_g + cp * NR, lv = min64(NR, g->cout_g - cp * NR);
                        float outs[DIRECT_TILES * TILE];
                        prefetch_tiles(nv, ybase, c0 * g->p, g->p, lv);
                        k2_block(nt, arow, g->taps, aoff, wp + (gi * ncp + cp) * g->kg * NR, woff, g->cin_g, outs);
                        store_tiles(outs, nv, ybase, c0 * g->p, g->p, lv, bias != NULL ? bias + c0 : NULL);
                    }
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- DIRECT backward-data */

/* wp[g][panel][tap][co][16] = w[g*cout_g + co][panel*16 + l][tap], zero past cin_g. */
static void pack_w_backward_data(const tri_conv_geom *g, const float *w, float *wp) {
    int64_t ncp = ceil_div(g->cin_g, NR);
#pragma omp for schedule(static)
    for (int64_t u = 0; u < g->groups * ncp; u++) {
        int64_t gi = u / ncp, cp = u % ncp;
        float *dst = wp + u * g->taps * g->cout_g * NR;
        for (int64_t co = 0; co < g->cout_g; co++) {
            const float *src = w + (gi * g->cout_g + co) * g->kg;
            for (int64_t t = 0; t < g->taps; t++)
                for (int64_t l = 0; l < NR; l++) {
                    int64_t ci = cp * NR + l;
                    dst[(t * g->cout_g + co) * NR + l] = ci < g->cin_g ? src[ci * g->taps + t] : 0.0f;
                }
        }
    }
}

static void direct_backward_data(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                                 const float *gy, const float *w, float *gx) {
    float *wp = (float *)(ws + pl->o_w);
    int64_t *aoff = (int64_t *)(ws + pl->o_u), *woff = aoff + g->taps, *tdy = woff + g->taps;
    int64_t *pstart = tdy + g->taps, nph = g->sh * g->sw;
    /* Tap tables, phase by phase (every tap belongs to exactly one phase): gy offset, weight offset, gy row
     * shift. */
    int64_t cnt = 0;
    for (int64_t ph = 0; ph < nph; ph++) {
        int64_t a = ph / g->sw, b = ph % g->sw;
        pstart[ph] = cnt;
        for (int64_t i = 0; i < g->kh; i++) {
            int hi, wi;
            int64_t dy = tap_shift(a, g->ph, i, g->dh, g->sh, &hi);
            if (!hi) continue;
            for (int64_t j = 0; j < g->kw; j++) {
                int64_t dx = tap_shift(b, g->pw, j, g->dw, g->sw, &wi);
                if (!wi) continue;
                aoff[cnt] = (dy * pl->wp + dx) * g->cout;
                woff[cnt] = (i * g->kw + j) * g->cout_g * NR;
                tdy[cnt] = dy;
                cnt++;
            }
        }
    }
    pstart[nph] = cnt;
    int64_t ncp = ceil_div(g->cin_g, NR), img = pl->hp * pl->wp * g->cout;
    int64_t units = ceil_div(g->n, pl->nb) * pl->nsplit;
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
        pack_w_backward_data(g, w, wp);
        float *gyt = (float *)(ws + pl->o_thr + omp_get_thread_num() * pl->thr_bytes);
        /* A unit is a block of images (or a range of gx rows of one image), all stride phases; its gx planes
         * are completed while in cache. */
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t n0 = (u / pl->nsplit) * pl->nb, nn = min64(pl->nb, g->n - n0), part = u % pl->nsplit;
            int64_t ih0 = g->h * part / pl->nsplit, ih1 = g->h * (part + 1) / pl->nsplit;
            /* the padded gy rows that gx rows [ih0, ih1) read */
            int64_t r0 = pl->hp, r1 = 0;
            for (int64_t ph = 0; ph < nph; ph++) {
                int64_t a = ph / g->sw, lo = phase_rows(a, ih0, g->sh), hi = phase_rows(a, ih1, g->sh);
                for (int64_t e = pstart[ph]; e < pstart[ph + 1] && hi > lo; e++)
                    r0 = min64(r0, lo + tdy[e] + pl->plo_h), r1 = max64(r1, hi + tdy[e] + pl->plo_h);
            }
            for (int64_t i = 0; i < nn && r0 < r1; i++)
                nhwc_rows(gy + (n0 + i) * g->cout * g->p, g->cout, g->ho, g->wo, pl->plo_h, pl->plo_w, pl->wp, r0, r1,
                          gyt + i * img);
            for (int64_t ph = 0; ph < nph; ph++) {
                int64_t a = ph / g->sw, b = ph % g->sw, lo = phase_rows(a, ih0, g->sh);
                int64_t rows = phase_rows(a, ih1, g->sh) - lo, cols = phase_rows(b, g->w, g->sw);
                int64_t rp = rows * cols, npx = nn * rp, ntiles = ceil_div(npx, MR);
                int64_t ntaps = pstart[ph + 1] - pstart[ph];
                const int64_t *pa = aoff + pstart[ph], *pw = woff + pstart[ph];
                for (int64_t t0 = 0; t0 < ntiles; t0 += DIRECT_TILES) {
                    const float *base[DIRECT_TILES * MR];
                    float *obase[DIRECT_TILES * MR];
                    int64_t nt = min64(DIRECT_TILES, ntiles - t0), nv = min64(nt * MR, npx - t0 * MR);
                    int64_t j = t0 * MR, nl = j / rp, r = lo + (j % rp) / cols, c = (j % rp) % cols;
                    for (int64_t i = 0; i < nt * MR; i++) {
                        base[i] = gyt + ((nl * pl->hp + r + pl->plo_h) * pl->wp + c + pl->plo_w) * g->cout;
                        obase[i] = gx + (n0 + nl) * g->cin * g->hw + (r * g->sh + a) * g->w + c * g->sw + b;
                        if (++j < npx && ++c == cols && (c = 0, ++r == lo + rows)) r = lo, nl++;
                    }
                    for (int64_t gi = 0; gi < g->groups; gi++) {
                        const float *arow[DIRECT_TILES * MR];
                        for (int64_t i = 0; i < nt * MR; i++) arow[i] = base[i] + gi * g->cout_g;
                        for (int64_t cp = 0; cp < ncp; cp++) {
                            int64_t c0 = gi * g->cin_g + cp * NR, lv = min64(NR, g->cin_g - cp * NR);
                            float outs[DIRECT_TILES * TILE];
                            prefetch_tiles(nv, obase, c0 * g->hw, g->hw, lv);
                            k2_block(nt, arow, ntaps, pa, wp + (gi * ncp + cp) * g->taps * g->cout_g * NR, pw,
                                     g->cout_g, outs);
                            store_tiles(outs, nv, obase, c0 * g->hw, g->hw, lv, NULL);
                        }
                    }
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- DIRECT backward-weight */

/* Backward-weight: worker v (of ctx->threads, whatever the team size) takes a fixed range of work units (image
 * blocks, or row ranges of single images, as in forward), converts each to channels-last in its own buffer
 * and accumulates tiles gw[6 co][16 ci] of every tap into its own partial sums, reducing over the unit's pixels
 * with k1_tile (6 output channels broadcast from gy^T panels, 16 input channels per vector). The partials are
 * summed in worker order at the end, so the result depends only on ctx->threads. */
static void direct_backward_weight(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                                   const float *x, const float *gy, float *gw) {
    int64_t nm = ceil_div(g->cout_g, MR), ncp = ceil_div(g->cin_g, NR), ntiles = g->groups * g->taps * ncp * nm;
    int64_t img = pl->hp * pl->wp * g->cin, units = ceil_div(g->n, pl->nb) * pl->nsplit, workers = pl->workers;
    int64_t *toff = (int64_t *)(ws + pl->o_u);
    for (int64_t t = 0; t < g->taps; t++) toff[t] = ((t / g->kw) * g->dh * pl->wp + (t % g->kw) * g->dw) * g->cin;
    /* per-worker scratch: partial tiles, channels-last block, gy^T panels, pixel offsets, gathered rows */
    int64_t maxpx = pl->nb * ceil_div(g->ho, pl->nsplit) * g->wo;
    int64_t b_acc = round_up(4 * ntiles * TILE, 64), b_xt = round_up(4 * (pl->nb * img + NR), 64);
    int64_t b_gyt = round_up(4 * g->groups * nm * maxpx * MR, 64), b_off = round_up(8 * maxpx, 64);
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
#pragma omp for schedule(dynamic, 1)
        for (int64_t v = 0; v < workers; v++) {
            char *mine = ws + pl->o_thr + v * pl->thr_bytes;
            float *acc = (float *)mine, *xt = (float *)(mine + b_acc), *gyt = (float *)(mine + b_acc + b_xt);
            int64_t *poff = (int64_t *)(mine + b_acc + b_xt + b_gyt);
            float *bpk = (float *)(mine + b_acc + b_xt + b_gyt + b_off);
            memset(acc, 0, sizeof(float) * ntiles * TILE);
            for (int64_t u = units * v / workers; u < units * (v + 1) / workers; u++) {
                int64_t n0 = (u / pl->nsplit) * pl->nb, nn = min64(pl->nb, g->n - n0), part = u % pl->nsplit;
                int64_t oh0 = g->ho * part / pl->nsplit, oh1 = g->ho * (part + 1) / pl->nsplit;
                int64_t rp = (oh1 - oh0) * g->wo, npx = nn * rp;
                int64_t r0 = oh0 * g->sh, r1 = (oh1 - 1) * g->sh + (g->kh - 1) * g->dh + 1;
                memset(xt + nn * img, 0, sizeof(float) * NR); /* k1 reads 16 channels past any pixel */
                for (int64_t i = 0; i < nn; i++)
                    nhwc_rows(x + (n0 + i) * g->cin * g->hw, g->cin, g->h, g->w, pl->plo_h, pl->plo_w, pl->wp, r0,
                              r1, xt + i * img);
                for (int64_t j = 0; j < npx; j++) {
                    int64_t nl = j / rp, q = j % rp;
                    poff[j] = ((nl * pl->hp + (oh0 + q / g->wo) * g->sh) * pl->wp + (q % g->wo) * g->sw) * g->cin;
                }
                for (int64_t gm = 0; gm < g->groups * nm; gm++) {
                    int64_t gi = gm / nm, m = gm % nm;
                    for (int64_t i = 0; i < nn; i++) {
                        const float *rows[MR];
                        for (int64_t r = 0; r < MR; r++)
                            rows[r] = m * MR + r < g->cout_g
                                          ? gy + ((n0 + i) * g->cout + gi * g->cout_g + m * MR + r) * g->p + oh0 * g->wo
                                          : NULL;
                        rows6_to_panel(rows, rp, gyt + (gm * maxpx + i * rp) * MR);
                    }
                }
                for (int64_t j0 = 0; j0 < npx; j0 += BWW_BLOCK) {
                    int64_t jl = min64(BWW_BLOCK, npx - j0);
                    /* Tiles ordered (group, tap, channel panel, co panel): the gathered 16-channel rows serve
                     * every co panel. Gathering them also packs rows that sit cin floats apart in xt, which
                     * would map onto a fraction of L1's sets. */
                    for (int64_t gtc = 0; gtc < g->groups * g->taps * ncp; gtc++) {
                        int64_t cp = gtc % ncp, t = (gtc / ncp) % g->taps, gi = gtc / (ncp * g->taps);
                        gather_rows16(xt + toff[t] + gi * g->cin_g + cp * NR, poff + j0, jl, bpk);
                        for (int64_t m = 0; m < nm; m++)
                            k1_tile(jl, gyt + ((gi * nm + m) * maxpx + j0) * MR, MR, bpk, NR, NULL,
                                    acc + (gtc * nm + m) * TILE, NR, 1, NULL);
                    }
                }
            }
        }
        /* gw[co][ci][tap] = sum of the workers' tiles, in worker order */
#pragma omp for schedule(static)
        for (int64_t tile = 0; tile < ntiles; tile++) {
            int64_t m = tile % nm, cp = (tile / nm) % ncp, t = (tile / (nm * ncp)) % g->taps;
            int64_t gi = tile / (nm * ncp * g->taps);
            for (int64_t r = 0; r < min64(MR, g->cout_g - m * MR); r++) {
                float *dst = gw + ((gi * g->cout_g + m * MR + r) * g->cin_g + cp * NR) * g->taps + t;
                for (int64_t l = 0; l < min64(NR, g->cin_g - cp * NR); l++) {
                    float s = 0.0f;
                    for (int64_t v = 0; v < workers; v++)
                        s += ((const float *)(ws + pl->o_thr + v * pl->thr_bytes))[tile * TILE + r * NR + l];
                    dst[l * g->taps] = s;
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- FRAME and GENERIC paths */

/* col[k][jj] (row stride ld) = x value under tap k of output pixel p0 + jj, for jj < cnt; zero when the tap
 * falls in the padding; columns cnt..round_up(cnt, 16) are zeroed. xg points at the group's first channel. */
CONV_CLONES static void im2col_block(const tri_conv_geom *g, const float *restrict xg, int64_t p0, int64_t cnt,
                                     float *restrict col, int64_t ld) {
    int64_t cpad = round_up(cnt, NR);
    for (int64_t k = 0; k < g->kg; k++) {
        int64_t ci = k / g->taps, t = k % g->taps;
        int64_t offh = (t / g->kw) * g->dh - g->ph, offw = (t % g->kw) * g->dw - g->pw;
        const float *src = xg + ci * g->hw;
        float *dst = col + k * ld;
        int64_t jj = 0;
        while (jj < cnt) {
            int64_t p = p0 + jj, oh = p / g->wo, ow = p % g->wo;
            int64_t run = min64(g->wo - ow, cnt - jj);
            int64_t ih = oh * g->sh + offh;
            if (ih < 0 || ih >= g->h) {
                for (int64_t e = 0; e < run; e++) dst[jj + e] = 0.0f;
            } else {
                const float *srow = src + ih * g->w;
                for (int64_t e = 0; e < run; e++) {
                    int64_t iw = (ow + e) * g->sw + offw;
                    dst[jj + e] = (iw >= 0 && iw < g->w) ? srow[iw] : 0.0f;
                }
            }
            jj += run;
        }
        for (; jj < cpad; jj++) dst[jj] = 0.0f;
    }
}

/* ap[g][panel][k][6] = rows panel*6 + r of the group's [rows x kk] matrix m (row stride ld), zero past rows.
 * Transposed (trans != 0): ap[g][panel][k][6] = m[k][panel*6 + r]. */
static void pack_a_panels(const float *m, int64_t groups, int64_t rows, int64_t kk, int64_t gstride, int trans,
                          float *ap) {
    int64_t nm = ceil_div(rows, MR);
#pragma omp for schedule(static)
    for (int64_t u = 0; u < groups * nm; u++) {
        int64_t gi = u / nm, pnl = u % nm;
        const float *src = m + gi * gstride;
        float *dst = ap + u * kk * MR;
        for (int64_t k = 0; k < kk; k++)
            for (int64_t r = 0; r < MR; r++) {
                int64_t row = pnl * MR + r;
                dst[k * MR + r] = row < rows ? (trans ? src[k * rows + row] : src[row * kk + k]) : 0.0f;
            }
    }
}

/* FRAME forward, stride 1: output pixel (oh, ow) reads padded input (oh + kh*dh, ow + kw*dw), so in the
 * "frame" of padded width wp (q = oh*wp + ow) every tap k is the padded image shifted by koff[k]: k1_tile runs
 * on 16 consecutive frame pixels with B rows taken straight from a zero-padded NCHW copy (no im2col), 6 output
 * channels broadcast from packed weights, and stores whole tiles into an output frame; frame columns
 * ow >= wo are computed and dropped when the frame rows are copied out. */
static void frame_forward(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws, const float *x,
                          const float *w, const float *bias, float *y) {
    float *wp = (float *)(ws + pl->o_w);
    int64_t *koff = (int64_t *)(ws + pl->o_u), hp = pl->hp, wq = pl->wp, plane = hp * wq;
    for (int64_t k = 0; k < g->kg; k++) {
        int64_t t = k % g->taps;
        koff[k] = (k / g->taps) * plane + (t / g->kw) * g->dh * wq + (t % g->kw) * g->dw;
    }
    int64_t nm = ceil_div(g->cout_g, MR), units = g->n * pl->nsplit;
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
        pack_a_panels(w, g->groups, g->cout_g, g->kg, g->cout_g * g->kg, 0, wp);
        float *xp = (float *)(ws + pl->o_thr + omp_get_thread_num() * pl->thr_bytes);
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t n = u / pl->nsplit, part = u % pl->nsplit;
            int64_t oh0 = g->ho * part / pl->nsplit, oh1 = g->ho * (part + 1) / pl->nsplit;
            /* padded rows [oh0, oh1 + (kh-1)*dh) of every channel; the slack after the last plane is zeroed
             * because frame columns past the image read into it */
            int64_t r1 = oh1 + (g->kh - 1) * g->dh;
            for (int64_t ci = 0; ci < g->cin; ci++)
                for (int64_t r = oh0; r < r1; r++) {
                    float *row = xp + ci * plane + r * wq;
                    int64_t ih = r - g->ph;
                    if (ih < 0 || ih >= g->h) {
                        memset(row, 0, sizeof(float) * wq);
                    } else {
                        memset(row, 0, sizeof(float) * g->pw);
                        memcpy(row + g->pw, x + (n * g->cin + ci) * g->hw + ih * g->w, sizeof(float) * g->w);
                        memset(row + g->pw + g->w, 0, sizeof(float) * g->pw);
                    }
                }
            memset(xp + g->cin * plane, 0, sizeof(float) * (wq + NR));
            /* output frame of the unit, [output channel][rows][wq] with 16 floats of slack per channel for the
             * last tile's overhang, then compacted to y */
            int64_t fplane = (oh1 - oh0) * wq + NR, q1 = (oh1 - 1) * wq + g->wo; /* one past the last valid pixel */
            float *yf = xp + round_up(g->cin * plane + wq + NR, 16);
            for (int64_t gi = 0; gi < g->groups; gi++) {
                for (int64_t m = 0; m < nm; m++) {
                    int64_t rv = min64(MR, g->cout_g - m * MR), c0 = gi * g->cout_g + m * MR;
                    float bv[MR] = {0};
                    for (int64_t r = 0; r < rv && bias != NULL; r++) bv[r] = bias[c0 + r];
                    for (int64_t q0 = oh0 * wq; q0 < q1; q0 += NR)
                        k1_tile(g->kg, wp + (gi * nm + m) * g->kg * MR, MR, xp + gi * g->cin_g * plane + q0, 0, koff,
                                yf + m * MR * fplane + q0 - oh0 * wq, fplane, 0, bv);
                }
                for (int64_t co = 0; co < g->cout_g; co++)
                    for (int64_t oh = oh0; oh < oh1; oh++)
                        memcpy(y + ((n * g->cout + gi * g->cout_g + co) * g->ho + oh) * g->wo,
                               yf + co * fplane + (oh - oh0) * wq, sizeof(float) * g->wo);
            }
        }
    }
}

static void generic_forward(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws, const float *x,
                            const float *w, const float *bias, float *y) {
    float *wp = (float *)(ws + pl->o_w);
    int64_t nm = ceil_div(g->cout_g, MR), nblk = ceil_div(g->p, GEN_BLOCK), units = g->n * g->groups * nblk;
    int pointwise = is_pointwise(g);
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
        pack_a_panels(w, g->groups, g->cout_g, g->kg, g->cout_g * g->kg, 0, wp);
        float *scratch = (float *)(ws + pl->o_thr + omp_get_thread_num() * pl->thr_bytes);
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t n = u / (g->groups * nblk), gi = (u / nblk) % g->groups, p0 = (u % nblk) * GEN_BLOCK;
            int64_t cnt = min64(GEN_BLOCK, g->p - p0);
            const float *xg = x + (n * g->cin + gi * g->cin_g) * g->hw;
            const float *bmat;
            int64_t ldb;
            if (pointwise) {
                bmat = xg + p0, ldb = g->p;
            } else {
                im2col_block(g, xg, p0, cnt, scratch, GEN_BLOCK);
                bmat = scratch, ldb = GEN_BLOCK;
            }
            for (int64_t c0 = 0; c0 < cnt; c0 += NR) {
                int64_t cv = min64(NR, cnt - c0);
                const float *bp = bmat + c0;
                int64_t lb = ldb;
                if (pointwise && cv < NR) { /* the image rows end here: pad a copy */
                    for (int64_t k = 0; k < g->kg; k++)
                        for (int64_t e = 0; e < NR; e++) scratch[k * NR + e] = e < cv ? bp[k * ldb + e] : 0.0f;
                    bp = scratch, lb = NR;
                }
                for (int64_t m = 0; m < nm; m++) {
                    int64_t rv = min64(MR, g->cout_g - m * MR), co = gi * g->cout_g + m * MR;
                    float bv[MR] = {0};
                    for (int64_t r = 0; r < rv && bias != NULL; r++) bv[r] = bias[co + r];
                    k1_to_rows(g->kg, wp + (gi * nm + m) * g->kg * MR, MR, bp, lb, rv, cv,
                               y + (n * g->cout + co) * g->p + p0 + c0, g->p, bv);
                }
            }
        }
    }
}

/* 1x1 stride-1 backward-data: gx rows = w^T gy rows, 16 pixels per vector, no col2im. */
static void pointwise_backward_data(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                                    const float *gy, const float *w, float *gx) {
    float *wp = (float *)(ws + pl->o_w);
    int64_t nk = ceil_div(g->kg, MR), units = g->n * g->groups;
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
        /* A = w^T per group: rows are input channels, the reduction runs over cout_g. */
        pack_a_panels(w, g->groups, g->kg, g->cout_g, g->cout_g * g->kg, 1, wp);
        float *tail = (float *)(ws + pl->o_thr + omp_get_thread_num() * pl->thr_bytes);
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t n = u / g->groups, gi = u % g->groups;
            const float *gyg = gy + (n * g->cout + gi * g->cout_g) * g->p;
            float *gxg = gx + (n * g->cin + gi * g->cin_g) * g->hw;
            for (int64_t c0 = 0; c0 < g->p; c0 += NR) {
                int64_t cv = min64(NR, g->p - c0);
                const float *bp = gyg + c0;
                int64_t lb = g->p;
                if (cv < NR) { /* the gy rows end here: pad a copy */
                    for (int64_t k = 0; k < g->cout_g; k++)
                        for (int64_t e = 0; e < NR; e++) tail[k * NR + e] = e < cv ? bp[k * g->p + e] : 0.0f;
                    bp = tail, lb = NR;
                }
                for (int64_t m = 0; m < nk; m++)
                    k1_to_rows(g->cout_g, wp + (gi * nk + m) * g->cout_g * MR, MR, bp, lb, min64(MR, g->kg - m * MR),
                               cv, gxg + m * MR * g->hw + c0, g->hw, NULL);
            }
        }
    }
}

/* Backward-data for few channels: C[pixel][tap] = gy^T w, 6 pixels broadcast straight from the gy rows against 16
 * taps of w per vector, scattered into a zero-padded copy of the gx planes as each tile completes (col2im by
 * pixel, with no bounds checks), which is copied out at the end of the image. */
static void generic_backward_data(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                                  const float *gy, const float *w, float *gx) {
    int64_t kpad = round_up(g->kg, NR), units = g->n * g->groups, hp = pl->hp, wp_ = pl->wp;
    float *wp = (float *)(ws + pl->o_w);
    int64_t *koff = (int64_t *)(ws + pl->o_u);
    for (int64_t k = 0; k < g->kg; k++) {
        int64_t t = k % g->taps;
        koff[k] = (k / g->taps) * hp * wp_ + (t / g->kw) * g->dh * wp_ + (t % g->kw) * g->dw;
    }
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
#pragma omp for schedule(static)
        for (int64_t row = 0; row < g->cout; row++) {
            const float *src = w + row * g->kg;
            float *dst = wp + row * kpad;
            for (int64_t k = 0; k < kpad; k++) dst[k] = k < g->kg ? src[k] : 0.0f;
        }
        float *ap = (float *)(ws + pl->o_thr + omp_get_thread_num() * pl->thr_bytes);
        float *pad = (float *)((char *)ap + round_up(4 * g->cout_g * MR, 64));
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < units; u++) {
            int64_t n = u / g->groups, gi = u % g->groups;
            const float *gyg = gy + (n * g->cout + gi * g->cout_g) * g->p;
            memset(pad, 0, sizeof(float) * g->cin_g * hp * wp_);
            int64_t nt = ceil_div(g->p, MR), nfull = g->p / MR;
            /* A is gy itself (6 consecutive pixels of each channel row, rows p apart), except for a last partial
             * tile, whose rows would run past the tensor: that one is copied, zero-padded. */
            if (nt > nfull)
                for (int64_t co = 0; co < g->cout_g; co++)
                    for (int64_t r = 0; r < MR; r++)
                        ap[co * MR + r] = nfull * MR + r < g->p ? gyg[co * g->p + nfull * MR + r] : 0.0f;
            for (int64_t kp = 0; kp < kpad; kp += NR) {
                int64_t lv = min64(NR, g->kg - kp);
                for (int64_t tt = 0; tt < nt; tt++) {
                    float out[TILE];
                    int full = tt < nfull;
                    k1_tile(g->cout_g, full ? gyg + tt * MR : ap, full ? g->p : MR, wp + gi * g->cout_g * kpad + kp,
                            kpad, NULL, out, NR, 0, NULL);
                    int64_t rv = min64(MR, g->p - tt * MR), poff[MR];
                    for (int64_t r = 0; r < rv; r++) {
                        int64_t p = tt * MR + r;
                        poff[r] = (p / g->wo) * g->sh * wp_ + (p % g->wo) * g->sw;
                    }
                    /* Tap-major: the pixels of one tap hit distinct elements, so the read-modify-writes do not
                     * wait on each other. */
                    for (int64_t l = 0; l < lv; l++) {
                        float *dst = pad + koff[kp + l];
                        for (int64_t r = 0; r < rv; r++) dst[poff[r]] += out[r * NR + l];
                    }
                }
            }
            float *gxg = gx + (n * g->cin + gi * g->cin_g) * g->hw;
            for (int64_t ci = 0; ci < g->cin_g; ci++)
                for (int64_t ih = 0; ih < g->h; ih++)
                    memcpy(gxg + (ci * g->h + ih) * g->w, pad + (ci * hp + ih + g->ph) * wp_ + g->pw,
                           sizeof(float) * g->w);
        }
    }
}

/* colt[jj][k] (row stride ld) = x under tap k of output pixel p0 + jj; taps kg..ld-1 are zero. */
CONV_CLONES static void im2col_t_block(const tri_conv_geom *g, const float *restrict xg, int64_t p0, int64_t cnt,
                                       float *restrict colt, int64_t ld) {
    for (int64_t jj = 0; jj < cnt; jj++) {
        int64_t p = p0 + jj, oh = p / g->wo, ow = p % g->wo;
        float *dst = colt + jj * ld;
        for (int64_t ci = 0; ci < g->cin_g; ci++) {
            const float *src = xg + ci * g->hw;
            for (int64_t i = 0; i < g->kh; i++) {
                int64_t ih = oh * g->sh + i * g->dh - g->ph;
                float *d = dst + ci * g->taps + i * g->kw;
                if (ih < 0 || ih >= g->h) {
                    for (int64_t j = 0; j < g->kw; j++) d[j] = 0.0f;
                    continue;
                }
                for (int64_t j = 0; j < g->kw; j++) {
                    int64_t iw = ow * g->sw + j * g->dw - g->pw;
                    d[j] = (iw >= 0 && iw < g->w) ? src[ih * g->w + iw] : 0.0f;
                }
            }
        }
        for (int64_t k = g->kg; k < ld; k++) dst[k] = 0.0f;
    }
}

/* Backward-weight for few input channels: per block of pixels, im2col^T rows (16 taps per vector) against gy^T
 * panels (6 output channels), accumulated into per-worker partials that are summed in worker order. */
static void generic_backward_weight(tri_context *ctx, const tri_conv_geom *g, const conv_plan *pl, char *ws,
                                    const float *x, const float *gy, float *gw) {
    int64_t kpad = round_up(g->kg, NR), nkp = kpad / NR, nm = ceil_div(g->cout_g, MR);
    int64_t units = g->n * g->groups, workers = pl->workers;
    int64_t colt_bytes = round_up(4 * GEN_BLOCK * kpad, 64), gyt_bytes = round_up(4 * nm * GEN_BLOCK * MR, 64);
    int64_t part_floats = g->groups * nm * nkp * TILE;
    double macs = (double)g->n * g->p * g->cout * g->kg;
#pragma omp parallel num_threads(ctx->threads) if (macs > TRI_PARALLEL_GRAIN)
    {
        /* Worker v (of ctx->threads, whatever the team size) sums a fixed range of (image, group) units into
         * its own partial, so the result depends only on ctx->threads. */
#pragma omp for schedule(dynamic, 1)
        for (int64_t v = 0; v < workers; v++) {
            char *mine = ws + pl->o_thr + v * pl->thr_bytes;
            float *colt = (float *)mine, *gyt = (float *)(mine + colt_bytes);
            float *part = (float *)(mine + colt_bytes + gyt_bytes);
            memset(part, 0, sizeof(float) * part_floats);
            for (int64_t u = units * v / workers; u < units * (v + 1) / workers; u++) {
                int64_t n = u / g->groups, gi = u % g->groups;
                const float *xg = x + (n * g->cin + gi * g->cin_g) * g->hw;
                const float *gyg = gy + (n * g->cout + gi * g->cout_g) * g->p;
                for (int64_t p0 = 0; p0 < g->p; p0 += GEN_BLOCK) {
                    int64_t cnt = min64(GEN_BLOCK, g->p - p0);
                    im2col_t_block(g, xg, p0, cnt, colt, kpad);
                    for (int64_t m = 0; m < nm; m++) {
                        const float *rows[MR];
                        for (int64_t r = 0; r < MR; r++)
                            rows[r] = m * MR + r < g->cout_g ? gyg + (m * MR + r) * g->p + p0 : NULL;
                        rows6_to_panel(rows, cnt, gyt + m * cnt * MR);
                    }
                    for (int64_t kp = 0; kp < nkp; kp++)
                        for (int64_t m = 0; m < nm; m++)
                            k1_tile(cnt, gyt + m * cnt * MR, MR, colt + kp * NR, kpad, NULL,
                                    part + ((gi * nm + m) * nkp + kp) * TILE, NR, 1, NULL);
                }
            }
        }
        /* Sum the partials in worker order and scatter to [cout][cin_g][kh][kw]. */
#pragma omp for schedule(static)
        for (int64_t tile = 0; tile < g->groups * nm * nkp; tile++) {
            int64_t kp = tile % nkp, m = (tile / nkp) % nm, gi = tile / (nkp * nm);
            for (int64_t r = 0; r < min64(MR, g->cout_g - m * MR); r++) {
                float *dst = gw + (gi * g->cout_g + m * MR + r) * g->kg + kp * NR;
                for (int64_t l = 0; l < min64(NR, g->kg - kp * NR); l++) {
                    float s = 0.0f;
                    for (int64_t v = 0; v < workers; v++)
                        s += ((const float *)(ws + pl->o_thr + v * pl->thr_bytes + colt_bytes +
                                              gyt_bytes))[tile * TILE + r * NR + l];
                    dst[l] = s;
                }
            }
        }
    }
}

/* Sum of one channel of gy over images and pixels, in a fixed order (8 lanes, then a fixed tree). */
CONV_CLONES static float channel_sum(const float *restrict gy, int64_t n, int64_t stride, int64_t p) {
    v8 acc = {0};
    float tail = 0.0f;
    for (int64_t i = 0; i < n; i++) {
        const float *src = gy + i * stride;
        int64_t e = 0;
        for (; e + 8 <= p; e += 8) acc += ld8(src + e);
        for (; e < p; e++) tail += src[e];
    }
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + tail;
}

static void bias_grad(tri_context *ctx, const tri_conv_geom *g, const float *gy, float *gbias) {
    double work = (double)g->n * g->cout * g->p;
#pragma omp parallel for num_threads(ctx->threads) if (work > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t co = 0; co < g->cout; co++) gbias[co] = channel_sum(gy + co * g->p, g->n, g->cout * g->p, g->p);
}

/* ---------------------------------------------------------------- entry points */

TRI_API tri_status tri_conv2d_forward_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *x,
                                          const float *w, const float *bias, float *y, void *workspace,
                                          int64_t workspace_bytes) {
    const char *call = "tri_conv2d_forward_f32";
    tri_conv_geom g;
    conv_plan pl;
    char *ws = NULL;
    tri_status st = conv_begin(call, ctx, desc, TRI_CONV_FORWARD, workspace, workspace_bytes, &g, &pl, &ws);
    if (st != TRI_OK) return st;
    if (g.n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, w);
    TRI_CHECK_PTR(call, y);
    if (pl.path == PATH_GEMM) {
        gemm_forward(ctx, &g, &pl, ws, x, w, bias, y);
    } else if (pl.path == PATH_DIRECT) {
        direct_forward(ctx, &g, &pl, ws, x, w, bias, y);
    } else if (pl.path == PATH_FRAME) {
        frame_forward(ctx, &g, &pl, ws, x, w, bias, y);
    } else {
        generic_forward(ctx, &g, &pl, ws, x, w, bias, y);
    }
    return TRI_OK;
}

TRI_API tri_status tri_conv2d_backward_data_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *gy,
                                                const float *w, float *gx, void *workspace,
                                                int64_t workspace_bytes) {
    const char *call = "tri_conv2d_backward_data_f32";
    tri_conv_geom g;
    conv_plan pl;
    char *ws = NULL;
    tri_status st = conv_begin(call, ctx, desc, TRI_CONV_BACKWARD_DATA, workspace, workspace_bytes, &g, &pl, &ws);
    if (st != TRI_OK) return st;
    if (g.n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, w);
    TRI_CHECK_PTR(call, gx);
    if (pl.path == PATH_GEMM) {
        gemm_backward_data(ctx, &g, &pl, ws, gy, w, gx);
    } else if (pl.path == PATH_DIRECT) {
        direct_backward_data(ctx, &g, &pl, ws, gy, w, gx);
    } else if (is_pointwise(&g)) {
        pointwise_backward_data(ctx, &g, &pl, ws, gy, w, gx);
    } else {
        generic_backward_data(ctx, &g, &pl, ws, gy, w, gx);
    }
    return TRI_OK;
}

TRI_API tri_status tri_conv2d_backward_weight_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *x,
                                                  const float *gy, float *gw, float *gbias, void *workspace,
                                                  int64_t workspace_bytes) {
    const char *call = "tri_conv2d_backward_weight_f32";
    tri_conv_geom g;
    conv_plan pl;
    char *ws = NULL;
    tri_status st = conv_begin(call, ctx, desc, TRI_CONV_BACKWARD_WEIGHT, workspace, workspace_bytes, &g, &pl, &ws);
    if (st != TRI_OK) return st;
    TRI_CHECK_PTR(call, gw);
    if (g.n == 0) { /* no images: the gradients are zero */
        memset(gw, 0, sizeof(float) * g.cout * g.kg);
        if (gbias != NULL) memset(gbias, 0, sizeof(float) * g.cout);
        return TRI_OK;
    }
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, gy);
    if (pl.path == PATH_GEMM) {
        gemm_backward_weight(ctx, &g, &pl, ws, x, gy, gw);
    } else if (pl.path == PATH_DIRECT) {
        direct_backward_weight(ctx, &g, &pl, ws, x, gy, gw);
    } else {
        generic_backward_weight(ctx, &g, &pl, ws, x, gy, gw);
    }
    if (gbias != NULL) bias_grad(ctx, &g, gy, gbias);
    return TRI_OK;
}
