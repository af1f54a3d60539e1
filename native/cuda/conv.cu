// 2-D convolution, NCHW float32, with stride, padding, dilation and groups: forward, backward-data (also the
// forward pass of conv_transpose2d) and backward-weight, as implicit GEMMs (conv_igemm.cuh) read in place.
//
// Main path: tensor cores in TF32 (wmma m16n16k8, float accumulation). A block of 4 warps computes a 64 x 64 (or
// 32 x 128 when the GEMM has few rows) tile; each K step of 32 gathers its A and B slices straight from the
// tensors into shared memory with 4-byte cp.async (zero-filled where a tap falls into the padding), double
// buffered so that the next slice loads while the current one multiplies. Per-k index math (tap or pixel
// decomposition) is done once per slice into a shared table; per-n index math once per block.
// Backward-weight reduces over all pixels, so its few output tiles split K into slices whose partial tiles go to
// the caller's workspace and are added in slice order by a second kernel: deterministic, no atomics.
// SIMT fallback: a thread or a warp per output, for GEMMs that do not tile (a long reduction into few outputs,
// or grids too large for the tile launch).
// The bias gradient is a separate fixed-order reduction. Nothing here allocates: all scratch is the workspace
// that tri_conv2d_workspace_size asks for (zero bytes except for split backward-weight).
#include <mma.h>

#include "conv_igemm.cuh"

namespace {

using namespace nvcuda;

#define IG_PAD 4 // floats of row padding: keeps wmma's 32-byte alignment and spreads the banks

struct alignas(16) ig_kent {
    int32_t a, b, y, x;
};

__device__ __forceinline__ void cp_async4(float *dst, const float *src, bool pred) {
    const unsigned s = (unsigned)__cvta_generic_to_shared(dst);
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(s), "l"(src), "r"(pred ? 4 : 0));
}

__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }

__device__ __forceinline__ void cp_async_wait_all() { asm volatile("cp.async.wait_group 0;\n" ::: "memory"); }

template <int MODE> __device__ __forceinline__ ig_kent ig_kentry(const igemm_params &p, int32_t k) {
    ig_kent e;
    if (k < p.K) {
        const igemm_info i = ig_k<MODE>(p, k);
        e.a = i.a, e.b = i.b, e.y = i.y, e.x = i.x;
    } else {
        e.a = 0, e.b = 0, e.y = IG_NOWHERE, e.x = 0;
    }
    return e;
}

template <int MODE> __device__ __forceinline__ ig_kent ig_nentry(const igemm_params &p, int32_t n) {
    ig_kent e;
    if (n < p.N) {
        const igemm_info i = ig_n<MODE>(p, n);
        e.a = i.o, e.b = i.b, e.y = i.y, e.x = i.x;
    } else {
        e.a = 0, e.b = 0, e.y = IG_NOWHERE, e.x = 0;
    }
    return e;
}

