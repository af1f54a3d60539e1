package io.triptych.bindings;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The OpenBLAS functions Triptych calls ({@code cblas.h}, {@code openblas_config.h}), in jextract's shape:
 * single-precision GEMM for matmul/linear, and thread and configuration queries for {@code triptych info}.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class cblas_h {
    public static final int CblasRowMajor = 101;
    public static final int CblasColMajor = 102;
    public static final int CblasNoTrans = 111;
    public static final int CblasTrans = 112;

    /** C prototypes, as FFM descriptors; the header conformance test compares them with cblas.h. */
    public static final Map<String, FunctionDescriptor> DESCRIPTORS = Map.of(
            "cblas_sgemm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT),
            "openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT),
            "openblas_set_num_threads_local", FunctionDescriptor.of(JAVA_INT, JAVA_INT),
            "openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT),
            "openblas_get_config", FunctionDescriptor.of(ADDRESS),
            "openblas_get_corename", FunctionDescriptor.of(ADDRESS),
            "openblas_get_parallel", FunctionDescriptor.of(JAVA_INT));

    private final Path library;
    private final MethodHandle cblas_sgemm;
    private final MethodHandle openblas_set_num_threads;
    private final MethodHandle openblas_set_num_threads_local;
    private final MethodHandle openblas_get_num_threads;
    private final MethodHandle openblas_get_config;
    private final MethodHandle openblas_get_corename;
    private final MethodHandle openblas_get_parallel;

    public cblas_h(LoadedLibrary openblas) {
        this.library = openblas.path();
        Linker linker = Linker.nativeLinker();
        var lookup = openblas.lookup();
        cblas_sgemm = Downcalls.find(linker, lookup, library, "cblas_sgemm", DESCRIPTORS.get("cblas_sgemm"));
        openblas_set_num_threads = Downcalls.find(linker, lookup, library, "openblas_set_num_threads",
                DESCRIPTORS.get("openblas_set_num_threads"));
        openblas_set_num_threads_local = Downcalls.find(linker, lookup, library, "openblas_set_num_threads_local",
                DESCRIPTORS.get("openblas_set_num_threads_local"));
        openblas_get_num_threads = Downcalls.find(linker, lookup, library, "openblas_get_num_threads",
                DESCRIPTORS.get("openblas_get_num_threads"));
        openblas_get_config = Downcalls.find(linker, lookup, library, "openblas_get_config",
                DESCRIPTORS.get("openblas_get_config"));
        openblas_get_corename = Downcalls.find(linker, lookup, library, "openblas_get_corename",
                DESCRIPTORS.get("openblas_get_corename"));
        openblas_get_parallel = Downcalls.find(linker, lookup, library, "openblas_get_parallel",
                DESCRIPTORS.get("openblas_get_parallel"));
    }

    public Path library() {
        return library;
    }

    public void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, MemorySegment a,
                            int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        try {
            Downcalls.present(cblas_sgemm, library, "cblas_sgemm")
                    .invokeExact(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public void openblas_set_num_threads(int threads) {
        try {
            Downcalls.present(openblas_set_num_threads, library, "openblas_set_num_threads").invokeExact(threads);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** Sets the calling thread's own OpenBLAS thread count; returns the previous one. */
    public int openblas_set_num_threads_local(int threads) {
        try {
            return (int) Downcalls.present(openblas_set_num_threads_local, library, "openblas_set_num_threads_local")
                    .invokeExact(threads);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int openblas_get_num_threads() {
        try {
            return (int) Downcalls.present(openblas_get_num_threads, library, "openblas_get_num_threads")
                    .invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** The build configuration string, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=...". */
    public String openblas_get_config() {
        try {
            return Downcalls.string((MemorySegment) Downcalls.present(openblas_get_config, library,
                    "openblas_get_config").invokeExact());
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** The CPU core type the dynamic-arch build selected, e.g. "Haswell" or "Zen". */
    public String openblas_get_corename() {
        try {
            return Downcalls.string((MemorySegment) Downcalls.present(openblas_get_corename, library,
                    "openblas_get_corename").invokeExact());
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** 0: sequential, 1: pthreads, 2: OpenMP. */
    public int openblas_get_parallel() {
        try {
            return (int) Downcalls.present(openblas_get_parallel, library, "openblas_get_parallel").invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
