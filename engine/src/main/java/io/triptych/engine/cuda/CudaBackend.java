package io.triptych.engine.cuda;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.bindings.NativeException;
import io.triptych.bindings.NativeLibrary;
import io.triptych.bindings.NativeLoader;
import io.triptych.bindings.cublas_h;
import io.triptych.bindings.cuda_runtime_h;
import io.triptych.bindings.cudnn_h;
import io.triptych.bindings.tri_device_info;
import io.triptych.bindings.tri_library_info;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Convolutions;
import io.triptych.engine.Device;
import io.triptych.engine.Gemm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CUDA GPU: libtriptych_cuda.so's kernels on one context and its stream, device memory from a stream-ordered
 * caching pool ({@link CudaAllocator} over cudaMallocAsync), host copies through pinned staging
 * ({@link PinnedStaging}), GEMM on cuBLAS, and convolutions planned per shape between the kernel library and cuDNN
 * ({@link CudaConvolutions}). Every piece of work is enqueued on the one stream, which orders it; only
 * {@link #synchronize()} and copies to the host wait.
 *
 * <p>cuBLAS and cuDNN are optional: without cuDNN the kernel library's convolutions serve alone, and without cuBLAS
 * {@link #gemm} throws an UnsupportedOperationException naming what the loader found. Everything else needs only the
 * CUDA runtime, the driver and the kernel library; when one is missing, {@link #open} throws a
 * {@link BackendUnavailableException} saying which and why.
 */
public final class CudaBackend implements Backend {
    /** Pinned staging: two halves of 4 MiB, enough to keep a PCIe link busy while the other half is refilled. */
    private static final long STAGING_BYTES = 8L << 20;
    /** cuDNN algorithms wanting more workspace than this are not tried. */
    private static final long CONV_WORKSPACE_LIMIT = 1L << 30;

    private final Device device;
    private final triptych_h kernels;
    private final cuda_runtime_h runtime;
    private final MemorySegment context;
    private final MemorySegment stream;
    private final String deviceLine;
    private final CudaAllocator allocator;
    private final PinnedStaging staging;
    private final CudaEvents planTimer;
    private final CudaBlas blas;
    private final String blasUnavailable;
    private final Cudnn cudnn;
    private final String cudnnUnavailable;
    private final CudaConvolutions convolutions;
    private final CurrentDevice current;

    private CudaBackend(Device device, triptych_h kernels, cuda_runtime_h runtime, MemorySegment context,
                        MemorySegment stream, String deviceLine, List<AutoCloseable> opened) {
        this.device = device;
        this.kernels = kernels;
        this.runtime = runtime;
        this.context = context;
        this.stream = stream;
        this.deviceLine = deviceLine;
        this.current = new CurrentDevice(runtime, device.index());
        this.allocator = new CudaAllocator(device.toString(), new StreamOrderedMemory(runtime, stream, current));
        this.staging = new PinnedStaging(new CudaTransport(runtime, stream), STAGING_BYTES);
        opened.add(staging);
        this.planTimer = new CudaEvents(runtime, stream, current);
        opened.add(planTimer);
        CudaBlas b = null;
        String why = null;
        try {
            b = new CudaBlas(cublas_h.open(), stream);
            opened.add(b);
        } catch (BackendUnavailableException | NativeException e) {
            why = firstLine(e);
        }
        this.blas = b;
        this.blasUnavailable = why;
        Cudnn d = null;
        why = null;
        try {
            d = new Cudnn(cudnn_h.open(), stream);
            opened.add(d);
        } catch (BackendUnavailableException | NativeException e) {
            why = firstLine(e);
        }
        this.cudnn = d;
        this.cudnnUnavailable = why;
        ConvPlanCache plans = new ConvPlanCache(allocator, planTimer, 2, 7, CONV_WORKSPACE_LIMIT,
                ConvPlanCache.systemLog());
        this.convolutions = new CudaConvolutions(device.toString(), kernels, context, allocator, cudnn, plans,
                current);
    }

    /**
     * Opens CUDA device {@code index}: loads the kernel library (and with it the CUDA runtime), checks that the
     * device exists, and creates the context and its stream. BackendUnavailableException naming the device and why
     * it cannot be used: no kernel library, no runtime, no driver, no GPU, no such device, or a failed context.
     */
    @SuppressWarnings("restricted") // tri_last_error() is a NUL-terminated string the library owns
    public static CudaBackend open(int index) {
        Device device = Device.cuda(index);
        String name = device.toString();
        triptych_h kernels;
        cuda_runtime_h runtime;
        try {
            kernels = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CUDA);
            runtime = cuda_runtime_h.open();
        } catch (BackendUnavailableException e) {
            throw new BackendUnavailableException(name, firstLine(e), e.tried(), e);
        }
        String deviceLine;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lib = tri_library_info.allocate(arena);
            kernels.check(kernels.tri_library_query(lib), "tri_library_query");
            int count = tri_library_info.device_count(lib);
            MemorySegment info = tri_device_info.allocate(arena);
            int status = kernels.tri_device_query(index, info);
            if (count == 0 || status != triptych_h.TRI_OK) {
                String why = kernels.tri_last_error().reinterpret(Long.MAX_VALUE).getString(0);
                throw new BackendUnavailableException(name, (count == 0 ? "no CUDA device is visible"
                        : "device " + index + " cannot be used (" + count + " visible)") + ": " + why
                        + " (libtriptych_cuda.so from " + kernels.library() + ", CUDA runtime from "
                        + runtime.library() + ")", List.of());
            }
            deviceLine = String.format(Locale.ROOT, "%s, compute %d.%d, %d SMs, %s, driver %s, runtime %s",
                    tri_device_info.name(info).getString(0), tri_device_info.compute_major(info),
                    tri_device_info.compute_minor(info), tri_device_info.multiprocessors(info),
                    Bytes.str(tri_device_info.total_memory(info)), version(tri_device_info.driver_version(info)),
                    version(tri_device_info.runtime_version(info)));
        } catch (NativeException e) {
            throw new BackendUnavailableException(name, firstLine(e), List.of(), e);
        }
        MemorySegment context;
        MemorySegment stream;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            kernels.check(kernels.tri_context_create(index, 0, out), "tri_context_create", "device", index);
            context = out.get(ValueLayout.ADDRESS, 0);
            try {
                kernels.check(kernels.tri_context_stream(context, out), "tri_context_stream");
                stream = out.get(ValueLayout.ADDRESS, 0);
            } catch (NativeException e) {
                kernels.tri_context_destroy(context);
                throw e;
            }
        } catch (NativeException e) {
            throw new BackendUnavailableException(name, firstLine(e), List.of(), e);
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return new CudaBackend(device, kernels, runtime, context, stream, deviceLine, opened);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            kernels.tri_context_destroy(context);
            throw new BackendUnavailableException(name, firstLine(e), List.of(), e);
        }
    }

    private static String version(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.lines().findFirst().orElse(m);
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public triptych_h kernels() {
        return kernels;
    }

    @Override
    public MemorySegment context() {
        return context;
    }

    @Override
    public CudaAllocator allocator() {
        return allocator;
    }

    /** The CUDA runtime bindings this backend calls (for events and graphs). */
    public cuda_runtime_h runtime() {
        return runtime;
    }

    /** This backend's GPU as the current device of the calling thread, for runtime calls that act on that one. */
    CurrentDevice currentDevice() {
        return current;
    }

    /** The context's cudaStream_t: all of this backend's work is ordered on it. */
    public MemorySegment stream() {
        return stream;
    }

    /** The convolution plans chosen so far, in the order they were chosen. */
    public List<ConvPlanCache.Plan> convolutionPlans() {
        return convolutions.plans().plans();
    }

    @Override
    public Convolutions convolutions() {
        return convolutions;
    }

    @Override
    public void gemm(Gemm g, MemorySegment a, MemorySegment b, MemorySegment c) {
        if (blas == null) {
            throw new UnsupportedOperationException(device + ": matmul and linear need cuBLAS, which is unavailable ("
                    + blasUnavailable + "); install the nvidia-cublas Python package or set "
                    + NativeLibrary.CUBLAS.environmentVariable());
        }
        current.use();
        blas.gemm(g, a, b, c);
    }

    @Override
    public void copyFromHost(MemorySegment hostSrc, MemorySegment dst, long bytes) {
        notCapturing("copyFromHost");
        staging.toDevice(hostSrc, dst.address(), bytes);
    }

    @Override
    public void copyToHost(MemorySegment src, MemorySegment hostDst, long bytes) {
        notCapturing("copyToHost");
        staging.toHost(src.address(), hostDst, bytes);
    }

    @Override
    public void copy(MemorySegment src, MemorySegment dst, long bytes) {
        if (bytes == 0) {
            return;
        }
        runtime.check(runtime.cudaMemcpyAsync(dst, src, bytes, cuda_runtime_h.cudaMemcpyDeviceToDevice, stream),
                "cudaMemcpyAsync", "kind", "device to device", "bytes", bytes, "device", device);
    }

    @Override
    public void synchronize() {
        notCapturing("synchronize");
        kernels.check(kernels.tri_context_synchronize(context), "tri_context_synchronize", "device", device);
    }

    private void notCapturing(String call) {
        if (allocator.isCapturing()) {
            throw new IllegalStateException(device + ": " + call + " during CUDA graph capture: host copies and "
                    + "synchronisation cannot be captured; do them before capture or after replay");
        }
    }

    @Override
    public String describe() {
        return device + ": " + deviceLine + "; kernels " + kernels.library() + "; cuBLAS "
                + (blas != null ? blas.bindings().library().toString() : "unavailable (" + blasUnavailable + ")")
                + "; cuDNN " + (cudnn != null ? cudnn.version() + " at " + cudnn.library()
                : "unavailable, custom convolutions only (" + cudnnUnavailable + ")");
    }

    /** {@link #describe()}, the allocator's state and the convolution plans, for {@code triptych info}. */
    public List<String> info() {
        List<String> lines = new ArrayList<>();
        lines.add(describe());
        lines.add(allocator.describe());
        List<String> plans = convolutions.plans().table();
        lines.add("convolution plans: " + (plans.isEmpty() ? "none chosen yet (chosen on first use of each shape)"
                : plans.size()));
        plans.forEach(p -> lines.add("  " + p));
        return lines;
    }
}