// out (+ blockIdx.z * split_stride for split K) = A x B per group, plus bias[g*M + m] when bias != NULL.
// Grid: x = n tiles, y = groups x m tiles, z = K slices.
template <int MODE, int BM, int BN>
__global__ void __launch_bounds__(IG_THREADS) igemm_tc_kernel(igemm_params p, const float *__restrict__ A,
                                                              const float *__restrict__ B, const float *__restrict__ bias,
                                                              float *__restrict__ out, int32_t splits,
                                                              int64_t split_stride) {
    constexpr int LDA = IG_BK + IG_PAD, LDB = BN + IG_PAD, LDC = BN + IG_PAD;
    constexpr int A_STAGE = BM * LDA, B_STAGE = IG_BK * LDB;
    constexpr int SMEM = 2 * (A_STAGE + B_STAGE) > BM * LDC ? 2 * (A_STAGE + B_STAGE) : BM * LDC;
    constexpr int WARPS_N = BN / 32;
    constexpr int A_SLOTS = BM * IG_BK / IG_THREADS, B_SLOTS = IG_BK * BN / IG_THREADS, C_SLOTS = BM * BN / IG_THREADS;
    __shared__ __align__(128) float smem[SMEM];
    __shared__ ig_kent ktab[2][IG_BK];
    __shared__ ig_kent ntab[MODE == IG_WGRAD ? BN : 1];

    const int tid = threadIdx.x, warp = tid >> 5, wm = warp / WARPS_N, wn = warp % WARPS_N;
    const int32_t mtiles = (p.M + BM - 1) / BM;
    const int32_t g = blockIdx.y / mtiles, m0 = (blockIdx.y % mtiles) * BM;
    const int32_t n0 = blockIdx.x * BN;
    const float *Ag = A + g * p.a_g;
    const float *Bg = B + g * p.b_g;
    float *Og = out + g * p.o_g + blockIdx.z * split_stride;
    const int32_t ktiles = (p.K + IG_BK - 1) / IG_BK;
    const int32_t kt0 = (int32_t)((int64_t)ktiles * blockIdx.z / splits);
    const int32_t kt1 = (int32_t)((int64_t)ktiles * (blockIdx.z + 1) / splits);

    // Per-n index math, once: IG_CONV threads own one B column (and the same output column); IG_WGRAD columns
    // vary per slot and come from ntab.
    ig_kent ncol = {0, 0, IG_NOWHERE, 0};
    if (MODE == IG_CONV) {
        ncol = ig_nentry<MODE>(p, n0 + tid % BN);
    } else if (tid < BN) {
        ntab[tid] = ig_nentry<MODE>(p, n0 + tid);
    }

    wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[2][2];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.0f);

    // Slot loops unrolled by 4 only: fully unrolled, the compiler keeps every slot's address live across the K
    // loop and runs out of registers.
    auto issue = [&](int stage, int32_t kt) {
        float *As = smem + stage * A_STAGE;
        float *Bs = smem + 2 * A_STAGE + stage * B_STAGE;
        const ig_kent *kt_tab = ktab[stage];
        const int32_t k0 = kt * IG_BK;
#pragma unroll 4
        for (int i = 0; i < A_SLOTS; i++) {
            int row, kk;
            ig_a_slot(tid, i, &row, &kk);
            const int32_t m = m0 + row;
            const bool pred = m < p.M && k0 + kk < p.K;
            const float *src = pred ? Ag + (int64_t)m * p.a_m + kt_tab[kk].a : A;
            cp_async4(As + row * LDA + kk, src, pred);
        }
#pragma unroll 4
        for (int i = 0; i < B_SLOTS; i++) {
            int kk, col;
            ig_b_slot<MODE, BN>(tid, i, &kk, &col);
            const ig_kent ke = kt_tab[kk];
            const ig_kent ne = MODE == IG_CONV ? ncol : ntab[col];
            const bool pred = ig_inside(p, ke.y + ne.y, ke.x + ne.x);
            const float *src = pred ? Bg + ((int64_t)ke.b + ne.b) : B;
            cp_async4(Bs + kk * LDB + col, src, pred);
        }
        cp_async_commit();
    };

    if (kt0 < kt1) {
        if (tid < IG_BK) ktab[0][tid] = ig_kentry<MODE>(p, kt0 * IG_BK + tid);
        __syncthreads();
        issue(0, kt0);
    }
    for (int32_t kt = kt0; kt < kt1; kt++) {
        const int stage = (kt - kt0) & 1;
        // The other stage's table and buffers were last used for slice kt - 1, whose loads every thread issued
        // before the barrier of the previous iteration and whose products every thread finishes before this one.
        if (kt + 1 < kt1 && tid < IG_BK) ktab[stage ^ 1][tid] = ig_kentry<MODE>(p, (kt + 1) * IG_BK + tid);
        cp_async_wait_all();
        __syncthreads();
        if (kt + 1 < kt1) issue(stage ^ 1, kt + 1);
        const float *As = smem + stage * A_STAGE;
        const float *Bs = smem + 2 * A_STAGE + stage * B_STAGE;
#pragma unroll
        for (int ks = 0; ks < IG_BK / 8; ks++) {
            wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> af[2];
            wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> bf[2];
#pragma unroll
            for (int i = 0; i < 2; i++) {
                wmma::load_matrix_sync(af[i], As + (wm * 32 + i * 16) * LDA + ks * 8, LDA);
#pragma unroll
                for (int e = 0; e < af[i].num_elements; e++) af[i].x[e] = wmma::__float_to_tf32(af[i].x[e]);
            }
#pragma unroll
            for (int j = 0; j < 2; j++) {
                wmma::load_matrix_sync(bf[j], Bs + ks * 8 * LDB + wn * 32 + j * 16, LDB);
#pragma unroll
                for (int e = 0; e < bf[j].num_elements; e++) bf[j].x[e] = wmma::__float_to_tf32(bf[j].x[e]);
            }
#pragma unroll
            for (int i = 0; i < 2; i++)
#pragma unroll
                for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], af[i], bf[j], acc[i][j]);
        }
    }

    // The tile goes through shared memory (reusing the stages) so that the stores are coalesced along n.
    __syncthreads();
    float *C = smem;
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++)
            wmma::store_matrix_sync(C + (wm * 32 + i * 16) * LDC + wn * 32 + j * 16, acc[i][j], LDC, wmma::mem_row_major);
    __syncthreads();
