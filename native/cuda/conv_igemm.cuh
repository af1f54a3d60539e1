// Implicit-GEMM view of a 2-D convolution pass, shared by the convolution kernels (conv.cu) and, being
// __host__ __device__ arithmetic only, checkable on the host against the CPU library.
//
// Every pass is, per group g, out[m][n] = sum_k A[m][k] * B[k][n] with A and B read in place (no im2col):
//  - forward:        m = output channel, n = output pixel (image, oy, ox), k = tap (input channel, kh, kw);
//                    A = w, B = x under the tap, out = y.
//  - backward-data:  one GEMM per stride phase (a, b) of gx, whose pixels (i*sh + a, j*sw + b) each receive
//                    exactly the taps kh = kh0 + t*step (likewise kw), from gy row i + q0 - t*dq: a stride-1
//                    convolution of gy with negative dilation -dq. m = input channel, n = gx pixel of the phase,
//                    k = (output channel, t_h, t_w); A = w read transposed, B = gy, out = gx. No work is spent on
//                    taps that miss, and no col2im or atomics are needed.
//  - backward-weight: m = output channel, n = tap (input channel, kh, kw), k = output pixel (image, oy, ox);
//                    A = gy, B = x under the tap, out = gw.
// So k and n each range over either a "tap space" (c, th, tw) or a "pixel space" (img, oy, ox), and an element is
//   A(m, k)   at A + g*a_g + m*a_m + info(k).a
//   B(k, n)   at B + g*b_g + info(k).b + info(n).b, present iff 0 <= info(k).y + info(n).y < bh and
//             0 <= info(k).x + info(n).x < bw (zero padding otherwise)
//   out(m, n) at out + g*o_g + m*o_m + info(n).o
// Offsets within a tensor are int32: the CUDA library takes tensors of fewer than 2^31 elements.
#ifndef TRI_CONV_IGEMM_CUH
#define TRI_CONV_IGEMM_CUH

#include <stdint.h>

#include "cuda_internal.cuh"
#include "conv_geom.h"
#include "tri_hd.h"
#include "triptych.h"

#define IG_CONV 0  // k = tap, n = pixel (forward, backward-data)
#define IG_WGRAD 1 // k = pixel, n = tap (backward-weight)

// A y that fails every bounds check, for k or n past the end (two of them still sum without overflow).
#define IG_NOWHERE (-(1 << 29))

struct igemm_params {
    int32_t M, N, K, groups;
    // tap space (c, th, tw) over c x kh x kw: A offset c*a_c + th*a_th + tw*a_tw + a_0, displacement (th*tdy, tw*tdx)
    int32_t kh, kw, a_c, a_th, a_tw, a_0, tdy, tdx;
    // pixel space (img, oy, ox) over img x oh x ow: source (oy*sy + oy0, ox*sx + ox0), B offset of an image b_img,
    // A offset of an image a_img (backward-weight: A = gy), output offset img*o_img + (oy*osy + oy1)*o_w + ox*osx + ox1
    int32_t oh, ow, sy, oy0, sx, ox0, b_img, a_img, o_img, o_w, osy, oy1, osx, ox1;
    int32_t bh, bw, a_m, o_m;
    int64_t a_g, b_g, o_g;
};

// Where one k or n index lands: A offset, B offset, B displacement (y, x), output offset.
struct igemm_info {
    int32_t a, b, y, x, o;
};

TRI_HD inline igemm_info ig_tap(const igemm_params &p, int32_t t) {
    const int32_t taps = p.kh * p.kw;
    const int32_t c = t / taps, r = t - c * taps, th = r / p.kw, tw = r - th * p.kw;
    igemm_info i;
    i.y = th * p.tdy;
    i.x = tw * p.tdx;
    i.b = c * p.bh * p.bw + i.y * p.bw + i.x;
    i.a = c * p.a_c + th * p.a_th + tw * p.a_tw + p.a_0;
    i.o = t;
    return i;
}

TRI_HD inline igemm_info ig_pix(const igemm_params &p, int32_t q) {
    const int32_t plane = p.oh * p.ow;
    const int32_t img = q / plane, r = q - img * plane, oy = r / p.ow, ox = r - oy * p.ow;
    igemm_info i;
    i.y = oy * p.sy + p.oy0;
    i.x = ox * p.sx + p.ox0;
    i.b = img * p.b_img + i.y * p.bw + i.x;
    i.a = img * p.a_img + r;
    i.o = img * p.o_img + (oy * p.osy + p.oy1) * p.o_w + ox * p.osx + p.ox1;
    return i;
}

template <int MODE> TRI_HD inline igemm_info ig_k(const igemm_params &p, int32_t k) {
    return MODE == IG_CONV ? ig_tap(p, k) : ig_pix(p, k);
}

template <int MODE> TRI_HD inline igemm_info ig_n(const igemm_params &p, int32_t n) {
    return MODE == IG_CONV ? ig_pix(p, n) : ig_tap(p, n);
}

