/* tri_sum_f32. Sums accumulate in double and every partial sum has a place fixed by the shape alone, so
 * results are accurate to ~1e-15 before the final rounding and bit-identical for any thread count and ISA.
 *
 * After dropping size-1 dims and merging neighbours that are both reduced or both kept, the innermost
 * group decides the loop: reduced -> each output sums contiguous segments (the last dim, everything, or
 * the H*W rows of each channel for a conv bias gradient over [N, C, H*W]); kept -> each output row
 * accumulates whole input rows column-wise (leading dims, e.g. a linear bias gradient over [N, C]). When
 * there are few outputs, each output's reduction is split into chunks whose partial sums are added in
 * chunk order afterwards. */
#include <stdlib.h>

#include "elementwise_internal.h"

#define SUM_LANES 16       /* independent double accumulators: enough to hide add latency at any width */
#define COL_TILE 512       /* columns per work unit when the innermost dim is kept (a 4 KiB accumulator) */
#define CHUNK_WORK 65536   /* input elements per work unit when one output's reduction is split */
#define MIN_ITEMS 64       /* with this many independent outputs or tiles, no reduction is split */
#define MAX_UNITS 256      /* caps the partial-sum buffer of a split reduction */

/* Lane j sums x[j], x[j+16], ...; lanes and tail combine in a fixed order, so the vector width the clone
 * uses does not change the result. */
TRI_KERNEL static double sum_contiguous(const float *x, int64_t n) {
    double acc[SUM_LANES] = {0};
    int64_t i = 0;
    for (; i + SUM_LANES <= n; i += SUM_LANES) {
        for (int j = 0; j < SUM_LANES; j++) acc[j] += (double)x[i + j];
    }
    for (int w = SUM_LANES / 2; w > 0; w /= 2) {
        for (int j = 0; j < w; j++) acc[j] += acc[j + w];
    }
    double tail = 0.0;
    for (; i < n; i++) tail += (double)x[i];
    return acc[0] + tail;
}

TRI_KERNEL static void accumulate_row(double *acc, const float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) acc[i] += (double)x[i];
}

TRI_KERNEL static void scale_copy(int64_t n, const float *x, float scale, float *y) {
    for (int64_t i = 0; i < n; i++) y[i] = x[i] * scale;
}

/* The kept and reduced spaces of a sum are walked as odometers. Sets idx to flat index q of d and returns its
 * element offset. */
static int64_t dims_seek(const tri_dims *d, int64_t q, int64_t *idx) {
    int64_t off = 0;
    for (int32_t k = d->rank - 1; k >= 0; k--) {
        idx[k] = q % d->size[k];
        q /= d->size[k];
        off += idx[k] * d->stride[k];
    }
    return off;
}

/* Advances idx by one and returns the new offset (wrapping to 0 after the last index). */
static int64_t dims_next(const tri_dims *d, int64_t *idx, int64_t off) {
    for (int32_t k = d->rank - 1; k >= 0; k--) {
        off += d->stride[k];
        if (++idx[k] < d->size[k]) return off;
        off -= idx[k] * d->stride[k];
        idx[k] = 0;
    }
    return off;
}

typedef struct sum_plan {
    const float *x;
    float *y;
    double scale;
    tri_sum_layout l;
    int64_t col_tiles; /* kept innermost: COL_TILE-wide tiles per output row */
    int64_t items;     /* independent work items: outputs, or output rows x column tiles */
    int64_t chunks;    /* pieces each item's reduction is split into */
    double *partial;   /* [chunks][outputs] when chunks > 1 */
} sum_plan;

/* Innermost reduced: item o is output o; chunk [q0, q1) of its per_out elements, in segments of `inner`. */
static void sum_unit_segments(const sum_plan *p, int64_t o, int64_t c) {
    int64_t q0 = p->l.per_out * c / p->chunks, q1 = p->l.per_out * (c + 1) / p->chunks;
    int64_t kidx[TRI_MAX_DIMS], ridx[TRI_MAX_DIMS];
    const float *base = p->x + dims_seek(&p->l.kept, o, kidx);
    int64_t col = q0 % p->l.inner;
    int64_t off = dims_seek(&p->l.red, q0 / p->l.inner, ridx);
    double s = 0.0;
    for (int64_t q = q0; q < q1;) {
        int64_t len = p->l.inner - col < q1 - q ? p->l.inner - col : q1 - q;
        s += sum_contiguous(base + off + col, len);
        q += len;
        col = 0;
        off = dims_next(&p->l.red, ridx, off);
    }
    if (p->chunks == 1) p->y[o] = (float)(s * p->scale);
    else p->partial[c * p->l.outputs + o] = s;
}

