/* Element-wise math shared by the CPU and CUDA libraries: every TRI_UNARY_* op and its derivative, the
 * binary ops, and the exp / log / Gaussian-tail approximations they are built on.
 *
 * Semantics follow PyTorch's float32 kernels (kinks, NaN handling, special exponents of pow). The
 * transcendental parts are written without branches or libm calls so that gcc vectorises loops over them
 * (they are the CPU library's SIMD exp, log, tanh and erf); on the GPU they are plain FMA chains. Relative
 * error against double precision, over all floats: exp, log 1e-7; tanh, sigmoid, log1p 2e-7; gelu and its
 * derivative 1e-6 (where the result is not subnormal). pow and sqrt are the platform's libm. */
#ifndef TRI_ACTIVATIONS_H
#define TRI_ACTIVATIONS_H

#include <math.h>
#include <stdint.h>
#ifndef __CUDA_ARCH__
#include <string.h>
#endif

#include "tri_hd.h"
#include "triptych.h"

TRI_HD static inline uint32_t tri_float_bits(float x) {
#ifdef __CUDA_ARCH__
    return (uint32_t)__float_as_uint(x);
#else
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
#endif
}

TRI_HD static inline float tri_bits_float(uint32_t u) {
#ifdef __CUDA_ARCH__
    return __uint_as_float(u);
#else
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
#endif
}

/* e^(hi + lo), where lo (|lo| <= 2) extends the precision of hi: callers whose exponent is large and
 * computed (-x^2/2) pass its rounding error there. Cody-Waite reduction (n*ln2_hi is exact for the n
 * that occur), Cephes' degree-7 polynomial, and 2^n applied as two factors so that subnormal results
 * round once and overflow gives inf. NaN in, NaN out. */
TRI_HD static inline float tri_exp_sum(float hi, float lo) {
    /* Beyond these the result is 0 or inf anyway; the clamp keeps n within what the two factors cover. */
    hi = hi < -104.0f ? -104.0f : hi;
    hi = hi > 89.0f ? 89.0f : hi;
    /* Adding 1.5*2^23 rounds to an integer held in the low mantissa bits: no float->int conversion,
     * which would be undefined for NaN. */
    const float shifter = 0x1.8p23f;
    float t = (hi + lo) * 1.44269504088896341f + shifter;
    int32_t n = (int32_t)(tri_float_bits(t) - tri_float_bits(shifter));
    float k = t - shifter;
    float r = ((hi - k * 0.693359375f) + lo) - k * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t n1 = n >> 1;
    int32_t n2 = n - n1;
    return p * tri_bits_float((uint32_t)(n1 + 127) << 23) * tri_bits_float((uint32_t)(n2 + 127) << 23);
}

TRI_HD static inline float tri_exp(float x) { return tri_exp_sum(x, 0.0f); }

/* e^(a - b) including the rounding error of a - b (Knuth's two-sum, exact without FMA), which would
 * otherwise cost |a - b| * 2^-24 relative error: 5e-6 for softmax logits 80 apart. */
TRI_HD static inline float tri_exp_diff(float a, float b) {
    float d = a - b;
    float bv = d - a;
    float err = (a - (d - bv)) + (-b - bv);
    return tri_exp_sum(d, err == err ? err : 0.0f); /* an infinite a - b has no error term (it is NaN) */
}

/* Natural log, Cephes' logf: x = 2^e * m with m in [sqrt(1/2), sqrt(2)), a degree-9 polynomial in m - 1
 * (so that log stays relatively accurate near 1), e*ln2 added in two parts. Subnormals are scaled up
 * first; 0, negatives, inf and NaN give what logf gives. */