#pragma unroll
    for (int i = 0; i < C_SLOTS; i++) {
        int row, col;
        ig_c_slot<BN>(tid, i, &row, &col);
        const int32_t m = m0 + row, n = n0 + col;
        if (m < p.M && n < p.N) {
            float v = C[row * LDC + col];
            if (bias != NULL) v += bias[g * p.M + m];
            const int32_t o = MODE == IG_CONV ? ncol.a : n;
            Og[(int64_t)m * p.o_m + o] = v;
        }
    }
}

// A group of L lanes (1, or a warp that splits K and adds its lanes by a fixed tree) per output (g, m, n),
// consecutive groups on consecutive n.
template <int MODE, int L>
__global__ void __launch_bounds__(TRI_THREADS) igemm_simt_kernel(igemm_params p, const float *__restrict__ A,
                                                                 const float *__restrict__ B,
                                                                 const float *__restrict__ bias, float *__restrict__ out) {
    const int64_t mn = (int64_t)p.M * p.N, outputs = mn * p.groups;
    const int lane = threadIdx.x % L;
    const int64_t stride = (int64_t)gridDim.x * blockDim.x / L;
    for (int64_t o = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / L; o < outputs; o += stride) {
        const int32_t g = (int32_t)(o / mn), rem = (int32_t)(o % mn);
        const int32_t m = rem / p.N, n = rem % p.N;
        const igemm_info ni = ig_n<MODE>(p, n);
        const float *Am = A + g * p.a_g + (int64_t)m * p.a_m;
        const float *Bg = B + g * p.b_g;
        float acc = 0.0f;
        for (int32_t k = lane; k < p.K; k += L) {
            const igemm_info ki = ig_k<MODE>(p, k);
            if (ig_inside(p, ki.y + ni.y, ki.x + ni.x)) acc = fmaf(Am[ki.a], Bg[(int64_t)ki.b + ni.b], acc);
        }
        if (L == 32) acc = tri_warp_sum(acc);
        if (lane == 0) {
            if (bias != NULL) acc += bias[g * p.M + m];
            out[g * p.o_g + (int64_t)m * p.o_m + ni.o] = acc;
        }
    }
}

// gw[i] = sum of the split partials of element i, in split order.
__global__ void __launch_bounds__(TRI_THREADS) split_sum_kernel(int64_t total, int64_t splits, const float *partial,
                                                                float *gw) {
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (int64_t)gridDim.x * blockDim.x) {
        double s = 0.0;
        for (int64_t z = 0; z < splits; z++) s += partial[z * total + i];
        gw[i] = (float)s;
    }
}

// gbias[co] = sum of gy over images and pixels: a block per channel, fixed-order tree.
__global__ void __launch_bounds__(TRI_THREADS) bias_grad_kernel(int64_t n, int64_t cout, int64_t plane, const float *gy,
                                                                float *gbias) {
    __shared__ double smem[33];
    for (int64_t co = blockIdx.x; co < cout; co += gridDim.x) {
        double s = 0.0;
        if (n * plane <= INT32_MAX) { // flat, with 32-bit divisions
            const int32_t count = (int32_t)(n * plane), pl = (int32_t)plane;
            for (int32_t e = threadIdx.x; e < count; e += TRI_THREADS) {
                const int32_t img = e / pl;
                s += gy[((int64_t)img * cout + co) * plane + (e - img * pl)];
            }
        } else { // image by image: long planes keep the threads busy
            for (int64_t img = 0; img < n; img++)
                for (int64_t j = threadIdx.x; j < plane; j += TRI_THREADS) s += gy[(img * cout + co) * plane + j];
        }
        s = tri_block_sum(s, smem);
        if (threadIdx.x == 0) gbias[co] = (float)s;
    }
}

// ---------------------------------------------------------------- host side

