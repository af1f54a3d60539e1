package io.triptych.engine.cuda;

import io.triptych.bindings.cudnn_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_0;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_DIRECT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_FFT;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_GEMM;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD;
import static io.triptych.bindings.cudnn_h.CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED;

/**
 * cuDNN's convolutions on the backend's stream: one handle, and the tensor, filter and convolution descriptors of
 * each shape, made once and kept. NCHW float32 with CUDNN_DEFAULT_MATH, which lets cuDNN use TF32 tensor cores as
 * Triptych's own convolution kernels do, so the plan compares like with like. Calls are serialised: a cuDNN handle
 * is not meant for concurrent use.
 */
final class Cudnn implements AutoCloseable {
    private static final String[] FORWARD = names(CUDNN_CONVOLUTION_FWD_ALGO_COUNT, Map.of(
            CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM, "IMPLICIT_GEMM",
            CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM, "IMPLICIT_PRECOMP_GEMM",
            CUDNN_CONVOLUTION_FWD_ALGO_GEMM, "GEMM",
            CUDNN_CONVOLUTION_FWD_ALGO_DIRECT, "DIRECT",
            CUDNN_CONVOLUTION_FWD_ALGO_FFT, "FFT",
            CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING, "FFT_TILING",
            CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD, "WINOGRAD",
            CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED, "WINOGRAD_NONFUSED"));
    private static final String[] BACKWARD_DATA = names(CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, Map.of(
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_0, "ALGO_0",
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_1, "ALGO_1",
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT, "FFT",
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING, "FFT_TILING",
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD, "WINOGRAD",
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED, "WINOGRAD_NONFUSED"));
    private static final String[] BACKWARD_FILTER = names(CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT, Map.of(
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0, "ALGO_0",
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1, "ALGO_1",
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT, "FFT",
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3, "ALGO_3",
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD, "WINOGRAD",
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED, "WINOGRAD_NONFUSED",
            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING, "FFT_TILING"));

    private final cudnn_h dnn;
    private final MemorySegment handle;
    private final Arena scalars = Arena.ofShared();
    private final MemorySegment one = scalars.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
    private final MemorySegment zero = scalars.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    private final Map<ConvPlanCache.Shape, Descriptors> descriptors = new HashMap<>();

    /** The four descriptors of one convolution shape. */
    private record Descriptors(MemorySegment x, MemorySegment w, MemorySegment conv, MemorySegment y) {
    }

    Cudnn(cudnn_h dnn, MemorySegment stream) {
        this.dnn = dnn;
        this.handle = created("cudnnCreate", dnn::cudnnCreate);
        try {
            dnn.check(dnn.cudnnSetStream(handle, stream), "cudnnSetStream");
        } catch (RuntimeException e) {
            dnn.cudnnDestroy(handle);
            scalars.close();
            throw e;
        }
    }

    private static String[] names(int count, Map<Integer, String> byValue) {
        String[] out = new String[count];
        byValue.forEach((value, name) -> out[value] = name);
        return out;
    }

    /** cuDNN's algorithm names of {@code pass}, indexed by their enum value. */
    static String[] algorithms(ConvPlanCache.Pass pass) {
        return switch (pass) {
            case FORWARD -> FORWARD.clone();
            case BACKWARD_DATA -> BACKWARD_DATA.clone();
            case BACKWARD_WEIGHT -> BACKWARD_FILTER.clone();
        };
    }

    /**
     * Whether {@code algo} gives the same bits on every run. cuDNN documents backward-data ALGO_0 and backward-filter
     * ALGO_0 and ALGO_3 as non-deterministic (they accumulate with atomics); the engine promises repeatable results,
     * so those are never candidates.
     */
    static boolean deterministic(ConvPlanCache.Pass pass, int algo) {
        return switch (pass) {
            case FORWARD -> true;
            case BACKWARD_DATA -> algo != CUDNN_CONVOLUTION_BWD_DATA_ALGO_0;
            case BACKWARD_WEIGHT -> algo != CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0
                    && algo != CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3;
        };
    }

    long version() {
        return dnn.cudnnGetVersion();
    }

    Path library() {
        return dnn.library();
    }

    private interface Create {
        int call(MemorySegment out);
    }

