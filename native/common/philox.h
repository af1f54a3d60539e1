/*
 * philox.h - Philox4x32-10 counter-based random numbers (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011; the Random123 reference) and the float math that turns them into uniform and normal
 * samples. The CPU library (cpu/random.c), the CUDA library and the Java reference
 * (bindings/src/test/java/io/triptych/bindings/Philox4x32Reference.java) all compute exactly this.
 *
 * Stream definition - the contract that makes the same seed give the same numbers everywhere:
 *   key      = (lo32(seed), hi32(seed))
 *   element i of a draw at `offset` takes lane i % 4 of the Philox4x32-10 block at counter
 *            c = offset + i / 4 (mod 2^64), passed as (lo32(c), hi32(c), 0, 0). A draw of n elements thus
 *            consumes ceil(n / 4) counters; the next independent draw starts at offset + ceil(n / 4).
 *   uniform: u = (x >> 8) * 2^-24 in [0, 1); value = fmaf(high - low, u, low).
 *   normal:  lanes (0, 1) and (2, 3) are Box-Muller pairs (x_even, x_odd):
 *            u1 = ((x_even >> 8) + 1) * 2^-24 in (0, 1], u2 = (x_odd >> 8) * 2^-24 in [0, 1),
 *            r = sqrtf(-2 * tri_philox_logf(u1)), z_even = r * cos(2 pi u2), z_odd = r * sin(2 pi u2)
 *            (tri_philox_sincos2pi), value = fmaf(std, z, mean).
 *   dropout: mask = u >= p ? 1.0f / (1.0f - p) : 0 with the uniform u of element i; y = x * mask.
 *
 * Bit-identical results need every float operation to round the same way on gcc, nvcc and the JVM.
 * logf/sinf/cosf differ between glibc, CUDA and Java, so log and sincos are written here with + - * /,
 * sqrtf and fmaf only, which IEEE 754 rounds correctly everywhere. Each multiply-add is an explicit fmaf, and
 * nothing else may be fused: random.c is built with -ffp-contract=off, and the one product that feeds an
 * addition (f*f/2 in the log) goes through tri_philox_mul_rn, because on the device ptxas may fuse a plain
 * mul.f32 into a following add.f32. The CUDA build must keep IEEE division and square root (no
 * --use_fast_math, -prec-div=false or -prec-sqrt=false).
 *
 * Accuracy, measured against double math over every input the samplers produce: tri_philox_logf is within
 * 0.84 ulp (also over all positive normal floats), tri_philox_sincos2pi within 1.02 ulp (1.36 ulp over all
 * floats in [0, 1)).
 */
#ifndef TRI_PHILOX_H
#define TRI_PHILOX_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tri_hd.h"

#define TRI_PHILOX_M0 0xD2511F53u
#define TRI_PHILOX_M1 0xCD9E8D57u
#define TRI_PHILOX_W0 0x9E3779B9u
#define TRI_PHILOX_W1 0xBB67AE85u

typedef struct tri_philox_block {
    uint32_t x[4];
} tri_philox_block;

TRI_HD static inline void tri_philox_round(uint32_t c[4], uint32_t k0, uint32_t k1) {
    uint64_t p0 = (uint64_t)TRI_PHILOX_M0 * c[0];
    uint64_t p1 = (uint64_t)TRI_PHILOX_M1 * c[2];
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    c[0] = hi1 ^ c[1] ^ k0;
    c[1] = lo1;
    c[2] = hi0 ^ c[3] ^ k1;
    c[3] = lo0;
}

/* Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1). */
TRI_HD static inline tri_philox_block tri_philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                                        uint32_t k0, uint32_t k1) {
    uint32_t c[4] = {c0, c1, c2, c3};
    tri_philox_round(c, k0, k1);
    for (int r = 1; r < 10; r++) {
        k0 += TRI_PHILOX_W0;
        k1 += TRI_PHILOX_W1;
        tri_philox_round(c, k0, k1);
    }
    tri_philox_block b = {{c[0], c[1], c[2], c[3]}};
    return b;
}

/* The block at `counter` of the stream keyed by `seed` (see the stream definition above). */
TRI_HD static inline tri_philox_block tri_philox_stream_block(uint64_t seed, uint64_t counter) {
    return tri_philox4x32_10((uint32_t)counter, (uint32_t)(counter >> 32), 0u, 0u, (uint32_t)seed,
                             (uint32_t)(seed >> 32));
}

#define TRI_PHILOX_2POW_M24 0x1p-24f

/* The top 24 bits of x as a float in [0, 1): exact, every value a multiple of 2^-24. */
TRI_HD static inline float tri_philox_u24(uint32_t x) { return (float)(x >> 8) * TRI_PHILOX_2POW_M24; }

TRI_HD static inline uint32_t tri_philox_float_bits(float f) {
#ifdef __CUDA_ARCH__
    return __float_as_uint(f);
#else
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
#endif
}

