// Shared by the CUDA library's translation units: the context, error reporting, launch checks, launch
// geometry and deterministic block reductions.
#ifndef TRI_CUDA_INTERNAL_CUH
#define TRI_CUDA_INTERNAL_CUH

#include <cuda_runtime.h>
#include <stdint.h>

#include "triptych.h"

// Device scratch of every context, for the partial sums of reductions that span several blocks (losses,
// sums, batch-norm statistics). It is used only by kernels on the context's stream, which orders the uses.
#define TRI_SCRATCH_BYTES ((size_t)4 << 20)

struct tri_context {
    int32_t device;
    cudaStream_t stream;
    int32_t sm_count; // multiprocessors of the device: caps grid-stride grids
    void *scratch;    // TRI_SCRATCH_BYTES of device memory, 256-byte aligned
};

// Turns a CUDA runtime error into TRI_ERR_DEVICE with the runtime's name and text.
tri_status tri_cuda_fail(cudaError_t err, const char *call);

// Makes the context's device the calling thread's current one: kernels launch on the current device, and a JVM
// calls from many threads, each starting on device 0.
tri_status tri_cuda_enter(const char *call, const tri_context *ctx);
#define TRI_ENTER_CONTEXT(call, ctx) tri_cuda_enter(call, ctx)

// Pointer arguments are device memory: the checks must not read them.
#define TRI_HOST_POINTERS 0
#include "checks.h"

// After a kernel launch: a launch error becomes TRI_ERR_DEVICE naming the call.
#define TRI_CHECK_LAUNCH(call)                                                                           \
    do {                                                                                                  \
        cudaError_t launch_err_ = cudaGetLastError();                                                     \
        if (launch_err_ != cudaSuccess) return tri_cuda_fail(launch_err_, call);                          \
    } while (0)

// Threads per block of the element-wise and reduction kernels.
#define TRI_THREADS 256

// Blocks for a grid-stride loop over `work` items with `threads` threads per block: enough to fill the device
// several times over, few enough that each thread loops when the work is large.
static inline unsigned tri_grid(const tri_context *ctx, int64_t work, int threads) {
    int64_t blocks = (work + threads - 1) / threads;
    int64_t cap = (int64_t)(ctx->sm_count > 0 ? ctx->sm_count : 132) * (4096 / threads);
    if (blocks > cap) blocks = cap;
    return (unsigned)(blocks < 1 ? 1 : blocks);
}

// All of the given pointers are 16-byte aligned (NULL counts as aligned), so float4 accesses are legal.
static inline bool tri_aligned16(const void *a, const void *b = NULL, const void *c = NULL, const void *d = NULL) {
    return (((uintptr_t)a | (uintptr_t)b | (uintptr_t)c | (uintptr_t)d) & 15u) == 0;
}

static inline int64_t tri_ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

#ifdef __CUDACC__
// Sum over a warp by a fixed shuffle tree: the result (in lane 0) has the same bits on every run.
template <typename T> __device__ __forceinline__ T tri_warp_sum(T v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    return v;
}

template <typename T> __device__ __forceinline__ T tri_warp_max(T v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        T u = __shfl_xor_sync(0xffffffffu, v, o);
        v = u > v ? u : v;
    }
    return v;
}

// Sum over a 1-D block whose size is a multiple of 32, in a fixed order (warp trees, then the warp sums by
// a tree in warp 0); every thread gets the result. smem holds 33 values; calls may follow one another.
template <typename T> __device__ __forceinline__ T tri_block_sum(T v, T *smem) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    v = tri_warp_sum(v);
    __syncthreads(); // the previous call's readers are done with smem
    if (lane == 0) smem[warp] = v;
    __syncthreads();
    if (warp == 0) {
        T w = lane < nwarps ? smem[lane] : T(0);
        w = tri_warp_sum(w);
        if (lane == 0) smem[32] = w;
    }
    __syncthreads();
    return smem[32];
}

// Maximum over a 1-D block (size a multiple of 32); every thread gets it. smem holds 33 values. Callers pass
// per-thread maxima that are never NaN (each starts at `lowest` and takes x only when x > max).
template <typename T> __device__ __forceinline__ T tri_block_max(T v, T *smem, T lowest) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    v = tri_warp_max(v);
    __syncthreads();
    if (lane == 0) smem[warp] = v;
    __syncthreads();
    if (warp == 0) {
        T w = lane < nwarps ? smem[lane] : lowest;
        w = tri_warp_max(w);
        if (lane == 0) smem[32] = w;
    }
    __syncthreads();
    return smem[32];
}
#endif

#endif
