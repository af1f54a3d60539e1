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
 * The CUDA runtime functions the CUDA backend calls, in jextract's shape (see {@code regen.sh}): device selection and
 * queries, the thread's last error, stream-ordered allocation from the device's default memory pool, pinned host memory, asynchronous copies,
 * events for timing, and CUDA-graph capture and replay. Device properties are read one attribute at a time with
 * cudaDeviceGetAttribute instead of through cudaDeviceProp, a large struct whose layout changes between CUDA versions.
 *
 * <p>Prototypes from CUDA 13.0's {@code cuda_runtime_api.h}, constants from its {@code driver_types.h}; both are the
 * same in CUDA 12.4, and libcudart.so.12 and libcudart.so.13 export every symbol under these names.
 * CudaHeaderConformanceTest compiles the prototypes and constants against whichever header it finds. Every method
 * returns the native cudaError_t; {@link #check} turns a failure into a {@link NativeException} carrying
 * cudaGetErrorName and cudaGetErrorString. A symbol the library lacks is reported at its first call.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class cuda_runtime_h {
    /* enum cudaError: the statuses the backend tells apart. */
    public static final int cudaSuccess = 0;
    public static final int cudaErrorInvalidValue = 1;
    public static final int cudaErrorMemoryAllocation = 2;
    public static final int cudaErrorInsufficientDriver = 35;
    public static final int cudaErrorNoDevice = 100;
    public static final int cudaErrorInvalidDevice = 101;
    public static final int cudaErrorNotReady = 600;
    public static final int cudaErrorStreamCaptureInvalidated = 901;
    /* enum cudaMemcpyKind */
    public static final int cudaMemcpyHostToHost = 0;
    public static final int cudaMemcpyHostToDevice = 1;
    public static final int cudaMemcpyDeviceToHost = 2;
    public static final int cudaMemcpyDeviceToDevice = 3;
    public static final int cudaMemcpyDefault = 4;
    /* enum cudaStreamCaptureMode */
    public static final int cudaStreamCaptureModeGlobal = 0;
    public static final int cudaStreamCaptureModeThreadLocal = 1;
    public static final int cudaStreamCaptureModeRelaxed = 2;
    /* enum cudaMemPoolAttr: the Reuse* values are an int, the others a cuuint64_t (a Java long). */
    public static final int cudaMemPoolReuseFollowEventDependencies = 1;
    public static final int cudaMemPoolReuseAllowOpportunistic = 2;
    public static final int cudaMemPoolReuseAllowInternalDependencies = 3;
    public static final int cudaMemPoolAttrReleaseThreshold = 4;
    public static final int cudaMemPoolAttrReservedMemCurrent = 5;
    public static final int cudaMemPoolAttrReservedMemHigh = 6;
    public static final int cudaMemPoolAttrUsedMemCurrent = 7;
    public static final int cudaMemPoolAttrUsedMemHigh = 8;
    /* enum cudaDeviceAttr */
    public static final int cudaDevAttrMultiProcessorCount = 16;
    public static final int cudaDevAttrComputeCapabilityMajor = 75;
    public static final int cudaDevAttrComputeCapabilityMinor = 76;
    public static final int cudaDevAttrMemoryPoolsSupported = 115;
    /* enum cudaGraphInstantiateFlags */
    public static final int cudaGraphInstantiateFlagAutoFreeOnLaunch = 1;

    /** C prototypes, as FFM descriptors; the header conformance test compiles them against cuda_runtime_api.h. */
    public static final Map<String, FunctionDescriptor> DESCRIPTORS;

    static {
        Map<String, FunctionDescriptor> d = new LinkedHashMap<>();
        d.put("cudaGetDeviceCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        d.put("cudaGetDevice", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaGetLastError", FunctionDescriptor.of(JAVA_INT));
        d.put("cudaDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        d.put("cudaMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudaMallocAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        d.put("cudaFreeAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudaMemcpyAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        d.put("cudaMemsetAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
        d.put("cudaStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaMallocHost", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        d.put("cudaFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudaEventSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaEventElapsedTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        d.put("cudaEventDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaStreamBeginCapture", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        d.put("cudaStreamEndCapture", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudaGraphInstantiate", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("cudaGraphLaunch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("cudaGraphExecDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaGraphDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaDeviceGetDefaultMemPool", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        d.put("cudaMemPoolSetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        d.put("cudaMemPoolGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        d.put("cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        d.put("cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        d.put("cudaRuntimeGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("cudaDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        DESCRIPTORS = Map.copyOf(d);
    }

    private final Path library;
    private final MethodHandle cudaGetDeviceCount;
    private final MethodHandle cudaSetDevice;
    private final MethodHandle cudaGetDevice;
    private final MethodHandle cudaGetLastError;
    private final MethodHandle cudaDeviceGetAttribute;
    private final MethodHandle cudaMemGetInfo;
    private final MethodHandle cudaMallocAsync;
    private final MethodHandle cudaFreeAsync;
    private final MethodHandle cudaMemcpyAsync;
    private final MethodHandle cudaMemsetAsync;
    private final MethodHandle cudaStreamSynchronize;
    private final MethodHandle cudaMallocHost;
    private final MethodHandle cudaFreeHost;
    private final MethodHandle cudaEventCreate;
    private final MethodHandle cudaEventRecord;
    private final MethodHandle cudaEventSynchronize;
    private final MethodHandle cudaEventElapsedTime;
    private final MethodHandle cudaEventDestroy;
    private final MethodHandle cudaStreamBeginCapture;
    private final MethodHandle cudaStreamEndCapture;
    private final MethodHandle cudaGraphInstantiate;
    private final MethodHandle cudaGraphLaunch;
    private final MethodHandle cudaGraphExecDestroy;
    private final MethodHandle cudaGraphDestroy;
    private final MethodHandle cudaDeviceGetDefaultMemPool;
    private final MethodHandle cudaMemPoolSetAttribute;
    private final MethodHandle cudaMemPoolGetAttribute;
    private final MethodHandle cudaGetErrorName;
    private final MethodHandle cudaGetErrorString;
    private final MethodHandle cudaRuntimeGetVersion;
    private final MethodHandle cudaDriverGetVersion;

    /** Binds every function above found in {@code cudart}. */
    public cuda_runtime_h(LoadedLibrary cudart) {
        this.library = cudart.path();
        Linker linker = Linker.nativeLinker();
        var lookup = cudart.lookup();
        cudaGetDeviceCount = Downcalls.find(linker, lookup, library, "cudaGetDeviceCount", DESCRIPTORS.get("cudaGetDeviceCount"));
        cudaSetDevice = Downcalls.find(linker, lookup, library, "cudaSetDevice", DESCRIPTORS.get("cudaSetDevice"));
        cudaGetDevice = Downcalls.find(linker, lookup, library, "cudaGetDevice", DESCRIPTORS.get("cudaGetDevice"));
        cudaGetLastError = Downcalls.find(linker, lookup, library, "cudaGetLastError", DESCRIPTORS.get("cudaGetLastError"));
        cudaDeviceGetAttribute = Downcalls.find(linker, lookup, library, "cudaDeviceGetAttribute", DESCRIPTORS.get("cudaDeviceGetAttribute"));
        cudaMemGetInfo = Downcalls.find(linker, lookup, library, "cudaMemGetInfo", DESCRIPTORS.get("cudaMemGetInfo"));
        cudaMallocAsync = Downcalls.find(linker, lookup, library, "cudaMallocAsync", DESCRIPTORS.get("cudaMallocAsync"));
        cudaFreeAsync = Downcalls.find(linker, lookup, library, "cudaFreeAsync", DESCRIPTORS.get("cudaFreeAsync"));
        cudaMemcpyAsync = Downcalls.find(linker, lookup, library, "cudaMemcpyAsync", DESCRIPTORS.get("cudaMemcpyAsync"));
        cudaMemsetAsync = Downcalls.find(linker, lookup, library, "cudaMemsetAsync", DESCRIPTORS.get("cudaMemsetAsync"));
        cudaStreamSynchronize = Downcalls.find(linker, lookup, library, "cudaStreamSynchronize", DESCRIPTORS.get("cudaStreamSynchronize"));
        cudaMallocHost = Downcalls.find(linker, lookup, library, "cudaMallocHost", DESCRIPTORS.get("cudaMallocHost"));
        cudaFreeHost = Downcalls.find(linker, lookup, library, "cudaFreeHost", DESCRIPTORS.get("cudaFreeHost"));
        cudaEventCreate = Downcalls.find(linker, lookup, library, "cudaEventCreate", DESCRIPTORS.get("cudaEventCreate"));
        cudaEventRecord = Downcalls.find(linker, lookup, library, "cudaEventRecord", DESCRIPTORS.get("cudaEventRecord"));
        cudaEventSynchronize = Downcalls.find(linker, lookup, library, "cudaEventSynchronize", DESCRIPTORS.get("cudaEventSynchronize"));
        cudaEventElapsedTime = Downcalls.find(linker, lookup, library, "cudaEventElapsedTime", DESCRIPTORS.get("cudaEventElapsedTime"));
        cudaEventDestroy = Downcalls.find(linker, lookup, library, "cudaEventDestroy", DESCRIPTORS.get("cudaEventDestroy"));
        cudaStreamBeginCapture = Downcalls.find(linker, lookup, library, "cudaStreamBeginCapture", DESCRIPTORS.get("cudaStreamBeginCapture"));
        cudaStreamEndCapture = Downcalls.find(linker, lookup, library, "cudaStreamEndCapture", DESCRIPTORS.get("cudaStreamEndCapture"));
        cudaGraphInstantiate = Downcalls.find(linker, lookup, library, "cudaGraphInstantiate", DESCRIPTORS.get("cudaGraphInstantiate"));
        cudaGraphLaunch = Downcalls.find(linker, lookup, library, "cudaGraphLaunch", DESCRIPTORS.get("cudaGraphLaunch"));
        cudaGraphExecDestroy = Downcalls.find(linker, lookup, library, "cudaGraphExecDestroy", DESCRIPTORS.get("cudaGraphExecDestroy"));
        cudaGraphDestroy = Downcalls.find(linker, lookup, library, "cudaGraphDestroy", DESCRIPTORS.get("cudaGraphDestroy"));
        cudaDeviceGetDefaultMemPool = Downcalls.find(linker, lookup, library, "cudaDeviceGetDefaultMemPool", DESCRIPTORS.get("cudaDeviceGetDefaultMemPool"));
        cudaMemPoolSetAttribute = Downcalls.find(linker, lookup, library, "cudaMemPoolSetAttribute", DESCRIPTORS.get("cudaMemPoolSetAttribute"));
        cudaMemPoolGetAttribute = Downcalls.find(linker, lookup, library, "cudaMemPoolGetAttribute", DESCRIPTORS.get("cudaMemPoolGetAttribute"));
        cudaGetErrorName = Downcalls.find(linker, lookup, library, "cudaGetErrorName", DESCRIPTORS.get("cudaGetErrorName"));
        cudaGetErrorString = Downcalls.find(linker, lookup, library, "cudaGetErrorString", DESCRIPTORS.get("cudaGetErrorString"));
        cudaRuntimeGetVersion = Downcalls.find(linker, lookup, library, "cudaRuntimeGetVersion", DESCRIPTORS.get("cudaRuntimeGetVersion"));
        cudaDriverGetVersion = Downcalls.find(linker, lookup, library, "cudaDriverGetVersion", DESCRIPTORS.get("cudaDriverGetVersion"));
    }

    /** Binds the CUDA runtime that {@link NativeLoader} finds; {@link BackendUnavailableException} if there is none. */
    public static cuda_runtime_h open() {
        return new cuda_runtime_h(NativeLoader.load(NativeLibrary.CUDART));
    }

    /** The library file these bindings call into. */
    public Path library() {
        return library;
    }

    /**
     * Throws {@link NativeException} when {@code status} is not cudaSuccess, with the call's name, cudaGetErrorName,
     * cudaGetErrorString and {@code args} (name, value pairs) for context.
     */
    public void check(int status, String call, Object... args) {
        if (status == cudaSuccess) {
            return;
        }
        // A library without the naming functions still reports the failing call, by number.
        String name = cudaGetErrorName == null ? "cudaError " + status : Downcalls.string(cudaGetErrorName(status));
        String message = cudaGetErrorString == null ? "" : Downcalls.string(cudaGetErrorString(status));
        throw new NativeException(call, status, name, message, library, args);
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGetDeviceCount(int *count)
     * }
     */
    public int cudaGetDeviceCount(MemorySegment count) {
        try {
            return (int) Downcalls.present(cudaGetDeviceCount, library, "cudaGetDeviceCount").invokeExact(count);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaSetDevice(int device)
     * }
     */
    public int cudaSetDevice(int device) {
        try {
            return (int) Downcalls.present(cudaSetDevice, library, "cudaSetDevice").invokeExact(device);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGetDevice(int *device)
     * }
     */
    public int cudaGetDevice(MemorySegment device) {
        try {
            return (int) Downcalls.present(cudaGetDevice, library, "cudaGetDevice").invokeExact(device);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGetLastError(void)
     * }
     */
    public int cudaGetLastError() {
        try {
            return (int) Downcalls.present(cudaGetLastError, library, "cudaGetLastError").invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device)
     * }
     */
    public int cudaDeviceGetAttribute(MemorySegment value, int attr, int device) {
        try {
            return (int) Downcalls.present(cudaDeviceGetAttribute, library, "cudaDeviceGetAttribute").invokeExact(value, attr, device);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMemGetInfo(size_t *free, size_t *total)
     * }
     */
    public int cudaMemGetInfo(MemorySegment free, MemorySegment total) {
        try {
            return (int) Downcalls.present(cudaMemGetInfo, library, "cudaMemGetInfo").invokeExact(free, total);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t hStream)
     * }
     */
    public int cudaMallocAsync(MemorySegment devPtr, long size, MemorySegment hStream) {
        try {
            return (int) Downcalls.present(cudaMallocAsync, library, "cudaMallocAsync").invokeExact(devPtr, size, hStream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t hStream)
     * }
     */
    public int cudaFreeAsync(MemorySegment devPtr, MemorySegment hStream) {
        try {
            return (int) Downcalls.present(cudaFreeAsync, library, "cudaFreeAsync").invokeExact(devPtr, hStream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind,
     *     cudaStream_t stream)
     * }
     */
    public int cudaMemcpyAsync(MemorySegment dst, MemorySegment src, long count, int kind, MemorySegment stream) {
        try {
            return (int) Downcalls.present(cudaMemcpyAsync, library, "cudaMemcpyAsync").invokeExact(dst, src, count, kind, stream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream)
     * }
     */
    public int cudaMemsetAsync(MemorySegment devPtr, int value, long count, MemorySegment stream) {
        try {
            return (int) Downcalls.present(cudaMemsetAsync, library, "cudaMemsetAsync").invokeExact(devPtr, value, count, stream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaStreamSynchronize(cudaStream_t stream)
     * }
     */
    public int cudaStreamSynchronize(MemorySegment stream) {
        try {
            return (int) Downcalls.present(cudaStreamSynchronize, library, "cudaStreamSynchronize").invokeExact(stream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMallocHost(void **ptr, size_t size)
     * }
     */
    public int cudaMallocHost(MemorySegment ptr, long size) {
        try {
            return (int) Downcalls.present(cudaMallocHost, library, "cudaMallocHost").invokeExact(ptr, size);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaFreeHost(void *ptr)
     * }
     */
    public int cudaFreeHost(MemorySegment ptr) {
        try {
            return (int) Downcalls.present(cudaFreeHost, library, "cudaFreeHost").invokeExact(ptr);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaEventCreate(cudaEvent_t *event)
     * }
     */
    public int cudaEventCreate(MemorySegment event) {
        try {
            return (int) Downcalls.present(cudaEventCreate, library, "cudaEventCreate").invokeExact(event);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream)
     * }
     */
    public int cudaEventRecord(MemorySegment event, MemorySegment stream) {
        try {
            return (int) Downcalls.present(cudaEventRecord, library, "cudaEventRecord").invokeExact(event, stream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaEventSynchronize(cudaEvent_t event)
     * }
     */
    public int cudaEventSynchronize(MemorySegment event) {
        try {
            return (int) Downcalls.present(cudaEventSynchronize, library, "cudaEventSynchronize").invokeExact(event);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end)
     * }
     */
    public int cudaEventElapsedTime(MemorySegment ms, MemorySegment start, MemorySegment end) {
        try {
            return (int) Downcalls.present(cudaEventElapsedTime, library, "cudaEventElapsedTime").invokeExact(ms, start, end);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaEventDestroy(cudaEvent_t event)
     * }
     */
    public int cudaEventDestroy(MemorySegment event) {
        try {
            return (int) Downcalls.present(cudaEventDestroy, library, "cudaEventDestroy").invokeExact(event);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaStreamBeginCapture(cudaStream_t stream, enum cudaStreamCaptureMode mode)
     * }
     */
    public int cudaStreamBeginCapture(MemorySegment stream, int mode) {
        try {
            return (int) Downcalls.present(cudaStreamBeginCapture, library, "cudaStreamBeginCapture").invokeExact(stream, mode);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *pGraph)
     * }
     */
    public int cudaStreamEndCapture(MemorySegment stream, MemorySegment pGraph) {
        try {
            return (int) Downcalls.present(cudaStreamEndCapture, library, "cudaStreamEndCapture").invokeExact(stream, pGraph);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGraphInstantiate(cudaGraphExec_t *pGraphExec, cudaGraph_t graph, unsigned long long flags)
     * }
     */
    public int cudaGraphInstantiate(MemorySegment pGraphExec, MemorySegment graph, long flags) {
        try {
            return (int) Downcalls.present(cudaGraphInstantiate, library, "cudaGraphInstantiate").invokeExact(pGraphExec, graph, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream)
     * }
     */
    public int cudaGraphLaunch(MemorySegment graphExec, MemorySegment stream) {
        try {
            return (int) Downcalls.present(cudaGraphLaunch, library, "cudaGraphLaunch").invokeExact(graphExec, stream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec)
     * }
     */
    public int cudaGraphExecDestroy(MemorySegment graphExec) {
        try {
            return (int) Downcalls.present(cudaGraphExecDestroy, library, "cudaGraphExecDestroy").invokeExact(graphExec);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaGraphDestroy(cudaGraph_t graph)
     * }
     */
    public int cudaGraphDestroy(MemorySegment graph) {
        try {
            return (int) Downcalls.present(cudaGraphDestroy, library, "cudaGraphDestroy").invokeExact(graph);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *memPool, int device)
     * }
     */
    public int cudaDeviceGetDefaultMemPool(MemorySegment memPool, int device) {
        try {
            return (int) Downcalls.present(cudaDeviceGetDefaultMemPool, library, "cudaDeviceGetDefaultMemPool").invokeExact(memPool, device);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool, enum cudaMemPoolAttr attr, void *value)
     * }
     */
    public int cudaMemPoolSetAttribute(MemorySegment memPool, int attr, MemorySegment value) {
        try {
            return (int) Downcalls.present(cudaMemPoolSetAttribute, library, "cudaMemPoolSetAttribute").invokeExact(memPool, attr, value);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool, enum cudaMemPoolAttr attr, void *value)
     * }
     */
    public int cudaMemPoolGetAttribute(MemorySegment memPool, int attr, MemorySegment value) {
        try {
            return (int) Downcalls.present(cudaMemPoolGetAttribute, library, "cudaMemPoolGetAttribute").invokeExact(memPool, attr, value);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * const char * cudaGetErrorName(cudaError_t error)
     * }
     */
    public MemorySegment cudaGetErrorName(int error) {
        try {
            return (MemorySegment) Downcalls.present(cudaGetErrorName, library, "cudaGetErrorName").invokeExact(error);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * const char * cudaGetErrorString(cudaError_t error)
     * }
     */
    public MemorySegment cudaGetErrorString(int error) {
        try {
            return (MemorySegment) Downcalls.present(cudaGetErrorString, library, "cudaGetErrorString").invokeExact(error);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaRuntimeGetVersion(int *runtimeVersion)
     * }
     */
    public int cudaRuntimeGetVersion(MemorySegment runtimeVersion) {
        try {
            return (int) Downcalls.present(cudaRuntimeGetVersion, library, "cudaRuntimeGetVersion").invokeExact(runtimeVersion);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * {@snippet lang=c :
     * cudaError_t cudaDriverGetVersion(int *driverVersion)
     * }
     */
    public int cudaDriverGetVersion(MemorySegment driverVersion) {
        try {
            return (int) Downcalls.present(cudaDriverGetVersion, library, "cudaDriverGetVersion").invokeExact(driverVersion);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