// This library's own limit on a checked descriptor (common/conv_geom.h): the kernels index within a tensor in
// int32 (conv_igemm.cuh).
tri_status conv_fits_int32(const char *call, const tri_conv_geom &g) {
    const int64_t xs = g.n * g.cin * g.hw, ys = g.n * g.cout * g.p, ws = g.cout * g.kg;
    if (xs > INT32_MAX || ys > INT32_MAX || ws > INT32_MAX) {
        return tri_fail(TRI_ERR_UNSUPPORTED,
                        "%s: the CUDA library takes tensors of fewer than 2^31 elements (x %.0f, y %.0f, w %.0f)", call,
                        (double)xs, (double)ys, (double)ws);
    }
    return TRI_OK;
}

// Bytes of workspace a pass needs: only split backward-weight keeps partial tiles, 256-byte aligned.
int64_t conv_workspace(const tri_conv_geom &g, int32_t pass) {
    if (pass != TRI_CONV_BACKWARD_WEIGHT || g.n == 0) return 0;
    const ig_plan pl = ig_choose(ig_backward_weight(g), IG_WGRAD);
    if (pl.path != IG_PATH_TC || pl.splits <= 1) return 0;
    return pl.splits * g.cout * g.kg * (int64_t)sizeof(float) + 256;
}

// Common prologue of the three passes: validate, check the workspace.
tri_status conv_begin(const char *call, tri_context *ctx, const tri_conv2d_desc *desc, int32_t pass, void *workspace,
                      int64_t workspace_bytes, tri_conv_geom *g, float **ws) {
    TRI_CHECK_CTX(call, ctx);
    tri_status st = tri_check_conv2d_desc(call, desc, g);
    if (st == TRI_OK) st = conv_fits_int32(call, *g);
    if (st != TRI_OK) return st;
    const int64_t need = conv_workspace(*g, pass);
    if (workspace_bytes < need) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT,
                        "%s: workspace_bytes=%lld is too small: this descriptor needs %lld bytes on this context (see "
                        "tri_conv2d_workspace_size)",
                        call, (long long)workspace_bytes, (long long)need);
    }
    if (need > 0 && workspace == NULL) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: workspace is NULL but %lld bytes are needed", call,
                        (long long)need);
    }
    *ws = need > 0 ? (float *)(((uintptr_t)workspace + 255) & ~(uintptr_t)255) : NULL;
    return TRI_OK;
}

// Runs one GEMM by its plan on ctx's stream.
template <int MODE>
tri_status igemm_run(tri_context *ctx, const char *call, const igemm_params &p, const ig_plan &pl, const float *A,
                     const float *B, const float *bias, float *out) {
    if (p.M == 0 || p.N == 0) return TRI_OK;
    if (pl.path == IG_PATH_SIMT) {
        const int64_t threads = (int64_t)p.groups * p.M * p.N * pl.lanes;
        const unsigned grid = tri_grid(ctx, threads, TRI_THREADS);
        if (pl.lanes == 32) igemm_simt_kernel<MODE, 32><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, A, B, bias, out);
        else igemm_simt_kernel<MODE, 1><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, A, B, bias, out);
    } else {
        const int64_t mtiles = tri_ceil_div(p.M, pl.bm), ntiles = tri_ceil_div(p.N, pl.bn);
        const dim3 grid((unsigned)ntiles, (unsigned)(p.groups * mtiles), (unsigned)pl.splits);
        const int64_t split_stride = pl.splits > 1 ? (int64_t)p.groups * p.o_g : 0;
        if (pl.bm == 64) {
            igemm_tc_kernel<MODE, 64, 64><<<grid, IG_THREADS, 0, ctx->stream>>>(p, A, B, bias, out, (int32_t)pl.splits,
                                                                                split_stride);
        } else {
            igemm_tc_kernel<MODE, 32, 128><<<grid, IG_THREADS, 0, ctx->stream>>>(p, A, B, bias, out, (int32_t)pl.splits,
                                                                                 split_stride);
        }
    }
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

} // namespace

