package io.triptych.engine;

import io.triptych.bindings.NativeLibrary;
import io.triptych.bindings.NativeLoader;
import io.triptych.bindings.cblas_h;
import io.triptych.bindings.tri_library_info;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.memory.Allocator;
import io.triptych.engine.memory.CpuCachingAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The CPU: libtriptych_cpu.so for kernels, OpenBLAS for GEMM, host memory from a size-class pool. */
public final class CpuBackend implements Backend {
    private final triptych_h kernels;
    private final cblas_h blas;
    private final MemorySegment context;
    private final Allocator allocator = new CpuCachingAllocator();
    private final int threads;
    /** OpenBLAS's current thread count, switched per GEMM by size (see {@link #gemm}). */
    private int blasThreads;

    /** Opens the libraries and creates a context running {@code threads} threads per kernel (0 = all cores). */
    CpuBackend(int threads) {
        this.kernels = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CPU);
        this.blas = new cblas_h(NativeLoader.load(NativeLibrary.OPENBLAS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            kernels.check(kernels.tri_context_create(0, threads, out), "tri_context_create", "threads", threads);
            this.context = out.get(ValueLayout.ADDRESS, 0);
        }
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.blasThreads = this.threads;
    }

    /**
     * GEMMs below this many multiply-adds run on one thread: waking OpenBLAS's pool costs more than it saves there,
     * and on a busy machine much more.
     */
    static final long SMALL_GEMM = 1L << 22;

    @Override
    public Device device() {
        return Device.cpu();
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
    public Allocator allocator() {
        return allocator;
    }

    /** OpenBLAS, for {@code triptych info}. */
    public cblas_h blas() {
        return blas;
    }

    public int threads() {
        return threads;
    }

    @Override
    public void gemm(Gemm g, MemorySegment a, MemorySegment b, MemorySegment c) {
        int want = (long) g.m() * g.n() * g.k() < SMALL_GEMM ? 1 : threads;
        if (want != blasThreads) {
            // OpenBLAS's count is process-wide; a race between two Java threads only picks a pool size.
            blas.openblas_set_num_threads(want);
            blasThreads = want;
        }
        int ta = g.transA() ? cblas_h.CblasTrans : cblas_h.CblasNoTrans;
        int tb = g.transB() ? cblas_h.CblasTrans : cblas_h.CblasNoTrans;
        for (int i = 0; i < g.batch(); i++) {
            blas.cblas_sgemm(cblas_h.CblasRowMajor, ta, tb, g.m(), g.n(), g.k(), g.alpha(),
                    offset(a, i * g.strideA()), g.lda(), offset(b, i * g.strideB()), g.ldb(), g.beta(),
                    offset(c, i * g.strideC()), g.ldc());
        }
    }

    private static MemorySegment offset(MemorySegment s, long elements) {
        return elements == 0 ? s : s.asSlice(elements * Float.BYTES);
    }

    @Override
    public void copyFromHost(MemorySegment hostSrc, MemorySegment dst, long bytes) {
        MemorySegment.copy(hostSrc, 0, dst, 0, bytes);
    }

    @Override
    public void copyToHost(MemorySegment src, MemorySegment hostDst, long bytes) {
        MemorySegment.copy(src, 0, hostDst, 0, bytes);
    }

    @Override
    public void copy(MemorySegment src, MemorySegment dst, long bytes) {
        MemorySegment.copy(src, 0, dst, 0, bytes);
    }

    @Override
    public void synchronize() {
        // CPU kernels return when done.
    }

    @Override
    public String describe() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = tri_library_info.allocate(arena);
            kernels.check(kernels.tri_library_query(info), "tri_library_query");
            return "cpu: " + kernels.library() + ", " + threads + " threads, kernels " + CpuFeatures.names(
                    tri_library_info.kernel_isa(info)) + " (CPU has " + CpuFeatures.names(
                    tri_library_info.cpu_features(info)) + "), " + blas.openblas_get_config().trim();
        }
    }
}
