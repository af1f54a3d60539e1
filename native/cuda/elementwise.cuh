// Element-wise launch machinery shared by the element-wise, loss, optimizer and embedding kernels:
//  - tri_map: out_o[i] = f(in_0[i], ..., in_k[i]) over contiguous tensors, float4 accesses when every pointer is
//    16-byte aligned, grid-stride loops;
//  - tri_walk: strided N-d iteration spaces (broadcast, permute, slice), coalesced on the host (common/dims.h)
//    and walked by rows on the device.
#ifndef TRI_CUDA_ELEMENTWISE_CUH
#define TRI_CUDA_ELEMENTWISE_CUH

#include "cuda_internal.cuh"

// ---------------------------------------------------------------- contiguous maps

template <int NIN, int NOUT> struct tri_map_ptrs {
    const float *in[NIN];
    float *out[NOUT]; // a NULL output is skipped
};

template <int NIN, int NOUT, class F>
__device__ __forceinline__ void tri_map_one(const tri_map_ptrs<NIN, NOUT> &p, const F &f, int64_t i) {
    float a[NIN], r[NOUT];
#pragma unroll
    for (int k = 0; k < NIN; k++) a[k] = p.in[k][i];
    f(a, r);
#pragma unroll
    for (int o = 0; o < NOUT; o++)
        if (p.out[o] != NULL) p.out[o][i] = r[o];
}

// Every input is read before any output is written, element for element, so an output may alias an input.
template <int NIN, int NOUT, bool VEC, class F>
__global__ void __launch_bounds__(TRI_THREADS) tri_map_kernel(int64_t n, tri_map_ptrs<NIN, NOUT> p, F f) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    const int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    int64_t head = 0;
    if (VEC) {
        const int64_t n4 = n >> 2;
        for (int64_t q = t; q < n4; q += stride) {
            float4 v[NIN];
#pragma unroll
            for (int k = 0; k < NIN; k++) v[k] = reinterpret_cast<const float4 *>(p.in[k])[q];
            float r[4][NOUT];
#pragma unroll
            for (int e = 0; e < 4; e++) {
                float a[NIN];
#pragma unroll
                for (int k = 0; k < NIN; k++) a[k] = e == 0 ? v[k].x : e == 1 ? v[k].y : e == 2 ? v[k].z : v[k].w;
                f(a, r[e]);
            }
#pragma unroll
            for (int o = 0; o < NOUT; o++)
                if (p.out[o] != NULL)
                    reinterpret_cast<float4 *>(p.out[o])[q] = make_float4(r[0][o], r[1][o], r[2][o], r[3][o]);
        }
        head = n4 << 2;
    }
    for (int64_t i = head + t; i < n; i += stride) tri_map_one(p, f, i);
}

// Launches f over n elements on ctx's stream (n > 0; pointers already checked).
template <int NIN, int NOUT, class F>
static tri_status tri_map(tri_context *ctx, const char *call, int64_t n, const tri_map_ptrs<NIN, NOUT> &p, F f) {
    bool vec = true;
    for (int k = 0; k < NIN; k++) vec = vec && tri_aligned16(p.in[k]);
    for (int o = 0; o < NOUT; o++) vec = vec && tri_aligned16(p.out[o]);
    if (vec) {
        tri_map_kernel<NIN, NOUT, true, F>
            <<<tri_grid(ctx, (n + 3) / 4, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, p, f);
    } else {
        tri_map_kernel<NIN, NOUT, false, F><<<tri_grid(ctx, n, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, p, f);
    }
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}

// ---------------------------------------------------------------- strided N-d walks

// An iteration space of NOPS operands, each with its own strides (in elements), row-major over shape.
template <int NOPS> struct tri_walk {
    int32_t rank;
    int64_t shape[TRI_MAX_DIMS];
    int64_t stride[NOPS][TRI_MAX_DIMS];
};

#ifdef __CUDACC__
// Element offsets of the start of row `row` (the index over every dim but the last). I is the index type:
// int32_t when the space has fewer than 2^31 elements, which makes the divisions cheap.
template <int NOPS, typename I>
__device__ __forceinline__ void tri_walk_row(const tri_walk<NOPS> &w, I row, int64_t (&off)[NOPS]) {
#pragma unroll
    for (int op = 0; op < NOPS; op++) off[op] = 0;
    for (int k = w.rank - 2; k >= 0; k--) {
        const I size = (I)w.shape[k];
        const I idx = row % size;
        row /= size;
#pragma unroll
        for (int op = 0; op < NOPS; op++) off[op] += (int64_t)idx * w.stride[op][k];
    }
}

// Offsets of element i (row-major) of the space.
template <int NOPS, typename I>
__device__ __forceinline__ void tri_walk_element(const tri_walk<NOPS> &w, I i, int64_t (&off)[NOPS]) {
    const I inner = (I)w.shape[w.rank - 1];
    const I col = i % inner;
    tri_walk_row<NOPS, I>(w, i / inner, off);
#pragma unroll
    for (int op = 0; op < NOPS; op++) off[op] += (int64_t)col * w.stride[op][w.rank - 1];
}

// Calls f(off) for every element of w: rows of the innermost dim across blockIdx.x/threadIdx.x and rows
// across blockIdx.y when the innermost dim is long (one index decomposition per row), otherwise one flat
// index per thread.
template <int NOPS, typename I, bool ROWS, class F>
__global__ void __launch_bounds__(TRI_THREADS) tri_walk_kernel(tri_walk<NOPS> w, int64_t n, F f) {
    if (ROWS) {
        const int64_t inner = w.shape[w.rank - 1], rows = n / inner;
        for (int64_t row = blockIdx.y; row < rows; row += gridDim.y) {
            int64_t base[NOPS];
            tri_walk_row<NOPS, I>(w, (I)row, base);
            for (int64_t c = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; c < inner;
                 c += (int64_t)gridDim.x * blockDim.x) {
                int64_t off[NOPS];
#pragma unroll
                for (int op = 0; op < NOPS; op++) off[op] = base[op] + c * w.stride[op][w.rank - 1];
                f(off);
            }
        }
    } else {
        for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
            int64_t off[NOPS];
            tri_walk_element<NOPS, I>(w, (I)i, off);
            f(off);
        }
    }
}

// Launches f over the n (> 0) elements of a coalesced walk.
template <int NOPS, class F>
static tri_status tri_walk_launch(tri_context *ctx, const char *call, const tri_walk<NOPS> &w, int64_t n, F f) {
    const int64_t inner = w.shape[w.rank - 1];
    const bool small = n <= INT32_MAX;
    if (inner >= 128 && w.rank > 1) {
        dim3 grid((unsigned)tri_ceil_div(inner < 4096 ? inner : 4096, TRI_THREADS),
                  (unsigned)(n / inner < 65535 ? n / inner : 65535));
        if (small) tri_walk_kernel<NOPS, int32_t, true, F><<<grid, TRI_THREADS, 0, ctx->stream>>>(w, n, f);
        else tri_walk_kernel<NOPS, int64_t, true, F><<<grid, TRI_THREADS, 0, ctx->stream>>>(w, n, f);
    } else {
        const unsigned grid = tri_grid(ctx, n, TRI_THREADS);
        if (small) tri_walk_kernel<NOPS, int32_t, false, F><<<grid, TRI_THREADS, 0, ctx->stream>>>(w, n, f);
        else tri_walk_kernel<NOPS, int64_t, false, F><<<grid, TRI_THREADS, 0, ctx->stream>>>(w, n, f);
    }
    TRI_CHECK_LAUNCH(call);
    return TRI_OK;
}
#endif

#endif
