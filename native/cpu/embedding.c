/* Embedding lookup and its gradient. */
#include "normloss.h"

typedef struct emb_args {
    int64_t n, num, dim;
    const int32_t *idx;
    const float *src; /* forward: table; backward: gout */
    float *dst;       /* forward: out; backward: gtable */
} emb_args;

static void gather_task(const void *args, int64_t lo, int64_t hi) {
    const emb_args *a = args;
    for (int64_t i = lo; i < hi; i++)
        memcpy(a->dst + i * a->dim, a->src + (int64_t)a->idx[i] * a->dim, (size_t)a->dim * sizeof(float));
}

TRI_API tri_status tri_embedding_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim, const float *table,
                                     const int32_t *idx, float *out) {
    const tri_status st = tri_check_embedding("tri_embedding_f32", ctx, n, num, dim, table, idx, out);
    if (st != TRI_OK || n == 0 || dim == 0) return st;
    const emb_args a = {.n = n, .num = num, .dim = dim, .idx = idx, .src = table, .dst = out};
    nl_parallel_ranges(ctx, n, n * dim, gather_task, &a);
    return TRI_OK;
}

/* Each task owns the table rows [lo, hi): it zeroes them, then adds the gout rows that map to them in index
 * order, so every element's sum has the same order whatever the split. */
NL_CLONES static void scatter_task(const void *args, int64_t lo, int64_t hi) {
    const emb_args *a = args;
    const int64_t dim = a->dim;
    if (hi <= lo) return;
    memset(a->dst + lo * dim, 0, (size_t)((hi - lo) * dim) * sizeof(float));
    for (int64_t i = 0; i < a->n; i++) {
        const int64_t row = a->idx[i];
        if (row < lo || row >= hi) continue;
        float *g = a->dst + row * dim;
        const float *s = a->src + i * dim;
        for (int64_t j = 0; j < dim; j++) g[j] += s[j];
    }
}

TRI_API tri_status tri_embedding_backward_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim,
                                              const int32_t *idx, const float *gout, float *gtable) {
    int64_t rows_total = 0, table_total = 0;
    const tri_status st = tri_check_embedding_backward("tri_embedding_backward_f32", ctx, n, num, dim, idx, gout,
                                                       gtable, &rows_total, &table_total);
    if (st != TRI_OK || table_total == 0) return st;
    const emb_args a = {.n = n, .num = num, .dim = dim, .idx = idx, .src = gout, .dst = gtable};
    nl_parallel_ranges(ctx, num, table_total + rows_total, scatter_task, &a);
    return TRI_OK;
}