TRI_HD inline bool ig_inside(const igemm_params &p, int32_t y, int32_t x) {
    return (uint32_t)y < (uint32_t)p.bh && (uint32_t)x < (uint32_t)p.bw;
}

// ---------------------------------------------------------------- tensor-core tiles
//
// A block of IG_THREADS threads computes a BM x BN tile of out, over K in steps of IG_BK. Which tile slot each
// thread loads or stores is fixed here, so the host check walks the same slots.

#define IG_THREADS 128
#define IG_BK 32

// A tile [BM][IG_BK], slot i of thread t: k column t % 32 (consecutive k are contiguous in A), row t/32 + 4i.
TRI_HD inline void ig_a_slot(int t, int i, int *row, int *kk) {
    *kk = t & 31;
    *row = (t >> 5) + 4 * i;
}

// B tile [IG_BK][BN], slot i of thread t. IG_CONV: column t % BN (consecutive pixels are contiguous in B), k row
// t / BN + (IG_THREADS/BN) i. IG_WGRAD: k row t % 32 (consecutive pixels), column t/32 + 4i.
template <int MODE, int BN> TRI_HD inline void ig_b_slot(int t, int i, int *kk, int *col) {
    if (MODE == IG_CONV) {
        *col = t % BN;
        *kk = t / BN + (IG_THREADS / BN) * i;
    } else {
        *kk = t & 31;
        *col = (t >> 5) + 4 * i;
    }
}

// Output tile [BM][BN], slot i of thread t: column t % BN (contiguous in out), row t / BN + (IG_THREADS/BN) i.
template <int BN> TRI_HD inline void ig_c_slot(int t, int i, int *row, int *col) {
    *col = t % BN;
    *row = t / BN + (IG_THREADS / BN) * i;
}

// ---------------------------------------------------------------- host planning

static inline igemm_params ig_forward(const tri_conv_geom &g) {
    igemm_params p = {};
    p.M = (int32_t)g.cout_g, p.N = (int32_t)(g.n * g.ho * g.wo), p.K = (int32_t)g.kg, p.groups = (int32_t)g.groups;
    p.kh = (int32_t)g.kh, p.kw = (int32_t)g.kw, p.a_c = (int32_t)g.taps, p.a_th = (int32_t)g.kw, p.a_tw = 1, p.a_0 = 0;
    p.tdy = (int32_t)g.dh, p.tdx = (int32_t)g.dw;
    p.oh = (int32_t)g.ho, p.ow = (int32_t)g.wo, p.sy = (int32_t)g.sh, p.oy0 = (int32_t)-g.ph, p.sx = (int32_t)g.sw;
    p.ox0 = (int32_t)-g.pw, p.b_img = (int32_t)(g.cin * g.h * g.w), p.a_img = 0;
    p.o_img = (int32_t)(g.cout * g.ho * g.wo), p.o_w = (int32_t)g.wo, p.osy = 1, p.oy1 = 0, p.osx = 1, p.ox1 = 0;
    p.bh = (int32_t)g.h, p.bw = (int32_t)g.w, p.a_m = (int32_t)g.kg, p.o_m = (int32_t)(g.ho * g.wo);
    p.a_g = g.cout_g * g.kg, p.b_g = g.cin_g * g.h * g.w, p.o_g = g.cout_g * g.ho * g.wo;
    return p;
}

// One axis of a backward-data stride phase: gx index i*s + a for i < rows receives taps k0 + t*step, t < nk, from
// gy index i + q0 - t*dq.
struct ig_phase_axis {
    int64_t rows, k0, nk, step, q0, dq;
};

static inline ig_phase_axis ig_phase(int64_t a, int64_t in, int64_t k, int64_t s, int64_t pad, int64_t d) {
    ig_phase_axis r = {};
    r.rows = a < in ? (in - a + s - 1) / s : 0;
    int64_t gcd = s, t = d;
    while (t != 0) {
        const int64_t u = gcd % t;
        gcd = t;
        t = u;
    }
    // Taps kk and kk + step hit the same phase: step * d = lcm(s, d).
    r.step = s / gcd;
    r.k0 = -1;
    for (int64_t kk = 0; kk < k && kk < r.step; kk++) {
        if (((a + pad - kk * d) % s + s) % s == 0) {
            r.k0 = kk;
            break;
        }
    }
    if (r.k0 < 0) return r;
    r.nk = (k - 1 - r.k0) / r.step + 1;
    r.q0 = (a + pad - r.k0 * d) / s; // exact
    r.dq = r.step * d / s;           // exact
    return r;
}