    private MemorySegment created(String call, Create create) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            dnn.check(create.call(out), call);
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    private Descriptors descriptors(ConvPlanCache.Shape s) {
        Descriptors d = descriptors.get(s);
        if (d != null) {
            return d;
        }
        MemorySegment x = created("cudnnCreateTensorDescriptor", dnn::cudnnCreateTensorDescriptor);
        MemorySegment w = created("cudnnCreateFilterDescriptor", dnn::cudnnCreateFilterDescriptor);
        MemorySegment conv = created("cudnnCreateConvolutionDescriptor", dnn::cudnnCreateConvolutionDescriptor);
        MemorySegment y = created("cudnnCreateTensorDescriptor", dnn::cudnnCreateTensorDescriptor);
        d = new Descriptors(x, w, conv, y);
        try {
            dnn.check(dnn.cudnnSetTensor4dDescriptor(x, cudnn_h.CUDNN_TENSOR_NCHW, cudnn_h.CUDNN_DATA_FLOAT, s.n(),
                    s.cIn(), s.hIn(), s.wIn()), "cudnnSetTensor4dDescriptor", "x", s);
            dnn.check(dnn.cudnnSetFilter4dDescriptor(w, cudnn_h.CUDNN_DATA_FLOAT, cudnn_h.CUDNN_TENSOR_NCHW, s.cOut(),
                    s.cIn() / s.groups(), s.kernelH(), s.kernelW()), "cudnnSetFilter4dDescriptor", "shape", s);
            dnn.check(dnn.cudnnSetConvolution2dDescriptor(conv, s.padH(), s.padW(), s.strideH(), s.strideW(),
                    s.dilationH(), s.dilationW(), cudnn_h.CUDNN_CROSS_CORRELATION, cudnn_h.CUDNN_DATA_FLOAT),
                    "cudnnSetConvolution2dDescriptor", "shape", s);
            dnn.check(dnn.cudnnSetConvolutionGroupCount(conv, s.groups()), "cudnnSetConvolutionGroupCount",
                    "shape", s);
            dnn.check(dnn.cudnnSetConvolutionMathType(conv, cudnn_h.CUDNN_DEFAULT_MATH),
                    "cudnnSetConvolutionMathType", "shape", s);
            dnn.check(dnn.cudnnSetTensor4dDescriptor(y, cudnn_h.CUDNN_TENSOR_NCHW, cudnn_h.CUDNN_DATA_FLOAT, s.n(),
                    s.cOut(), s.hOut(), s.wOut()), "cudnnSetTensor4dDescriptor", "y", s);
        } catch (RuntimeException e) {
            destroy(d);
            throw e;
        }
        descriptors.put(s, d);
        return d;
    }

    /** Workspace bytes of {@code algo} for {@code pass} on shape {@code s}, or -1 when cuDNN cannot run it there. */
    synchronized long workspaceBytes(ConvPlanCache.Pass pass, ConvPlanCache.Shape s, int algo) {
        Descriptors d = descriptors(s);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            int status = switch (pass) {
                case FORWARD -> dnn.cudnnGetConvolutionForwardWorkspaceSize(handle, d.x(), d.w(), d.conv(), d.y(),
                        algo, out);
                case BACKWARD_DATA -> dnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, d.w(), d.y(),
                        d.conv(), d.x(), algo, out);
                case BACKWARD_WEIGHT -> dnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, d.x(), d.y(),
                        d.conv(), d.w(), algo, out);
            };
            // cuDNN 9 numbers statuses by category (status / 1000): a bad-parameter or not-supported answer means
            // this algorithm does not apply to this shape.
            int category = status / 1000;
            if (category == cudnn_h.CUDNN_STATUS_BAD_PARAM / 1000 || category == cudnn_h.CUDNN_STATUS_NOT_SUPPORTED / 1000) {
                return -1;
            }
            dnn.check(status, "cudnnGet" + passName(pass) + "WorkspaceSize", "algo", algorithms(pass)[algo],
                    "shape", s);
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    private static String passName(ConvPlanCache.Pass pass) {
        return switch (pass) {
            case FORWARD -> "ConvolutionForward";
            case BACKWARD_DATA -> "ConvolutionBackwardData";
            case BACKWARD_WEIGHT -> "ConvolutionBackwardFilter";
        };
    }

    /**
     * Enqueues {@code pass} with {@code algo}, overwriting the output: forward y = conv(a = x, b = w); backward-data
     * gx = conv^T(a = gy, b = w); backward-weight gw from (a = x, b = gy).
     */
    synchronized void run(ConvPlanCache.Pass pass, ConvPlanCache.Shape s, int algo, MemorySegment a, MemorySegment b,
                          MemorySegment out, MemorySegment workspace, long workspaceBytes) {
        Descriptors d = descriptors(s);
        int status = switch (pass) {
            case FORWARD -> dnn.cudnnConvolutionForward(handle, one, d.x(), a, d.w(), b, d.conv(), algo, workspace,
                    workspaceBytes, zero, d.y(), out);
            case BACKWARD_DATA -> dnn.cudnnConvolutionBackwardData(handle, one, d.w(), b, d.y(), a, d.conv(), algo,
                    workspace, workspaceBytes, zero, d.x(), out);
            case BACKWARD_WEIGHT -> dnn.cudnnConvolutionBackwardFilter(handle, one, d.x(), a, d.y(), b, d.conv(),
                    algo, workspace, workspaceBytes, zero, d.w(), out);
        };
        dnn.check(status, "cudnn" + passName(pass), "algo", algorithms(pass)[algo], "shape", s, "workspace",
                workspaceBytes);
    }

    private void destroy(Descriptors d) {
        dnn.cudnnDestroyTensorDescriptor(d.x());
        dnn.cudnnDestroyFilterDescriptor(d.w());
        dnn.cudnnDestroyConvolutionDescriptor(d.conv());
        dnn.cudnnDestroyTensorDescriptor(d.y());
    }

    @Override
    public synchronized void close() {
        descriptors.values().forEach(this::destroy);
        descriptors.clear();
        dnn.check(dnn.cudnnDestroy(handle), "cudnnDestroy");
        scalars.close();
    }
}
