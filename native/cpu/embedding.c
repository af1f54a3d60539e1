/* Embedding lookup and its gradient. */
#include "normloss.h"

typedef struct emb_args {
    int64_t n, num, dim;
    const int32_t *idx;
    const float *src; /* forward: table; backward: gout */
    float *dst;       /* forward: out; backward: gtable */
} emb_args;

static tri_status check_indices(const char *call, int64_t n, int64_t num, const int32_t *idx) {
    const int64_t bad = nl_first_out_of_range(idx, n, num);
    if (bad >= 0)
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: idx[%lld]=%d is outside [0, num=%lld)", call, (long long)bad,
                        idx[bad], (long long)num);
    return TRI_OK;
}

static void gather_task(const void *args, int64_t lo, int64_t hi) {
    const emb_args *a = args;
    for (int64_t i = lo; i < hi; i++)
        memcpy(a->dst + i * a->dim, a->src + (int64_t)a->idx[i] * a->dim, (size_t)a->dim * sizeof(float));
}

TRI_API tri_status tri_embedding_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim, const float *table,
                                     const int32_t *idx, float *out) {
    static const char F[] = "tri_embedding_f32";
    TRI_CHECK_CTX(F, ctx);
    TRI_CHECK_COUNT(F, n);
    TRI_CHECK_COUNT(F, num);
    TRI_CHECK_COUNT(F, dim);
    int64_t total;
    if (!nl_product(n, dim, 1, &total) || !nl_product(num, dim, 1, &total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: n=%lld num=%lld dim=%lld overflows int64", F, (long long)n,
                        (long long)num, (long long)dim);
    if (n == 0) return TRI_OK;
    TRI_CHECK_PTR(F, idx);
    const tri_status st = check_indices(F, n, num, idx);
    if (st != TRI_OK || dim == 0) return st;
    TRI_CHECK_PTR(F, table);
    TRI_CHECK_PTR(F, out);
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
    static const char F[] = "tri_embedding_backward_f32";
    TRI_CHECK_CTX(F, ctx);
    TRI_CHECK_COUNT(F, n);
    TRI_CHECK_COUNT(F, num);
    TRI_CHECK_COUNT(F, dim);
    int64_t rows_total, table_total;
    if (!nl_product(n, dim, 1, &rows_total) || !nl_product(num, dim, 1, &table_total))
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: n=%lld num=%lld dim=%lld overflows int64", F, (long long)n,
                        (long long)num, (long long)dim);
    if (n > 0) {
        TRI_CHECK_PTR(F, idx);
        const tri_status st = check_indices(F, n, num, idx);
        if (st != TRI_OK) return st;
        if (dim > 0) TRI_CHECK_PTR(F, gout);
    }
    if (table_total == 0) return TRI_OK;
    TRI_CHECK_PTR(F, gtable);
    const emb_args a = {.n = n, .num = num, .dim = dim, .idx = idx, .src = gout, .dst = gtable};
    nl_parallel_ranges(ctx, num, table_total + rows_total, scatter_task, &a);
    return TRI_OK;
}
