// Shared by the CUDA library's translation units: the context, error reporting, launch checks.
#ifndef TRI_CUDA_INTERNAL_CUH
#define TRI_CUDA_INTERNAL_CUH

#include <cuda_runtime.h>

#include "triptych.h"

struct tri_context {
    int32_t device;
    cudaStream_t stream;
};

// Records a formatted message for tri_last_error() on this thread and returns status.
tri_status tri_fail(tri_status status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Turns a CUDA runtime error into TRI_ERR_DEVICE with the runtime's name and text.
tri_status tri_cuda_fail(cudaError_t err, const char *call);

#define TRI_CHECK_CTX(call, ctx)                                                                         \
    do {                                                                                                  \
        if ((ctx) == NULL) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: context is NULL", call);       \
    } while (0)

#define TRI_CHECK_PTR(call, p)                                                                           \
    do {                                                                                                  \
        if ((p) == NULL) return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s is NULL", call, #p);          \
    } while (0)

#define TRI_CHECK_COUNT(call, n)                                                                         \
    do {                                                                                                  \
        if ((n) < 0)                                                                                      \
            return tri_fail(TRI_ERR_INVALID_ARGUMENT, "%s: %s=%lld is negative", call, #n, (long long)(n)); \
    } while (0)

// After a kernel launch: a launch error becomes TRI_ERR_DEVICE naming the call.
#define TRI_CHECK_LAUNCH(call)                                                                           \
    do {                                                                                                  \
        cudaError_t launch_err_ = cudaGetLastError();                                                     \
        if (launch_err_ != cudaSuccess) return tri_cuda_fail(launch_err_, call);                          \
    } while (0)

#endif
