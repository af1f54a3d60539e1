// Library identity, error reporting, device query, contexts (one stream each).
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cuda_internal.cuh"

static thread_local char tri_error_message[1024];

tri_status tri_vfail(tri_status status, const char *fmt, va_list args) {
    vsnprintf(tri_error_message, sizeof tri_error_message, fmt, args);
    return status;
}

tri_status tri_cuda_fail(cudaError_t err, const char *call) {
    tri_status status = (err == cudaErrorNoDevice || err == cudaErrorInsufficientDriver ||
                         err == cudaErrorInvalidDevice)
                            ? TRI_ERR_NO_DEVICE
                            : (err == cudaErrorMemoryAllocation ? TRI_ERR_OUT_OF_MEMORY : TRI_ERR_DEVICE);
    return tri_fail(status, "%s: %s (%s)", call, cudaGetErrorName(err), cudaGetErrorString(err));
}

tri_status tri_cuda_enter(const char *call, const tri_context *ctx) {
    int current = -1;
    cudaError_t err = cudaGetDevice(&current);
    if (err == cudaSuccess && current != ctx->device) err = cudaSetDevice(ctx->device);
    if (err != cudaSuccess) {
        return tri_fail(TRI_ERR_DEVICE, "%s: making the context's device %d current: %s (%s)", call,
                        (int)ctx->device, cudaGetErrorName(err), cudaGetErrorString(err));
    }
    return TRI_OK;
}

extern "C" {

TRI_API const char *tri_last_error(void) { return tri_error_message; }

TRI_API const char *tri_status_name(tri_status status) { return tri_status_text(status); }

TRI_API int32_t tri_abi_version(void) { return TRI_ABI_VERSION; }

TRI_API tri_status tri_library_query(tri_library_info *out) {
    TRI_CHECK_PTR("tri_library_query", out);
    std::memset(out, 0, sizeof *out);
    out->abi_version = TRI_ABI_VERSION;
    out->backend = TRI_BACKEND_CUDA;
    int count = 0;
    // No driver or no GPU is not an error here: the library reports zero devices and says why on query.
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        count = 0;
        cudaGetLastError();
    }
    out->device_count = count;
    std::snprintf(out->build, sizeof out->build, "%s", TRI_BUILD_INFO);
    return TRI_OK;
}

TRI_API tri_status tri_device_query(int32_t device, tri_device_info *out) {
    TRI_CHECK_PTR("tri_device_query", out);
    std::memset(out, 0, sizeof *out);
    int count = 0;
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) return tri_cuda_fail(err, "tri_device_query: cudaGetDeviceCount");
    if (device < 0 || device >= count) {
        return tri_fail(TRI_ERR_NO_DEVICE, "tri_device_query: device %d does not exist (%d visible)", device, count);
    }
    cudaDeviceProp prop;
    err = cudaGetDeviceProperties(&prop, device);
    if (err != cudaSuccess) return tri_cuda_fail(err, "tri_device_query: cudaGetDeviceProperties");
    std::snprintf(out->name, sizeof out->name, "%s", prop.name);
    out->total_memory = (int64_t)prop.totalGlobalMem;
    out->compute_major = prop.major;
    out->compute_minor = prop.minor;
    out->multiprocessors = prop.multiProcessorCount;
    cudaDriverGetVersion(&out->driver_version);
    cudaRuntimeGetVersion(&out->runtime_version);
    return TRI_OK;
}

TRI_API tri_status tri_context_create(int32_t device, int32_t threads, tri_context **out) {
    TRI_CHECK_PTR("tri_context_create", out);
    *out = NULL;
    cudaError_t err = cudaSetDevice(device);
    if (err != cudaSuccess) return tri_cuda_fail(err, "tri_context_create: cudaSetDevice");
    int sms = 0;
    err = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
    if (err != cudaSuccess) return tri_cuda_fail(err, "tri_context_create: cudaDeviceGetAttribute");
    tri_context *ctx = static_cast<tri_context *>(std::calloc(1, sizeof(tri_context)));
    if (ctx == NULL) return tri_fail(TRI_ERR_OUT_OF_MEMORY, "tri_context_create: out of host memory");
    ctx->device = device;
    ctx->sm_count = sms;
    err = cudaStreamCreateWithFlags(&ctx->stream, cudaStreamNonBlocking);
    if (err != cudaSuccess) {
        std::free(ctx);
        return tri_cuda_fail(err, "tri_context_create: cudaStreamCreateWithFlags");
    }
    // Allocated here, once, so that no kernel call allocates (and CUDA-graph capture of them stays legal).
    err = cudaMalloc(&ctx->scratch, TRI_SCRATCH_BYTES);
    if (err != cudaSuccess) {
        cudaStreamDestroy(ctx->stream);
        std::free(ctx);
        return tri_cuda_fail(err, "tri_context_create: cudaMalloc of the reduction scratch");
    }
    *out = ctx;
    return TRI_OK;
}

TRI_API tri_status tri_context_destroy(tri_context *ctx) {
    if (ctx == NULL) return TRI_OK;
    // The scratch may still be in use by work on the stream.
    cudaError_t err = cudaStreamSynchronize(ctx->stream);
    cudaError_t free_err = cudaFree(ctx->scratch);
    cudaError_t destroy_err = cudaStreamDestroy(ctx->stream);
    std::free(ctx);
    if (err != cudaSuccess) return tri_cuda_fail(err, "tri_context_destroy: cudaStreamSynchronize");
    if (free_err != cudaSuccess) return tri_cuda_fail(free_err, "tri_context_destroy: cudaFree");
    return destroy_err == cudaSuccess ? TRI_OK : tri_cuda_fail(destroy_err, "tri_context_destroy: cudaStreamDestroy");
}

TRI_API tri_status tri_context_synchronize(tri_context *ctx) {
    TRI_CHECK_CTX("tri_context_synchronize", ctx);
    cudaError_t err = cudaStreamSynchronize(ctx->stream);
    return err == cudaSuccess ? TRI_OK : tri_cuda_fail(err, "tri_context_synchronize: cudaStreamSynchronize");
}

TRI_API tri_status tri_context_stream(tri_context *ctx, void **stream) {
    TRI_CHECK_CTX("tri_context_stream", ctx);
    TRI_CHECK_PTR("tri_context_stream", stream);
    *stream = ctx->stream;
    return TRI_OK;
}

}  // extern "C"
