// tri_sum_f32. Sums accumulate in double and every partial sum has a place fixed by the shape alone (thread
// strides, fixed trees, chunks added in chunk order), so a shape gives the same bits on every run.
//
// As in the CPU library, size-1 dims vanish and equal neighbours merge; then the innermost group decides:
//  - reduced: each output sums its own elements, by a warp (short reductions) or a block (long ones), reading
//    contiguous runs of the innermost group;
//  - kept: one thread per output, consecutive threads on consecutive (contiguous) outputs, each walking the
//    reduced rows.
// When there are few outputs, each output's reduction is split into chunks whose double partial sums go to
// the context's scratch and are added in chunk order by a second kernel.
#include "elementwise.cuh"

namespace {

template <typename I> __device__ __forceinline__ int64_t dims_offset(const tri_dims &d, I q) {
    int64_t off = 0;
    for (int32_t k = d.rank - 1; k >= 0; k--) {
        const I size = (I)d.size[k];
        off += (int64_t)(q % size) * d.stride[k];
        q /= size;
    }
    return off;
}

struct sum_plan : tri_sum_layout {
    int64_t chunks;
    double scale;
};

// Innermost group reduced. Each group of G threads (a warp or the block) owns items (output o, chunk c); its
// threads sum elements q = q0 + lane, q0 + lane + G, ... of the chunk, then a fixed tree combines them.
template <int G, typename I>
__global__ void __launch_bounds__(TRI_THREADS) sum_segments_kernel(sum_plan p, const float *x, float *y, double *partial) {
    __shared__ double smem[33];
    const int lane = threadIdx.x % G, group = threadIdx.x / G, groups = TRI_THREADS / G;
    const int64_t items = p.outputs * p.chunks;
    // Whole blocks iterate together so that the block-wide tree (G == TRI_THREADS) sees every thread.
    for (int64_t base = (int64_t)blockIdx.x * groups; base < items; base += (int64_t)gridDim.x * groups) {
        const int64_t item = base + group;
        double s = 0.0;
        if (item < items) {
            const int64_t o = item / p.chunks, c = item % p.chunks;
            const int64_t q0 = p.per_out * c / p.chunks, q1 = p.per_out * (c + 1) / p.chunks;
            const float *xo = x + dims_offset<I>(p.kept, (I)o);
            if (p.red.rank == 0) {
                for (int64_t q = q0 + lane; q < q1; q += G) s += (double)xo[q];
            } else {
                for (int64_t q = q0 + lane; q < q1; q += G) {
                    const I r = (I)(q / p.inner), col = (I)(q % p.inner);
                    s += (double)xo[dims_offset<I>(p.red, r) + col];
                }
            }
        }
        if constexpr (G == 32) s = tri_warp_sum(s);
        else s = tri_block_sum(s, smem);
        if (lane == 0 && item < items) {
            if (p.chunks == 1) y[item] = (float)(s * p.scale);
            else partial[(item % p.chunks) * p.outputs + item / p.chunks] = s;
        }
    }
}

// Innermost group kept: thread per (output o, chunk c); o = (kept row, column) with the column fastest.
template <typename I>
__global__ void __launch_bounds__(TRI_THREADS) sum_columns_kernel(sum_plan p, const float *x, float *y, double *partial) {
    for (int64_t o = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; o < p.outputs; o += (int64_t)gridDim.x * blockDim.x) {
        const I row = (I)(o / p.inner), col = (I)(o % p.inner);
        const float *xo = x + dims_offset<I>(p.kept, row) + col;
        for (int64_t c = blockIdx.y; c < p.chunks; c += gridDim.y) {
            const int64_t q0 = p.per_out * c / p.chunks, q1 = p.per_out * (c + 1) / p.chunks;
            double s = 0.0;
            for (int64_t q = q0; q < q1; q++) s += (double)xo[dims_offset<I>(p.red, (I)q)];
            if (p.chunks == 1) y[o] = (float)(s * p.scale);
            else partial[c * p.outputs + o] = s;
        }
    }
}

// y[o] = (float)(scale * sum of the chunk partials of o, in chunk order).
__global__ void __launch_bounds__(TRI_THREADS) sum_finish_kernel(int64_t outputs, int64_t chunks, const double *partial,
                                                                 double scale, float *y) {
    for (int64_t o = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; o < outputs; o += (int64_t)gridDim.x * blockDim.x) {
        double s = 0.0;
        for (int64_t c = 0; c < chunks; c++) s += partial[c * outputs + o];
        y[o] = (float)(s * scale);
    }
}

struct scale_op {
    float scale;
    __device__ __forceinline__ void operator()(const float (&in)[1], float (&out)[1]) const { out[0] = in[0] * scale; }
};

// Threads that keep the device busy; split reductions aim for this many.
#define SUM_TARGET_THREADS 262144
// A chunk is at least this many elements...
#define SUM_MIN_CHUNK 4096
// ...and a reduction splits into at most this many.
#define SUM_MAX_CHUNKS 1024

} // namespace