TRI_HD static inline float tri_log(float x) {
    int sub = x < 1.17549435e-38f;
    uint32_t u = tri_float_bits(sub ? x * 8388608.0f : x);
    float e = (float)((int32_t)(u >> 23) - (sub ? 149 : 126));
    float m = tri_bits_float((u & 0x007FFFFFu) | 0x3F000000u); /* [0.5, 1) */
    int low = m < 0.707106781186547524f;
    e = low ? e - 1.0f : e;
    float f = low ? m + m - 1.0f : m - 1.0f;
    float z = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    float r = p * f * z + e * -2.12194440e-4f - 0.5f * z + f + e * 0.693359375f;
    r = x > 0.0f ? r : (x == 0.0f ? -INFINITY : NAN);
    return x == INFINITY ? x : r;
}

/* log(1 + u) without the cancellation of rounding 1 + u: log(w) * u / (w - 1) for w = 1 + u (exact
 * correction; Goldberg's trick), u itself where 1 + u rounds to 1. */
TRI_HD static inline float tri_log1p(float u) {
    float w = 1.0f + u;
    float d = w - 1.0f;
    float r = d == 0.0f ? u : tri_log(w) * (u / d);
    return w == INFINITY ? w : r;
}

/* -a*a/2 as an exact sum hi + lo. Splitting a into 12-bit halves makes every partial product exact, so
 * the result is the same with or without FMA contraction. exp(-a^2/2) needs it: rounding the exponent
 * alone would cost a^2 * 2^-25 relative error (3e-6 at a = 10). */
TRI_HD static inline void tri_neg_half_square(float a, float *hi, float *lo) {
    float ah = tri_bits_float(tri_float_bits(a) & 0xFFFFF000u);
    float al = a - ah;
    float sq = a * a;
    float err = ((ah * ah - sq) + 2.0f * ah * al) + al * al;
    *hi = -0.5f * sq;
    *lo = -0.5f * err;
}

/* Upper tail of the standard normal, Q(a) = P(Z > a) = erfc(a/sqrt(2))/2, for a in [0, 15] (or NaN), given
 * -a^2/2 = hi + lo, with relative accuracy everywhere: erfc(z) = t*exp(-z^2 + P(t)), t = 1/(1 + z/2), P the
 * Chebyshev fit of Numerical Recipes' erfcc (fractional error < 1.2e-7). */
TRI_HD static inline float tri_normal_tail_split(float a, float hi, float lo) {
    float t = 1.0f / (1.0f + 0.353553390593273762f * a);
    float p = 0.17087277f;
    p = p * t - 0.82215223f;
    p = p * t + 1.48851587f;
    p = p * t - 1.13520398f;
    p = p * t + 0.27886807f;
    p = p * t - 0.18628806f;
    p = p * t + 0.09678418f;
    p = p * t + 0.37409196f;
    p = p * t + 1.00002368f;
    p = p * t - 1.26551223f;
    return 0.5f * t * tri_exp_sum(hi, lo + p);
}

/* |x| limited to 15, where Q (4e-51) and the density (3e-50) have long underflowed: keeps x*x finite. */
TRI_HD static inline float tri_gauss_abs(float x) {
    float a = fabsf(x);
    return a > 15.0f ? 15.0f : a;
}

/* Phi(x), the standard normal CDF: the tail directly for x < 0 (no cancellation), 1 - tail otherwise. */
TRI_HD static inline float tri_normal_cdf(float x) {
    float a = tri_gauss_abs(x), hi, lo;
    tri_neg_half_square(a, &hi, &lo);
    float q = tri_normal_tail_split(a, hi, lo);
    return x < 0.0f ? q : 1.0f - q;
}

/* ---------------------------------------------------------------- activations and their derivatives */

TRI_HD static inline float tri_relu(float x) { return x < 0.0f ? 0.0f : x; } /* keeps NaN and -0, as PyTorch */

TRI_HD static inline float tri_leaky_relu(float x, float slope) { return x > 0.0f ? x : x * slope; }

/* Both use e = exp(-|x|), which cannot overflow: for x < 0, x/(1 + exp(-x)) would give 0 from x = -88.7
 * on while the true value is still a normal float. For x >= 0 they are PyTorch's formulas. */
