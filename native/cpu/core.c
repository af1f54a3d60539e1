/* Library identity, error reporting, CPU feature detection, contexts. */
#define _GNU_SOURCE
#include <cblas.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu_internal.h"

static _Thread_local char tri_error_message[1024];

tri_status tri_vfail(tri_status status, const char *fmt, va_list args) {
    vsnprintf(tri_error_message, sizeof tri_error_message, fmt, args);
    return status;
}

TRI_API const char *tri_last_error(void) { return tri_error_message; }

TRI_API const char *tri_status_name(tri_status status) { return tri_status_text(status); }

TRI_API int32_t tri_abi_version(void) { return TRI_ABI_VERSION; }

static uint32_t detect_cpu_features(void) {
    __builtin_cpu_init();
    uint32_t f = 0;
    if (__builtin_cpu_supports("sse4.2")) f |= TRI_CPU_SSE42;
    if (__builtin_cpu_supports("avx")) f |= TRI_CPU_AVX;
    if (__builtin_cpu_supports("avx2")) f |= TRI_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) f |= TRI_CPU_FMA;
    if (__builtin_cpu_supports("avx512f")) f |= TRI_CPU_AVX512F;
    if (__builtin_cpu_supports("f16c")) f |= TRI_CPU_F16C;
    return f;
}

/* The ISA gcc's target_clones resolver picks for our kernels (x86-64-v4 > v3 > baseline). */
static uint32_t dispatched_isa(uint32_t f) {
    __builtin_cpu_init();
    uint32_t base = f & TRI_CPU_SSE42;
    if (__builtin_cpu_supports("x86-64-v4")) return base | TRI_CPU_AVX | TRI_CPU_AVX2 | TRI_CPU_FMA | TRI_CPU_AVX512F;
    if (__builtin_cpu_supports("x86-64-v3")) return base | TRI_CPU_AVX | TRI_CPU_AVX2 | TRI_CPU_FMA;
    return base;
}

TRI_API tri_status tri_library_query(tri_library_info *out) {
    TRI_CHECK_PTR("tri_library_query", out);
    memset(out, 0, sizeof *out);
    out->abi_version = TRI_ABI_VERSION;
    out->backend = TRI_BACKEND_CPU;
    out->max_threads = omp_get_max_threads();
    out->cpu_features = detect_cpu_features();
    out->kernel_isa = dispatched_isa(out->cpu_features);
    out->device_count = 1;
    snprintf(out->build, sizeof out->build, "%s", TRI_BUILD_INFO);
    return TRI_OK;
}

static void read_cpu_name(char *dst, size_t cap) {
    snprintf(dst, cap, "x86-64 CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL) return;
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "model name", 10) == 0) {
            char *colon = strchr(line, ':');
            if (colon != NULL) {
                colon++;
                while (*colon == ' ' || *colon == '\t') colon++;
                colon[strcspn(colon, "\n")] = '\0';
                snprintf(dst, cap, "%s", colon);
            }
            break;
        }
    }
    fclose(f);
}

TRI_API tri_status tri_device_query(int32_t device, tri_device_info *out) {
    TRI_CHECK_PTR("tri_device_query", out);
    if (device != 0) {
        return tri_fail(TRI_ERR_NO_DEVICE, "tri_device_query: the CPU library has one device (0), asked for %d", device);
    }
    memset(out, 0, sizeof *out);
    read_cpu_name(out->name, sizeof out->name);
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    out->total_memory = (pages > 0 && page > 0) ? (int64_t)pages * page : 0;
    out->multiprocessors = omp_get_num_procs();
    return TRI_OK;
}

TRI_API tri_status tri_context_create(int32_t device, int32_t threads, tri_context **out) {
    TRI_CHECK_PTR("tri_context_create", out);
    *out = NULL;
    if (device != 0) {
        return tri_fail(TRI_ERR_NO_DEVICE, "tri_context_create: the CPU library has one device (0), asked for %d", device);
    }
    if (threads < 0) {
        return tri_fail(TRI_ERR_INVALID_ARGUMENT, "tri_context_create: threads=%d is negative", threads);
    }
    tri_context *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL) return tri_fail(TRI_ERR_OUT_OF_MEMORY, "tri_context_create: out of host memory");
    ctx->threads = threads == 0 ? omp_get_max_threads() : threads;
    /* OpenBLAS's thread pool is process-wide: the last context created sets it. */
    openblas_set_num_threads(ctx->threads);
    *out = ctx;
    return TRI_OK;
}

TRI_API tri_status tri_context_destroy(tri_context *ctx) {
    free(ctx);
    return TRI_OK;
}

TRI_API tri_status tri_context_synchronize(tri_context *ctx) {
    TRI_CHECK_CTX("tri_context_synchronize", ctx);
    return TRI_OK;
}

TRI_API tri_status tri_context_stream(tri_context *ctx, void **stream) {
    TRI_CHECK_CTX("tri_context_stream", ctx);
    TRI_CHECK_PTR("tri_context_stream", stream);
    *stream = NULL;
    return TRI_OK;
}