extern "C" TRI_API tri_status tri_sum_f32(tri_context *ctx, const tri_reduce *desc, const float *x, float scale, float *y) {
    static const char *call = "tri_sum_f32";
    sum_plan p = {};
    const tri_status st = tri_check_sum(call, ctx, desc, x, y, &p);
    if (st != TRI_OK || p.outputs == 0) return st;
    const int64_t outputs = p.outputs, per_out = p.per_out, total = p.total;
    if (per_out == 0) {
        cudaError_t err = cudaMemsetAsync(y, 0, (size_t)outputs * sizeof(float), ctx->stream);
        return err == cudaSuccess ? TRI_OK : tri_cuda_fail(err, "tri_sum_f32: cudaMemsetAsync");
    }
    if (per_out == 1) {
        tri_map_ptrs<1, 1> map = {{x}, {y}};
        return tri_map(ctx, call, total, map, scale_op{scale});
    }
    p.scale = (double)scale;
    const bool small = total <= INT32_MAX;
    double *partial = static_cast<double *>(ctx->scratch);
    const int64_t capacity = (int64_t)(TRI_SCRATCH_BYTES / sizeof(double));
    // Chunks per output: only when the outputs alone cannot fill the device; fixed by the shape.
    const int64_t threads_per_output = p.inner_reduced ? (per_out > 4096 ? TRI_THREADS : 32) : 1;
    int64_t chunks = 1;
    if (outputs * threads_per_output < SUM_TARGET_THREADS) {
        chunks = SUM_TARGET_THREADS / (outputs * threads_per_output);
        if (chunks > per_out / SUM_MIN_CHUNK) chunks = per_out / SUM_MIN_CHUNK;
        if (chunks > SUM_MAX_CHUNKS) chunks = SUM_MAX_CHUNKS;
        if (chunks > capacity / outputs) chunks = capacity / outputs;
        if (chunks < 1) chunks = 1;
    }
    p.chunks = chunks;

    if (p.inner_reduced) {
        const int64_t items = outputs * chunks;
        if (threads_per_output == 32) {
            const unsigned grid = tri_grid(ctx, items * 32, TRI_THREADS);
            if (small) sum_segments_kernel<32, int32_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, x, y, partial);
            else sum_segments_kernel<32, int64_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, x, y, partial);
        } else {
            const unsigned grid = (unsigned)(items < 65535 * 16 ? items : 65535 * 16);
            if (small) sum_segments_kernel<TRI_THREADS, int32_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, x, y, partial);
            else sum_segments_kernel<TRI_THREADS, int64_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, x, y, partial);
        }
    } else {
        dim3 grid(tri_grid(ctx, outputs, TRI_THREADS), (unsigned)(chunks < 65535 ? chunks : 65535));
        if (small) sum_columns_kernel<int32_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, x, y, partial);
        else sum_columns_kernel<int64_t><<<grid, TRI_THREADS, 0, ctx->stream>>>(p, x, y, partial);
    }
    TRI_CHECK_LAUNCH(call);
    if (chunks > 1) {
        sum_finish_kernel<<<tri_grid(ctx, outputs, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(outputs, chunks, partial,
                                                                                              p.scale, y);
        TRI_CHECK_LAUNCH(call);
    }
    return TRI_OK;
}
