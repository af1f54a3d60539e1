/* Element-wise kernels: unary ops and their backward, broadcast binary ops, per-channel bias fused with an
 * activation. The per-element math is native/common/activations.h; each op gets its own loop (the op is a
 * constant there, so the switch folds away and gcc vectorises the loop) compiled per ISA. */
#include <string.h>

#include "activations.h"
#include "elementwise_internal.h"

/* Parallel-threshold weight of an op: ops with an exp/erf polynomial do ~10x the work of an add. */
static int64_t op_cost(int32_t op) {
    switch (op) {
    case TRI_UNARY_EXP:
    case TRI_UNARY_LOG:
    case TRI_UNARY_SILU:
    case TRI_UNARY_TANH:
    case TRI_UNARY_SIGMOID:
    case TRI_UNARY_SOFTPLUS:
    case TRI_UNARY_POW: return 8;
    case TRI_UNARY_GELU: return 16;
    default: return 1;
    }
}

/* ---------------------------------------------------------------- unary */

typedef void (*unary_fn)(int64_t n, const float *x, float alpha, float beta, float *y);
typedef void (*unary_grad_fn)(int64_t n, const float *x, const float *y, const float *gy, float alpha, float beta,
                              float *gx);

/* `omp simd` rather than restrict: y may alias x (and gx gy) element for element, which is no dependence. */
#define UNARY_KERNELS(OP, name)                                                                                   \
    TRI_KERNEL static void unary_##name(int64_t n, const float *x, float alpha, float beta, float *y) {           \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) y[i] = tri_unary_eval(OP, x[i], alpha, beta);         \
    }                                                                                                             \
    TRI_KERNEL static void unary_grad_##name(int64_t n, const float *x, const float *y, const float *gy,          \
                                             float alpha, float beta, float *gx) {                                \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) gx[i] =                                               \
            tri_unary_grad(OP, gy[i], x[i], y[i], alpha, beta);                                                   \
    }

UNARY_KERNELS(TRI_UNARY_NEG, neg)
UNARY_KERNELS(TRI_UNARY_EXP, exp)
UNARY_KERNELS(TRI_UNARY_LOG, log)
UNARY_KERNELS(TRI_UNARY_SQRT, sqrt)
UNARY_KERNELS(TRI_UNARY_RELU, relu)
UNARY_KERNELS(TRI_UNARY_LEAKY_RELU, leaky_relu)
UNARY_KERNELS(TRI_UNARY_SILU, silu)
UNARY_KERNELS(TRI_UNARY_GELU, gelu)
UNARY_KERNELS(TRI_UNARY_TANH, tanh)
UNARY_KERNELS(TRI_UNARY_SIGMOID, sigmoid)
UNARY_KERNELS(TRI_UNARY_SOFTPLUS, softplus)
UNARY_KERNELS(TRI_UNARY_CLAMP, clamp)
UNARY_KERNELS(TRI_UNARY_POW, pow)
UNARY_KERNELS(TRI_UNARY_AFFINE, affine)
UNARY_KERNELS(TRI_UNARY_ABS, abs)
UNARY_KERNELS(TRI_UNARY_SQUARE, square)
UNARY_KERNELS(TRI_UNARY_RSQRT, rsqrt)
UNARY_KERNELS(TRI_UNARY_RECIPROCAL, reciprocal)

#define UNARY_ENTRY(OP, name) [OP] = {unary_##name, unary_grad_##name}