TRI_HD static inline float tri_sigmoid(float x) {
    float e = tri_exp(-fabsf(x));
    return (x >= 0.0f ? 1.0f : e) / (1.0f + e);
}

TRI_HD static inline float tri_silu(float x) {
    float e = tri_exp(-fabsf(x));
    return (x >= 0.0f ? x : x * e) / (1.0f + e);
}

/* Cephes' odd polynomial below 0.625, where 1 - 2/(e^2|x| + 1) would cancel; 2 ulp. */
TRI_HD static inline float tri_tanh(float x) {
    float s = x * x;
    float p = -5.70498872745e-3f;
    p = p * s + 2.06390887954e-2f;
    p = p * s - 5.37397155531e-2f;
    p = p * s + 1.33314422036e-1f;
    p = p * s - 3.33332819422e-1f;
    float small = p * s * x + x;
    float e = tri_exp(2.0f * fabsf(x));
    float large = copysignf(1.0f - 2.0f / (e + 1.0f), x);
    return fabsf(x) < 0.625f ? small : large;
}

/* x * Phi(x), PyTorch's exact (erf) GELU, computed through the normal tail so that it stays accurate
 * where 1 + erf(x/sqrt(2)) cancels (x < -3). */
TRI_HD static inline float tri_gelu(float x) { return x * tri_normal_cdf(x); }

/* d/dx gelu = Phi(x) + x * phi(x); Phi and phi share -x^2/2. */
TRI_HD static inline float tri_gelu_grad(float x) {
    float a = tri_gauss_abs(x), hi, lo;
    tri_neg_half_square(a, &hi, &lo);
    float q = tri_normal_tail_split(a, hi, lo);
    float pdf = 0.398942280401432678f * tri_exp_sum(hi, lo);
    return (x < 0.0f ? q : 1.0f - q) + x * pdf;
}

/* PyTorch's softplus: log1p(exp(beta*x))/beta, and x itself once beta*x > threshold. */
TRI_HD static inline float tri_softplus(float x, float beta, float threshold) {
    float bx = x * beta;
    return bx > threshold ? x : tri_log1p(tri_exp(bx)) / beta;
}

/* Clamp to [lo, hi]; lo > hi gives hi and NaN stays NaN, as torch.clamp. */
TRI_HD static inline float tri_clamp(float x, float lo, float hi) {
    float t = x < lo ? lo : x;
    return t > hi ? hi : t;
}

/* x^e with PyTorch's dedicated kernels for these exponents (exact where they are). */
TRI_HD static inline float tri_pow(float x, float e) {
    if (e == 2.0f) return x * x;
    if (e == 3.0f) return x * x * x;
    if (e == 0.5f) return sqrtf(x);
    if (e == -0.5f) return 1.0f / sqrtf(x);
    if (e == -1.0f) return 1.0f / x;
    if (e == -2.0f) return 1.0f / (x * x);
    return powf(x, e);
}

/* torch.sign: 0 at 0 and at NaN. */
TRI_HD static inline float tri_sign(float x) { return (float)((x > 0.0f) - (x < 0.0f)); }

