package io.triptych.engine;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.bindings.NativeLibrary;
import io.triptych.bindings.NativeLoader;
import io.triptych.bindings.cblas_h;
import io.triptych.bindings.tri_device_info;
import io.triptych.bindings.tri_library_info;
import io.triptych.bindings.triptych_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What this process runs on: the JDK, the CPU and the features the kernels use, every native library found (where
 * and why), and whether CUDA, cuDNN and cuBLAS are usable and why not. Printed by {@code triptych info}.
 */
public final class EngineInfo {
    private EngineInfo() {
    }

    public static List<String> lines() {
        List<String> out = new ArrayList<>();
        Runtime rt = Runtime.getRuntime();
        out.add("JDK: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        out.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "; JVM sees " + rt.availableProcessors() + " cores, max heap "
                + gib(rt.maxMemory()));
        try {
            CpuBackend cpu = Backends.cpu();
            triptych_h k = cpu.kernels();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment lib = tri_library_info.allocate(arena);
                k.check(k.tri_library_query(lib), "tri_library_query");
                MemorySegment dev = tri_device_info.allocate(arena);
                k.check(k.tri_device_query(0, dev), "tri_device_query", "device", 0);
                out.add("CPU: " + tri_device_info.name(dev).getString(0) + ", "
                        + tri_device_info.multiprocessors(dev) + " logical cores, "
                        + gib(tri_device_info.total_memory(dev)) + " memory");
                out.add("  features: " + CpuFeatures.names(tri_library_info.cpu_features(lib)));
                out.add("  kernels use: " + CpuFeatures.names(tri_library_info.kernel_isa(lib)) + "; "
                        + cpu.threads() + " threads per kernel (set triptych.threads or TRIPTYCH_THREADS)");
                out.add("  kernel library built with: " + tri_library_info.build(lib).getString(0));
            }
            cblas_h blas = cpu.blas();
            if (!io.triptych.bindings.NativeEnvironment.applied().isEmpty()) {
                out.add("  thread pools: set " + String.join(", ", io.triptych.bindings.NativeEnvironment.applied())
                        + " (unset in the environment; see NativeEnvironment)");
            }
            out.add("  OpenBLAS: " + blas.openblas_get_config().trim() + "; core " + blas.openblas_get_corename()
                    + ", " + parallelMode(blas.openblas_get_parallel()) + ", " + blas.openblas_get_num_threads()
                    + " threads");
        } catch (BackendUnavailableException e) {
            out.add("CPU backend: UNAVAILABLE - " + e.getMessage());
        }
        try {
            List<String> cuda = Backends.cuda(0).info();
            out.add("CUDA: " + cuda.getFirst());
            cuda.subList(1, cuda.size()).forEach(line -> out.add("  " + line));
        } catch (BackendUnavailableException e) {
            out.add("CUDA: not usable - " + e.getMessage().lines().findFirst().orElse(""));
        }
        out.add("cuDNN: " + availability(NativeLibrary.CUDNN));
        out.add("cuBLAS: " + availability(NativeLibrary.CUBLAS));
        out.add("Device.best(): " + Device.best());
        out.add("Native libraries:");
        for (String line : NativeLoader.report()) {
            out.add("  " + line);
        }
        return out;
    }

    private static String availability(NativeLibrary library) {
        try {
            return "found at " + NativeLoader.load(library).path();
        } catch (BackendUnavailableException e) {
            return "not found (" + e.tried().size() + " places searched; set " + library.property() + " or "
                    + library.environmentVariable() + ")";
        }
    }

    private static String parallelMode(int mode) {
        return switch (mode) {
            case 0 -> "sequential";
            case 1 -> "pthreads";
            case 2 -> "OpenMP";
            default -> "parallel mode " + mode;
        };
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