// The GEMM of backward-data phase (a, b), given its two axes.
static inline igemm_params ig_backward_data(const tri_conv_geom &g, int64_t a, int64_t b, const ig_phase_axis &ay,
                                            const ig_phase_axis &ax) {
    igemm_params p = {};
    p.M = (int32_t)g.cin_g, p.N = (int32_t)(g.n * ay.rows * ax.rows), p.K = (int32_t)(g.cout_g * ay.nk * ax.nk);
    p.groups = (int32_t)g.groups;
    p.kh = (int32_t)ay.nk, p.kw = (int32_t)ax.nk, p.a_c = (int32_t)(g.cin_g * g.taps), p.a_th = (int32_t)(ay.step * g.kw);
    p.a_tw = (int32_t)ax.step, p.a_0 = (int32_t)(ay.k0 * g.kw + ax.k0), p.tdy = (int32_t)-ay.dq, p.tdx = (int32_t)-ax.dq;
    p.oh = (int32_t)ay.rows, p.ow = (int32_t)ax.rows, p.sy = 1, p.oy0 = (int32_t)ay.q0, p.sx = 1, p.ox0 = (int32_t)ax.q0;
    p.b_img = (int32_t)(g.cout * g.ho * g.wo), p.a_img = 0;
    p.o_img = (int32_t)(g.cin * g.h * g.w), p.o_w = (int32_t)g.w, p.osy = (int32_t)g.sh, p.oy1 = (int32_t)a;
    p.osx = (int32_t)g.sw, p.ox1 = (int32_t)b;
    p.bh = (int32_t)g.ho, p.bw = (int32_t)g.wo, p.a_m = (int32_t)g.taps, p.o_m = (int32_t)(g.h * g.w);
    p.a_g = g.cout_g * g.cin_g * g.taps, p.b_g = g.cout_g * g.ho * g.wo, p.o_g = g.cin_g * g.h * g.w;
    return p;
}

static inline igemm_params ig_backward_weight(const tri_conv_geom &g) {
    igemm_params p = {};
    p.M = (int32_t)g.cout_g, p.N = (int32_t)g.kg, p.K = (int32_t)(g.n * g.ho * g.wo), p.groups = (int32_t)g.groups;
    p.kh = (int32_t)g.kh, p.kw = (int32_t)g.kw, p.a_c = 0, p.a_th = 0, p.a_tw = 0, p.a_0 = 0;
    p.tdy = (int32_t)g.dh, p.tdx = (int32_t)g.dw;
    p.oh = (int32_t)g.ho, p.ow = (int32_t)g.wo, p.sy = (int32_t)g.sh, p.oy0 = (int32_t)-g.ph, p.sx = (int32_t)g.sw;
    p.ox0 = (int32_t)-g.pw, p.b_img = (int32_t)(g.cin * g.h * g.w), p.a_img = (int32_t)(g.cout * g.ho * g.wo);
    p.o_img = 0, p.o_w = 0, p.osy = 0, p.oy1 = 0, p.osx = 0, p.ox1 = 0;
    p.bh = (int32_t)g.h, p.bw = (int32_t)g.w, p.a_m = (int32_t)(g.ho * g.wo), p.o_m = (int32_t)g.kg;
    p.a_g = g.cout_g * g.ho * g.wo, p.b_g = g.cin_g * g.h * g.w, p.o_g = g.cout_g * g.kg;
    return p;
}

// How one GEMM runs: tensor-core tiles of BM x BN (64 x 64, or 32 x 128 for few rows) with `splits` slices of K,
// or SIMT with `lanes` (1 or 32) threads per output.
#define IG_PATH_TC 0
#define IG_PATH_SIMT 1

struct ig_plan {
    int path, bm, bn, lanes;
    int64_t splits;
};

// Blocks that keep the device busy; a constant rather than the device's count, so that a descriptor gives the
// same plan (and bits) on every GPU.
#define IG_TARGET_BLOCKS 264

static inline ig_plan ig_choose(const igemm_params &p, int mode) {
    ig_plan pl = {};
    pl.bm = p.M <= 32 ? 32 : 64;
    pl.bn = p.M <= 32 ? 128 : 64;
    pl.splits = 1;
    const int64_t mtiles = ((int64_t)p.M + pl.bm - 1) / pl.bm, ntiles = ((int64_t)p.N + pl.bn - 1) / pl.bn;
    const int64_t tiles = p.groups * mtiles * ntiles, ktiles = ((int64_t)p.K + IG_BK - 1) / IG_BK;
    const bool grid_ok = p.groups * mtiles <= 65535 && ntiles <= 0x7fffffff;
    if (mode == IG_CONV) {
        // Few tiles over a long reduction (a 1x1 output covering the image): a warp per output splits K instead.
        if (!grid_ok || (tiles < 32 && p.K > 256)) {
            pl.path = IG_PATH_SIMT;
            pl.lanes = tiles < 32 || p.K > 256 ? 32 : 1;
            return pl;
        }
        pl.path = IG_PATH_TC;
        return pl;
    }
    if (!grid_ok || p.N < 4) {
        pl.path = IG_PATH_SIMT;
        pl.lanes = 32;
        return pl;
    }
    pl.path = IG_PATH_TC;
    if (tiles < IG_TARGET_BLOCKS) {
        int64_t s = (IG_TARGET_BLOCKS + tiles - 1) / tiles;
        if (s > ktiles / 4) s = ktiles / 4;
        if (s > 128) s = 128;
        pl.splits = s < 1 ? 1 : s;
    }
    return pl;
}

#endif
