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

/* A strided index space walked as an odometer; rank 0 is the single index 0. */
typedef struct dims {
    int32_t rank;
    int64_t size[TRI_MAX_DIMS];
    int64_t stride[TRI_MAX_DIMS];
} dims;

/* Sets idx to flat index q of d and returns its element offset. */
static int64_t dims_seek(const dims *d, int64_t q, int64_t *idx) {
    int64_t off = 0;
    for (int32_t k = d->rank - 1; k >= 0; k--) {
        idx[k] = q % d->size[k];
        q /= d->size[k];
        off += idx[k] * d->stride[k];
    }
    return off;
}

/* Advances idx by one and returns the new offset (wrapping to 0 after the last index). */
static int64_t dims_next(const dims *d, int64_t *idx, int64_t off) {
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
    dims kept;         /* output dims, without the innermost when it is kept */
    dims red;          /* reduced dims, without the innermost when it is reduced */
    int inner_reduced; /* which kind the innermost (stride 1) group is */
    int64_t inner;     /* its length */
    int64_t outputs;   /* y elements */
    int64_t per_out;   /* input elements summed into each output */
    int64_t col_tiles; /* kept innermost: COL_TILE-wide tiles per output row */
    int64_t items;     /* independent work items: outputs, or output rows x column tiles */
    int64_t chunks;    /* pieces each item's reduction is split into */
    double *partial;   /* [chunks][outputs] when chunks > 1 */
} sum_plan;

/* Innermost reduced: item o is output o; chunk [q0, q1) of its per_out elements, in segments of `inner`. */
static void sum_unit_segments(const sum_plan *p, int64_t o, int64_t c) {
    int64_t q0 = p->per_out * c / p->chunks, q1 = p->per_out * (c + 1) / p->chunks;
    int64_t kidx[TRI_MAX_DIMS], ridx[TRI_MAX_DIMS];
    const float *base = p->x + dims_seek(&p->kept, o, kidx);
    int64_t col = q0 % p->inner;
    int64_t off = dims_seek(&p->red, q0 / p->inner, ridx);
    double s = 0.0;
    for (int64_t q = q0; q < q1;) {
        int64_t len = p->inner - col < q1 - q ? p->inner - col : q1 - q;
        s += sum_contiguous(base + off + col, len);
        q += len;
        col = 0;
        off = dims_next(&p->red, ridx, off);
    }
    if (p->chunks == 1) p->y[o] = (float)(s * p->scale);
    else p->partial[c * p->outputs + o] = s;
}

/* Innermost kept: item = (output row, column tile); chunk [q0, q1) of the reduced rows. */
static void sum_unit_columns(const sum_plan *p, int64_t item, int64_t c) {
    int64_t row = item / p->col_tiles, t0 = item % p->col_tiles * COL_TILE;
    int64_t width = p->inner - t0 < COL_TILE ? p->inner - t0 : COL_TILE;
    int64_t q0 = p->per_out * c / p->chunks, q1 = p->per_out * (c + 1) / p->chunks;
    int64_t kidx[TRI_MAX_DIMS], ridx[TRI_MAX_DIMS];
    const float *base = p->x + dims_seek(&p->kept, row, kidx) + t0;
    int64_t o0 = row * p->inner + t0;
    double local[COL_TILE];
    double *acc = p->chunks == 1 ? local : p->partial + c * p->outputs + o0;
    for (int64_t j = 0; j < width; j++) acc[j] = 0.0;
    int64_t off = dims_seek(&p->red, q0, ridx);
    for (int64_t q = q0; q < q1; q++) {
        accumulate_row(acc, base + off, width);
        off = dims_next(&p->red, ridx, off);
    }
    if (p->chunks == 1) {
        for (int64_t j = 0; j < width; j++) p->y[o0 + j] = (float)(acc[j] * p->scale);
    }
}

