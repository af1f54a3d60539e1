package io.triptych.bindings;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The cuBLAS functions the CUDA backend calls ({@code libcublas.so.12} or {@code .13}), in jextract's shape (see
 * {@code regen.sh}): the handle, its stream and math mode, and single-precision GEMM plain, strided-batched and mixed
 * precision (cublasGemmEx, for TF32, BF16 and FP16 tensor cores). cuBLAS is column-major: a row-major C = A B is
 * computed as C^T = B^T A^T by swapping the operands. With the default pointer mode, alpha and beta are host pointers.
 *
 * <p>The symbols are the {@code _v2} names that {@code cublas_v2.h} maps cublasCreate, cublasSgemm and so on to.
 * Prototypes and constants from cuBLAS 12.4's {@code cublas_api.h} (cudaDataType's values from
 * {@code library_types.h}); CudaHeaderConformanceTest compiles them against {@code cublas_v2.h} wherever it is found.
 * Every method returns the native cublasStatus_t; {@link #check} turns a failure into a {@link NativeException}
 * carrying cublasGetStatusName and cublasGetStatusString. A symbol the library lacks is reported at its first call.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class cublas_h {
    /* cublasStatus_t */
    public static final int CUBLAS_STATUS_SUCCESS = 0;
    public static final int CUBLAS_STATUS_NOT_INITIALIZED = 1;
    public static final int CUBLAS_STATUS_ALLOC_FAILED = 3;
    public static final int CUBLAS_STATUS_INVALID_VALUE = 7;
    public static final int CUBLAS_STATUS_ARCH_MISMATCH = 8;
    public static final int CUBLAS_STATUS_MAPPING_ERROR = 11;
    public static final int CUBLAS_STATUS_EXECUTION_FAILED = 13;
    public static final int CUBLAS_STATUS_INTERNAL_ERROR = 14;
    public static final int CUBLAS_STATUS_NOT_SUPPORTED = 15;
    public static final int CUBLAS_STATUS_LICENSE_ERROR = 16;
    /* cublasOperation_t */
    public static final int CUBLAS_OP_N = 0;
    public static final int CUBLAS_OP_T = 1;
    /* cublasMath_t */
    public static final int CUBLAS_DEFAULT_MATH = 0;
    public static final int CUBLAS_PEDANTIC_MATH = 2;
    public static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;
    /* cublasComputeType_t */
    public static final int CUBLAS_COMPUTE_32F = 68;
    public static final int CUBLAS_COMPUTE_32F_PEDANTIC = 69;
    public static final int CUBLAS_COMPUTE_32F_FAST_16F = 74;
    public static final int CUBLAS_COMPUTE_32F_FAST_16BF = 75;
    public static final int CUBLAS_COMPUTE_32F_FAST_TF32 = 77;
    /* cublasGemmAlgo_t: let cuBLAS choose the algorithm. */
    public static final int CUBLAS_GEMM_DEFAULT = -1;
    /* cudaDataType (library_types.h), for cublasGemmEx's Atype, Btype and Ctype */
    public static final int CUDA_R_32F = 0;
    public static final int CUDA_R_16F = 2;
    public static final int CUDA_R_16BF = 14;

    /** C prototypes, as FFM descriptors; the header conformance test compiles them against cublas_v2.h. */
    public static final Map<String, FunctionDescriptor> DESCRIPTORS;

    static {
        Map<String, FunctionDescriptor> d = new LinkedHashMap<>();
        d.put("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        d.put("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        d.put("cublasGetStatusString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        d.put("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        d.put("cublasGemmEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        d.put("cublasSgemmStridedBatched", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        DESCRIPTORS = Map.copyOf(d);
    }

    private final Path library;
    private final MethodHandle cublasCreate_v2;
    private final MethodHandle cublasDestroy_v2;
    private final MethodHandle cublasSetStream_v2;
    private final MethodHandle cublasSetMathMode;
    private final MethodHandle cublasGetStatusName;
    private final MethodHandle cublasGetStatusString;
    private final MethodHandle cublasSgemm_v2;
    private final MethodHandle cublasGemmEx;
    private final MethodHandle cublasSgemmStridedBatched;

    /** Binds every function above found in {@code cublas}. */
    public cublas_h(LoadedLibrary cublas) {
        this.library = cublas.path();
        Linker linker = Linker.nativeLinker();
        var lookup = cublas.lookup();
        cublasCreate_v2 = Downcalls.find(linker, lookup, library, "cublasCreate_v2", DESCRIPTORS.get("cublasCreate_v2"));
        cublasDestroy_v2 = Downcalls.find(linker, lookup, library, "cublasDestroy_v2", DESCRIPTORS.get("cublasDestroy_v2"));
        cublasSetStream_v2 = Downcalls.find(linker, lookup, library, "cublasSetStream_v2", DESCRIPTORS.get("cublasSetStream_v2"));
        cublasSetMathMode = Downcalls.find(linker, lookup, library, "cublasSetMathMode", DESCRIPTORS.get("cublasSetMathMode"));
        cublasGetStatusName = Downcalls.find(linker, lookup, library, "cublasGetStatusName", DESCRIPTORS.get("cublasGetStatusName"));
        cublasGetStatusString = Downcalls.find(linker, lookup, library, "cublasGetStatusString", DESCRIPTORS.get("cublasGetStatusString"));
        cublasSgemm_v2 = Downcalls.find(linker, lookup, library, "cublasSgemm_v2", DESCRIPTORS.get("cublasSgemm_v2"));
        cublasGemmEx = Downcalls.find(linker, lookup, library, "cublasGemmEx", DESCRIPTORS.get("cublasGemmEx"));
        cublasSgemmStridedBatched = Downcalls.find(linker, lookup, library, "cublasSgemmStridedBatched", DESCRIPTORS.get("cublasSgemmStridedBatched"));
    }

    /** Binds the cuBLAS that {@link NativeLoader} finds; {@link BackendUnavailableException} if there is none. */
    public static cublas_h open() {
        return new cublas_h(NativeLoader.load(NativeLibrary.CUBLAS));
    }

    /** The library file these bindings call into. */
    public Path library() {
        return library;
    }

    /**
     * Throws {@link NativeException} when {@code status} is not CUBLAS_STATUS_SUCCESS, with the call's name,
     * cublasGetStatusName, cublasGetStatusString and {@code args} (name, value pairs) for context.
     */
    public void check(int status, String call, Object... args) {
        if (status == CUBLAS_STATUS_SUCCESS) {
            return;
        }
        // A library without the naming functions still reports the failing call, by number.
        String name = cublasGetStatusName == null ? "cublasStatus " + status
                : Downcalls.string(cublasGetStatusName(status));
        String message = cublasGetStatusString == null ? "" : Downcalls.string(cublasGetStatusString(status));
        throw new NativeException(call, status, name, message, library, args);
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasCreate_v2(cublasHandle_t *handle)
     * }
     */
    public int cublasCreate_v2(MemorySegment handle) {
        try {
            return (int) Downcalls.present(cublasCreate_v2, library, "cublasCreate_v2").invokeExact(handle);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)
     * }
     */
    public int cublasDestroy_v2(MemorySegment handle) {
        try {
            return (int) Downcalls.present(cublasDestroy_v2, library, "cublasDestroy_v2").invokeExact(handle);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)
     * }
     */
    public int cublasSetStream_v2(MemorySegment handle, MemorySegment streamId) {
        try {
            return (int) Downcalls.present(cublasSetStream_v2, library, "cublasSetStream_v2").invokeExact(handle, streamId);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)
     * }
     */
    public int cublasSetMathMode(MemorySegment handle, int mode) {
        try {
            return (int) Downcalls.present(cublasSetMathMode, library, "cublasSetMathMode").invokeExact(handle, mode);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * const char * cublasGetStatusName(cublasStatus_t status)
     * }
     */
    public MemorySegment cublasGetStatusName(int status) {
        try {
            return (MemorySegment) Downcalls.present(cublasGetStatusName, library, "cublasGetStatusName").invokeExact(status);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * const char * cublasGetStatusString(cublasStatus_t status)
     * }
     */
    public MemorySegment cublasGetStatusString(int status) {
        try {
            return (MemorySegment) Downcalls.present(cublasGetStatusString, library, "cublasGetStatusString").invokeExact(status);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasSgemm_v2(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
     *     int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta,
     *     float *C, int ldc)
     * }
     */
    public int cublasSgemm_v2(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int lda, MemorySegment B, int ldb, MemorySegment beta, MemorySegment C, int ldc) {
        try {
            return (int) Downcalls.present(cublasSgemm_v2, library, "cublasSgemm_v2").invokeExact(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasGemmEx(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
     *     int n, int k, const void *alpha, const void *A, cudaDataType Atype, int lda, const void *B,
     *     cudaDataType Btype, int ldb, const void *beta, void *C, cudaDataType Ctype, int ldc,
     *     cublasComputeType_t computeType, cublasGemmAlgo_t algo)
     * }
     */
    public int cublasGemmEx(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int Atype, int lda, MemorySegment B, int Btype, int ldb, MemorySegment beta, MemorySegment C, int Ctype, int ldc, int computeType, int algo) {
        try {
            return (int) Downcalls.present(cublasGemmEx, library, "cublasGemmEx").invokeExact(handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, computeType, algo);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa,
     *     cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda,
     *     long long int strideA, const float *B, int ldb, long long int strideB, const float *beta, float *C, int ldc,
     *     long long int strideC, int batchCount)
     * }
     */
    public int cublasSgemmStridedBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int lda, long strideA, MemorySegment B, int ldb, long strideB, MemorySegment beta, MemorySegment C, int ldc, long strideC, int batchCount) {
        try {
            return (int) Downcalls.present(cublasSgemmStridedBatched, library, "cublasSgemmStridedBatched").invokeExact(handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc, strideC, batchCount);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