/* y = op(x), alpha and beta as triptych.h documents per op; any other op is the identity. */
TRI_HD_INLINE static inline float tri_unary_eval(int32_t op, float x, float alpha, float beta) {
    switch (op) {
    case TRI_UNARY_NEG: return -x;
    case TRI_UNARY_EXP: return tri_exp(x);
    case TRI_UNARY_LOG: return tri_log(x);
    case TRI_UNARY_SQRT: return sqrtf(x);
    case TRI_UNARY_RELU: return tri_relu(x);
    case TRI_UNARY_LEAKY_RELU: return tri_leaky_relu(x, alpha);
    case TRI_UNARY_SILU: return tri_silu(x);
    case TRI_UNARY_GELU: return tri_gelu(x);
    case TRI_UNARY_TANH: return tri_tanh(x);
    case TRI_UNARY_SIGMOID: return tri_sigmoid(x);
    case TRI_UNARY_SOFTPLUS: return tri_softplus(x, alpha, beta);
    case TRI_UNARY_CLAMP: return tri_clamp(x, alpha, beta);
    case TRI_UNARY_POW: return tri_pow(x, alpha);
    case TRI_UNARY_AFFINE: return alpha * x + beta;
    case TRI_UNARY_ABS: return fabsf(x);
    case TRI_UNARY_SQUARE: return x * x;
    case TRI_UNARY_RSQRT: return 1.0f / sqrtf(x);
    case TRI_UNARY_RECIPROCAL: return 1.0f / x;
    default: return x; /* the identity: tri_bias_act_f32's act = -1 */
    }
}

/* gx for gy = dL/dy, given the forward input x and output y. Each formula is PyTorch's autograd formula
 * (so kinks, zero exponents and NaN behave the same); tanh uses (1-y)(1+y), which does not cancel. */
TRI_HD_INLINE static inline float tri_unary_grad(int32_t op, float gy, float x, float y, float alpha, float beta) {
    switch (op) {
    case TRI_UNARY_NEG: return -gy;
    case TRI_UNARY_EXP: return gy * y;
    case TRI_UNARY_LOG: return gy / x;
    case TRI_UNARY_SQRT: return gy / (2.0f * y);
    case TRI_UNARY_RELU: return x <= 0.0f ? 0.0f : gy; /* NaN passes gy, as PyTorch's threshold_backward */
    case TRI_UNARY_LEAKY_RELU: return x > 0.0f ? gy : gy * alpha;
    case TRI_UNARY_SILU: {
        float s = tri_sigmoid(x);
        return gy * s * (1.0f + x * (1.0f - s));
    }
    case TRI_UNARY_GELU: return gy * tri_gelu_grad(x);
    case TRI_UNARY_TANH: return gy * ((1.0f - y) * (1.0f + y));
    case TRI_UNARY_SIGMOID: return gy * (1.0f - y) * y;
    case TRI_UNARY_SOFTPLUS: {
        float bx = x * alpha;
        return bx > beta ? gy : gy * tri_sigmoid(bx);
    }
    case TRI_UNARY_CLAMP: return (x >= alpha && x <= beta) ? gy : 0.0f;
    case TRI_UNARY_POW: return alpha == 0.0f ? 0.0f : gy * (alpha * tri_pow(x, alpha - 1.0f));
    case TRI_UNARY_AFFINE: return gy * alpha;
    case TRI_UNARY_ABS: return gy * tri_sign(x);
    case TRI_UNARY_SQUARE: return gy * (2.0f * x);
    case TRI_UNARY_RSQRT: return -0.5f * gy * (y * y * y);
    case TRI_UNARY_RECIPROCAL: return -gy * (y * y);
    default: return gy;
    }
}

/* ---------------------------------------------------------------- binary ops */

/* out = a op b for a TRI_BINARY_* op. maximum/minimum propagate NaN and, on ties (+0 vs -0), return b,
 * as torch.maximum/minimum's vector kernels do. Callers validate op. */
TRI_HD_INLINE static inline float tri_binary_eval(int32_t op, float a, float b) {
    switch (op) {
    case TRI_BINARY_ADD: return a + b;
    case TRI_BINARY_SUB: return a - b;
    case TRI_BINARY_MUL: return a * b;
    case TRI_BINARY_DIV: return a / b;
    case TRI_BINARY_POW: return powf(a, b);
    case TRI_BINARY_MAXIMUM: return a != a ? a : (a > b ? a : b);
    case TRI_BINARY_MINIMUM: return a != a ? a : (a < b ? a : b);
    default: return a;
    }
}

#endif