static const struct {
    unary_fn forward;
    unary_grad_fn backward;
} unary_table[TRI_UNARY_COUNT] = {
    UNARY_ENTRY(TRI_UNARY_NEG, neg),
    UNARY_ENTRY(TRI_UNARY_EXP, exp),
    UNARY_ENTRY(TRI_UNARY_LOG, log),
    UNARY_ENTRY(TRI_UNARY_SQRT, sqrt),
    UNARY_ENTRY(TRI_UNARY_RELU, relu),
    UNARY_ENTRY(TRI_UNARY_LEAKY_RELU, leaky_relu),
    UNARY_ENTRY(TRI_UNARY_SILU, silu),
    UNARY_ENTRY(TRI_UNARY_GELU, gelu),
    UNARY_ENTRY(TRI_UNARY_TANH, tanh),
    UNARY_ENTRY(TRI_UNARY_SIGMOID, sigmoid),
    UNARY_ENTRY(TRI_UNARY_SOFTPLUS, softplus),
    UNARY_ENTRY(TRI_UNARY_CLAMP, clamp),
    UNARY_ENTRY(TRI_UNARY_POW, pow),
    UNARY_ENTRY(TRI_UNARY_AFFINE, affine),
    UNARY_ENTRY(TRI_UNARY_ABS, abs),
    UNARY_ENTRY(TRI_UNARY_SQUARE, square),
    UNARY_ENTRY(TRI_UNARY_RSQRT, rsqrt),
    UNARY_ENTRY(TRI_UNARY_RECIPROCAL, reciprocal),
};

TRI_API tri_status tri_unary_f32(tri_context *ctx, int32_t op, int64_t n, const float *x, float alpha, float beta,
                                 float *y) {
    const tri_status st = tri_check_unary("tri_unary_f32", ctx, op, n, x, y);
    if (st != TRI_OK || n == 0) return st;
    unary_fn kernel = unary_table[op].forward;
    int64_t parts = tri_parts(ctx, n * op_cost(op));
#pragma omp parallel for num_threads(ctx->threads) if (parts > 1) schedule(static)
    for (int64_t p = 0; p < parts; p++) {
        int64_t b = tri_part_begin(n, parts, p), e = tri_part_begin(n, parts, p + 1);
        kernel(e - b, x + b, alpha, beta, y + b);
    }
    return TRI_OK;
}

TRI_API tri_status tri_unary_backward_f32(tri_context *ctx, int32_t op, int64_t n, const float *x, const float *y,
                                          const float *gy, float alpha, float beta, float *gx) {
    const tri_status st = tri_check_unary_backward("tri_unary_backward_f32", ctx, op, n, x, y, gy, gx);
    if (st != TRI_OK || n == 0) return st;
    unary_grad_fn kernel = unary_table[op].backward;
    int64_t parts = tri_parts(ctx, n * op_cost(op));
#pragma omp parallel for num_threads(ctx->threads) if (parts > 1) schedule(static)
    for (int64_t p = 0; p < parts; p++) {
        int64_t b = tri_part_begin(n, parts, p), e = tri_part_begin(n, parts, p + 1);
        kernel(e - b, x + b, y + b, gy + b, alpha, beta, gx + b);
    }
    return TRI_OK;
}

/* ---------------------------------------------------------------- binary */

/* One row of the broadcast: both operands contiguous, one of them a broadcast scalar, or both strided. */
typedef struct binary_kernels {
    void (*vv)(int64_t n, const float *a, const float *b, float *out);
    void (*vs)(int64_t n, const float *a, float b, float *out);
    void (*sv)(int64_t n, float a, const float *b, float *out);
    void (*strided)(int64_t n, const float *a, int64_t sa, const float *b, int64_t sb, float *out);
} binary_kernels;

#define BINARY_KERNELS(OP, name)                                                                                  \
    TRI_KERNEL static void binary_vv_##name(int64_t n, const float *a, const float *b, float *out) {              \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) out[i] = tri_binary_eval(OP, a[i], b[i]);             \
    }                                                                                                             \
    TRI_KERNEL static void binary_vs_##name(int64_t n, const float *a, float b, float *out) {                     \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) out[i] = tri_binary_eval(OP, a[i], b);                \
    }                                                                                                             \
    TRI_KERNEL static void binary_sv_##name(int64_t n, float a, const float *b, float *out) {                     \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) out[i] = tri_binary_eval(OP, a, b[i]);                \
    }                                                                                                             \
    static void binary_strided_##name(int64_t n, const float *a, int64_t sa, const float *b, int64_t sb,          \
                                      float *out) {                                                               \
        for (int64_t i = 0; i < n; i++) out[i] = tri_binary_eval(OP, a[i * sa], b[i * sb]);                       \
    }                                                                                                             \
    static const binary_kernels binary_##name = {binary_vv_##name, binary_vs_##name, binary_sv_##name,            \
                                                 binary_strided_##name};

