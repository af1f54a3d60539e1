/* Philox4x32-10 uniform and normal draws and dropout. The stream and its float math are defined once, in
 * common/philox.h, which the CUDA library compiles too. This file is built with -ffp-contract=off
 * (CMakeLists.txt): a contraction the header does not spell out would change bits the CUDA library and the
 * Java reference must reproduce. */
#include "cpu_internal.h"
#include "philox.h"

/* Elements per tile: the raw Philox lanes of a tile stay in L1 between the two passes below. A tile is the
 * unit of parallel work; its size is a multiple of 4, so every tile starts on a block. */
#define RNG_TILE 1024

/* Generation costs a few ns per element, so splitting pays off well below TRI_PARALLEL_GRAIN. */
#define RNG_PARALLEL_GRAIN 8192

/* Each kernel below makes its tiles in two flat loops the compiler vectorises: the raw lanes, then the
 * transform. */
static inline void philox_tile(uint64_t seed, uint64_t counter, int blocks, uint32_t *restrict bits) {
    for (int b = 0; b < blocks; b++) {
        tri_philox_block x = tri_philox_stream_block(seed, counter + (uint64_t)b);
        for (int l = 0; l < 4; l++) bits[4 * b + l] = x.x[l];
    }
}

static inline int tile_count(int64_t n, int64_t i) { return n - i < RNG_TILE ? (int)(n - i) : RNG_TILE; }

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
uniform_run(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float low, float span,
            float *restrict out) {
#pragma omp parallel for num_threads(ctx->threads) if (n > RNG_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i += RNG_TILE) {
        uint32_t bits[RNG_TILE];
        int count = tile_count(n, i);
        philox_tile(seed, offset + (uint64_t)(i / 4), (count + 3) / 4, bits);
        for (int k = 0; k < count; k++) out[i + k] = fmaf(span, tri_philox_u24(bits[k]), low);
    }
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
normal_run(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float mean, float std, float *restrict out) {
#pragma omp parallel for num_threads(ctx->threads) if (n > RNG_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i += RNG_TILE) {
        uint32_t bits[RNG_TILE];
        float z[RNG_TILE];
        int count = tile_count(n, i);
        int lanes = (count + 3) & ~3;
        philox_tile(seed, offset + (uint64_t)(i / 4), lanes / 4, bits);
        for (int k = 0; k < lanes; k += 2) tri_philox_box_muller(bits[k], bits[k + 1], &z[k], &z[k + 1]);
        for (int k = 0; k < count; k++) out[i + k] = fmaf(std, z[k], mean);
    }
}

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
dropout_run(tri_context *ctx, int64_t n, const float *x, float p, float scale, uint64_t seed, uint64_t offset,
            float *y, float *mask) {
#pragma omp parallel for num_threads(ctx->threads) if (n > RNG_PARALLEL_GRAIN) schedule(static)
    for (int64_t i = 0; i < n; i += RNG_TILE) {
        uint32_t bits[RNG_TILE];
        int count = tile_count(n, i);
        philox_tile(seed, offset + (uint64_t)(i / 4), (count + 3) / 4, bits);
        for (int k = 0; k < count; k++) {
            /* Read x first: y and mask may share its storage. */
            float xk = x[i + k];
            float m = tri_philox_u24(bits[k]) >= p ? scale : 0.0f;
            mask[i + k] = m;
            y[i + k] = xk * m;
        }
    }
}

TRI_API tri_status tri_philox_uniform_f32(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float low,
                                          float high, float *out) {
    const tri_status st = tri_check_philox_uniform("tri_philox_uniform_f32", ctx, n, low, high, out);
    if (st != TRI_OK || n == 0) return st;
    uniform_run(ctx, seed, offset, n, low, high - low, out);
    return TRI_OK;
}

TRI_API tri_status tri_philox_normal_f32(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float mean,
                                         float std, float *out) {
    const tri_status st = tri_check_philox_normal("tri_philox_normal_f32", ctx, n, mean, std, out);
    if (st != TRI_OK || n == 0) return st;
    normal_run(ctx, seed, offset, n, mean, std, out);
    return TRI_OK;
}

TRI_API tri_status tri_dropout_f32(tri_context *ctx, int64_t n, const float *x, float p, uint64_t seed,
                                   uint64_t offset, float *y, float *mask) {
    const tri_status st = tri_check_dropout("tri_dropout_f32", ctx, n, x, p, y, mask);
    if (st != TRI_OK || n == 0) return st;
    float scale = 1.0f / (1.0f - p);
    dropout_run(ctx, n, x, p, scale, seed, offset, y, mask);
    return TRI_OK;
}