/* Innermost kept: item = (output row, column tile); chunk [q0, q1) of the reduced rows. */
static void sum_unit_columns(const sum_plan *p, int64_t item, int64_t c) {
    int64_t row = item / p->col_tiles, t0 = item % p->col_tiles * COL_TILE;
    int64_t width = p->l.inner - t0 < COL_TILE ? p->l.inner - t0 : COL_TILE;
    int64_t q0 = p->l.per_out * c / p->chunks, q1 = p->l.per_out * (c + 1) / p->chunks;
    int64_t kidx[TRI_MAX_DIMS], ridx[TRI_MAX_DIMS];
    const float *base = p->x + dims_seek(&p->l.kept, row, kidx) + t0;
    int64_t o0 = row * p->l.inner + t0;
    double local[COL_TILE];
    double *acc = p->chunks == 1 ? local : p->partial + c * p->l.outputs + o0;
    for (int64_t j = 0; j < width; j++) acc[j] = 0.0;
    int64_t off = dims_seek(&p->l.red, q0, ridx);
    for (int64_t q = q0; q < q1; q++) {
        accumulate_row(acc, base + off, width);
        off = dims_next(&p->l.red, ridx, off);
    }
    if (p->chunks == 1) {
        for (int64_t j = 0; j < width; j++) p->y[o0 + j] = (float)(acc[j] * p->scale);
    }
}

TRI_API tri_status tri_sum_f32(tri_context *ctx, const tri_reduce *desc, const float *x, float scale, float *y) {
    static const char *call = "tri_sum_f32";
    sum_plan p = {.x = x, .y = y, .scale = (double)scale};
    const tri_status st = tri_check_sum(call, ctx, desc, x, y, &p.l);
    if (st != TRI_OK || p.l.outputs == 0) return st;
    const int64_t outputs = p.l.outputs, per_out = p.l.per_out, total = p.l.total;
    if (per_out == 0) {
        for (int64_t o = 0; o < outputs; o++) y[o] = 0.0f;
        return TRI_OK;
    }
    if (per_out == 1) {
        int64_t parts = tri_parts(ctx, total);
#pragma omp parallel for num_threads(ctx->threads) if (parts > 1) schedule(static)
        for (int64_t part = 0; part < parts; part++) {
            int64_t b = tri_part_begin(total, parts, part), e = tri_part_begin(total, parts, part + 1);
            scale_copy(e - b, x + b, scale, y + b);
        }
        return TRI_OK;
    }

    int64_t item_work;
    if (p.l.inner_reduced) {
        p.items = outputs;
        item_work = per_out;
    } else {
        p.col_tiles = (p.l.inner + COL_TILE - 1) / COL_TILE;
        p.items = outputs / p.l.inner * p.col_tiles;
        item_work = per_out * (p.l.inner < COL_TILE ? p.l.inner : COL_TILE);
    }
    p.chunks = 1;
    if (p.items < MIN_ITEMS) {
        int64_t want = item_work / CHUNK_WORK, cap = MAX_UNITS / p.items;
        p.chunks = want < cap ? want : cap;
        if (p.chunks > per_out) p.chunks = per_out;
        if (p.chunks < 1) p.chunks = 1;
    }
    if (p.chunks > 1) {
        p.partial = malloc((size_t)(p.chunks * outputs) * sizeof *p.partial);
        if (p.partial == NULL) {
            return tri_fail(TRI_ERR_OUT_OF_MEMORY, "%s: no host memory for %lld partial sums", call,
                            (long long)(p.chunks * outputs));
        }
    }
    int64_t units = p.items * p.chunks;
#pragma omp parallel for num_threads(ctx->threads) if (total > TRI_PARALLEL_GRAIN) schedule(static)
    for (int64_t u = 0; u < units; u++) {
        if (p.l.inner_reduced) sum_unit_segments(&p, u / p.chunks, u % p.chunks);
        else sum_unit_columns(&p, u / p.chunks, u % p.chunks);
    }
    if (p.chunks > 1) {
        for (int64_t o = 0; o < outputs; o++) {
            double s = 0.0;
            for (int64_t c = 0; c < p.chunks; c++) s += p.partial[c * outputs + o];
            y[o] = (float)(s * p.scale);
        }
        free(p.partial);
    }
    return TRI_OK;
}