BINARY_KERNELS(TRI_BINARY_ADD, add)
BINARY_KERNELS(TRI_BINARY_SUB, sub)
BINARY_KERNELS(TRI_BINARY_MUL, mul)
BINARY_KERNELS(TRI_BINARY_DIV, div)
BINARY_KERNELS(TRI_BINARY_POW, pow)
BINARY_KERNELS(TRI_BINARY_MAXIMUM, maximum)
BINARY_KERNELS(TRI_BINARY_MINIMUM, minimum)

static const binary_kernels *const binary_table[TRI_BINARY_COUNT] = {
    [TRI_BINARY_ADD] = &binary_add,         [TRI_BINARY_SUB] = &binary_sub,
    [TRI_BINARY_MUL] = &binary_mul,         [TRI_BINARY_DIV] = &binary_div,
    [TRI_BINARY_POW] = &binary_pow,         [TRI_BINARY_MAXIMUM] = &binary_maximum,
    [TRI_BINARY_MINIMUM] = &binary_minimum,
};

/* Walk operands: 0 = out (contiguous), 1 = a, 2 = b. */
typedef struct binary_args {
    const binary_kernels *k;
    const float *a;
    const float *b;
    float *out;
} binary_args;

static void binary_row(const void *args, const tri_walk *w, const int64_t *off, int64_t len) {
    const binary_args *p = args;
    int64_t sa = w->stride[1][w->rank - 1], sb = w->stride[2][w->rank - 1];
    const float *a = p->a + off[1], *b = p->b + off[2];
    float *out = p->out + off[0];
    if (sa == 1 && sb == 1) p->k->vv(len, a, b, out);
    else if (sa == 1 && sb == 0) p->k->vs(len, a, *b, out);
    else if (sa == 0 && sb == 1) p->k->sv(len, *a, b, out);
    else p->k->strided(len, a, sa, b, sb, out);
}

TRI_API tri_status tri_binary_f32(tri_context *ctx, int32_t op, const tri_broadcast *desc, const float *a,
                                  const float *b, float *out) {
    int64_t n = 0;
    const tri_status st = tri_check_binary("tri_binary_f32", ctx, op, desc, a, b, out, &n);
    if (st != TRI_OK || n == 0) return st;
    tri_walk w = {.nops = 3};
    w.rank = tri_dims_broadcast(desc, w.shape, w.stride);
    binary_args args = {binary_table[op], a, b, out};
    tri_walk_parallel(ctx, &w, n, op == TRI_BINARY_POW ? 8 : 1, binary_row, &args);
    return TRI_OK;
}

/* ---------------------------------------------------------------- bias + activation */

/* One row: the bias is one value for the row (conv: a channel's H*W) or one per element (linear). */
typedef struct bias_act_kernels {
    void (*scalar_bias)(int64_t n, const float *x, float bias, float alpha, float *y);
    void (*vector_bias)(int64_t n, const float *x, const float *bias, float alpha, float *y);
} bias_act_kernels;