extern "C" {

TRI_API tri_status tri_conv2d_workspace_size(tri_context *ctx, const tri_conv2d_desc *desc, int32_t pass,
                                             int64_t *bytes) {
    const char *call = "tri_conv2d_workspace_size";
    tri_conv_geom g;
    tri_status st = tri_check_conv2d_workspace_size(call, ctx, desc, pass, bytes, &g);
    if (st == TRI_OK) st = conv_fits_int32(call, g);
    if (st != TRI_OK) return st;
    *bytes = conv_workspace(g, pass);
    return TRI_OK;
}

TRI_API tri_status tri_conv2d_forward_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *x,
                                          const float *w, const float *bias, float *y, void *workspace,
                                          int64_t workspace_bytes) {
    const char *call = "tri_conv2d_forward_f32";
    tri_conv_geom g;
    float *ws;
    tri_status st = conv_begin(call, ctx, desc, TRI_CONV_FORWARD, workspace, workspace_bytes, &g, &ws);
    if (st != TRI_OK) return st;
    if (g.n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, w);
    TRI_CHECK_PTR(call, y);
    const igemm_params p = ig_forward(g);
    return igemm_run<IG_CONV>(ctx, call, p, ig_choose(p, IG_CONV), w, x, bias, y);
}

TRI_API tri_status tri_conv2d_backward_data_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *gy,
                                                const float *w, float *gx, void *workspace,
                                                int64_t workspace_bytes) {
    const char *call = "tri_conv2d_backward_data_f32";
    tri_conv_geom g;
    float *ws;
    tri_status st = conv_begin(call, ctx, desc, TRI_CONV_BACKWARD_DATA, workspace, workspace_bytes, &g, &ws);
    if (st != TRI_OK) return st;
    if (g.n == 0) return TRI_OK;
    TRI_CHECK_PTR(call, gy);
    TRI_CHECK_PTR(call, w);
    TRI_CHECK_PTR(call, gx);
    // One GEMM per stride phase; the phases write disjoint gx pixels and together cover all of them (a phase
    // that no tap reaches has K = 0 and writes zeros).
    for (int64_t a = 0; a < g.sh; a++) {
        const ig_phase_axis ay = ig_phase(a, g.h, g.kh, g.sh, g.ph, g.dh);
        if (ay.rows == 0) continue;
        for (int64_t b = 0; b < g.sw; b++) {
            const ig_phase_axis ax = ig_phase(b, g.w, g.kw, g.sw, g.pw, g.dw);
            if (ax.rows == 0) continue;
            const igemm_params p = ig_backward_data(g, a, b, ay, ax);
            st = igemm_run<IG_CONV>(ctx, call, p, ig_choose(p, IG_CONV), w, gy, NULL, gx);
            if (st != TRI_OK) return st;
        }
    }
    return TRI_OK;
}

TRI_API tri_status tri_conv2d_backward_weight_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *x,
                                                  const float *gy, float *gw, float *gbias, void *workspace,
                                                  int64_t workspace_bytes) {
    const char *call = "tri_conv2d_backward_weight_f32";
    tri_conv_geom g;
    float *ws;
    tri_status st = conv_begin(call, ctx, desc, TRI_CONV_BACKWARD_WEIGHT, workspace, workspace_bytes, &g, &ws);
    if (st != TRI_OK) return st;
    TRI_CHECK_PTR(call, gw);
    const int64_t total = g.cout * g.kg;
    if (g.n == 0) { // no images: the gradients are zero
        cudaError_t err = cudaMemsetAsync(gw, 0, (size_t)total * sizeof(float), ctx->stream);
        if (err == cudaSuccess && gbias != NULL) err = cudaMemsetAsync(gbias, 0, (size_t)g.cout * sizeof(float), ctx->stream);
        return err == cudaSuccess ? TRI_OK : tri_cuda_fail(err, "tri_conv2d_backward_weight_f32: cudaMemsetAsync");
    }
    TRI_CHECK_PTR(call, x);
    TRI_CHECK_PTR(call, gy);
    const igemm_params p = ig_backward_weight(g);
    const ig_plan pl = ig_choose(p, IG_WGRAD);
    const bool split = pl.path == IG_PATH_TC && pl.splits > 1;
    st = igemm_run<IG_WGRAD>(ctx, call, p, pl, gy, x, NULL, split ? ws : gw);
    if (st != TRI_OK) return st;
    if (split) {
        split_sum_kernel<<<tri_grid(ctx, total, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(total, pl.splits, ws, gw);
        TRI_CHECK_LAUNCH(call);
    }
    if (gbias != NULL) {
        bias_grad_kernel<<<(unsigned)(g.cout < 65535 * 16 ? g.cout : 65535 * 16), TRI_THREADS, 0, ctx->stream>>>(
            g.n, g.cout, g.ho * g.wo, gy, gbias);
        TRI_CHECK_LAUNCH(call);
    }
    return TRI_OK;
}

} // extern "C"
