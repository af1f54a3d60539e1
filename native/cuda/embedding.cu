// Embedding lookup and its gradient.
//
// Indices live in device memory, so an index outside [0, num) (which the CPU library rejects with
// TRI_ERR_INVALID_ARGUMENT) cannot be reported synchronously here: tri_embedding_f32 writes a zero row for it and
// tri_embedding_backward_f32 leaves it out of every sum. The Java layer validates indices first.
#include "cuda_internal.cuh"

namespace {

// out[i, j] = table[idx[i], j], a thread per element, consecutive threads along a row.
__global__ void __launch_bounds__(TRI_THREADS) gather_kernel(int64_t n, int64_t num, int64_t dim, const float *table,
                                                             const int32_t *idx, float *out) {
    for (int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; e < n * dim; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t i = e / dim, j = e % dim;
        const int32_t row = idx[i];
        out[e] = (row >= 0 && row < num) ? table[(int64_t)row * dim + j] : 0.0f;
    }
}

// Block per table row (grid-stride), threads along the row: each element is the sum of the gout rows that map
// to it, added in index order from 0.0f as in the CPU library, so the bits repeat and match it. Every block reads
// all n indices (L1/L2 hits), which is cheap for the class and token tables this serves (num * n up to ~1e8).
__global__ void __launch_bounds__(TRI_THREADS) scatter_kernel(int64_t n, int64_t num, int64_t dim, const int32_t *idx,
                                                              const float *gout, float *gtable) {
    for (int64_t row = blockIdx.x; row < num; row += gridDim.x) {
        for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) {
            float s = 0.0f;
            for (int64_t i = 0; i < n; i++)
                if (idx[i] == row) s += gout[i * dim + j];
            gtable[row * dim + j] = s;
        }
    }
}

} // namespace

extern "C" {

// An index outside [0, num) gives a zero row (see the top of this file).
TRI_API tri_status tri_embedding_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim, const float *table,
                                     const int32_t *idx, float *out) {
    static const char F[] = "tri_embedding_f32";
    const tri_status st = tri_check_embedding(F, ctx, n, num, dim, table, idx, out);
    if (st != TRI_OK || n == 0 || dim == 0) return st;
    gather_kernel<<<tri_grid(ctx, n * dim, TRI_THREADS), TRI_THREADS, 0, ctx->stream>>>(n, num, dim, table, idx, out);
    TRI_CHECK_LAUNCH(F);
    return TRI_OK;
}

// An index outside [0, num) is left out of the sums (see the top of this file).
TRI_API tri_status tri_embedding_backward_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim,
                                              const int32_t *idx, const float *gout, float *gtable) {
    static const char F[] = "tri_embedding_backward_f32";
    int64_t rows_total = 0, table_total = 0;
    const tri_status st =
        tri_check_embedding_backward(F, ctx, n, num, dim, idx, gout, gtable, &rows_total, &table_total);
    if (st != TRI_OK || table_total == 0) return st;
    const int64_t threads = dim < TRI_THREADS ? (dim + 31) / 32 * 32 : TRI_THREADS;
    const int64_t blocks = num < 65535 * 16 ? num : 65535 * 16;
    scatter_kernel<<<(unsigned)blocks, (unsigned)threads, 0, ctx->stream>>>(n, num, dim, idx, gout, gtable);
    TRI_CHECK_LAUNCH(F);
    return TRI_OK;
}

} // extern "C"
