// tri_copy_nd_f32: strided N-d copies (permute, slice, concat, expand).
//
// As in the CPU library, the dims are ordered by decreasing |dst stride| and coalesced, so that consecutive
// threads write consecutive dst elements; a fully contiguous copy is one cudaMemcpyAsync. A permute whose
// src-contiguous dim is not dst's innermost (a transpose) goes through 32 x 32 shared-memory tiles, so that
// both the reads and the writes of a warp are coalesced.
#include "elementwise.cuh"

namespace {

#define TILE 32
#define TILE_ROWS 8

// Walk operands: 0 = dst, 1 = src.
struct copy_op {
    const float *src;
    float *dst;
    __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const { dst[off[0]] = src[off[1]]; }
};

// Tiles of dims i (dst-contiguous, the innermost of w) and j (src-contiguous); the other dims of w are the
// outer index, walked by blockIdx.z. Block TILE x TILE_ROWS.
__global__ void __launch_bounds__(TILE * TILE_ROWS) transpose_kernel(tri_walk<2> w, int32_t j, int64_t outer,
                                                                    const float *src, float *dst) {
    __shared__ float tile[TILE][TILE + 1];
    const int32_t i = w.rank - 1;
    const int64_t ni = w.shape[i], nj = w.shape[j];
    const int64_t di = w.stride[0][i], dj = w.stride[0][j], si = w.stride[1][i], sj = w.stride[1][j];
    const int tx = threadIdx.x, ty = threadIdx.y;
    for (int64_t o = blockIdx.z; o < outer; o += gridDim.z) {
        int64_t so = 0, dof = 0, rest = o;
        for (int32_t k = w.rank - 1; k >= 0; k--) {
            if (k == i || k == j) continue;
            const int64_t idx = rest % w.shape[k];
            rest /= w.shape[k];
            so += idx * w.stride[1][k];
            dof += idx * w.stride[0][k];
        }
        for (int64_t tj = blockIdx.y; tj * TILE < nj; tj += gridDim.y) {
            for (int64_t ti = blockIdx.x; ti * TILE < ni; ti += gridDim.x) {
                const int64_t i0 = ti * TILE, j0 = tj * TILE;
                // Read along j (src-contiguous) ...
#pragma unroll
                for (int r = 0; r < TILE; r += TILE_ROWS) {
                    const int64_t a = i0 + ty + r, b = j0 + tx;
                    if (a < ni && b < nj) tile[ty + r][tx] = src[so + a * si + b * sj];
                }
                __syncthreads();
                // ... write along i (dst-contiguous).
#pragma unroll
                for (int r = 0; r < TILE; r += TILE_ROWS) {
                    const int64_t a = i0 + tx, b = j0 + ty + r;
                    if (a < ni && b < nj) dst[dof + a * di + b * dj] = tile[tx][ty + r];
                }
                __syncthreads();
            }
        }
    }
}

} // namespace

extern "C" TRI_API tri_status tri_copy_nd_f32(tri_context *ctx, const tri_nd_copy *desc, const float *src, float *dst) {
    static const char *call = "tri_copy_nd_f32";
    int64_t n = 0;
    const tri_status st = tri_check_copy_nd(call, ctx, desc, src, dst, &n);
    if (st != TRI_OK || n == 0) return st;
    tri_walk<2> w;
    w.rank = tri_dims_copy(desc, w.shape, w.stride);

    const int32_t inner = w.rank - 1;
    if (w.rank == 1 && w.stride[0][0] == 1 && w.stride[1][0] == 1) {
        cudaError_t err = cudaMemcpyAsync(dst, src, (size_t)n * sizeof(float), cudaMemcpyDeviceToDevice, ctx->stream);
        return err == cudaSuccess ? TRI_OK : tri_cuda_fail(err, "tri_copy_nd_f32: cudaMemcpyAsync");
    }
    if (w.stride[0][inner] == 1 && w.stride[1][inner] != 1 && w.shape[inner] >= TILE) {
        for (int32_t j = 0; j < inner; j++) {
            if (w.stride[1][j] == 1 && w.shape[j] >= TILE) {
                const int64_t outer = n / (w.shape[inner] * w.shape[j]);
                const int64_t ti = tri_ceil_div(w.shape[inner], TILE), tj = tri_ceil_div(w.shape[j], TILE);
                dim3 grid((unsigned)(ti < 65535 ? ti : 65535), (unsigned)(tj < 65535 ? tj : 65535),
                          (unsigned)(outer < 65535 ? outer : 65535));
                transpose_kernel<<<grid, dim3(TILE, TILE_ROWS), 0, ctx->stream>>>(w, j, outer, src, dst);
                TRI_CHECK_LAUNCH(call);
                return TRI_OK;
            }
        }
    }
    return tri_walk_launch(ctx, call, w, n, copy_op{src, dst});
}