TRI_HD static inline float tri_philox_bits_float(uint32_t u) {
#ifdef __CUDA_ARCH__
    return __uint_as_float(u);
#else
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
#endif
}

/* a * b rounded on its own, never fused into a later addition (see above). */
TRI_HD static inline float tri_philox_mul_rn(float a, float b) {
#ifdef __CUDA_ARCH__
    return __fmul_rn(a, b);
#else
    return a * b;
#endif
}

/*
 * Natural log of a positive normal float (the samplers pass u1 in [2^-24, 1]). FreeBSD's e_logf.c scheme:
 * x = 2^k * m with m in [sqrt(2)/2, sqrt(2)), f = m - 1 (exact), s = f / (2 + f), and
 * log(m) = f - f^2/2 + s * (f^2/2 + R(s^2)), with R the minimax polynomial of FreeBSD/musl logf and ln 2 split
 * so that k * ln2_hi is exact.
 */
TRI_HD static inline float tri_philox_logf(float x) {
    const float ln2_hi = 0x1.62e3p-1f, ln2_lo = 0x1.2fefa2p-17f;
    const float lg1 = 0x1.555554p-1f, lg2 = 0x1.999c26p-2f, lg3 = 0x1.23d3dcp-2f, lg4 = 0x1.f13c4cp-3f;
    /* Adding the bits of 1.0 minus those of sqrt(2)/2 carries into the exponent exactly when the mantissa
     * is at least sqrt(2)'s; adding sqrt(2)/2's back to the mantissa alone then leaves m in [sqrt(2)/2, sqrt(2)). */
    uint32_t ix = tri_philox_float_bits(x) + (0x3f800000u - 0x3f3504f3u);
    int k = (int)(ix >> 23) - 0x7f;
    float f = tri_philox_bits_float((ix & 0x007fffffu) + 0x3f3504f3u) - 1.0f;
    float s = f / (2.0f + f);
    float z = s * s;
    float w = z * z;
    float r = fmaf(z, fmaf(w, lg3, lg1), w * fmaf(w, lg4, lg2));
    float hfsq = tri_philox_mul_rn(0.5f * f, f);
    float dk = (float)k;
    float t = fmaf(s, hfsq + r, dk * ln2_lo);
    return fmaf(dk, ln2_hi, (t - hfsq) + f);
}

/*
 * sin(2 pi u) and cos(2 pi u) for u in [0, 1). The reduction works in turns, so it is exact: q is the
 * nearest quarter turn and r = u - q/4 in [-1/8, 1/8] (Sterbenz). sin(2 pi r) and cos(2 pi r) are their
 * Taylor series in r to degree 11 and 12 (truncation below 1e-11 relative), the leading 2 pi split in two
 * floats; then the quadrant rotates the pair.
 */
TRI_HD static inline void tri_philox_sincos2pi(float u, float *sin_out, float *cos_out) {
    const float two_pi_hi = 0x1.921fb6p+2f, two_pi_lo = -0x1.777a5cp-23f;
    const float s3 = -0x1.4abbcep+5f, s5 = 0x1.466bc6p+6f, s7 = -0x1.32d2ccp+6f, s9 = 0x1.507834p+5f,
                s11 = -0x1.e3075p+3f;
    const float c2 = -0x1.3bd3ccp+4f, c4 = 0x1.03c1fp+6f, c6 = -0x1.55d3c8p+6f, c8 = 0x1.e1f506p+5f,
                c10 = -0x1.a6d1f2p+4f, c12 = 0x1.f9d38ap+2f;
    int q = (int)fmaf(4.0f, u, 0.5f);
    float r = fmaf(-0.25f, (float)q, u);
    float r2 = r * r;
    float sp = fmaf(fmaf(fmaf(fmaf(s11, r2, s9), r2, s7), r2, s5), r2, s3);
    float s = fmaf(r, two_pi_hi, r * fmaf(sp, r2, two_pi_lo));
    float cp = fmaf(fmaf(fmaf(fmaf(fmaf(c12, r2, c10), r2, c8), r2, c6), r2, c4), r2, c2);
    float c = fmaf(cp, r2, 1.0f);
    /* Quarter turn q: (sin, cos) = (s, c), (c, -s), (-s, -c), (-c, s). */
    float sn = (q & 1) ? c : s;
    float cs = (q & 1) ? s : c;
    *sin_out = (q & 2) ? -sn : sn;
    *cos_out = ((q + 1) & 2) ? -cs : cs;
}

/* Standard normals from one Box-Muller pair of lanes (see the stream definition). */
TRI_HD static inline void tri_philox_box_muller(uint32_t x_even, uint32_t x_odd, float *z_even, float *z_odd) {
    float u1 = (float)((x_even >> 8) + 1u) * TRI_PHILOX_2POW_M24;
    float u2 = tri_philox_u24(x_odd);
    float r = sqrtf(-2.0f * tri_philox_logf(u1));
    float s, c;
    tri_philox_sincos2pi(u2, &s, &c);
    *z_even = r * c;
    *z_odd = r * s;
}

#endif
