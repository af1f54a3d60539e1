package io.triptych.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hand-kept CUDA runtime, cuDNN and cuBLAS bindings must match the vendors' headers and libraries.
 *
 * <p>Below, each bound function's C prototype is written out once. Its C types are mapped to FFM layouts and compared
 * with the binding's DESCRIPTORS; and where the vendor's header is found (CUDA_HOME, /usr/local/cuda, the
 * {@code nvidia/*}{@code /include} folders of Python site-packages) a C file assigns every function to a pointer of
 * exactly that type, so a prototype that differs from the header's is a compile error. The same file checks every
 * constant of the binding and every struct's size and field offsets with _Static_assert. Without the header the check
 * is skipped, saying where it looked. Where a library is found, every bound symbol must be exported and the calls that
 * need no GPU (versions, status names, a rejected argument) must answer through the bindings. Everywhere: a binding
 * opened without its library is a BackendUnavailableException from NativeLoader, and one bound to a library that lacks
 * its symbols fails only when a missing function is called, with a NativeException naming it.
 */
class CudaHeaderConformanceTest {
    /** A C prototype as its header declares it; {@code params} is "void" for none. */
    private record Proto(String name, String ret, String params) {
        List<String> paramTypes() {
            List<String> types = new ArrayList<>();
            if (!params.equals("void")) {
                for (String p : params.split(",")) {
                    types.add(p.trim().replaceAll("\\w+$", "").trim());
                }
            }
            return types;
        }
    }

    private static Proto proto(String name, String ret, String params) {
        return new Proto(name, ret, params);
    }

    /** A binding class, the header it mirrors, the toolkit headers that one includes, its prototypes and structs. */
    private record Binding(Class<?> bindings, Map<String, FunctionDescriptor> descriptors, String header,
                           List<String> includes, List<Proto> protos, List<Class<?>> structs) {
    }

    /** CUDA 13.0 cuda_runtime_api.h (the same in 12.4). */
    private static final List<Proto> RUNTIME = List.of(
            proto("cudaGetDeviceCount", "cudaError_t", "int *count"),
            proto("cudaSetDevice", "cudaError_t", "int device"),
            proto("cudaGetDevice", "cudaError_t", "int *device"),
            proto("cudaGetLastError", "cudaError_t", "void"),
            proto("cudaDeviceGetAttribute", "cudaError_t", "int *value, enum cudaDeviceAttr attr, int device"),
            proto("cudaMemGetInfo", "cudaError_t", "size_t *free, size_t *total"),
            proto("cudaMallocAsync", "cudaError_t", "void **devPtr, size_t size, cudaStream_t hStream"),
            proto("cudaFreeAsync", "cudaError_t", "void *devPtr, cudaStream_t hStream"),
            proto("cudaMemcpyAsync", "cudaError_t", "void *dst, const void *src, size_t count, "
                    + "enum cudaMemcpyKind kind, cudaStream_t stream"),
            proto("cudaMemsetAsync", "cudaError_t", "void *devPtr, int value, size_t count, cudaStream_t stream"),
            proto("cudaStreamSynchronize", "cudaError_t", "cudaStream_t stream"),
            proto("cudaMallocHost", "cudaError_t", "void **ptr, size_t size"),
            proto("cudaFreeHost", "cudaError_t", "void *ptr"),
            proto("cudaEventCreate", "cudaError_t", "cudaEvent_t *event"),
            proto("cudaEventRecord", "cudaError_t", "cudaEvent_t event, cudaStream_t stream"),
            proto("cudaEventSynchronize", "cudaError_t", "cudaEvent_t event"),
            proto("cudaEventElapsedTime", "cudaError_t", "float *ms, cudaEvent_t start, cudaEvent_t end"),
            proto("cudaEventDestroy", "cudaError_t", "cudaEvent_t event"),
            proto("cudaStreamBeginCapture", "cudaError_t", "cudaStream_t stream, enum cudaStreamCaptureMode mode"),
            proto("cudaStreamEndCapture", "cudaError_t", "cudaStream_t stream, cudaGraph_t *pGraph"),
            proto("cudaGraphInstantiate", "cudaError_t", "cudaGraphExec_t *pGraphExec, cudaGraph_t graph, "
                    + "unsigned long long flags"),
            proto("cudaGraphLaunch", "cudaError_t", "cudaGraphExec_t graphExec, cudaStream_t stream"),
            proto("cudaGraphExecDestroy", "cudaError_t", "cudaGraphExec_t graphExec"),
            proto("cudaGraphDestroy", "cudaError_t", "cudaGraph_t graph"),
            proto("cudaDeviceGetDefaultMemPool", "cudaError_t", "cudaMemPool_t *memPool, int device"),
            proto("cudaMemPoolSetAttribute", "cudaError_t", "cudaMemPool_t memPool, enum cudaMemPoolAttr attr, "
                    + "void *value"),
            proto("cudaMemPoolGetAttribute", "cudaError_t", "cudaMemPool_t memPool, enum cudaMemPoolAttr attr, "
                    + "void *value"),
            proto("cudaGetErrorName", "const char *", "cudaError_t error"),
            proto("cudaGetErrorString", "const char *", "cudaError_t error"),
            proto("cudaRuntimeGetVersion", "cudaError_t", "int *runtimeVersion"),
            proto("cudaDriverGetVersion", "cudaError_t", "int *driverVersion"));

    /** cuDNN 9 cudnn_graph.h, cudnn_ops.h and cudnn_cnn.h, all included by cudnn.h. */
    private static final List<Proto> CUDNN = List.of(
            proto("cudnnGetVersion", "size_t", "void"),
            proto("cudnnGetErrorString", "const char *", "cudnnStatus_t status"),
            proto("cudnnGetLastErrorString", "void", "char *message, size_t max_size"),
            proto("cudnnCreate", "cudnnStatus_t", "cudnnHandle_t *handle"),
            proto("cudnnDestroy", "cudnnStatus_t", "cudnnHandle_t handle"),
            proto("cudnnSetStream", "cudnnStatus_t", "cudnnHandle_t handle, cudaStream_t streamId"),
            proto("cudnnCreateTensorDescriptor", "cudnnStatus_t", "cudnnTensorDescriptor_t *tensorDesc"),
            proto("cudnnSetTensor4dDescriptor", "cudnnStatus_t", "cudnnTensorDescriptor_t tensorDesc, "
                    + "cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w"),
            proto("cudnnDestroyTensorDescriptor", "cudnnStatus_t", "cudnnTensorDescriptor_t tensorDesc"),
            proto("cudnnCreateFilterDescriptor", "cudnnStatus_t", "cudnnFilterDescriptor_t *filterDesc"),
            proto("cudnnSetFilter4dDescriptor", "cudnnStatus_t", "cudnnFilterDescriptor_t filterDesc, "
                    + "cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w"),
            proto("cudnnDestroyFilterDescriptor", "cudnnStatus_t", "cudnnFilterDescriptor_t filterDesc"),
            proto("cudnnCreateConvolutionDescriptor", "cudnnStatus_t", "cudnnConvolutionDescriptor_t *convDesc"),
            proto("cudnnDestroyConvolutionDescriptor", "cudnnStatus_t", "cudnnConvolutionDescriptor_t convDesc"),
            proto("cudnnSetConvolutionMathType", "cudnnStatus_t", "cudnnConvolutionDescriptor_t convDesc, "
                    + "cudnnMathType_t mathType"),
            proto("cudnnSetConvolutionGroupCount", "cudnnStatus_t", "cudnnConvolutionDescriptor_t convDesc, "
                    + "int groupCount"),
            proto("cudnnSetConvolution2dDescriptor", "cudnnStatus_t", "cudnnConvolutionDescriptor_t convDesc, "
                    + "int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, "
                    + "cudnnConvolutionMode_t mode, cudnnDataType_t computeType"),
            proto("cudnnGetConvolutionForwardAlgorithmMaxCount", "cudnnStatus_t", "cudnnHandle_t handle, int *count"),
            proto("cudnnGetConvolutionForwardAlgorithm_v7", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnTensorDescriptor_t srcDesc, const cudnnFilterDescriptor_t filterDesc, "
                    + "const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t destDesc, "
                    + "const int requestedAlgoCount, int *returnedAlgoCount, "
                    + "cudnnConvolutionFwdAlgoPerf_t *perfResults"),
            proto("cudnnFindConvolutionForwardAlgorithmEx", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, "
                    + "const void *w, const cudnnConvolutionDescriptor_t convDesc, "
                    + "const cudnnTensorDescriptor_t yDesc, void *y, const int requestedAlgoCount, "
                    + "int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults, void *workSpace, "
                    + "size_t workSpaceSizeInBytes"),
            proto("cudnnGetConvolutionForwardWorkspaceSize", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, "
                    + "const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, "
                    + "cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes"),
            proto("cudnnConvolutionForward", "cudnnStatus_t", "cudnnHandle_t handle, const void *alpha, "
                    + "const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, "
                    + "const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, "
                    + "void *workSpace, size_t workSpaceSizeInBytes, const void *beta, "
                    + "const cudnnTensorDescriptor_t yDesc, void *y"),
            proto("cudnnGetConvolutionBackwardDataAlgorithmMaxCount", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "int *count"),
            proto("cudnnGetConvolutionBackwardDataAlgorithm_v7", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnFilterDescriptor_t filterDesc, const cudnnTensorDescriptor_t diffDesc, "
                    + "const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t gradDesc, "
                    + "const int requestedAlgoCount, int *returnedAlgoCount, "
                    + "cudnnConvolutionBwdDataAlgoPerf_t *perfResults"),
            proto("cudnnFindConvolutionBackwardDataAlgorithmEx", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, "
                    + "const void *dy, const cudnnConvolutionDescriptor_t convDesc, "
                    + "const cudnnTensorDescriptor_t dxDesc, void *dx, const int requestedAlgoCount, "
                    + "int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults, void *workSpace, "
                    + "size_t workSpaceSizeInBytes"),
            proto("cudnnGetConvolutionBackwardDataWorkspaceSize", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, "
                    + "const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, "
                    + "cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes"),
            proto("cudnnConvolutionBackwardData", "cudnnStatus_t", "cudnnHandle_t handle, const void *alpha, "
                    + "const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, "
                    + "const void *dy, const cudnnConvolutionDescriptor_t convDesc, "
                    + "cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, "
                    + "const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx"),
            proto("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "int *count"),
            proto("cudnnGetConvolutionBackwardFilterAlgorithm_v7", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnTensorDescriptor_t srcDesc, const cudnnTensorDescriptor_t diffDesc, "
                    + "const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, "
                    + "const int requestedAlgoCount, int *returnedAlgoCount, "
                    + "cudnnConvolutionBwdFilterAlgoPerf_t *perfResults"),
            proto("cudnnFindConvolutionBackwardFilterAlgorithmEx", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, "
                    + "const void *y, const cudnnConvolutionDescriptor_t convDesc, "
                    + "const cudnnFilterDescriptor_t dwDesc, void *dw, const int requestedAlgoCount, "
                    + "int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults, void *workSpace, "
                    + "size_t workSpaceSizeInBytes"),
            proto("cudnnGetConvolutionBackwardFilterWorkspaceSize", "cudnnStatus_t", "cudnnHandle_t handle, "
                    + "const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, "
                    + "const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, "
                    + "cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes"),
            proto("cudnnConvolutionBackwardFilter", "cudnnStatus_t", "cudnnHandle_t handle, const void *alpha, "
                    + "const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, "
                    + "const void *dy, const cudnnConvolutionDescriptor_t convDesc, "
                    + "cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, "
                    + "const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw"));

    /** cuBLAS 12 cublas_api.h, included by cublas_v2.h. */
    private static final List<Proto> CUBLAS = List.of(
            proto("cublasCreate_v2", "cublasStatus_t", "cublasHandle_t *handle"),
            proto("cublasDestroy_v2", "cublasStatus_t", "cublasHandle_t handle"),
            proto("cublasSetStream_v2", "cublasStatus_t", "cublasHandle_t handle, cudaStream_t streamId"),
            proto("cublasSetMathMode", "cublasStatus_t", "cublasHandle_t handle, cublasMath_t mode"),
            proto("cublasGetStatusName", "const char *", "cublasStatus_t status"),
            proto("cublasGetStatusString", "const char *", "cublasStatus_t status"),
            proto("cublasSgemm_v2", "cublasStatus_t", "cublasHandle_t handle, cublasOperation_t transa, "
                    + "cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, "
                    + "const float *B, int ldb, const float *beta, float *C, int ldc"),
            proto("cublasGemmEx", "cublasStatus_t", "cublasHandle_t handle, cublasOperation_t transa, "
                    + "cublasOperation_t transb, int m, int n, int k, const void *alpha, const void *A, "
                    + "cudaDataType Atype, int lda, const void *B, cudaDataType Btype, int ldb, const void *beta, "
                    + "void *C, cudaDataType Ctype, int ldc, cublasComputeType_t computeType, cublasGemmAlgo_t algo"),
            proto("cublasSgemmStridedBatched", "cublasStatus_t", "cublasHandle_t handle, cublasOperation_t transa, "
                    + "cublasOperation_t transb, int m, int n, int k, const float *alpha, const float *A, int lda, "
                    + "long long int strideA, const float *B, int ldb, long long int strideB, const float *beta, "
                    + "float *C, int ldc, long long int strideC, int batchCount"));

    private static final Binding RUNTIME_BINDING = new Binding(cuda_runtime_h.class, cuda_runtime_h.DESCRIPTORS,
            "cuda_runtime_api.h", List.of(), RUNTIME, List.of());
    private static final Binding CUDNN_BINDING = new Binding(cudnn_h.class, cudnn_h.DESCRIPTORS, "cudnn.h",
            List.of("cuda_runtime_api.h"), CUDNN, List.of(cudnnConvolutionFwdAlgoPerf_t.class,
            cudnnConvolutionBwdDataAlgoPerf_t.class, cudnnConvolutionBwdFilterAlgoPerf_t.class));
    private static final Binding CUBLAS_BINDING = new Binding(cublas_h.class, cublas_h.DESCRIPTORS, "cublas_v2.h",
            List.of("cuda_runtime_api.h"), CUBLAS, List.of());

    /** C types passed as a 32-bit int: int itself and the enums (gcc and nvcc give these enums 4 bytes). */
    private static final Set<String> INT_TYPES = Set.of("int", "cudaError_t", "enum cudaDeviceAttr",
            "enum cudaMemcpyKind", "enum cudaStreamCaptureMode", "enum cudaMemPoolAttr", "cudnnStatus_t",
            "cudnnTensorFormat_t", "cudnnDataType_t", "cudnnMathType_t", "cudnnConvolutionMode_t",
            "cudnnConvolutionFwdAlgo_t", "cudnnConvolutionBwdDataAlgo_t", "cudnnConvolutionBwdFilterAlgo_t",
            "cublasStatus_t", "cublasMath_t", "cublasOperation_t", "cudaDataType", "cublasComputeType_t",
            "cublasGemmAlgo_t");
    private static final Set<String> LONG_TYPES = Set.of("size_t", "unsigned long long", "long long int");
    /** Opaque handles: typedefs of pointers to incomplete structs, passed by value as an address. */
    private static final Set<String> HANDLE_TYPES = Set.of("cudaStream_t", "cudaEvent_t", "cudaGraph_t",
            "cudaGraphExec_t", "cudaMemPool_t", "cudnnHandle_t", "cudnnTensorDescriptor_t", "cudnnFilterDescriptor_t",
            "cudnnConvolutionDescriptor_t", "cublasHandle_t");

    private static MemoryLayout layoutOf(String cType, String function) {
        String type = cType.replace("const ", "").trim();
        if (type.contains("*") || HANDLE_TYPES.contains(type)) {
            return ADDRESS;
        }
        if (INT_TYPES.contains(type)) {
            return JAVA_INT;
        }
        if (LONG_TYPES.contains(type)) {
            return JAVA_LONG;
        }
        if (type.equals("float")) {
            return JAVA_FLOAT;
        }
        throw new AssertionError(function + ": C type '" + cType + "' has no mapping in this test");
    }

    private static FunctionDescriptor descriptorOf(Proto p) {
        MemoryLayout[] args = p.paramTypes().stream().map(t -> layoutOf(t, p.name())).toArray(MemoryLayout[]::new);
        return p.ret().equals("void") ? FunctionDescriptor.ofVoid(args)
                : FunctionDescriptor.of(layoutOf(p.ret(), p.name()), args);
    }

    @Test
    void cPrototypesMapToTheDescriptors() {
        for (Binding b : List.of(RUNTIME_BINDING, CUDNN_BINDING, CUBLAS_BINDING)) {
            TreeSet<String> written = new TreeSet<>();
            b.protos().forEach(p -> written.add(p.name()));
            assertEquals(written, new TreeSet<>(b.descriptors().keySet()),
                    b.bindings().getSimpleName() + ": prototypes written here vs functions bound");
            for (Proto p : b.protos()) {
                assertEquals(descriptorOf(p), b.descriptors().get(p.name()), p.name());
            }
        }
    }

    @Test
    void cudaRuntimeBindingCompilesAgainstCudaRuntimeApiH(@TempDir Path work) throws Exception {
        compileAgainstHeader(RUNTIME_BINDING, work);
    }

    @Test
    void cudnnBindingCompilesAgainstCudnnH(@TempDir Path work) throws Exception {
        compileAgainstHeader(CUDNN_BINDING, work);
    }

    @Test
    void cublasBindingCompilesAgainstCublasV2H(@TempDir Path work) throws Exception {
        compileAgainstHeader(CUBLAS_BINDING, work);
    }

    @Test
    void cudaRuntimeExportsEveryBoundSymbolAndAnswersWithoutADevice() throws Exception {
        LoadedLibrary cudart = installed(NativeLibrary.CUDART);
        assertExportsEverySymbol(cudart, cuda_runtime_h.DESCRIPTORS);
        cuda_runtime_h rt = new cuda_runtime_h(cudart);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(JAVA_INT);
            rt.check(rt.cudaRuntimeGetVersion(version), "cudaRuntimeGetVersion");
            assertTrue(version.get(JAVA_INT, 0) >= 12000, "CUDA runtime version " + version.get(JAVA_INT, 0));
            for (Field f : constants(cuda_runtime_h.class)) {
                if (f.getName().startsWith("cudaError") || f.getName().equals("cudaSuccess")) {
                    assertEquals(f.getName(), Downcalls.string(rt.cudaGetErrorName(f.getInt(null))));
                }
            }
            NativeException oom = assertThrows(NativeException.class, () -> rt.check(
                    cuda_runtime_h.cudaErrorMemoryAllocation, "cudaMallocAsync", "bytes", 1L << 40));
            assertEquals("cudaMallocAsync", oom.call());
            assertEquals("cudaErrorMemoryAllocation", oom.statusName());
            assertEquals("out of memory", oom.nativeMessage());
            assertTrue(oom.getMessage().contains("bytes=1099511627776"), oom.getMessage());
            // With a driver and a GPU this counts them; without, the runtime's refusal must come back named.
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = rt.cudaGetDeviceCount(count);
            if (status == cuda_runtime_h.cudaSuccess) {
                System.out.println("cudaGetDeviceCount: " + count.get(JAVA_INT, 0) + " device(s)");
            } else {
                NativeException e = assertThrows(NativeException.class, () -> rt.check(status, "cudaGetDeviceCount"));
                assertTrue(e.statusName().startsWith("cudaError"), e.getMessage());
                System.out.println("cudaGetDeviceCount without a usable device: " + e.getMessage());
            }
        }
    }

    @Test
    void cublasExportsEveryBoundSymbolAndNamesItsStatuses() throws Exception {
        LoadedLibrary library = installed(NativeLibrary.CUBLAS);
        assertExportsEverySymbol(library, cublas_h.DESCRIPTORS);
        cublas_h blas = new cublas_h(library);
        for (Field f : constants(cublas_h.class)) {
            if (f.getName().startsWith("CUBLAS_STATUS_")) {
                assertEquals(f.getName(), Downcalls.string(blas.cublasGetStatusName(f.getInt(null))));
            }
        }
        NativeException e = assertThrows(NativeException.class, () -> blas.check(
                cublas_h.CUBLAS_STATUS_INVALID_VALUE, "cublasSgemm_v2", "m", -1));
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", e.statusName());
        assertTrue(!e.nativeMessage().isBlank() && e.getMessage().contains("m=-1"), e.getMessage());
    }

    @Test
    void cudnnExportsEveryBoundSymbolIsVersion9AndExplainsABadArgument() throws Exception {
        LoadedLibrary library = installed(NativeLibrary.CUDNN);
        assertExportsEverySymbol(library, cudnn_h.DESCRIPTORS);
        cudnn_h dnn = new cudnn_h(library);
        long version = dnn.cudnnGetVersion();
        assertTrue(version >= 90000 && version < 100000, "cudnnGetVersion() = " + version);
        for (Field f : constants(cudnn_h.class)) {
            if (f.getName().startsWith("CUDNN_STATUS_")) {
                String name = Downcalls.string(dnn.cudnnGetErrorString(f.getInt(null)));
                assertTrue(name.contains(f.getName()), f.getName() + " is named '" + name + "'");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            dnn.check(dnn.cudnnCreateTensorDescriptor(out), "cudnnCreateTensorDescriptor");
            MemorySegment tensor = out.get(ADDRESS, 0);
            try {
                NativeException e = assertThrows(NativeException.class, () -> dnn.check(dnn.cudnnSetTensor4dDescriptor(
                        tensor, cudnn_h.CUDNN_TENSOR_NCHW, cudnn_h.CUDNN_DATA_FLOAT, -1, 3, 8, 8),
                        "cudnnSetTensor4dDescriptor", "n", -1));
                assertEquals("cudnnSetTensor4dDescriptor", e.call());
                assertTrue(e.statusName().contains("BAD_PARAM"), e.getMessage());
                System.out.println("cuDNN " + version + " on a negative batch size: " + e.getMessage());
            } finally {
                dnn.check(dnn.cudnnDestroyTensorDescriptor(tensor), "cudnnDestroyTensorDescriptor");
            }
        }
    }

    @Test
    void eachBindingOpenedWithoutItsLibraryIsBackendUnavailable() throws Exception {
        Map<NativeLibrary, Class<?>> bindings = new LinkedHashMap<>();
        bindings.put(NativeLibrary.CUDART, cuda_runtime_h.class);
        bindings.put(NativeLibrary.CUDNN, cudnn_h.class);
        bindings.put(NativeLibrary.CUBLAS, cublas_h.class);
        for (var entry : bindings.entrySet()) {
            NativeLibrary library = entry.getKey();
            String missing = "/nonexistent/" + library.fileNames().get(0);
            String previous = System.getProperty(library.property());
            System.setProperty(library.property(), missing);
            try (URLClassLoader fresh = freshLoader()) {
                InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                        () -> fresh.loadClass(entry.getValue().getName()).getMethod("open").invoke(null));
                Throwable cause = thrown.getCause();
                assertEquals(BackendUnavailableException.class.getName(), cause.getClass().getName(),
                        String.valueOf(cause));
                assertTrue(cause.getMessage().startsWith(library.id() + " is unavailable"), cause.getMessage());
                assertTrue(cause.getMessage().contains(missing), cause.getMessage());
            } finally {
                if (previous == null) {
                    System.clearProperty(library.property());
                } else {
                    System.setProperty(library.property(), previous);
                }
            }
        }
    }

    @Test
    void aSymbolTheLibraryLacksFailsAtItsCallNamingIt() {
        // OpenBLAS is always here and exports none of these symbols, so binding to it is binding to a wrong library.
        LoadedLibrary wrong = NativeLoader.load(NativeLibrary.OPENBLAS);
        cuda_runtime_h rt = new cuda_runtime_h(wrong);
        cudnn_h dnn = new cudnn_h(wrong);
        cublas_h blas = new cublas_h(wrong);
        assertMissing(wrong, "cudaMallocAsync", () -> rt.cudaMallocAsync(MemorySegment.NULL, 16, MemorySegment.NULL));
        assertMissing(wrong, "cudnnGetVersion", dnn::cudnnGetVersion);
        assertMissing(wrong, "cublasCreate_v2", () -> blas.cublasCreate_v2(MemorySegment.NULL));
        // Without the status-naming functions a failure is still reported against the call that failed.
        assertEquals("cudaError 2", assertThrows(NativeException.class, () -> rt.check(
                cuda_runtime_h.cudaErrorMemoryAllocation, "cudaMallocAsync")).statusName());
        assertEquals("cudnnStatus 2000", assertThrows(NativeException.class, () -> dnn.check(
                cudnn_h.CUDNN_STATUS_BAD_PARAM, "cudnnConvolutionForward")).statusName());
        assertEquals("cublasStatus 7", assertThrows(NativeException.class, () -> blas.check(
                cublas_h.CUBLAS_STATUS_INVALID_VALUE, "cublasSgemm_v2")).statusName());
    }

    private static void assertMissing(LoadedLibrary library, String symbol, Executable call) {
        NativeException e = assertThrows(NativeException.class, call);
        assertEquals(symbol, e.call());
        assertEquals(NativeException.SYMBOL_MISSING, e.status());
        assertTrue(e.getMessage().contains(library.path().getFileName().toString()), e.getMessage());
    }

    private static void assertExportsEverySymbol(LoadedLibrary library, Map<String, FunctionDescriptor> descriptors) {
        List<String> missing = new TreeSet<>(descriptors.keySet()).stream()
                .filter(name -> library.lookup().find(name).isEmpty()).toList();
        assertEquals(List.of(), missing, library.path() + " does not export these bound functions");
    }

    /** The binding's constants: its public static int fields, named as in C. */
    private static List<Field> constants(Class<?> bindings) {
        return Arrays.stream(bindings.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == int.class).toList();
    }

    /** Header folders in search order: the CUDA toolkit's, then the nvidia packages' of each Python site-packages. */
    private static List<Path> includeDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String variable : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String home = System.getenv(variable);
            if (home != null && !home.isBlank()) {
                dirs.add(Path.of(home, "include"));
            }
        }
        dirs.add(Path.of("/usr/local/cuda/include"));
        for (Path site : NativeLoader.sitePackages()) {
            for (String pkg : new String[] {"cu13", "cuda_runtime", "cublas", "cudnn"}) {
                dirs.add(site.resolve("nvidia").resolve(pkg).resolve("include"));
            }
        }
        return List.copyOf(dirs);
    }

    private static void compileAgainstHeader(Binding b, Path work) throws Exception {
        List<Path> dirs = includeDirs();
        List<String> needed = new ArrayList<>(b.includes());
        needed.add(0, b.header());
        List<String> absent = needed.stream()
                .filter(h -> dirs.stream().noneMatch(d -> Files.isRegularFile(d.resolve(h)))).toList();
        if (!absent.isEmpty()) {
            skip(b.bindings().getSimpleName() + " not compiled against its header: " + String.join(", ", absent)
                    + " not found in " + dirs + " (CUDA_HOME, CUDA_PATH, /usr/local/cuda, and "
                    + "nvidia/{cu13,cuda_runtime,cublas,cudnn}/include under each Python site-packages found; "
                    + "TRIPTYCH_PYTHON_PREFIX adds a Python prefix)");
        }
        Path header = dirs.stream().map(d -> d.resolve(b.header())).filter(Files::isRegularFile).findFirst()
                .orElseThrow();
        System.out.println(b.bindings().getSimpleName() + ": prototypes, constants and structs checked against "
                + header);
        Path src = work.resolve(b.bindings().getSimpleName() + "_check.c");
        Files.writeString(src, cSource(b));
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c11", "-fsyntax-only",
                "-Werror=incompatible-pointer-types"));
        dirs.stream().filter(Files::isDirectory).forEach(d -> command.add("-I" + d));
        command.add(src.toString());
        run(command);
    }

    /**
     * A C file that compiles only if every prototype, constant and struct layout of {@code b} matches its header: each
     * function is assigned to a pointer of the prototype's type, and each value type's size, each constant and each
     * struct's size and field offsets are asserted.
     */
    private static String cSource(Binding b) throws IllegalAccessException {
        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <" + b.header() + ">\n");
        Set<String> valueTypes = new TreeSet<>();
        for (Proto p : b.protos()) {
            // A macro would make C call another symbol than the one the binding looks up by this name.
            c.append("#ifdef ").append(p.name()).append("\n#error \"").append(p.name()).append(" is a macro in ")
                    .append(b.header()).append(": the library exports it under another name\"\n#endif\n");
            c.append(p.ret()).append(p.ret().endsWith("*") ? "" : " ").append("(*const check_").append(p.name())
                    .append(")(").append(p.params()).append(") = ").append(p.name()).append(";\n");
            List<String> types = new ArrayList<>(p.paramTypes());
            types.add(p.ret());
            for (String t : types) {
                String type = t.replace("const ", "").trim();
                if (!type.contains("*") && !type.equals("void")) {
                    valueTypes.add(type);
                }
            }
        }
        for (String type : valueTypes) {
            long size = layoutOf(type, type).byteSize();
            c.append("_Static_assert(sizeof(").append(type).append(") == ").append(size).append(", \"")
                    .append(type).append(" is bound as a ").append(size).append("-byte value\");\n");
        }
        for (Field f : constants(b.bindings())) {
            c.append("_Static_assert((long long)(").append(f.getName()).append(") == ").append(f.getInt(null))
                    .append("LL, \"").append(f.getName()).append(" is bound as ").append(f.getInt(null))
                    .append("\");\n");
        }
        for (Class<?> struct : b.structs()) {
            GroupLayout layout = structLayout(struct);
            String name = struct.getSimpleName();
            c.append("_Static_assert(sizeof(").append(name).append(") == ").append(layout.byteSize())
                    .append(", \"sizeof(").append(name).append(")\");\n");
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout || member.name().isEmpty()) {
                    continue;
                }
                String field = member.name().get();
                c.append("_Static_assert(offsetof(").append(name).append(", ").append(field).append(") == ")
                        .append(layout.byteOffset(MemoryLayout.PathElement.groupElement(field)))
                        .append(", \"offsetof(").append(name).append(", ").append(field).append(")\");\n");
            }
        }
        return c.toString();
    }

    private static GroupLayout structLayout(Class<?> struct) {
        try {
            return (GroupLayout) struct.getMethod("$LAYOUT").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(struct.getSimpleName() + " has no $LAYOUT()", e);
        }
    }

    /**
     * The library as a NativeLoader of a fresh class loader finds it, opened again for this class loader's bindings;
     * the test is skipped, saying why, where there is none. A fresh loader because NativeLoader remembers a failure for
     * the rest of the JVM, and other tests in this JVM point the cuDNN and cuBLAS searches at missing files on purpose.
     */
    @SuppressWarnings("restricted")
    private static LoadedLibrary installed(NativeLibrary library) throws Exception {
        Object loaded;
        try (URLClassLoader fresh = freshLoader()) {
            Class<?> libraries = fresh.loadClass(NativeLibrary.class.getName());
            Object constant = Arrays.stream(libraries.getEnumConstants())
                    .filter(l -> ((Enum<?>) l).name().equals(library.name())).findFirst().orElseThrow();
            try {
                loaded = fresh.loadClass(NativeLoader.class.getName()).getMethod("load", libraries)
                        .invoke(null, constant);
            } catch (InvocationTargetException e) {
                if (e.getCause().getClass().getName().equals(BackendUnavailableException.class.getName())) {
                    skip(library.id() + " library checks skipped: " + e.getCause().getMessage());
                }
                throw e;
            }
        }
        Path path = (Path) loaded.getClass().getMethod("path").invoke(loaded);
        System.out.println(library.id() + ": checking " + path);
        return new LoadedLibrary(library, path, "found by a fresh NativeLoader",
                SymbolLookup.libraryLookup(path, Arena.global()), List.of());
    }

    /** Skips the calling test, saying why in the test output as well as in the report. */
    private static void skip(String reason) {
        System.out.println(reason.lines().findFirst().orElse(reason));
        assumeTrue(false, reason);
    }

    /** A class loader that loads the bindings' classes anew (and so a NativeLoader with nothing remembered). */
    private static URLClassLoader freshLoader() {
        URL classes = NativeLoader.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
        }
    }
}