TRI_API tri_status tri_sum_f32(tri_context *ctx, const tri_reduce *desc, const float *x, float scale, float *y) {
    static const char *call = "tri_sum_f32";
    TRI_CHECK_CTX(call, ctx);
    TRI_CHECK_PTR(call, desc);
    if (desc->rank < 0 || desc->rank > TRI_MAX_DIMS) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->rank=%d is outside 0..%d", call, desc->rank,
                        TRI_MAX_DIMS);
    }
    if ((desc->reduce_mask >> desc->rank) != 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->reduce_mask=0x%x sets bits beyond desc->rank=%d", call,
                        desc->reduce_mask, desc->rank);
    }
    for (int32_t k = 0; k < desc->rank; k++) {
        if (desc->shape[k] < 0) {
            return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: desc->shape[%d]=%lld is negative", call, k,
                            (long long)desc->shape[k]);
        }
    }
    int64_t total = tri_shape_count(desc->rank, desc->shape);
    if (total < 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: the element count of desc->shape overflows int64", call);
    }

    /* Group the dims: size-1 dims vanish, equal neighbours merge. */
    int64_t gsize[TRI_MAX_DIMS];
    int greduced[TRI_MAX_DIMS];
    int32_t m = 0;
    int64_t outputs = 1, per_out = 1;
    for (int32_t k = 0; k < desc->rank; k++) {
        int reduced = (desc->reduce_mask >> k) & 1u;
        if (reduced) per_out *= desc->shape[k];
        else outputs *= desc->shape[k];
        if (desc->shape[k] == 1) continue;
        if (m > 0 && greduced[m - 1] == reduced) {
            gsize[m - 1] *= desc->shape[k];
        } else {
            gsize[m] = desc->shape[k];
            greduced[m] = reduced;
            m++;
        }
    }
    if (outputs == 0) return TRI_OK;
    TRI_CHECK_PTR(call, y);
    if (per_out == 0) {
        for (int64_t o = 0; o < outputs; o++) y[o] = 0.0f;
        return TRI_OK;
    }
    TRI_CHECK_PTR(call, x);

    if (per_out == 1) {
        int64_t parts = tri_parts(ctx, total);
#pragma omp parallel for num_threads(ctx->threads) if (parts > 1) schedule(static)
        for (int64_t p = 0; p < parts; p++) {
            int64_t b = tri_part_begin(total, parts, p), e = tri_part_begin(total, parts, p + 1);
            scale_copy(e - b, x + b, scale, y + b);
        }
        return TRI_OK;
    }

    sum_plan p = {.x = x, .y = y, .scale = (double)scale, .outputs = outputs, .per_out = per_out};
    p.inner_reduced = greduced[m - 1];
    p.inner = gsize[m - 1];
    int64_t stride = p.inner;
    for (int32_t g = m - 2; g >= 0; g--) {
        dims *d = greduced[g] ? &p.red : &p.kept;
        d->size[d->rank] = gsize[g];
        d->stride[d->rank] = stride;
        d->rank++;
        stride *= gsize[g];
    }
    /* Collected innermost-first above; the odometers want outermost-first. */
    for (int which = 0; which < 2; which++) {
        dims *d = which ? &p.red : &p.kept;
        for (int32_t a = 0, b = d->rank - 1; a < b; a++, b--) {
            int64_t s = d->size[a];
            d->size[a] = d->size[b];
            d->size[b] = s;
            s = d->stride[a];
            d->stride[a] = d->stride[b];
            d->stride[b] = s;
        }
    }
    int64_t item_work;
    if (p.inner_reduced) {
        p.items = outputs;
        item_work = per_out;
    } else {
        p.col_tiles = (p.inner + COL_TILE - 1) / COL_TILE;
        p.items = outputs / p.inner * p.col_tiles;
        item_work = per_out * (p.inner < COL_TILE ? p.inner : COL_TILE);
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
        if (p.inner_reduced) sum_unit_segments(&p, u / p.chunks, u % p.chunks);
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
