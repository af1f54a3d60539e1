package io.triptych.bindings;

import java.lang.foreign.Arena;
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
 * The cuDNN 9 functions the CUDA backend calls ({@code libcudnn.so.9}, the legacy convolution API), in jextract's
 * shape (see {@code regen.sh}): the handle, 4-d tensor, filter and convolution descriptors, algorithm search (timed:
 * Find...Ex; heuristic: Get..._v7) with its perf-result structs, workspace sizes, and the three convolution passes.
 * A transposed convolution's forward pass is cudnnConvolutionBackwardData of the matching convolution.
 *
 * <p>Prototypes and constants as declared by cuDNN 9.6.0's headers: cudnnGetVersion, cudnnGetErrorString,
 * cudnnGetLastErrorString, the handle functions and the data-type, math-type, tensor-format and convolution-mode enums
 * from {@code cudnn_graph.h}; the tensor and filter descriptors, cudnnDeterminism_t and the three algorithm enums from
 * {@code cudnn_ops.h}; the convolution descriptor, the perf structs ({@link cudnnConvolutionFwdAlgoPerf_t} and its two
 * siblings) and every convolution call from {@code cudnn_cnn.h}.
 * cuDNN 9 marks the filter and convolution functions deprecated in favour of its graph API, but keeps them in the
 * 9.x headers and library. CudaHeaderConformanceTest compiles these prototypes, constants and struct layouts against
 * {@code cudnn.h} wherever it is found (the cuDNN Python package's {@code include/}).
 *
 * <p>Every method returns the native cudnnStatus_t; {@link #check} turns a failure into a {@link NativeException}
 * carrying cudnnGetErrorString and cuDNN's own last error message. A symbol the library lacks is reported at its
 * first call.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class cudnn_h {
    /*
     * cudnnStatus_t (cudnn_graph.h): success, the first code of each category (a status's category is
     * status / 1000 * 1000), a sub-library that failed to load, and device memory exhausted.
     */
    public static final int CUDNN_STATUS_SUCCESS = 0;
    public static final int CUDNN_STATUS_NOT_INITIALIZED = 1001;
    public static final int CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED = 1008;
    public static final int CUDNN_STATUS_BAD_PARAM = 2000;
    public static final int CUDNN_STATUS_NOT_SUPPORTED = 3000;
    public static final int CUDNN_STATUS_INTERNAL_ERROR = 4000;
    public static final int CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED = 4004;
    public static final int CUDNN_STATUS_EXECUTION_FAILED = 5000;
    /* cudnnDataType_t */
    public static final int CUDNN_DATA_FLOAT = 0;
    public static final int CUDNN_DATA_DOUBLE = 1;
    public static final int CUDNN_DATA_HALF = 2;
    public static final int CUDNN_DATA_BFLOAT16 = 9;
    /* cudnnMathType_t */
    public static final int CUDNN_DEFAULT_MATH = 0;
    public static final int CUDNN_TENSOR_OP_MATH = 1;
    public static final int CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION = 2;
    public static final int CUDNN_FMA_MATH = 3;
    /* cudnnTensorFormat_t */
    public static final int CUDNN_TENSOR_NCHW = 0;
    public static final int CUDNN_TENSOR_NHWC = 1;
    /* cudnnConvolutionMode_t: deep-learning "convolution" is CUDNN_CROSS_CORRELATION. */
    public static final int CUDNN_CONVOLUTION = 0;
    public static final int CUDNN_CROSS_CORRELATION = 1;
    /* cudnnDeterminism_t (cudnn_ops.h) */
    public static final int CUDNN_NON_DETERMINISTIC = 0;
    public static final int CUDNN_DETERMINISTIC = 1;
    /* cudnnConvolutionFwdAlgo_t (cudnn_ops.h) */
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM = 0;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM = 1;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_GEMM = 2;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_DIRECT = 3;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_FFT = 4;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING = 5;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD = 6;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED = 7;
    public static final int CUDNN_CONVOLUTION_FWD_ALGO_COUNT = 8;
    /* cudnnConvolutionBwdDataAlgo_t (cudnn_ops.h) */
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_0 = 0;
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_1 = 1;
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT = 2;
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING = 3;
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD = 4;
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED = 5;
    public static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT = 6;
    /* cudnnConvolutionBwdFilterAlgo_t (cudnn_ops.h) */
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0 = 0;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1 = 1;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT = 2;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3 = 3;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD = 4;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED = 5;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING = 6;
    public static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT = 7;

    /** C prototypes, as FFM descriptors; the header conformance test compiles them against cudnn.h. */
    public static final Map<String, FunctionDescriptor> DESCRIPTORS;

    static {
        Map<String, FunctionDescriptor> d = new LinkedHashMap<>();
        d.put("cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG));
        d.put("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        d.put("cudnnGetLastErrorString", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        d.put("cudnnCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnSetStream", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnCreateTensorDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnSetTensor4dDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        d.put("cudnnDestroyTensorDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnCreateFilterDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnSetFilter4dDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        d.put("cudnnDestroyFilterDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnCreateConvolutionDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnDestroyConvolutionDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudnnSetConvolutionMathType", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        d.put("cudnnSetConvolutionGroupCount", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        d.put("cudnnSetConvolution2dDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        d.put("cudnnGetConvolutionForwardAlgorithmMaxCount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnGetConvolutionForwardAlgorithm_v7", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnFindConvolutionForwardAlgorithmEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("cudnnGetConvolutionForwardWorkspaceSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        d.put("cudnnConvolutionForward", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        d.put("cudnnGetConvolutionBackwardDataAlgorithmMaxCount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnGetConvolutionBackwardDataAlgorithm_v7", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnFindConvolutionBackwardDataAlgorithmEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("cudnnGetConvolutionBackwardDataWorkspaceSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        d.put("cudnnConvolutionBackwardData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        d.put("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnGetConvolutionBackwardFilterAlgorithm_v7", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudnnFindConvolutionBackwardFilterAlgorithmEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("cudnnGetConvolutionBackwardFilterWorkspaceSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        d.put("cudnnConvolutionBackwardFilter", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        DESCRIPTORS = Map.copyOf(d);
    }

    /** cudnnGetVersion() of the first cuDNN 9 release, and of the first release after 9.x. */
    private static final long FIRST_VERSION_9 = 90000;
    private static final long FIRST_VERSION_10 = 100000;
    /** Room for cudnnGetLastErrorString's message, which says why the last call on this thread failed. */
    private static final int LAST_ERROR_CAPACITY = 2048;

    private final Path library;
    private final MethodHandle cudnnGetVersion;
    private final MethodHandle cudnnGetErrorString;
    private final MethodHandle cudnnGetLastErrorString;
    private final MethodHandle cudnnCreate;
    private final MethodHandle cudnnDestroy;
    private final MethodHandle cudnnSetStream;
    private final MethodHandle cudnnCreateTensorDescriptor;
    private final MethodHandle cudnnSetTensor4dDescriptor;
    private final MethodHandle cudnnDestroyTensorDescriptor;
    private final MethodHandle cudnnCreateFilterDescriptor;
    private final MethodHandle cudnnSetFilter4dDescriptor;
    private final MethodHandle cudnnDestroyFilterDescriptor;
    private final MethodHandle cudnnCreateConvolutionDescriptor;
    private final MethodHandle cudnnDestroyConvolutionDescriptor;
    private final MethodHandle cudnnSetConvolutionMathType;
    private final MethodHandle cudnnSetConvolutionGroupCount;
    private final MethodHandle cudnnSetConvolution2dDescriptor;
    private final MethodHandle cudnnGetConvolutionForwardAlgorithmMaxCount;
    private final MethodHandle cudnnGetConvolutionForwardAlgorithm_v7;
    private final MethodHandle cudnnFindConvolutionForwardAlgorithmEx;
    private final MethodHandle cudnnGetConvolutionForwardWorkspaceSize;
    private final MethodHandle cudnnConvolutionForward;
    private final MethodHandle cudnnGetConvolutionBackwardDataAlgorithmMaxCount;
    private final MethodHandle cudnnGetConvolutionBackwardDataAlgorithm_v7;
    private final MethodHandle cudnnFindConvolutionBackwardDataAlgorithmEx;
    private final MethodHandle cudnnGetConvolutionBackwardDataWorkspaceSize;
    private final MethodHandle cudnnConvolutionBackwardData;
    private final MethodHandle cudnnGetConvolutionBackwardFilterAlgorithmMaxCount;
    private final MethodHandle cudnnGetConvolutionBackwardFilterAlgorithm_v7;
    private final MethodHandle cudnnFindConvolutionBackwardFilterAlgorithmEx;
    private final MethodHandle cudnnGetConvolutionBackwardFilterWorkspaceSize;
    private final MethodHandle cudnnConvolutionBackwardFilter;

    /** Binds every function above found in {@code cudnn}. */
    public cudnn_h(LoadedLibrary cudnn) {
        this.library = cudnn.path();
        Linker linker = Linker.nativeLinker();
        var lookup = cudnn.lookup();
        cudnnGetVersion = Downcalls.find(linker, lookup, library, "cudnnGetVersion", DESCRIPTORS.get("cudnnGetVersion"));
        cudnnGetErrorString = Downcalls.find(linker, lookup, library, "cudnnGetErrorString", DESCRIPTORS.get("cudnnGetErrorString"));
        cudnnGetLastErrorString = Downcalls.find(linker, lookup, library, "cudnnGetLastErrorString", DESCRIPTORS.get("cudnnGetLastErrorString"));
        cudnnCreate = Downcalls.find(linker, lookup, library, "cudnnCreate", DESCRIPTORS.get("cudnnCreate"));
        cudnnDestroy = Downcalls.find(linker, lookup, library, "cudnnDestroy", DESCRIPTORS.get("cudnnDestroy"));
        cudnnSetStream = Downcalls.find(linker, lookup, library, "cudnnSetStream", DESCRIPTORS.get("cudnnSetStream"));
        cudnnCreateTensorDescriptor = Downcalls.find(linker, lookup, library, "cudnnCreateTensorDescriptor", DESCRIPTORS.get("cudnnCreateTensorDescriptor"));
        cudnnSetTensor4dDescriptor = Downcalls.find(linker, lookup, library, "cudnnSetTensor4dDescriptor", DESCRIPTORS.get("cudnnSetTensor4dDescriptor"));
        cudnnDestroyTensorDescriptor = Downcalls.find(linker, lookup, library, "cudnnDestroyTensorDescriptor", DESCRIPTORS.get("cudnnDestroyTensorDescriptor"));
        cudnnCreateFilterDescriptor = Downcalls.find(linker, lookup, library, "cudnnCreateFilterDescriptor", DESCRIPTORS.get("cudnnCreateFilterDescriptor"));
        cudnnSetFilter4dDescriptor = Downcalls.find(linker, lookup, library, "cudnnSetFilter4dDescriptor", DESCRIPTORS.get("cudnnSetFilter4dDescriptor"));
        cudnnDestroyFilterDescriptor = Downcalls.find(linker, lookup, library, "cudnnDestroyFilterDescriptor", DESCRIPTORS.get("cudnnDestroyFilterDescriptor"));
        cudnnCreateConvolutionDescriptor = Downcalls.find(linker, lookup, library, "cudnnCreateConvolutionDescriptor", DESCRIPTORS.get("cudnnCreateConvolutionDescriptor"));
        cudnnDestroyConvolutionDescriptor = Downcalls.find(linker, lookup, library, "cudnnDestroyConvolutionDescriptor", DESCRIPTORS.get("cudnnDestroyConvolutionDescriptor"));
        cudnnSetConvolutionMathType = Downcalls.find(linker, lookup, library, "cudnnSetConvolutionMathType", DESCRIPTORS.get("cudnnSetConvolutionMathType"));
        cudnnSetConvolutionGroupCount = Downcalls.find(linker, lookup, library, "cudnnSetConvolutionGroupCount", DESCRIPTORS.get("cudnnSetConvolutionGroupCount"));
        cudnnSetConvolution2dDescriptor = Downcalls.find(linker, lookup, library, "cudnnSetConvolution2dDescriptor", DESCRIPTORS.get("cudnnSetConvolution2dDescriptor"));
        cudnnGetConvolutionForwardAlgorithmMaxCount = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionForwardAlgorithmMaxCount", DESCRIPTORS.get("cudnnGetConvolutionForwardAlgorithmMaxCount"));
        cudnnGetConvolutionForwardAlgorithm_v7 = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionForwardAlgorithm_v7", DESCRIPTORS.get("cudnnGetConvolutionForwardAlgorithm_v7"));
        cudnnFindConvolutionForwardAlgorithmEx = Downcalls.find(linker, lookup, library, "cudnnFindConvolutionForwardAlgorithmEx", DESCRIPTORS.get("cudnnFindConvolutionForwardAlgorithmEx"));
        cudnnGetConvolutionForwardWorkspaceSize = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionForwardWorkspaceSize", DESCRIPTORS.get("cudnnGetConvolutionForwardWorkspaceSize"));
        cudnnConvolutionForward = Downcalls.find(linker, lookup, library, "cudnnConvolutionForward", DESCRIPTORS.get("cudnnConvolutionForward"));
        cudnnGetConvolutionBackwardDataAlgorithmMaxCount = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionBackwardDataAlgorithmMaxCount", DESCRIPTORS.get("cudnnGetConvolutionBackwardDataAlgorithmMaxCount"));
        cudnnGetConvolutionBackwardDataAlgorithm_v7 = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionBackwardDataAlgorithm_v7", DESCRIPTORS.get("cudnnGetConvolutionBackwardDataAlgorithm_v7"));
        cudnnFindConvolutionBackwardDataAlgorithmEx = Downcalls.find(linker, lookup, library, "cudnnFindConvolutionBackwardDataAlgorithmEx", DESCRIPTORS.get("cudnnFindConvolutionBackwardDataAlgorithmEx"));
        cudnnGetConvolutionBackwardDataWorkspaceSize = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionBackwardDataWorkspaceSize", DESCRIPTORS.get("cudnnGetConvolutionBackwardDataWorkspaceSize"));
        cudnnConvolutionBackwardData = Downcalls.find(linker, lookup, library, "cudnnConvolutionBackwardData", DESCRIPTORS.get("cudnnConvolutionBackwardData"));
        cudnnGetConvolutionBackwardFilterAlgorithmMaxCount = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionBackwardFilterAlgorithmMaxCount", DESCRIPTORS.get("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount"));
        cudnnGetConvolutionBackwardFilterAlgorithm_v7 = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionBackwardFilterAlgorithm_v7", DESCRIPTORS.get("cudnnGetConvolutionBackwardFilterAlgorithm_v7"));
        cudnnFindConvolutionBackwardFilterAlgorithmEx = Downcalls.find(linker, lookup, library, "cudnnFindConvolutionBackwardFilterAlgorithmEx", DESCRIPTORS.get("cudnnFindConvolutionBackwardFilterAlgorithmEx"));
        cudnnGetConvolutionBackwardFilterWorkspaceSize = Downcalls.find(linker, lookup, library, "cudnnGetConvolutionBackwardFilterWorkspaceSize", DESCRIPTORS.get("cudnnGetConvolutionBackwardFilterWorkspaceSize"));
        cudnnConvolutionBackwardFilter = Downcalls.find(linker, lookup, library, "cudnnConvolutionBackwardFilter", DESCRIPTORS.get("cudnnConvolutionBackwardFilter"));
    }

    /**
     * Binds the cuDNN that {@link NativeLoader} finds, after checking that it is a 9.x release (cuDNN 8 numbers its
     * versions differently and lacks cudnnGetLastErrorString); {@link BackendUnavailableException} otherwise.
     */
    public static cudnn_h open() {
        LoadedLibrary loaded = NativeLoader.load(NativeLibrary.CUDNN);
        cudnn_h h = new cudnn_h(loaded);
        long version;
        try {
            version = h.cudnnGetVersion();
        } catch (NativeException e) {
            throw new BackendUnavailableException(NativeLibrary.CUDNN.id(), loaded.path() + " is not cuDNN: "
                    + e.getMessage(), loaded.tried(), e);
        }
        if (version < FIRST_VERSION_9 || version >= FIRST_VERSION_10) {
            throw new BackendUnavailableException(NativeLibrary.CUDNN.id(), loaded.path()
                    + " reports cudnnGetVersion() = " + version + "; these bindings need cuDNN 9 (90000 to 99999), "
                    + "whose legacy convolution API they call", loaded.tried());
        }
        return h;
    }

    /** The library file these bindings call into. */
    public Path library() {
        return library;
    }

    /**
     * Throws {@link NativeException} when {@code status} is not CUDNN_STATUS_SUCCESS, with the call's name,
     * cudnnGetErrorString, cuDNN's last error message for this thread and {@code args} (name, value pairs).
     */
    public void check(int status, String call, Object... args) {
        if (status == CUDNN_STATUS_SUCCESS) {
            return;
        }
        // A library without the message functions still reports the failing call, by number.
        String name = cudnnGetErrorString == null ? "cudnnStatus " + status
                : Downcalls.string(cudnnGetErrorString(status));
        String message = "";
        if (cudnnGetLastErrorString != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(LAST_ERROR_CAPACITY);
                cudnnGetLastErrorString(buffer, LAST_ERROR_CAPACITY);
                message = buffer.getString(0);
            }
        }
        throw new NativeException(call, status, name, message, library, args);
    }

    /**
     * {@snippet lang=c :
     * size_t cudnnGetVersion(void)
     * }
     */
    public long cudnnGetVersion() {
        try {
            return (long) Downcalls.present(cudnnGetVersion, library, "cudnnGetVersion").invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * const char * cudnnGetErrorString(cudnnStatus_t status)
     * }
     */
    public MemorySegment cudnnGetErrorString(int status) {
        try {
            return (MemorySegment) Downcalls.present(cudnnGetErrorString, library, "cudnnGetErrorString").invokeExact(status);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * void cudnnGetLastErrorString(char *message, size_t max_size)
     * }
     */
    public void cudnnGetLastErrorString(MemorySegment message, long max_size) {
        try {
            Downcalls.present(cudnnGetLastErrorString, library, "cudnnGetLastErrorString").invokeExact(message, max_size);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnCreate(cudnnHandle_t *handle)
     * }
     */
    public int cudnnCreate(MemorySegment handle) {
        try {
            return (int) Downcalls.present(cudnnCreate, library, "cudnnCreate").invokeExact(handle);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnDestroy(cudnnHandle_t handle)
     * }
     */
    public int cudnnDestroy(MemorySegment handle) {
        try {
            return (int) Downcalls.present(cudnnDestroy, library, "cudnnDestroy").invokeExact(handle);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId)
     * }
     */
    public int cudnnSetStream(MemorySegment handle, MemorySegment streamId) {
        try {
            return (int) Downcalls.present(cudnnSetStream, library, "cudnnSetStream").invokeExact(handle, streamId);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc)
     * }
     */
    public int cudnnCreateTensorDescriptor(MemorySegment tensorDesc) {
        try {
            return (int) Downcalls.present(cudnnCreateTensorDescriptor, library, "cudnnCreateTensorDescriptor").invokeExact(tensorDesc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format,
     *     cudnnDataType_t dataType, int n, int c, int h, int w)
     * }
     */
    public int cudnnSetTensor4dDescriptor(MemorySegment tensorDesc, int format, int dataType, int n, int c, int h, int w) {
        try {
            return (int) Downcalls.present(cudnnSetTensor4dDescriptor, library, "cudnnSetTensor4dDescriptor").invokeExact(tensorDesc, format, dataType, n, c, h, w);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc)
     * }
     */
    public int cudnnDestroyTensorDescriptor(MemorySegment tensorDesc) {
        try {
            return (int) Downcalls.present(cudnnDestroyTensorDescriptor, library, "cudnnDestroyTensorDescriptor").invokeExact(tensorDesc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc)
     * }
     */
    public int cudnnCreateFilterDescriptor(MemorySegment filterDesc) {
        try {
            return (int) Downcalls.present(cudnnCreateFilterDescriptor, library, "cudnnCreateFilterDescriptor").invokeExact(filterDesc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType,
     *     cudnnTensorFormat_t format, int k, int c, int h, int w)
     * }
     */
    public int cudnnSetFilter4dDescriptor(MemorySegment filterDesc, int dataType, int format, int k, int c, int h, int w) {
        try {
            return (int) Downcalls.present(cudnnSetFilter4dDescriptor, library, "cudnnSetFilter4dDescriptor").invokeExact(filterDesc, dataType, format, k, c, h, w);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc)
     * }
     */
    public int cudnnDestroyFilterDescriptor(MemorySegment filterDesc) {
        try {
            return (int) Downcalls.present(cudnnDestroyFilterDescriptor, library, "cudnnDestroyFilterDescriptor").invokeExact(filterDesc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc)
     * }
     */
    public int cudnnCreateConvolutionDescriptor(MemorySegment convDesc) {
        try {
            return (int) Downcalls.present(cudnnCreateConvolutionDescriptor, library, "cudnnCreateConvolutionDescriptor").invokeExact(convDesc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc)
     * }
     */
    public int cudnnDestroyConvolutionDescriptor(MemorySegment convDesc) {
        try {
            return (int) Downcalls.present(cudnnDestroyConvolutionDescriptor, library, "cudnnDestroyConvolutionDescriptor").invokeExact(convDesc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType)
     * }
     */
    public int cudnnSetConvolutionMathType(MemorySegment convDesc, int mathType) {
        try {
            return (int) Downcalls.present(cudnnSetConvolutionMathType, library, "cudnnSetConvolutionMathType").invokeExact(convDesc, mathType);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnSetConvolutionGroupCount(cudnnConvolutionDescriptor_t convDesc, int groupCount)
     * }
     */
    public int cudnnSetConvolutionGroupCount(MemorySegment convDesc, int groupCount) {
        try {
            return (int) Downcalls.present(cudnnSetConvolutionGroupCount, library, "cudnnSetConvolutionGroupCount").invokeExact(convDesc, groupCount);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u,
     *     int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType)
     * }
     */
    public int cudnnSetConvolution2dDescriptor(MemorySegment convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, int mode, int computeType) {
        try {
            return (int) Downcalls.present(cudnnSetConvolution2dDescriptor, library, "cudnnSetConvolution2dDescriptor").invokeExact(convDesc, pad_h, pad_w, u, v, dilation_h, dilation_w, mode, computeType);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionForwardAlgorithmMaxCount(cudnnHandle_t handle, int *count)
     * }
     */
    public int cudnnGetConvolutionForwardAlgorithmMaxCount(MemorySegment handle, MemorySegment count) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionForwardAlgorithmMaxCount, library, "cudnnGetConvolutionForwardAlgorithmMaxCount").invokeExact(handle, count);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(cudnnHandle_t handle, const cudnnTensorDescriptor_t srcDesc,
     *     const cudnnFilterDescriptor_t filterDesc, const cudnnConvolutionDescriptor_t convDesc,
     *     const cudnnTensorDescriptor_t destDesc, const int requestedAlgoCount, int *returnedAlgoCount,
     *     cudnnConvolutionFwdAlgoPerf_t *perfResults)
     * }
     */
    public int cudnnGetConvolutionForwardAlgorithm_v7(MemorySegment handle, MemorySegment srcDesc, MemorySegment filterDesc, MemorySegment convDesc, MemorySegment destDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionForwardAlgorithm_v7, library, "cudnnGetConvolutionForwardAlgorithm_v7").invokeExact(handle, srcDesc, filterDesc, convDesc, destDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnFindConvolutionForwardAlgorithmEx(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc,
     *     const void *x, const cudnnFilterDescriptor_t wDesc, const void *w,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, void *y,
     *     const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults,
     *     void *workSpace, size_t workSpaceSizeInBytes)
     * }
     */
    public int cudnnFindConvolutionForwardAlgorithmEx(MemorySegment handle, MemorySegment xDesc, MemorySegment x, MemorySegment wDesc, MemorySegment w, MemorySegment convDesc, MemorySegment yDesc, MemorySegment y, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults, MemorySegment workSpace, long workSpaceSizeInBytes) {
        try {
            return (int) Downcalls.present(cudnnFindConvolutionForwardAlgorithmEx, library, "cudnnFindConvolutionForwardAlgorithmEx").invokeExact(handle, xDesc, x, wDesc, w, convDesc, yDesc, y, requestedAlgoCount, returnedAlgoCount, perfResults, workSpace, workSpaceSizeInBytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc,
     *     const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc,
     *     const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes)
     * }
     */
    public int cudnnGetConvolutionForwardWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment wDesc, MemorySegment convDesc, MemorySegment yDesc, int algo, MemorySegment sizeInBytes) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionForwardWorkspaceSize, library, "cudnnGetConvolutionForwardWorkspaceSize").invokeExact(handle, xDesc, wDesc, convDesc, yDesc, algo, sizeInBytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha,
     *     const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w,
     *     const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace,
     *     size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y)
     * }
     */
    public int cudnnConvolutionForward(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment wDesc, MemorySegment w, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        try {
            return (int) Downcalls.present(cudnnConvolutionForward, library, "cudnnConvolutionForward").invokeExact(handle, alpha, xDesc, x, wDesc, w, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, yDesc, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithmMaxCount(cudnnHandle_t handle, int *count)
     * }
     */
    public int cudnnGetConvolutionBackwardDataAlgorithmMaxCount(MemorySegment handle, MemorySegment count) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionBackwardDataAlgorithmMaxCount, library, "cudnnGetConvolutionBackwardDataAlgorithmMaxCount").invokeExact(handle, count);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(cudnnHandle_t handle,
     *     const cudnnFilterDescriptor_t filterDesc, const cudnnTensorDescriptor_t diffDesc,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t gradDesc,
     *     const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults)
     * }
     */
    public int cudnnGetConvolutionBackwardDataAlgorithm_v7(MemorySegment handle, MemorySegment filterDesc, MemorySegment diffDesc, MemorySegment convDesc, MemorySegment gradDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionBackwardDataAlgorithm_v7, library, "cudnnGetConvolutionBackwardDataAlgorithm_v7").invokeExact(handle, filterDesc, diffDesc, convDesc, gradDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithmEx(cudnnHandle_t handle,
     *     const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, void *dx,
     *     const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults,
     *     void *workSpace, size_t workSpaceSizeInBytes)
     * }
     */
    public int cudnnFindConvolutionBackwardDataAlgorithmEx(MemorySegment handle, MemorySegment wDesc, MemorySegment w, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, MemorySegment dxDesc, MemorySegment dx, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults, MemorySegment workSpace, long workSpaceSizeInBytes) {
        try {
            return (int) Downcalls.present(cudnnFindConvolutionBackwardDataAlgorithmEx, library, "cudnnFindConvolutionBackwardDataAlgorithmEx").invokeExact(handle, wDesc, w, dyDesc, dy, convDesc, dxDesc, dx, requestedAlgoCount, returnedAlgoCount, perfResults, workSpace, workSpaceSizeInBytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle,
     *     const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc,
     *     cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes)
     * }
     */
    public int cudnnGetConvolutionBackwardDataWorkspaceSize(MemorySegment handle, MemorySegment wDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment dxDesc, int algo, MemorySegment sizeInBytes) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionBackwardDataWorkspaceSize, library, "cudnnGetConvolutionBackwardDataWorkspaceSize").invokeExact(handle, wDesc, dyDesc, convDesc, dxDesc, algo, sizeInBytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha,
     *     const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy,
     *     const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace,
     *     size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx)
     * }
     */
    public int cudnnConvolutionBackwardData(MemorySegment handle, MemorySegment alpha, MemorySegment wDesc, MemorySegment w, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        try {
            return (int) Downcalls.present(cudnnConvolutionBackwardData, library, "cudnnConvolutionBackwardData").invokeExact(handle, alpha, wDesc, w, dyDesc, dy, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, dxDesc, dx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(cudnnHandle_t handle, int *count)
     * }
     */
    public int cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(MemorySegment handle, MemorySegment count) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionBackwardFilterAlgorithmMaxCount, library, "cudnnGetConvolutionBackwardFilterAlgorithmMaxCount").invokeExact(handle, count);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(cudnnHandle_t handle,
     *     const cudnnTensorDescriptor_t srcDesc, const cudnnTensorDescriptor_t diffDesc,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc,
     *     const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults)
     * }
     */
    public int cudnnGetConvolutionBackwardFilterAlgorithm_v7(MemorySegment handle, MemorySegment srcDesc, MemorySegment diffDesc, MemorySegment convDesc, MemorySegment gradDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionBackwardFilterAlgorithm_v7, library, "cudnnGetConvolutionBackwardFilterAlgorithm_v7").invokeExact(handle, srcDesc, diffDesc, convDesc, gradDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithmEx(cudnnHandle_t handle,
     *     const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *y,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t dwDesc, void *dw,
     *     const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults,
     *     void *workSpace, size_t workSpaceSizeInBytes)
     * }
     */
    public int cudnnFindConvolutionBackwardFilterAlgorithmEx(MemorySegment handle, MemorySegment xDesc, MemorySegment x, MemorySegment dyDesc, MemorySegment y, MemorySegment convDesc, MemorySegment dwDesc, MemorySegment dw, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults, MemorySegment workSpace, long workSpaceSizeInBytes) {
        try {
            return (int) Downcalls.present(cudnnFindConvolutionBackwardFilterAlgorithmEx, library, "cudnnFindConvolutionBackwardFilterAlgorithmEx").invokeExact(handle, xDesc, x, dyDesc, y, convDesc, dwDesc, dw, requestedAlgoCount, returnedAlgoCount, perfResults, workSpace, workSpaceSizeInBytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle,
     *     const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc,
     *     const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc,
     *     cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes)
     * }
     */
    public int cudnnGetConvolutionBackwardFilterWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment gradDesc, int algo, MemorySegment sizeInBytes) {
        try {
            return (int) Downcalls.present(cudnnGetConvolutionBackwardFilterWorkspaceSize, library, "cudnnGetConvolutionBackwardFilterWorkspaceSize").invokeExact(handle, xDesc, dyDesc, convDesc, gradDesc, algo, sizeInBytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha,
     *     const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy,
     *     const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace,
     *     size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw)
     * }
     */
    public int cudnnConvolutionBackwardFilter(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment dwDesc, MemorySegment dw) {
        try {
            return (int) Downcalls.present(cudnnConvolutionBackwardFilter, library, "cudnnConvolutionBackwardFilter").invokeExact(handle, alpha, xDesc, x, dyDesc, dy, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, dwDesc, dw);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