/* ACT -1 (none) is the identity: tri_unary_eval's fall-through. */
#define BIAS_ACT_KERNELS(ACT, name)                                                                               \
    TRI_KERNEL static void bias_scalar_##name(int64_t n, const float *x, float bias, float alpha, float *y) {     \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) y[i] = tri_unary_eval(ACT, x[i] + bias, alpha, 0.0f); \
    }                                                                                                             \
    TRI_KERNEL static void bias_vector_##name(int64_t n, const float *x, const float *bias, float alpha,          \
                                              float *y) {                                                         \
        _Pragma("omp simd") for (int64_t i = 0; i < n; i++) y[i] =                                                \
            tri_unary_eval(ACT, x[i] + bias[i], alpha, 0.0f);                                                     \
    }                                                                                                             \
    static const bias_act_kernels bias_act_##name = {bias_scalar_##name, bias_vector_##name};

BIAS_ACT_KERNELS(-1, none)
BIAS_ACT_KERNELS(TRI_UNARY_RELU, relu)
BIAS_ACT_KERNELS(TRI_UNARY_LEAKY_RELU, leaky_relu)
BIAS_ACT_KERNELS(TRI_UNARY_SILU, silu)
BIAS_ACT_KERNELS(TRI_UNARY_GELU, gelu)
BIAS_ACT_KERNELS(TRI_UNARY_TANH, tanh)
BIAS_ACT_KERNELS(TRI_UNARY_SIGMOID, sigmoid)

static const bias_act_kernels *bias_act_lookup(int32_t act) {
    switch (act) {
    case -1: return &bias_act_none;
    case TRI_UNARY_RELU: return &bias_act_relu;
    case TRI_UNARY_LEAKY_RELU: return &bias_act_leaky_relu;
    case TRI_UNARY_SILU: return &bias_act_silu;
    case TRI_UNARY_GELU: return &bias_act_gelu;
    case TRI_UNARY_TANH: return &bias_act_tanh;
    case TRI_UNARY_SIGMOID: return &bias_act_sigmoid;
    default: return NULL;
    }
}

/* Walk operands: 0 = y, 1 = x (both contiguous), 2 = bias (stride 1 along channels, 0 elsewhere). */
typedef struct bias_act_args {
    const bias_act_kernels *k;
    const float *x;
    const float *bias;
    float alpha;
    float *y;
} bias_act_args;

static void bias_act_row(const void *args, const tri_walk *w, const int64_t *off, int64_t len) {
    const bias_act_args *p = args;
    if (w->stride[2][w->rank - 1] == 0) p->k->scalar_bias(len, p->x + off[1], p->bias[off[2]], p->alpha, p->y + off[0]);
    else p->k->vector_bias(len, p->x + off[1], p->bias + off[2], p->alpha, p->y + off[0]);
}

TRI_API tri_status tri_bias_act_f32(tri_context *ctx, int64_t outer, int64_t channels, int64_t inner, const float *x,
                                    const float *bias, int32_t act, float alpha, float *y) {
    int64_t n = 0;
    const tri_status st = tri_check_bias_act("tri_bias_act_f32", ctx, outer, channels, inner, x, act, y, &n);
    if (st != TRI_OK || n == 0) return st;
    if (bias == NULL) {
        /* act(x) alone: adding a zero bias would turn -0 into +0. */
        if (act >= 0) return tri_unary_f32(ctx, act, n, x, alpha, 0.0f, y);
        if (y != x) memcpy(y, x, (size_t)n * sizeof *y);
        return TRI_OK;
    }
    /* [outer, channels, inner] coalesces to rows of `inner` with one bias each, or (inner == 1) to rows of
     * `channels` with the whole bias vector. */
    tri_walk w = {.rank = 3,
                  .nops = 3,
                  .shape = {outer, channels, inner},
                  .stride = {{channels * inner, inner, 1}, {channels * inner, inner, 1}, {0, 1, 0}}};
    w.rank = tri_dims_coalesce(w.rank, w.nops, w.shape, w.stride);
    bias_act_args args = {bias_act_lookup(act), x, bias, alpha, y};
    tri_walk_parallel(ctx, &w, n, op_cost(act), bias_act_row, &args);
    return TRI_OK;
}
